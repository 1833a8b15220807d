#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The CX score's maths (docs/SCORING.md — the formula is the contract); the board's scoring
/// settings are `Scoring` (Model.swift):
///
/// ```
/// improvement(m) = sign(m) · impact(m) / (max(m) − min(m))      sign = +1 higher is better, −1 lower
/// value          = Σ weight(m) · improvement(m) / Σ weight(m)   over metrics with weight > 0 (missing impact = 0)
/// cxScore        = 100 · value · reach/100 · confidence/100     reach missing → 100, confidence missing → 50
/// priority       = cxScore / cost                                cost missing → the median cost of the board's
///                                                                opportunities that have one (mean of the middle
///                                                                two for an even count; 1 if none has); cost > 0
/// gate "all"     passes when improvement(m) > 0 for every metric with weight > 0
/// gate "any"     passes when some improvement(m) > 0 and none < 0
/// gate "none"    always passes
/// rank           gate-passing first; then priority ↓, cxScore ↓, text ↑, id ↑
/// ```
///
/// Decisions where the design is silent, in one place:
/// - **What is scored.** Cards in lanes of kind `opportunities`. Solutions are how an
///   opportunity is delivered (they link to it) and carry no impact of their own on the example
///   boards; scoring both would count one gain twice. A `solutions` card is never ranked.
/// - **No metric with weight > 0**: value is 0; gate `all` then passes (vacuously: no steered
///   metric fails), `any` fails (nothing improves).
/// - **`any` looks at steered metrics only** (weight > 0), like `all`: a metric the board gives
///   no weight does not block or pass an opportunity.
/// - **Invalid numbers never divide or crash.** cost ≤ 0, confidence or reach outside 0…100,
///   an impact or measured delta on a metric the board does not define (all `journey check`
///   errors) make the score *invalid*: it is still computed (an unknown metric counts 0), but
///   `priority` is nil when cost ≤ 0, the reasons are in `problems`, and invalid scores rank
///   after every valid one.
/// - **Ties.** priority and cxScore are compared rounded to 1e-9, so a last-bit difference
///   between two mathematically equal numbers never decides a rank; text then compares by code
///   point (UTF-8 byte order), then the id.
/// - **The default cost.** A missing cost must never help an opportunity (scored as 1, the
///   cheapest, it ranked every unestimated idea first). It is the median of the costs the
///   board's opportunities have — every journey's, whatever journey is ranked — counting only
///   usable ones (finite, > 0: a cost ≤ 0 is a `check` error and must not pull the default
///   down); 1 when no opportunity has one. Found in one pass (and a linear selection), never by
///   sorting every cost.
/// - **Predicted vs measured.** For status `shipped` or `measured` with `measured` deltas, the
///   measured CX score is the same formula with `measured` in place of `impact` (reach and
///   confidence unchanged), so the two numbers differ only by what arrived.
public enum CXScore {
    public static let defaultConfidence: Double = 50
    public static let defaultReach: Double = 100
    /// The cost of a board whose opportunities have no usable cost at all.
    public static let defaultCost: Double = 1

    /// Whether a cost counts towards the median default (finite and > 0).
    @inline(__always)
    static func isEstimate(_ cost: Double?) -> Bool {
        guard let c = cost else { return false }
        return c > 0 && c.isFinite
    }

    /// The cost a card without one scores with on `board`, and how many estimates it is the
    /// median of (0: none, the default is `defaultCost`).
    public static func medianCost(_ board: Board) -> (cost: Double, estimates: Int) {
        var scored: [(String, Bool)] = []
        for l in board.lanes.values where isScored(l.laneKind) { scored.append((l.id, true)) }
        guard !scored.isEmpty else { return (defaultCost, 0) }
        let lanes = StringTable(scored)
        var costs: [Double] = []
        for c in board.cards.values where isEstimate(c.cost) && lanes[c.lane] != nil { costs.append(c.cost!) }
        return (median(&costs) ?? defaultCost, costs.count)
    }

