/// The resolved view of a board that every export format is drawn from (`journey export`):
/// the board's title and hero metrics, then per journey its persona, its stages in order, its
/// lanes in order with one cell per stage and the cell's cards in order, and what the room
/// steers by — the emotion curve, the hero-metric curves, journey vs touchpoints and the ranked
/// opportunities. Built once, in one pass over the cards per journey; the formats (ExportMarkdown,
/// ExportCSV, ExportMermaid, ExportJSON, and the page and picture) only read it.
///
/// Board text is kept as it is in the file (untrusted): each format escapes it its own way.
/// Votes follow silent voting: with `scoring.votesHidden` every vote count is nil.
public struct ExportView: Sendable {
    /// One card, with the fields the formats show. `kind` is its lane's kind (as text, so an
    /// unknown kind still exports).
    public struct CardView: Sendable, Equatable {
        public var id: String
        public var kind: String
        public var text: String
        public var notes: String?
        public var channel: String?
        public var owner: String?
        public var tags: [String]
        public var status: String?
        /// The card's `value`: on an emotion card, the emotion −2…+2; on an opportunity, its value.
        public var value: Double?
        /// Measured hero metrics (touchpoints), metric id → value.
        public var metrics: [String: Double]
        public var volume: Double?
        /// Expected change per hero metric (opportunities).
        public var impact: [String: Double]
        public var confidence: Double?
        public var reach: Double?
        public var cost: Double?
        public var measured: [String: Double]
        /// Where the card's evidence comes from (a URL or a note), as written.
        public var source: String?
        /// Ids of the cards this one links to.
        public var links: [String]
        /// Total votes; nil when votes are hidden (silent voting).
        public var votes: Int?
        /// The card's thread, oldest first.
        public var comments: [CommentView] = []

        /// Comments not resolved.
        public var openComments: Int { comments.filter { !$0.resolved }.count }
        public var laneKind: LaneKind? { LaneKind(rawValue: kind) }
        /// The emotion −2…+2 of an emotion card; nil for other kinds or without a value.
        public var emotion: Double? { laneKind == .emotion ? value : nil }
    }

    /// One comment of a card's thread (text as written: untrusted).
    public struct CommentView: Sendable, Equatable {
        public var id: String
        public var author: String
        /// UTC, as written (`2026-12-06T22:50:00Z`).
        public var time: String
        public var text: String
        public var resolved: Bool
    }

    /// One stage of a journey, with what is known of it per stage.
    public struct StageView: Sendable, Equatable {
        public var id: String
        public var title: String
        /// 1, 2, 3 … in the journey's order.
        public var position: Int
        /// Mean `value` of the journey's emotion cards in this stage; nil: no emotion card has one.
        public var emotion: Double?
        /// How many emotion values the mean is of.
        public var emotionCards: Int
        /// Hero metric id → the touchpoints' volume-weighted mean in this stage (nil: none measured),
        /// for every hero metric of the board.
        public var touchpoints: [String: Double?]
    }

    /// One lane of a journey: one cell per stage, in the journey's stage order.
    public struct LaneView: Sendable, Equatable {
        public var id: String
        public var title: String
        /// The lane's kind as written (see `laneKind`).
        public var kind: String
        /// `cells[i]` holds the cards of `stages[i]`, in order.
        public var cells: [[CardView]]
        public var laneKind: LaneKind? { LaneKind(rawValue: kind) }
    }

    /// One ranked opportunity of a journey: its rank within the journey (1 is first), the full
    /// score with its breakdown (`score.terms`, `score.problems` …), and the vote count shown
    /// (nil: hidden).
    public struct Opportunity: Sendable, Equatable {
        public var rank: Int
        public var stageTitle: String
        public var score: OpportunityScore
        public var votes: Int?
    }

    public struct PersonaView: Sendable, Equatable {
        public var id: String
        public var name: String
        public var description: String
    }

    public struct JourneyView: Sendable, Equatable {
        public var id: String
        public var title: String
        public var persona: PersonaView?
        /// `current` or `future` (as written).
        public var state: String
        /// The id of the journey this one was copied from (`:journey add … --from`), if any.
        public var variantOf: String?
        /// The journey's own measured metrics (hero metric id → value).
        public var metrics: [String: Double]
        public var stages: [StageView]
        public var lanes: [LaneView]
        /// Every hero metric's curve along the stages (the touchpoints' mean per stage).
        public var curves: [HeroMetricCurve]
        /// Journey vs touchpoints per hero metric, with the signed gap.
        public var comparison: JourneyComparison
        /// The journey's opportunities in rank order.
        public var opportunities: [Opportunity]

        /// The emotion curve: one mean per stage, in order (nil where no emotion value).
        public var emotionCurve: [Double?] { stages.map(\.emotion) }
        /// Every card of the journey, lane by lane, stage by stage, in order.
        public var cards: [CardView] { lanes.flatMap { $0.cells.flatMap { $0 } } }
    }

