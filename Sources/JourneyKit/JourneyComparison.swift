/// Journey against touchpoints (docs/SCORING.md). Every touchpoint can score well while the
/// journey as a whole scores far worse; this puts the two side by side, per hero metric.
///
/// - The touchpoint side is the volume-weighted mean of the measured `metrics` of the cards in
///   the journey's `touchpoints` lanes: a card weighs its `volume`, or 1 when it has none
///   (counted in `cardsWithoutVolume`, so a view can say the mean is partly unweighted). A
///   negative volume (a `check` error) weighs 0. When the weights add up to 0 there is no mean.
/// - The journey side is the journey's own measured `metrics`.
/// - `gap = sign · (journey − touchpoints)`, in the metric's units: negative means the journey
///   is worse than its touchpoints suggest, whichever way the metric points (for effort, lower
///   is better, so a journey effort of 5.3 against touchpoints at 2.3 is a gap of −3).
public struct JourneyComparison: Equatable, Sendable {
    public struct Metric: Equatable, Sendable {
        public var metric: String
        public var label: String
        public var better: String
        /// The volume-weighted mean of the touchpoints that measured this metric; nil: none did.
        public var touchpoints: Double?
        /// Touchpoint cards that measured this metric.
        public var touchpointCards: Int
        /// Of those, the ones without a `volume` (weighted 1).
        public var cardsWithoutVolume: Int
        /// The journey's own measured value.
        public var journey: Double?
        /// sign · (journey − touchpoints); nil unless both sides are known.
        public var gap: Double?
        /// `gap` as a share of the metric's scale (max − min), to compare metrics with each other.
        public var scaledGap: Double?
    }

    public var journey: String
    public var title: String
    /// Every hero metric of the board, in the board's order.
    public var metrics: [Metric]

    /// The comparison for one journey.
    public static func of(_ board: Board, journey: String) -> JourneyComparison? {
        guard board.journeys[journey] != nil else { return nil }
        return compute(board, only: journey).first
    }

    /// The comparison for every journey of the board, in the board's order (one pass over the cards).
    public static func all(_ board: Board) -> [JourneyComparison] { compute(board, only: nil) }

    static func compute(_ board: Board, only: String?) -> [JourneyComparison] {
        let metrics = board.orderedHeroMetrics
        var acc: [String: [String: MeanAccumulator]] = [:] // journey → metric → sums
        let lanes = touchpointLanes(board, journey: only)
        board.forEachMeasuredCard(in: lanes) { c, journey in
            for (k, v) in c.metrics { acc[journey, default: [:]][k, default: MeanAccumulator()].add(v, volume: c.volume) }
        }
        let journeys = only.flatMap { board.journeys[$0] }.map { [$0] } ?? board.orderedJourneys
        return journeys.map { j in comparing(j, metrics: metrics, touchpoints: acc[j.id] ?? [:]) }
    }

    /// One journey's comparison from its touchpoints' sums per metric: the journey's own
    /// value beside the touchpoint mean, and the gap signed so that worse reads as negative.
    static func comparing(_ j: Journey, metrics: [HeroMetric], touchpoints acc: [String: MeanAccumulator]) -> JourneyComparison {
        JourneyComparison(journey: j.id, title: j.title, metrics: metrics.map { m in
            let a = acc[m.id] ?? MeanAccumulator()
            let tp = a.mean
            let jv = j.metrics[m.id]
            var gap: Double?, scaled: Double?
            if let t = tp, let v = jv {
                gap = m.sign * (v - t)
                if m.range > 0 { scaled = gap! / m.range }
            }
            return Metric(metric: m.id, label: m.label, better: m.better, touchpoints: tp,
                          touchpointCards: a.cards, cardsWithoutVolume: a.withoutVolume,
                          journey: jv, gap: gap, scaledGap: scaled)
        })
    }
}