    /// The median of `xs` (the mean of the middle two for an even count), nil when empty.
    /// Linear on average (quickselect); reorders `xs`.
    static func median(_ xs: inout [Double]) -> Double? {
        let n = xs.count
        guard n > 0 else { return nil }
        return xs.withUnsafeMutableBufferPointer { a -> Double in
            let k = n / 2
            var lo = 0, hi = n - 1
            while lo < hi {
                // median of three as the pivot, then a Hoare partition
                let mid = lo + (hi - lo) / 2
                if a[mid] < a[lo] { a.swapAt(mid, lo) }
                if a[hi] < a[lo] { a.swapAt(hi, lo) }
                if a[hi] < a[mid] { a.swapAt(hi, mid) }
                let pivot = a[mid]
                var i = lo, j = hi
                while i <= j {
                    while a[i] < pivot { i += 1 }
                    while a[j] > pivot { j -= 1 }
                    if i <= j { a.swapAt(i, j); i += 1; j -= 1 }
                }
                if k <= j { hi = j } else if k >= i { lo = i } else { break }
            }
            let upper = a[k]
            guard n % 2 == 0 else { return upper }
            // every element before k is ≤ a[k]: the lower middle is the largest of them
            var lower = a[0]
            for i in 1..<k { lower = max(lower, a[i]) }
            return (lower + upper) / 2
        }
    }

    /// Whether cards of this lane kind are scored (see the type's comment).
    public static func isScored(_ kind: LaneKind?) -> Bool { kind == .opportunities }

    /// sign · impact / (max − min); 0 when the scale is empty or inverted (a `check` error).
    @inline(__always)
    public static func improvement(_ impact: Double, _ metric: HeroMetric) -> Double {
        let r = metric.range
        guard r > 0 else { return 0 }
        return metric.sign * impact / r
    }

    /// 100 · value · reach/100 · confidence/100.
    @inline(__always)
    public static func cxScore(value: Double, reach: Double, confidence: Double) -> Double {
        100 * value * (reach / 100) * (confidence / 100)
    }

    /// Scores every opportunity of the board (optionally of one journey), ranked.
    public static func ranked(_ board: Board, gate: Gate? = nil, journey: String? = nil) -> [OpportunityScore] {
        rank(OpportunityScorer.scoreAll(board, gate: gate, journey: journey))
    }

    /// Scores in rank order (see `precedes`). Sorts small keys, then moves each score to its
    /// place once, never copying a score.
    public static func rank(_ scores: consuming [OpportunityScore]) -> [OpportunityScore] {
        var scores = scores
        let n = scores.count
        guard n > 1 else { return scores }
        let order = rankOrder(scores)
        scores.withUnsafeMutableBufferPointer { buf in
            // position k takes the score at order[k]: follow the permutation's cycles with swaps
            var target = [Int32](repeating: 0, count: n) // where the score now at i belongs
            for (k, i) in order.enumerated() { target[i] = Int32(k) }
            for i in 0..<n {
                while target[i] != Int32(i) {
                    let t = Int(target[i])
                    buf.swapAt(i, t)
                    target.swapAt(i, t)
                }
            }
        }
        return scores
    }

    /// The indices of `scores` in rank order (see `precedes`). Scores that tie on everything
    /// (the same card of the same board given twice) keep their order: a portfolio of several
    /// files lists them in file order.
    public static func rankOrder(_ scores: [OpportunityScore]) -> [Int] {
        let n = scores.count
        struct Key { var group: Int32; var index: Int32; var priority: Double; var cx: Double }
        var keys = [Key]()
        keys.reserveCapacity(n)
        scores.withUnsafeBufferPointer { buf in
            // fields are read in place (buf[i].x): copying whole scores would cost more than sorting
            for i in 0..<n {
                let valid = buf[i].problems.isEmpty, passes = buf[i].passesGate
                keys.append(Key(group: valid ? (passes ? 0 : 1) : (passes ? 2 : 3),
                                index: Int32(truncatingIfNeeded: i),
                                priority: tieKey(buf[i].priority ?? -.infinity), cx: tieKey(buf[i].cxScore)))
            }
            keys.sort { a, b in
                if a.group != b.group { return a.group < b.group }
                if a.priority != b.priority { return a.priority > b.priority }
                if a.cx != b.cx { return a.cx > b.cx }
                let i = Int(a.index), j = Int(b.index)
                let c = compareUTF8(buf[i].text, buf[j].text)
                if c != 0 { return c < 0 }
                let d = compareUTF8(buf[i].card, buf[j].card)
                return d != 0 ? d < 0 : i < j
            }
        }
        return keys.map { Int($0.index) }
    }

