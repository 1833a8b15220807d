/// The score report as CSV (`journey score --format csv`): a header, then one record per ranked
/// opportunity with one `improvement.METRIC` column per hero metric of the boards shown. The
/// journeys section is not in it. Quoting, sanitising and line ends are `CSVText`'s.
extension ScoreReport {
    public static let csvHeader = ["rank", "file", "id", "text", "journey", "journeyTitle", "stage", "stageTitle",
                                   "cxScore", "measuredCxScore", "priority", "value", "passesGate", "gate", "valid",
                                   "confidence", "reach", "cost", "votes", "status", "incomplete", "costDefault"]

    public func csv() -> String {
        let ids = metricIDs
        func number(_ value: Double?) -> String { value.map { CanonicalJSON.numberText(CXScore.rounded($0)) } ?? "" }
        var records = [CSVText.record(ScoreReport.csvHeader + ids.map { "improvement." + $0 })]
        for row in rows {
            let score = row.score
            let improvements = score.improvements
            // board text never starts a formula in a spreadsheet
            var fields = [String(row.rank), files[row.file], score.card, CSVText.formulaSafe(score.text), score.journey,
                          CSVText.formulaSafe(journeyTitle(row)), score.stage, CSVText.formulaSafe(stageTitle(row)), number(score.cxScore), number(score.measuredCxScore),
                          number(score.priority), number(score.value), String(score.passesGate), score.gate.rawValue,
                          String(score.isValid), number(score.confidence), number(score.reach), number(score.cost),
                          votesHidden(row) ? "" : String(score.votes), score.status ?? "",
                          score.incomplete.joined(separator: ";"), score.costDefaultNote ?? ""]
            fields += ids.map { number(improvements[$0]) }
            records.append(CSVText.record(fields))
        }
        return CSVText.document(records)
    }
}
