/// The score report as a table for people (`journey score`, the default format): the ranked
/// opportunities with a legend for their marks, then each journey against its touchpoints.
/// Every piece of board text is sanitised before it is laid out, so nothing from a file can
/// drive the terminal; columns are `TextTable`'s.
extension ScoreReport {
    /// Legends and headings wrap at this many columns.
    static let tableTextColumns = 100
    /// The narrowest width the table is fitted to (`journey score --width`): the rank, gate,
    /// CX score, priority, status and stage, and a little of the opportunity's text.
    public static let minimumWidth = 60

    /// `width`: the columns lines fit in (`journey score` on a terminal: its width); the
    /// opportunity text is cut with "…" to fit and legends wrap at it. Nil: nothing is cut
    /// (a pipe or a file keeps every word) and legends wrap at `tableTextColumns`.
    public func table(width: Int? = nil) -> String {
        let width = width.map { Swift.max(ScoreReport.minimumWidth, $0) }
        let textColumns = width.map { Swift.min($0, ScoreReport.tableTextColumns) } ?? ScoreReport.tableTextColumns
        var out: [String] = []
        out.append("Opportunities — \(rows.count == 1 ? "1 ranked" : "\(rows.count) ranked") · gate: \(gateText)")
        out.append("")
        if rows.isEmpty {
            out.append("(no opportunities: add cards to an Opportunities lane)")
        } else {
            out += opportunityLines(width: width)
            out.append("")
            out += DisplayText.wrap(opportunityLegend(), columns: textColumns)
        }
        out.append("")
        out += DisplayText.wrap("Journey vs touchpoints — touchpoints: the volume-weighted mean of the touchpoint cards' measured metrics; gap < 0: the journey is worse than its touchpoints suggest", columns: textColumns)
        for section in journeys {
            out.append("")
            out += journeyLines(section, width: width)
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The ranking: a header and a line per row; board and journey columns only when the rows
    /// come from more than one.
    func opportunityLines(width: Int? = nil) -> [String] {
        let showBoard = hasSeveralBoards, showJourney = hasSeveralJourneys
        var columns: [TextTable.Column] = [
            .init("#", right: true), .init("gate"), .init("CX score", right: true), .init("measured", right: true, dropOrder: 1),
            .init("priority", right: true), .init("conf", right: true, dropOrder: 3), .init("reach", right: true, dropOrder: 2),
            .init("cost", right: true, dropOrder: 5), .init("votes", right: true, dropOrder: 4), .init("status", max: 11),
        ]
        if showBoard { columns.append(.init("board", max: 22)) }
        if showJourney { columns.append(.init("journey", max: 26)) }
        columns += [.init("stage", max: 18), .init("opportunity", last: true)]
        /// A number with a `*` when it fell back to its default.
        func input(_ value: Double, _ isDefault: Bool) -> String {
            CanonicalJSON.numberText(CXScore.rounded(value, places: 2)) + (isDefault ? "*" : "")
        }
        let cells: [[String]] = rows.map { row in
            let score = row.score
            let gateMark = !score.isValid ? "!" : (score.passesGate ? "✓" : "✗")
            var cells = [String(row.rank), gateMark + (score.isIncomplete ? " ?" : ""),
                         CXScore.fixed(score.cxScore, decimals: 2),
                         score.measuredCxScore.map { CXScore.fixed($0, decimals: 2) } ?? "",
                         score.priority.map { CXScore.fixed($0, decimals: 3) } ?? "–",
                         input(score.confidence, score.confidenceIsDefault), input(score.reach, score.reachIsDefault),
                         input(score.cost, score.costIsDefault),
                         votesHidden(row) ? "hidden" : String(score.votes), DisplayText.sanitize(score.status ?? "")]
            if showBoard { cells.append(DisplayText.sanitize(boards[row.file].title)) }
            if showJourney { cells.append(DisplayText.sanitize(journeyTitle(row))) }
            cells += [DisplayText.sanitize(stageTitle(row)), DisplayText.sanitize(score.text)]
            return cells
        }
        guard let width else { return TextTable.lines(columns, cells) }
        let (lines, dropped) = TextTable.fitted(columns, cells, width: width, minimumLast: 12)
        guard !dropped.isEmpty else { return lines }
        return lines + DisplayText.wrap("(left out to fit \(width) columns: \(dropped.joined(separator: ", ")) — a wider terminal, --width or a pipe shows them)", columns: width)
    }

    /// What the marks of the ranking mean, with the parts that apply to these rows only.
    func opportunityLegend() -> String {
        var legend = "✓ passes the gate · ✗ fails it · ? incomplete: * marks a value that fell back to its default (confidence 50, reach 100, cost the median cost of the board's opportunities that have one, 1 when none has); a missing impact scores 0"
        let medians = filesWithDefaultCost.map { fileIndex -> String in
            let median = CXScore.medianCost(boards[fileIndex])
            let what = median.estimates == 0
                ? "no opportunity has a cost, so 1"
                : "median of \(median.estimates) estimate\(median.estimates == 1 ? "" : "s") = \(CanonicalJSON.numberText(CXScore.rounded(median.cost, places: 2)))"
            return (hasSeveralBoards ? DisplayText.sanitize(BoardFile.fileName(of: files[fileIndex])) + ": " : "") + what
        }
        if !medians.isEmpty { legend += " · cost* " + medians.joined(separator: "; ") }
        if hasHiddenVotes { legend += " · votes hidden: silent voting is on (`:votes show` in the board reveals them)" }
        if hasInvalidRows { legend += " · ! invalid (cost ≤ 0 or out of range; see `journey check`), ranked last" }
        if hasMeasuredScores { legend += " · measured: the CX score with measured deltas in place of the predicted impact" }
        return legend
    }

    /// One journey against its touchpoints: its heading, then a line per hero metric.
    func journeyLines(_ section: JourneySection, width: Int? = nil) -> [String] {
        let board = boards[section.file]
        var heading = DisplayText.sanitize(section.comparison.title)
        if let state = board.journeys[section.comparison.journey]?.state { heading += " [\(DisplayText.sanitize(state))]" }
        if hasSeveralBoards { heading = DisplayText.sanitize(board.title) + " › " + heading }
        let columns: [TextTable.Column] = [.init("  metric", max: 30), .init("better"), .init("touchpoints", right: true),
                                           .init("cards", right: true), .init("journey", right: true), .init("gap", right: true),
                                           .init("", last: true)]
        let cells: [[String]] = section.comparison.metrics.map { metric in
            var reading = ""
            if let gap = metric.gap { reading = gap < 0 ? "journey worse" : (gap > 0 ? "journey better" : "even") }
            if metric.cardsWithoutVolume > 0 {
                reading += (reading.isEmpty ? "" : "; ") + "\(metric.cardsWithoutVolume) without volume (weighted 1)"
            }
            return ["  " + DisplayText.sanitize(metric.label), DisplayText.sanitize(metric.better),
                    metric.touchpoints.map { CXScore.fixed($0, decimals: 1) } ?? "–", String(metric.touchpointCards),
                    metric.journey.map(CanonicalJSON.numberText) ?? "–",
                    metric.gap.map { ($0 > 0 ? "+" : "") + CXScore.fixed($0, decimals: 1) } ?? "–", reading]
        }
        if let width { heading = DisplayText.truncate(heading, columns: width) }
        return [heading] + TextTable.lines(columns, cells, width: width, minimumLast: 8)
    }
}