    /// text ↑ by code point, then id ↑.
    @inline(__always)
    static func textThenIDPrecede(_ a: OpportunityScore, _ b: OpportunityScore) -> Bool {
        let c = compareUTF8(a.text, b.text)
        if c != 0 { return c < 0 }
        return compareUTF8(a.card, b.card) < 0
    }

    /// Three-way comparison by UTF-8 bytes (= code point order), with memcmp for native strings.
    @inline(__always)
    static func compareUTF8(_ a: String, _ b: String) -> Int {
        if let r = a.utf8.withContiguousStorageIfAvailable({ pa in
            b.utf8.withContiguousStorageIfAvailable { pb -> Int in
                let n = min(pa.count, pb.count)
                if n > 0 {
                    let c = memcmp(pa.baseAddress!, pb.baseAddress!, n)
                    if c != 0 { return Int(c) }
                }
                return pa.count - pb.count
            }
        }), let r = r { return r }
        if a.utf8.elementsEqual(b.utf8) { return 0 }
        return CanonicalJSON.keyPrecedes(a, b) ? -1 : 1
    }

    /// Rank order: valid first; gate-passing first; priority ↓, cxScore ↓, text ↑ (code point), id ↑.
    public static func precedes(_ a: OpportunityScore, _ b: OpportunityScore) -> Bool {
        let av = a.isValid, bv = b.isValid
        if av != bv { return av }
        if a.passesGate != b.passesGate { return a.passesGate }
        let ap = tieKey(a.priority ?? -.infinity), bp = tieKey(b.priority ?? -.infinity)
        if ap != bp { return ap > bp }
        let ac = tieKey(a.cxScore), bc = tieKey(b.cxScore)
        if ac != bc { return ac > bc }
        return textThenIDPrecede(a, b)
    }

    /// Rounded to 1e-9, so float noise never decides a rank.
    @inline(__always)
    static func tieKey(_ x: Double) -> Double {
        guard x.isFinite else { return x }
        let q = (x * 1e9).rounded()
        return q == 0 ? 0 : q // no −0
    }
}

/// Which opportunities pass the prioritisation gate (`scoring.gate` in the board).
public enum Gate: String, Sendable, CaseIterable {
    /// Every hero metric with weight > 0 improves.
    case all
    /// Some steered metric improves and none gets worse.
    case any
    /// No gate.
    case none

    public var summary: String {
        switch self {
        case .all: return "improves every hero metric"
        case .any: return "improves some hero metric and worsens none"
        case .none: return "no gate"
        }
    }
}

/// One opportunity's score with everything needed to explain its rank to the room.
///
/// Kept compact (the numbers, and the card's impacts in one small array), so a board of 100k
/// opportunities does not build 100k breakdowns; `terms` is worked out when asked for.
public struct OpportunityScore: Equatable, Sendable {
    /// One hero metric's part in the score.
    public struct Term: Equatable, Sendable {
        public var metric: String
        public var label: String
        /// The expected change in the metric's own units; nil: missing, scored as 0.
        public var impact: Double?
        /// sign · impact / (max − min).
        public var improvement: Double
        public var weight: Double
        /// weight · improvement / Σ weight (0 for a metric with weight 0): the terms add up to `value`.
        public var contribution: Double
        /// The measured change (status shipped or measured), nil when not measured.
        public var measured: Double?
        public var measuredImprovement: Double?
        /// Whether this metric steers the score (weight > 0).
        public var isSteered: Bool { weight > 0 }
    }

    public var card: String
    public var journey: String
    public var stage: String
    public var text: String
    public var value: Double
    public var confidence: Double
    public var reach: Double
    public var cost: Double
    public var confidenceIsDefault: Bool
    public var reachIsDefault: Bool
    public var costIsDefault: Bool
    /// How many opportunities' costs the default cost is the median of (0: none had one, so
    /// the default is 1). Meaningful when `costIsDefault`.
    public var costEstimates: Int
    public var cxScore: Double
    /// cxScore / cost; nil when cost ≤ 0 (never divided).
    public var priority: Double?
    public var gate: Gate
    public var passesGate: Bool
    /// Why the score is invalid (empty: valid). Invalid scores rank last.
    public var problems: [String]
    public var votes: Int
    public var status: String?
    /// Value and CX score with `measured` in place of `impact`; nil unless the status is
    /// shipped or measured and some measured delta is present.
    public var measuredValue: Double?
    public var measuredCxScore: Double?