/// A hero metric along a journey's stages: per stage, the volume-weighted mean of the
/// touchpoint cards' measured value (weighted as in `JourneyComparison`), for the curves the
/// board draws under the emotion lane. A stage with no touchpoint measuring it has no point.
public struct HeroMetricCurve: Equatable, Sendable {
    public struct Point: Equatable, Sendable {
        public var stage: String
        public var mean: Double?
        public var cards: Int
    }

    public var metric: String
    public var label: String
    public var min: Double
    public var max: Double
    public var better: String
    /// One point per stage of the journey, in stage order.
    public var points: [Point]

    /// The curve of every hero metric (in the board's order) along one journey.
    public static func curves(_ board: Board, journey: String) -> [HeroMetricCurve] {
        curves(board, journeys: [journey])[journey] ?? []
    }

    /// The curves of every journey of the board, in one pass over the cards.
    public static func all(_ board: Board) -> [String: [HeroMetricCurve]] {
        curves(board, journeys: board.orderedJourneys.map(\.id))
    }

    static func curves(_ board: Board, journeys: [String]) -> [String: [HeroMetricCurve]] {
        var acc: [String: [String: MeanAccumulator]] = [:] // stage → metric → sums
        let lanes = journeys.count == 1 ? JourneyComparison.touchpointLanes(board, journey: journeys[0])
                                        : JourneyComparison.touchpointLanes(board, journey: nil)
        board.forEachMeasuredCard(in: lanes) { c, _ in
            for (k, v) in c.metrics { acc[c.stage, default: [:]][k, default: MeanAccumulator()].add(v, volume: c.volume) }
        }
        var out: [String: [HeroMetricCurve]] = [:]
        for j in journeys where board.journeys[j] != nil {
            out[j] = build(board, journey: j, acc)
        }
        return out
    }

    static func build(_ board: Board, journey: String, _ acc: [String: [String: MeanAccumulator]]) -> [HeroMetricCurve] {
        let stages = board.stages(of: journey)
        let metrics = board.orderedHeroMetrics
        return metrics.map { m in
            HeroMetricCurve(metric: m.id, label: m.label, min: m.min, max: m.max, better: m.better,
                            points: stages.map { s in
                                let a = acc[s.id]?[m.id] ?? MeanAccumulator()
                                return Point(stage: s.id, mean: a.mean, cards: a.cards)
                            })
        }
    }

    /// Where a point sits on the metric's scale, 0 (worst) … 1 (best), whichever way the metric
    /// points; clamped. nil for no point or an empty scale.
    public func position(_ point: Point) -> Double? {
        guard let v = point.mean, max > min else { return nil }
        var t = (v - min) / (max - min)
        if better == Better.lower.rawValue { t = 1 - t }
        return Swift.min(1, Swift.max(0, t))
    }
}

extension JourneyComparison {
    /// The touchpoints lanes of one journey (nil: of every journey) → their journey.
    static func touchpointLanes(_ board: Board, journey: String?) -> [String: String] {
        var lanes: [String: String] = [:]
        for l in board.lanes.values where l.laneKind == .touchpoints && (journey == nil || l.journey == journey) {
            lanes[l.id] = l.journey
        }
        return lanes
    }
}

extension Board {
    /// Calls `body` for each card with measured `metrics` in one of `lanes` (lane → journey),
    /// without copying the cards it skips.
    func forEachMeasuredCard(in lanes: [String: String], _ body: (Card, String) -> Void) {
        guard !lanes.isEmpty else { return }
        let all = cards.values
        var i = all.startIndex
        while i != all.endIndex {
            if !all[i].metrics.isEmpty, let j = lanes[all[i].lane] { body(all[i], j) }
            all.formIndex(after: &i)
        }
    }
}

/// Sums for a volume-weighted mean.
struct MeanAccumulator {
    var weighted = 0.0, weights = 0.0
    var cards = 0, withoutVolume = 0

    mutating func add(_ v: Double, volume: Double?) {
        let w = volume.map { $0 > 0 ? $0 : 0 } ?? 1
        if volume == nil { withoutVolume += 1 }
        cards += 1
        weighted += w * v
        weights += w
    }

    var mean: Double? { weights > 0 ? weighted / weights : nil }
}

