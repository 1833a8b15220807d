/// The score report as JSON (`journey score --format json`): canonical text (sorted keys), one
/// object per ranked opportunity and one per journey shown. Board text is written as it is;
/// printing it to a terminal goes through `DisplayText.terminalSafeJSON`.
extension ScoreReport {
    public func json() -> String {
        func number(_ value: Double) -> JSONValue { .number(CXScore.rounded(value)) }
        func optionalNumber(_ value: Double?) -> JSONValue { value.map(number) ?? .null }
        let opportunities: [JSONValue] = rows.map { row in
            let score = row.score
            var improvements: CodePointMap<JSONValue> = [:], impact: CodePointMap<JSONValue> = [:]
            var measured: CodePointMap<JSONValue> = [:]
            for term in score.terms {
                improvements[term.metric] = number(term.improvement)
                if let value = term.impact { impact[term.metric] = .number(value) }
                if let measuredImprovement = term.measuredImprovement { measured[term.metric] = number(measuredImprovement) }
            }
            return .object([
                "rank": .number(Double(row.rank)),
                "file": .string(files[row.file]),
                "board": .string(boards[row.file].title),
                "id": .string(score.card),
                "text": .string(score.text),
                "journey": .string(score.journey),
                "journeyTitle": .string(journeyTitle(row)),
                "stage": .string(score.stage),
                "stageTitle": .string(stageTitle(row)),
                "cxScore": number(score.cxScore),
                "priority": optionalNumber(score.priority),
                "value": number(score.value),
                "gate": .string(score.gate.rawValue),
                "passesGate": .bool(score.passesGate),
                "improvements": .object(improvements),
                "impact": .object(impact),
                "confidence": .number(score.confidence),
                "reach": .number(score.reach),
                "cost": number(score.cost),
                "costIsDefault": .bool(score.costIsDefault),
                "costDefault": score.costDefaultNote.map { .string($0) } ?? .null,
                "votes": votesHidden(row) ? .null : .number(Double(score.votes)),
                "votesHidden": .bool(votesHidden(row)),
                "status": score.status.map { .string($0) } ?? .null,
                "incomplete": .array(score.incomplete.map { .string($0) }),
                "valid": .bool(score.isValid),
                "problems": .array(score.problems.map { .string($0) }),
                "measuredCxScore": optionalNumber(score.measuredCxScore),
                "measuredImprovements": score.measuredCxScore == nil ? .null : .object(measured),
            ])
        }
        let journeyValues: [JSONValue] = journeys.map { section in
            let board = boards[section.file]
            var metrics: CodePointMap<JSONValue> = [:]
            for metric in section.comparison.metrics {
                metrics[metric.metric] = .object([
                    "label": .string(metric.label),
                    "better": .string(metric.better),
                    "touchpoints": optionalNumber(metric.touchpoints),
                    "touchpointCards": .number(Double(metric.touchpointCards)),
                    "cardsWithoutVolume": .number(Double(metric.cardsWithoutVolume)),
                    "journey": optionalNumber(metric.journey),
                    "gap": optionalNumber(metric.gap),
                    "scaledGap": optionalNumber(metric.scaledGap),
                ])
            }
            let stages: [JSONValue] = board.stages(of: section.comparison.journey).enumerated().map { stageIndex, stage in
                var means: CodePointMap<JSONValue> = [:]
                for curve in section.curves { if let mean = curve.points[stageIndex].mean { means[curve.metric] = number(mean) } }
                return .object(["id": .string(stage.id), "title": .string(stage.title), "touchpoints": .object(means)])
            }
            return .object([
                "file": .string(files[section.file]),
                "board": .string(board.title),
                "id": .string(section.comparison.journey),
                "title": .string(section.comparison.title),
                "state": .string(board.journeys[section.comparison.journey]?.state ?? ""),
                "metrics": .object(metrics),
                "stages": .array(stages),
            ])
        }
        let document: JSONValue = .object(["opportunities": .array(opportunities), "journeys": .array(journeyValues)])
        return document.canonicalText + "\n"
    }
}