    /// The board's hero metrics, shared by every score of one scorer.
    let table: MetricTable
    /// The card's impact per metric in the table's order; NaN: missing.
    let impacts: [Double]
    /// The measured deltas per metric (NaN: missing); nil unless measured is scored.
    let measuredDeltas: [Double]?

    /// Every hero metric of the board, in the board's order (weight-0 metrics too).
    public var terms: [Term] {
        (0..<table.count).map { j in
            let impact: Double? = impacts[j].isNaN ? nil : impacts[j]
            let imp = table.improvement(impact ?? 0, j)
            let w = table.weights[j]
            var t = Term(metric: table.ids[j], label: table.labels[j], impact: impact, improvement: imp,
                         weight: table.metrics[j].weight,
                         contribution: table.weightSum > 0 && w > 0 ? w * imp / table.weightSum : 0,
                         measured: nil, measuredImprovement: nil)
            if let m = measuredDeltas {
                t.measured = m[j].isNaN ? nil : m[j]
                t.measuredImprovement = table.improvement(t.measured ?? 0, j)
            }
            return t
        }
    }

    /// Fields that fell back to their defaults: `impact.METRIC` (steered metrics only),
    /// `confidence`, `reach`, `cost`.
    public var incomplete: [String] {
        var names: [String] = []
        for j in 0..<table.count where table.weights[j] > 0 && impacts[j].isNaN { names.append("impact." + table.ids[j]) }
        if confidenceIsDefault { names.append("confidence") }
        if reachIsDefault { names.append("reach") }
        if costIsDefault { names.append("cost") }
        return names
    }

    /// Where a missing cost came from, as the breakdown says it: "default: median of 12
    /// estimates"; nil when the card has its own cost.
    public var costDefaultNote: String? {
        guard costIsDefault else { return nil }
        switch costEstimates {
        case 0: return "default: no opportunity has a cost"
        case 1: return "default: the only estimate"
        default: return "default: median of \(costEstimates) estimates"
        }
    }

    public var isValid: Bool { problems.isEmpty }
    public var isIncomplete: Bool {
        if confidenceIsDefault || reachIsDefault || costIsDefault { return true }
        for j in 0..<table.count where table.weights[j] > 0 && impacts[j].isNaN { return true }
        return false
    }
    /// metric id → improvement, for every hero metric.
    public var improvements: [String: Double] {
        var d: [String: Double] = [:]
        for j in 0..<table.count { d[table.ids[j]] = table.improvement(impacts[j].isNaN ? 0 : impacts[j], j) }
        return d
    }
}

extension OpportunityScore {
    /// Equal when everything shown is equal (a missing impact equals a missing impact).
    public static func == (a: OpportunityScore, b: OpportunityScore) -> Bool {
        func same(_ x: [Double], _ y: [Double]) -> Bool {
            x.count == y.count && zip(x, y).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
        }
        func same(_ x: [Double]?, _ y: [Double]?) -> Bool {
            switch (x, y) {
            case (nil, nil): return true
            case let (x?, y?): return same(x, y)
            default: return false
            }
        }
        return a.card == b.card && a.journey == b.journey && a.stage == b.stage && a.text == b.text
            && a.value == b.value && a.confidence == b.confidence && a.reach == b.reach && a.cost == b.cost
            && a.confidenceIsDefault == b.confidenceIsDefault && a.reachIsDefault == b.reachIsDefault
            && a.costIsDefault == b.costIsDefault && a.costEstimates == b.costEstimates && a.cxScore == b.cxScore && a.priority == b.priority
            && a.gate == b.gate && a.passesGate == b.passesGate && a.problems == b.problems && a.votes == b.votes
            && a.status == b.status && a.measuredValue == b.measuredValue && a.measuredCxScore == b.measuredCxScore
            && a.table == b.table && same(a.impacts, b.impacts) && same(a.measuredDeltas, b.measuredDeltas)
    }
}