extension JourneyComparison {
    /// Plain-text lines for `journey show` (under the map): per hero metric, the journey's value,
    /// its touchpoints' mean and the gap, each line wrapped to `width`. Empty when no touchpoint
    /// of the journey has a measured value.
    public static func textLines(_ board: Board, journey: String, width: Int) -> [String] {
        guard let c = of(board, journey: journey), c.metrics.contains(where: { $0.touchpoints != nil }) else { return [] }
        var lines = DisplayText.wrap("Journey vs touchpoints (touchpoints: volume-weighted mean; gap < 0: the journey is worse than its touchpoints suggest):", columns: width)
        for m in c.metrics where m.touchpoints != nil || m.journey != nil {
            var parts = ["journey " + (m.journey.map(CanonicalJSON.numberText) ?? "–"),
                         "touchpoints " + (m.touchpoints.map { CXScore.fixed($0, decimals: 1) } ?? "–")]
            if let g = m.gap { parts.append("gap " + (g > 0 ? "+" : "") + CXScore.fixed(g, decimals: 1)) }
            let text = DisplayText.sanitize(m.label) + ": " + parts.joined(separator: " · ")
            lines += DisplayText.wrap(text, columns: max(1, width - 2)).map { "  " + $0 }
        }
        return lines
    }
}

/// Two journeys of a board side by side (`:compare`, current against future): their stages
/// paired, and their own measured metrics with the change from the first to the second.
///
/// Stages pair by title first (ignoring case and spacing) — a future journey copied
/// with `--from` keeps the titles — and the stages left over on both sides then pair by
/// position, in order: a future journey drawn from scratch ("Choose with certainty" for
/// "Research & choose") still lines up stage by stage. A stage with no partner pairs with nil.
public struct JourneyPair: Equatable, Sendable {
    public struct StagePair: Equatable, Sendable {
        public var a: Stage?
        public var b: Stage?
        /// Paired by title (true) or by position (false); false for an unpaired stage.
        public var byTitle: Bool
    }

    public struct MetricDelta: Equatable, Sendable {
        public var metric: String
        public var label: String
        public var a: Double?
        public var b: Double?
        /// b − a, in the metric's units; nil unless both are measured.
        public var delta: Double?
        /// Whether the change is an improvement (by the metric's direction); nil: no change known or none.
        public var improves: Bool?
    }

    public var stages: [StagePair]
    public var metrics: [MetricDelta]

    public init(_ board: Board, _ a: String, _ b: String) {
        let sa = board.stages(of: a), sb = board.stages(of: b)
        func key(_ s: Stage) -> String { s.title.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased() }
        var partner = [Int?](repeating: nil, count: sa.count)
        var used = [Bool](repeating: false, count: sb.count)
        var byTitle = [Bool](repeating: false, count: sa.count)
        for (i, s) in sa.enumerated() {
            if let j = sb.indices.first(where: { !used[$0] && key(sb[$0]) == key(s) }) {
                partner[i] = j; used[j] = true; byTitle[i] = true
            }
        }
        var leftB = sb.indices.filter { !used[$0] }[...]
        for i in sa.indices where partner[i] == nil {
            guard let j = leftB.popFirst() else { break }
            partner[i] = j; used[j] = true
        }
        stages = sa.indices.map { StagePair(a: sa[$0], b: partner[$0].map { sb[$0] }, byTitle: byTitle[$0]) }
        stages += sb.indices.filter { !used[$0] }.map { StagePair(a: nil, b: sb[$0], byTitle: false) }
        let ja = board.journeys[a], jb = board.journeys[b]
        metrics = board.orderedHeroMetrics.map { m in
            let x = ja?.metrics[m.id], y = jb?.metrics[m.id]
            var d: Double?, better: Bool?
            if let x = x, let y = y {
                d = y - x
                if d != 0 { better = m.sign * d! > 0 }
            }
            return MetricDelta(metric: m.id, label: m.label, a: x, b: y, delta: d, improves: better)
        }
    }
}
