/// The CX score (DESIGN.md §3 — the formula is the contract):
///
/// ```
/// improvement(m) = sign(m) · impact(m) / (max(m) − min(m))      sign = +1 higher is better, −1 lower
/// value          = Σ weight(m) · improvement(m) / Σ weight(m)   over metrics with weight > 0 (missing impact = 0)
/// cxScore        = 100 · value · reach/100 · confidence/100     reach missing → 100, confidence missing → 50
/// priority       = cxScore / cost                                cost missing → 1; cost must be > 0
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
/// - **Predicted vs measured.** For status `shipped` or `measured` with `measured` deltas, the
///   measured CX score is the same formula with `measured` in place of `impact` (reach and
///   confidence unchanged), so the two numbers differ only by what arrived.
extension Scoring {
    public static let defaultConfidence: Double = 50
    public static let defaultReach: Double = 100
    public static let defaultCost: Double = 1
    /// Statuses whose `measured` deltas are scored beside the prediction.
    public static let measuredStatuses: Set<String> = [CardStatus.shipped.rawValue, CardStatus.measured.rawValue]

    /// The board's gate; an unknown gate text (a `check` error) scores as `all`.
    public var effectiveGate: Gate { Gate(rawValue: gate) ?? .all }

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

    /// Whether improvements of the steered metrics (weight > 0) pass a gate.
    public static func passes(_ gate: Gate, steeredImprovements: [Double]) -> Bool {
        switch gate {
        case .none: return true
        case .all: return steeredImprovements.allSatisfy { $0 > 0 }
        case .any: return steeredImprovements.contains { $0 > 0 } && !steeredImprovements.contains { $0 < 0 }
        }
    }

    /// Scores every opportunity of the board (optionally of one journey), ranked.
    public static func ranked(_ board: Board, gate: Gate? = nil, journey: String? = nil) -> [OpportunityScore] {
        rank(OpportunityScorer(board, gate: gate).scoreAll(journey: journey))
    }

    /// Scores in rank order (see `precedes`).
    public static func rank(_ scores: [OpportunityScore]) -> [OpportunityScore] {
        scores.sorted(by: precedes)
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
        if a.text != b.text { return CanonicalJSON.keyPrecedes(a.text, b.text) }
        return CanonicalJSON.keyPrecedes(a.card, b.card)
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
    /// Every hero metric of the board, in the board's order (weight-0 metrics too).
    public var terms: [Term]
    public var value: Double
    public var confidence: Double
    public var reach: Double
    public var cost: Double
    public var confidenceIsDefault: Bool
    public var reachIsDefault: Bool
    public var costIsDefault: Bool
    public var cxScore: Double
    /// cxScore / cost; nil when cost ≤ 0 (never divided).
    public var priority: Double?
    public var gate: Gate
    public var passesGate: Bool
    /// Fields that fell back to their defaults: `impact.METRIC` (steered metrics only),
    /// `confidence`, `reach`, `cost`.
    public var incomplete: [String]
    /// Why the score is invalid (empty: valid). Invalid scores rank last.
    public var problems: [String]
    public var votes: Int
    public var status: String?
    /// Value and CX score with `measured` in place of `impact`; nil unless the status is
    /// shipped or measured and some measured delta is present.
    public var measuredValue: Double?
    public var measuredCxScore: Double?

    public var isValid: Bool { problems.isEmpty }
    public var isIncomplete: Bool { !incomplete.isEmpty }
    /// metric id → improvement, for every hero metric.
    public var improvements: [String: Double] {
        var d: [String: Double] = [:]
        for t in terms { d[t.metric] = t.improvement }
        return d
    }
}

/// Scores cards against one board's hero metrics. Build it once per board (it prepares the
/// metric table) and score as many cards as needed: the panel re-scores one card per edit.
public struct OpportunityScorer: Sendable {
    public let board: Board
    public let gate: Gate
    /// The hero metrics in the board's order.
    public let metrics: [HeroMetric]
    let weightSum: Double

    /// `gate` nil: the board's own gate.
    public init(_ board: Board, gate: Gate? = nil) {
        self.board = board
        self.gate = gate ?? board.scoring.effectiveGate
        metrics = board.orderedHeroMetrics
        weightSum = metrics.reduce(0) { $0 + ($1.weight > 0 ? $1.weight : 0) }
    }

    /// Whether a card is an opportunity (scored).
    public func isScored(_ card: Card) -> Bool { Scoring.isScored(board.kind(of: card)) }