/// A board's hero metrics, prepared for scoring (shared, never copied per card).
final class MetricTable: Equatable, Sendable {
    let metrics: [HeroMetric]
    let ids: [String]
    /// The ids' lengths in UTF-8 bytes: most keys are told apart without comparing text.
    let idLengths: [Int]
    let labels: [String]
    let signs: [Double]
    let ranges: [Double]
    /// Weights clamped at 0.
    let weights: [Double]
    let weightSum: Double
    var count: Int { ids.count }

    init(_ metrics: [HeroMetric]) {
        self.metrics = metrics
        ids = metrics.map(\.id)
        idLengths = ids.map(\.utf8.count)
        labels = metrics.map(\.label)
        signs = metrics.map(\.sign)
        ranges = metrics.map(\.range)
        weights = metrics.map { $0.weight > 0 ? $0.weight : 0 }
        weightSum = weights.reduce(0, +)
    }

    /// `CXScore.improvement`, with non-finite results (an absurd scale) as 0.
    @inline(__always)
    func improvement(_ impact: Double, _ j: Int) -> Double {
        let r = ranges[j]
        guard r > 0 else { return 0 }
        let x = signs[j] * impact / r
        return x.isFinite ? x : 0
    }

    @inline(__always)
    func index(of id: String) -> Int? {
        let n = id.utf8.count
        for j in 0..<ids.count where idLengths[j] == n && ids[j] == id { return j }
        return nil
    }

    static func == (a: MetricTable, b: MetricTable) -> Bool { a === b || a.metrics == b.metrics }
}

/// Scores cards against one board's hero metrics. Build it once per board (it prepares the
/// metric table) and score as many cards as needed: the panel re-scores one card per edit.
public struct OpportunityScorer: Sendable {
    public let board: Board
    public let gate: Gate
    /// The hero metrics in the board's order.
    public var metrics: [HeroMetric] { table.metrics }
    let table: MetricTable
    let missingImpacts: [Double]
    /// The cost a card without one is scored with (see `CXScore.medianCost(_:)`).
    public internal(set) var defaultCost: Double
    /// How many estimates `defaultCost` is the median of (0: none, so it is 1).
    public internal(set) var costEstimates: Int

    /// `gate` nil: the board's own gate.
    public init(_ board: Board, gate: Gate? = nil) {
        let d = CXScore.medianCost(board)
        self.init(board, gate: gate, defaultCost: d.cost, costEstimates: d.estimates)
    }

    /// With the default cost already known (ranking finds it in its own pass over the cards).
    init(_ board: Board, gate: Gate?, defaultCost: Double, costEstimates: Int) {
        self.board = board
        self.gate = gate ?? board.scoring.effectiveGate
        table = MetricTable(board.orderedHeroMetrics)
        missingImpacts = [Double](repeating: .nan, count: table.count)
        self.defaultCost = defaultCost
        self.costEstimates = costEstimates
    }

    /// Whether a card is an opportunity (scored).
    public func isScored(_ card: Card) -> Bool { CXScore.isScored(board.kind(of: card)) }

    /// Every scored card of the board (or of one journey), unranked.
    public func scoreAll(journey: String? = nil) -> [OpportunityScore] {
        var laneJourney: [String: String] = [:] // scored lane → its journey
        for l in board.lanes.values where CXScore.isScored(l.laneKind) && (journey == nil || l.journey == journey) {
            laneJourney[l.id] = l.journey
        }
        var out: [OpportunityScore] = []
        guard !laneJourney.isEmpty else { return out }
        out.reserveCapacity(board.cards.count)
        for c in board.cards.values {
            guard let j = laneJourney[c.lane] else { continue }
            out.append(score(id: c.id, stage: c.stage, text: c.text, journey: j,
                             impact: c.impact, measured: c.measured, status: c.status,
                             confidence: c.confidence, reach: c.reach, cost: c.cost, votes: c.votes))
        }
        return out
    }

