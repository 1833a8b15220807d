/// The score report of one or several boards (a portfolio): every opportunity ranked together,
/// then each journey against its touchpoints. The model only: the formatters that print it are
/// `table()` (ScoreReportTable.swift), `json()` (ScoreReportJSON.swift) and `csv()`
/// (ScoreReportCSV.swift). `journey score` builds one from the boards it read and checked.
public struct ScoreReport {
    /// One ranked opportunity: its rank over every board, the board it comes from (an index
    /// into `files` and `boards`) and its score.
    public struct Row {
        public var rank: Int
        public var file: Int
        public var score: OpportunityScore
    }

    /// One journey shown under the ranking: the board it comes from, its comparison with its
    /// touchpoints, and its hero metric curves (the touchpoints' mean per stage).
    public struct JourneySection {
        public var file: Int
        public var comparison: JourneyComparison
        public var curves: [HeroMetricCurve]
    }

    /// The paths the boards were read from, as given (shown in the JSON and CSV, and by file name
    /// in the table's legend).
    public let files: [String]
    public let boards: [Board]
    /// The gate every board is scored with (`--gate`); nil: each board's own.
    public let gateOverride: Gate?
    public private(set) var rows: [Row] = []
    public private(set) var journeys: [JourneySection] = []

    /// Scores `boards` (read from `files`, same order) together. `only` names, per board, the
    /// one journey to show (nil: all of them); when any board names one, boards that name none
    /// are left out. `top` keeps the first rows of the ranking only; the journeys are not cut.
    public init(files: [String], boards: [Board], journeys only: [String?], gate: Gate?, top: Int?) {
        self.files = files
        self.boards = boards
        self.gateOverride = gate
        var scores: [OpportunityScore] = [], fileOfScore: [Int] = []
        for (fileIndex, board) in boards.enumerated() {
            if only.count > fileIndex, only.contains(where: { $0 != nil }), only[fileIndex] == nil { continue }
            let boardScores = OpportunityScorer.scoreAll(board, gate: gate, journey: only[fileIndex])
            scores += boardScores
            fileOfScore += Array(repeating: fileIndex, count: boardScores.count)
            let comparisons = only[fileIndex].flatMap { JourneyComparison.of(board, journey: $0) }.map { [$0] }
                ?? JourneyComparison.all(board)
            let curves = only[fileIndex].map { [$0: HeroMetricCurve.curves(board, journey: $0)] } ?? HeroMetricCurve.all(board)
            for comparison in comparisons {
                journeys.append(JourneySection(file: fileIndex, comparison: comparison, curves: curves[comparison.journey] ?? []))
            }
        }
        // one ranking over every file; equal scores keep file order
        var order = CXScore.rankOrder(scores)
        if let limit = top, order.count > limit { order.removeLast(order.count - limit) }
        rows = order.enumerated().map { Row(rank: $0.offset + 1, file: fileOfScore[$0.element], score: scores[$0.element]) }
    }

    /// Silent voting on the row's board: its vote count is not shown.
    public func votesHidden(_ row: Row) -> Bool { boards[row.file].scoring.votesHidden }

    public func journeyTitle(_ row: Row) -> String { boards[row.file].journeys[row.score.journey]?.title ?? row.score.journey }
    public func stageTitle(_ row: Row) -> String { boards[row.file].stages[row.score.stage]?.title ?? row.score.stage }

    /// Every hero metric id of the boards shown: the first board's order, then new ones.
    public var metricIDs: [String] {
        var seen = Set<String>(), ids: [String] = []
        for board in boards { for metric in board.orderedHeroMetrics where seen.insert(metric.id).inserted { ids.append(metric.id) } }
        return ids
    }

    /// Which gate ranked the rows: `--gate`'s, the one all boards share, or each board's own.
    public var gateText: String {
        if let gate = gateOverride { return "\(gate.rawValue) (--gate)" }
        let gates = Set(boards.map { $0.scoring.effectiveGate })
        if gates.count == 1 { return "\(gates.first!.rawValue) (the board's own)" }
        return "each board's own (" + boards.enumerated().map { "\(BoardFile.fileName(of: files[$0.offset])): \($0.element.scoring.effectiveGate.rawValue)" }.joined(separator: ", ") + ")"
    }

    // MARK: facts the legends explain

    /// More than one board: rows and journeys say which board they come from.
    public var hasSeveralBoards: Bool { boards.count > 1 }

    /// The rows come from more than one journey (of any board).
    public var hasSeveralJourneys: Bool { Set(rows.map { "\($0.file) \($0.score.journey)" }).count > 1 }

    /// The boards (indices into `files`) that have a row whose cost fell back to the board's
    /// median cost, in file order.
    public var filesWithDefaultCost: [Int] { Set(rows.filter(\.score.costIsDefault).map(\.file)).sorted() }

    public var hasHiddenVotes: Bool { rows.contains(where: votesHidden) }
    public var hasInvalidRows: Bool { rows.contains { !$0.score.isValid } }
    public var hasMeasuredScores: Bool { rows.contains { $0.score.measuredCxScore != nil } }
}