    public var title: String
    /// The hero metrics in the board's order.
    public var heroMetrics: [HeroMetric]
    /// Silent voting: vote counts are hidden (nil) everywhere in the view.
    public var votesHidden: Bool
    /// The gate the opportunities were ranked with.
    public var gate: Gate
    /// The journeys exported, in the board's order (only one with `journey:`).
    public var journeys: [JourneyView]

    /// The view of `board`; `journey` (an id) keeps that journey only (nil: all of them).
    public init(_ board: Board, journey only: String? = nil) {
        title = board.title
        heroMetrics = board.orderedHeroMetrics
        votesHidden = board.scoring.votesHidden
        gate = board.scoring.effectiveGate
        let hidden = votesHidden
        let index = CellIndex(board)
        let chosen = board.orderedJourneys.filter { only == nil || $0.id == only }
        let scores = OpportunityScorer.scoreAll(board, journey: only)
        var scoresByJourney: [String: [OpportunityScore]] = [:]
        for score in scores { scoresByJourney[score.journey, default: []].append(score) }

        journeys = chosen.map { journey in
            let stages = board.stages(of: journey.id)
            let lanes = board.lanes(of: journey.id)
            let stageIDs = stages.map(\.id)
            let curves = HeroMetricCurve.curves(board, journey: journey.id, stages: stageIDs, index: index)
            let comparison = JourneyComparison.of(board, journey: journey.id, index: index)
                ?? JourneyComparison(journey: journey.id, title: journey.title, metrics: [])
            var emotionSums = [Double](repeating: 0, count: stages.count)
            var emotionCounts = [Int](repeating: 0, count: stages.count)
            let laneViews: [LaneView] = lanes.map { lane in
                let isEmotion = lane.laneKind == .emotion
                let cells: [[CardView]] = stages.enumerated().map { stageIndex, stage in
                    index.ids(stage: stage.id, lane: lane.id).compactMap { id in
                        guard let card = board.cards[id] else { return nil }
                        if isEmotion, let v = card.value {
                            emotionSums[stageIndex] += v
                            emotionCounts[stageIndex] += 1
                        }
                        return Self.cardView(card, kind: lane.kind, votesHidden: hidden)
                    }
                }
                return LaneView(id: lane.id, title: lane.title, kind: lane.kind, cells: cells)
            }
            let stageViews: [StageView] = stages.enumerated().map { i, stage in
                var touchpoints: [String: Double?] = [:]
                for curve in curves { touchpoints[curve.metric] = curve.points[i].mean }
                return StageView(id: stage.id, title: stage.title, position: i + 1,
                                 emotion: emotionCounts[i] > 0 ? emotionSums[i] / Double(emotionCounts[i]) : nil,
                                 emotionCards: emotionCounts[i], touchpoints: touchpoints)
            }
            let ranked = CXScore.rank(scoresByJourney[journey.id] ?? [])
            let opportunities = ranked.enumerated().map { i, score in
                Opportunity(rank: i + 1, stageTitle: board.stages[score.stage]?.title ?? score.stage,
                            score: score, votes: hidden ? nil : score.votes)
            }
            let persona = journey.persona.flatMap { board.personas[$0] }
                .map { PersonaView(id: $0.id, name: $0.name, description: $0.description) }
            var variantOf: String?
            if case .string(let source)? = journey.extra["variantOf"] { variantOf = source }
            return JourneyView(id: journey.id, title: journey.title, persona: persona, state: journey.state,
                               variantOf: variantOf, metrics: journey.metrics, stages: stageViews, lanes: laneViews,
                               curves: curves, comparison: comparison, opportunities: opportunities)
        }
    }

    static func cardView(_ c: Card, kind: String, votesHidden: Bool) -> CardView {
        CardView(id: c.id, kind: kind, text: c.text, notes: c.notes, channel: c.channel, owner: c.owner,
                 tags: c.tags, status: c.status, value: c.value, metrics: c.metrics, volume: c.volume,
                 impact: c.impact, confidence: c.confidence, reach: c.reach, cost: c.cost,
                 measured: c.measured, source: c.source, links: c.links,
                 votes: votesHidden ? nil : c.totalVotes,
                 comments: CommentThread.ordered(c.comments).map {
                     CommentView(id: $0.id, author: $0.comment.author, time: $0.comment.time, text: $0.comment.text, resolved: $0.comment.resolved)
                 })
    }

    /// The journey named on the command line (id or title, as `JourneyLookup` finds it);
    /// nil name: every journey. Returns nil when a name is given and no journey has it.
    public static func resolve(_ board: Board, journey name: String?) -> ExportView? {
        guard let name = name else { return ExportView(board) }
        guard let id = JourneyLookup.find(name, in: board) else { return nil }
        return ExportView(board, journey: id)
    }
}