    /// Every scored card of the board (or of one journey), unranked, in one pass over the
    /// cards: those without a cost are scored with 1, then given the default cost (the median
    /// of the estimates, every journey's) once all have been seen. The same scores as
    /// `OpportunityScorer(board).scoreAll(journey:)`, without its separate pass for the median.
    public static func scoreAll(_ board: Board, gate: Gate? = nil, journey: String? = nil) -> [OpportunityScore] {
        let placeholder = CXScore.defaultCost
        let scorer = OpportunityScorer(board, gate: gate, defaultCost: placeholder, costEstimates: 0)
        var laneJourney: [String: String] = [:] // every scored lane → its journey
        for l in board.lanes.values where CXScore.isScored(l.laneKind) { laneJourney[l.id] = l.journey }
        var out: [OpportunityScore] = []
        guard !laneJourney.isEmpty else { return out }
        out.reserveCapacity(board.cards.count)
        var estimates: [Double] = []
        estimates.reserveCapacity(board.cards.count)
        for c in board.cards.values {
            guard let j = laneJourney[c.lane] else { continue }
            if CXScore.isEstimate(c.cost) { estimates.append(c.cost!) }
            guard journey == nil || j == journey else { continue }
            out.append(scorer.score(id: c.id, stage: c.stage, text: c.text, journey: j,
                                    impact: c.impact, measured: c.measured, status: c.status,
                                    confidence: c.confidence, reach: c.reach, cost: c.cost, votes: c.votes))
        }
        let median = CXScore.median(&estimates) ?? placeholder
        let count = estimates.count
        for i in out.indices {
            out[i].costEstimates = count
            guard out[i].costIsDefault, median != placeholder else { continue }
            out[i].cost = median
            if out[i].priority != nil { out[i].priority = out[i].cxScore / median } // as `numbers` divides
        }
        return out
    }

    /// The score of one card (whatever its kind).
    public func score(_ c: Card) -> OpportunityScore {
        score(id: c.id, stage: c.stage, text: c.text, journey: board.journeyID(ofCard: c) ?? "",
              impact: c.impact, measured: c.measured, status: c.status,
              confidence: c.confidence, reach: c.reach, cost: c.cost, votes: c.votes)
    }

    /// The numbers of one card, without its explanation: what ranking needs.
    struct Numbers {
        var value: Double
        var cx: Double
        /// nil when cost ≤ 0 (never divided).
        var priority: Double?
        var passes: Bool
        var unknownImpact: Bool
        var missingImpact: Bool
        var confidence: Double
        var reach: Double
        var cost: Double
        var confidenceInRange: Bool
        var reachInRange: Bool
        var cxFinite: Bool
        var valid: Bool { !unknownImpact && confidenceInRange && reachInRange && cxFinite && priority != nil }
    }

    /// The formula, once, for both the full score and the fast ranking: `impacts` receives the
    /// card's impact per metric (NaN: missing); sums run in the board's metric order, so every
    /// path gives the same bits whatever order the dictionary iterates in.
    @inline(__always)
    func numbers(_ impact: [String: Double], confidence givenConfidence: Double?, reach givenReach: Double?,
                 cost givenCost: Double?, impacts: UnsafeMutableBufferPointer<Double>) -> Numbers {
        let t = table
        let n = t.count
        for j in 0..<n { impacts[j] = .nan }
        var unknown = false
        for (k, v) in impact {
            if let j = t.index(of: k) { impacts[j] = v } else { unknown = true }
        }
        var weighted = 0.0
        var allUp = true, someUp = false, someDown = false, missing = false
        for j in 0..<n {
            let w = t.weights[j]
            guard w > 0 else { continue }
            let given = impacts[j]
            if given.isNaN { missing = true }
            let imp = t.improvement(given.isNaN ? 0 : given, j)
            weighted += w * imp
            if imp > 0 { someUp = true } else { allUp = false; if imp < 0 { someDown = true } }
        }
        let value = t.weightSum > 0 ? weighted / t.weightSum : 0
        let confidence = givenConfidence ?? CXScore.defaultConfidence
        let reach = givenReach ?? CXScore.defaultReach
        let cost = givenCost ?? defaultCost
        var cx = CXScore.cxScore(value: value, reach: reach, confidence: confidence)
        let finite = cx.isFinite
        if !finite { cx = 0 }
        let passes: Bool
        switch gate {
        case .none: passes = true
        case .all: passes = allUp
        case .any: passes = someUp && !someDown
        }
        return Numbers(value: value, cx: cx, priority: cost > 0 && cost.isFinite ? cx / cost : nil, passes: passes,
                       unknownImpact: unknown, missingImpact: missing,
                       confidence: confidence, reach: reach, cost: cost,
                       confidenceInRange: confidence >= 0 && confidence <= 100, reachInRange: reach >= 0 && reach <= 100,
                       cxFinite: finite)
    }