    /// Every scored card of the board (or of one journey), unranked.
    public func scoreAll(journey: String? = nil) -> [OpportunityScore] {
        var scoredLanes = Set<String>()
        for l in board.lanes.values where Scoring.isScored(l.laneKind) && (journey == nil || l.journey == journey) {
            scoredLanes.insert(l.id)
        }
        var out: [OpportunityScore] = []
        out.reserveCapacity(board.cards.count)
        for c in board.cards.values where scoredLanes.contains(c.lane) {
            out.append(score(c))
        }
        return out
    }

    /// The score of one card (whatever its kind).
    public func score(_ c: Card) -> OpportunityScore {
        var terms: [OpportunityScore.Term] = []
        terms.reserveCapacity(metrics.count)
        var incomplete: [String] = []
        var problems: [String] = []
        var weighted = 0.0
        var steered: [Double] = []
        steered.reserveCapacity(metrics.count)
        let isMeasured = (c.status.map { Scoring.measuredStatuses.contains($0) } ?? false) && !c.measured.isEmpty
        var measuredWeighted = 0.0
        var known = 0, knownMeasured = 0
        for m in metrics {
            let impact = c.impact[m.id]
            if impact != nil { known += 1 }
            var imp = Scoring.improvement(impact ?? 0, m)
            if !imp.isFinite { imp = 0 }
            let w = m.weight > 0 ? m.weight : 0
            let contribution = weightSum > 0 ? w * imp / weightSum : 0
            var measured: Double?, measuredImp: Double?
            if let d = c.measured[m.id] { knownMeasured += 1; measured = d }
            if isMeasured {
                var mi = Scoring.improvement(measured ?? 0, m)
                if !mi.isFinite { mi = 0 }
                measuredImp = mi
                measuredWeighted += w * mi
            }
            if w > 0 {
                weighted += w * imp
                steered.append(imp)
                if impact == nil { incomplete.append("impact." + m.id) }
            }
            terms.append(.init(metric: m.id, label: m.label, impact: impact, improvement: imp, weight: m.weight,
                               contribution: contribution, measured: measured, measuredImprovement: measuredImp))
        }
        if known < c.impact.count {
            for k in c.impact.keys.sorted(by: CanonicalJSON.keyPrecedes) where board.heroMetrics[k] == nil {
                problems.append("impact names \"\(k)\", which is not a hero metric of this board")
            }
        }
        if knownMeasured < c.measured.count {
            for k in c.measured.keys.sorted(by: CanonicalJSON.keyPrecedes) where board.heroMetrics[k] == nil {
                problems.append("measured names \"\(k)\", which is not a hero metric of this board")
            }
        }
        let value = weightSum > 0 ? weighted / weightSum : 0
        let measuredValue = weightSum > 0 ? measuredWeighted / weightSum : 0
        let confidence = c.confidence ?? Scoring.defaultConfidence
        let reach = c.reach ?? Scoring.defaultReach
        let cost = c.cost ?? Scoring.defaultCost
        if c.confidence == nil { incomplete.append("confidence") }
        if c.reach == nil { incomplete.append("reach") }
        if c.cost == nil { incomplete.append("cost") }
        if !(confidence >= 0 && confidence <= 100) { problems.append("confidence must be between 0 and 100, not \(CanonicalJSON.numberText(confidence))") }
        if !(reach >= 0 && reach <= 100) { problems.append("reach must be between 0 and 100, not \(CanonicalJSON.numberText(reach))") }
        var cx = Scoring.cxScore(value: value, reach: reach, confidence: confidence)
        if !cx.isFinite { problems.append("the CX score is not a finite number"); cx = 0 }
        var priority: Double?
        if cost > 0 && cost.isFinite {
            priority = cx / cost
        } else {
            problems.append("cost must be greater than 0, not \(CanonicalJSON.numberText(cost))")
        }
        var mcx: Double?
        if isMeasured {
            let v = Scoring.cxScore(value: measuredValue, reach: reach, confidence: confidence)
            mcx = v.isFinite ? v : 0
        }
        return OpportunityScore(
            card: c.id, journey: board.journeyID(ofCard: c) ?? "", stage: c.stage, text: c.text,
            terms: terms, value: value, confidence: confidence, reach: reach, cost: cost,
            confidenceIsDefault: c.confidence == nil, reachIsDefault: c.reach == nil, costIsDefault: c.cost == nil,
            cxScore: cx, priority: priority, gate: gate,
            passesGate: Scoring.passes(gate, steeredImprovements: steered),
            incomplete: incomplete, problems: problems, votes: c.totalVotes, status: c.status,
            measuredValue: isMeasured ? measuredValue : nil, measuredCxScore: mcx)
    }
}

// MARK: numbers as people read them

extension Scoring {
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