    func score(id: String, stage: String, text: String, journey: String,
               impact: [String: Double], measured: [String: Double], status: String?,
               confidence givenConfidence: Double?, reach givenReach: Double?, cost givenCost: Double?,
               votes: CodePointMap<Int>) -> OpportunityScore {
        let t = table
        let n = t.count
        var impacts: [Double] = []
        let q = withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, n)) { buf -> Numbers in
            let q = numbers(impact, confidence: givenConfidence, reach: givenReach, cost: givenCost, impacts: buf)
            impacts = Array(buf.prefix(n))
            return q
        }
        var problems: [String] = []
        if q.unknownImpact {
            for k in impact.keys.sorted(by: CanonicalJSON.keyPrecedes) where t.index(of: k) == nil {
                problems.append("impact names \"\(k)\", which is not a hero metric of this board")
            }
        }
        // measured deltas: scored for shipped or measured cards
        var deltas: [Double]?
        if !measured.isEmpty {
            var d = [Double](repeating: .nan, count: n)
            for (k, v) in measured {
                if let j = t.index(of: k) { d[j] = v }
            }
            for k in measured.keys.sorted(by: CanonicalJSON.keyPrecedes) where t.index(of: k) == nil {
                problems.append("measured names \"\(k)\", which is not a hero metric of this board")
            }
            if status == CardStatus.shipped.rawValue || status == CardStatus.measured.rawValue { deltas = d }
        }
        if !q.confidenceInRange { problems.append("confidence must be between 0 and 100, not \(CanonicalJSON.numberText(q.confidence))") }
        if !q.reachInRange { problems.append("reach must be between 0 and 100, not \(CanonicalJSON.numberText(q.reach))") }
        if !q.cxFinite { problems.append("the CX score is not a finite number") }
        if q.priority == nil { problems.append("cost must be greater than 0, not \(CanonicalJSON.numberText(q.cost))") }
        var measuredValue: Double?, mcx: Double?
        if let d = deltas {
            var w = 0.0
            for j in 0..<n where t.weights[j] > 0 { w += t.weights[j] * t.improvement(d[j].isNaN ? 0 : d[j], j) }
            let mv = t.weightSum > 0 ? w / t.weightSum : 0
            let v = CXScore.cxScore(value: mv, reach: q.reach, confidence: q.confidence)
            measuredValue = mv
            mcx = v.isFinite ? v : 0
        }
        var total = 0
        for v in votes.values { total += v }
        return OpportunityScore(
            card: id, journey: journey, stage: stage, text: text,
            value: q.value, confidence: q.confidence, reach: q.reach, cost: q.cost,
            confidenceIsDefault: givenConfidence == nil, reachIsDefault: givenReach == nil, costIsDefault: givenCost == nil,
            costEstimates: costEstimates, cxScore: q.cx, priority: q.priority, gate: gate, passesGate: q.passes,
            problems: problems, votes: total, status: status,
            measuredValue: measuredValue, measuredCxScore: mcx,
            table: t, impacts: impacts, measuredDeltas: deltas)
    }
}

// MARK: numbers as people read them

extension CXScore {
    /// `x` with exactly `decimals` digits after the point ("9.12", "-3.0", "4"), rounded half
    /// away from zero; "-" never precedes a zero. Non-finite: "–".
    public static func fixed(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return "–" }
        let d = max(0, min(decimals, 9))
        var p: Int64 = 1
        for _ in 0..<d { p *= 10 }
        let r = (abs(x) * Double(p)).rounded()
        guard r < 9e15 else { return CanonicalJSON.numberText(x) }
        let n = Int64(r)
        var s = String(n / p)
        if d > 0 {
            let frac = String(n % p)
            s += "." + String(repeating: "0", count: d - frac.count) + frac
        }
        return (x < 0 && n != 0 ? "-" : "") + s
    }

    /// `x` rounded to `places` decimal places (for JSON and CSV: 9.12, not 9.120000000000001).
    public static func rounded(_ x: Double, places: Int = 6) -> Double {
        guard x.isFinite else { return x }
        var p = 1.0
        for _ in 0..<max(0, min(places, 15)) { p *= 10 }
        let r = (x * p).rounded() / p
        return r == 0 ? 0 : r
    }
}

