/// The rank order of a board's opportunities, computed without building every explanation:
/// what the prioritisation panel re-computes after each edit. Each entry carries the numbers a
/// ranked table shows; `score(at:)` gives the full breakdown of one row (for the rows on
/// screen, or the focused one). The order is exactly `Scoring.ranked` (same formula, same
/// tie-breaks); `Scoring.ranked` remains the way to get every explanation at once.
public struct Ranking: Sendable {
    public struct Entry: Equatable, Sendable {
        public var card: String
        public var journey: String
        public var cxScore: Double
        /// nil when cost ≤ 0.
        public var priority: Double?
        public var value: Double
        /// The cost scored (1 when missing).
        public var cost: Double
        public var passesGate: Bool
        public var isValid: Bool
        public var isIncomplete: Bool
    }

    public let scorer: OpportunityScorer
    /// In rank order: entries[0] is rank 1.
    public let entries: [Entry]
    /// The gate given in place of the board's own, and the journey ranked (nil: all).
    public let gateOverride: Gate?
    public let journey: String?

    public var count: Int { entries.count }
    public var gate: Gate { scorer.gate }

    /// The full score (with its breakdown) of the opportunity at `index` (0-based rank).
    public func score(at index: Int) -> OpportunityScore? {
        guard entries.indices.contains(index), let c = scorer.board.cards[entries[index].card] else { return nil }
        return scorer.score(c)
    }

    /// The 0-based rank of a card, nil when it is not ranked.
    public func index(of card: String) -> Int? { entries.firstIndex { $0.card == card } }

    /// The ranking after one card changed in `board` (its impact, confidence, reach, cost,
    /// text, lane or stage; or it was added or deleted): that card is re-scored and moved into
    /// place, the others kept — a memory move instead of a full re-rank, for "edit, see it
    /// re-rank" on a large board. When the hero metrics, the lanes or the board's gate changed,
    /// it ranks afresh. The result is always what `Scoring.ranking(board, …)` would give.
    public func updating(_ board: Board, card id: String) -> Ranking {
        let old = scorer.board
        guard board.heroMetrics == old.heroMetrics, board.lanes == old.lanes,
              gateOverride != nil || board.scoring.gate == old.scoring.gate else {
            return Scoring.ranking(board, gate: gateOverride, journey: journey)
        }
        let newScorer = OpportunityScorer(board, gate: gateOverride)
        var list = entries
        if let i = list.firstIndex(where: { $0.card == id }) { list.remove(at: i) }
        if let c = board.cards[id], let lane = board.lanes[c.lane], Scoring.isScored(lane.laneKind),
           journey == nil || lane.journey == journey {
            let e = Scoring.entry(newScorer, c, journey: lane.journey)
            let key = RankKey(valid: e.isValid, passes: e.passesGate, priority: e.priority, cx: e.cxScore, text: "", index: 0)
            func text(_ x: Entry) -> String { board.cards[x.card]?.text ?? "" }
            // lower bound: the first entry the new one precedes
            var lo = 0, hi = list.count
            while lo < hi {
                let mid = (lo + hi) / 2
                let m = list[mid]
                let mk = RankKey(valid: m.isValid, passes: m.passesGate, priority: m.priority, cx: m.cxScore, text: "", index: 0)
                var newFirst: Bool
                if key.head != mk.head { newFirst = key.head < mk.head }
                else if key.priority != mk.priority { newFirst = key.priority > mk.priority }
                else if key.cx != mk.cx { newFirst = key.cx > mk.cx }
                else {
                    let t = Scoring.compareUTF8(c.text, text(m))
                    newFirst = t != 0 ? t < 0 : Scoring.compareUTF8(c.id, m.card) < 0
                }
                if newFirst { hi = mid } else { lo = mid + 1 }
            }
            list.insert(e, at: lo)
        }
        return Ranking(scorer: newScorer, entries: list, gateOverride: gateOverride, journey: journey)
    }
}

extension Scoring {
    /// Ranks every opportunity of the board (or of one journey) — see `Ranking`.
    public static func ranking(_ board: Board, gate: Gate? = nil, journey: String? = nil) -> Ranking {
        let scorer = OpportunityScorer(board, gate: gate)
        let n = scorer.table.count
        // scored lanes: a few string compares when there are few, a hash when there are many
        var laneIDs: [String] = [], laneJourneys: [String] = []
        for l in board.lanes.values where isScored(l.laneKind) && (journey == nil || l.journey == journey) {
            laneIDs.append(l.id)
            laneJourneys.append(l.journey)
        }
        guard !laneIDs.isEmpty else { return Ranking(scorer: scorer, entries: [], gateOverride: gate, journey: journey) }
        let laneMap = laneIDs.count > 8 ? Dictionary(zip(laneIDs, laneJourneys), uniquingKeysWith: { a, _ in a }) : [:]

        var entries: [Ranking.Entry] = []
        var keys: [RankKey] = []
        entries.reserveCapacity(board.cards.count)
        keys.reserveCapacity(board.cards.count)
        var buffer = [Double](repeating: 0, count: max(1, n))
        buffer.withUnsafeMutableBufferPointer { buf in
            for c in board.cards.values {
                let journeyID: String
                if laneMap.isEmpty {
                    var k = 0
                    while k < laneIDs.count && laneIDs[k] != c.lane { k += 1 }
                    if k == laneIDs.count { continue }
                    journeyID = laneJourneys[k]
                } else {
                    guard let j = laneMap[c.lane] else { continue }
                    journeyID = j
                }
                let e = entry(scorer, c.id, journey: journeyID, impact: c.impact, measured: c.measured,
                              confidence: c.confidence, reach: c.reach, cost: c.cost, buffer: buf)
                keys.append(RankKey(valid: e.isValid, passes: e.passesGate, priority: e.priority, cx: e.cxScore, text: c.text,
                                    index: Int32(truncatingIfNeeded: entries.count)))
                entries.append(e)
            }
        }
        // numbers first; the entry's index keeps equal numbers together for the text tie-break
        keys.sort { a, b in
            if a.head != b.head { return a.head < b.head }
            if a.priority != b.priority { return a.priority > b.priority }
            if a.cx != b.cx { return a.cx > b.cx }
            if a.textPrefix != b.textPrefix { return a.textPrefix < b.textPrefix }
            return a.index < b.index
        }
        // runs of equal numbers and text prefix: by text (code point), then id — whole texts are
        // fetched for those cards only
        var start = 0
        while start < keys.count {
            var end = start + 1
            while end < keys.count && keys[end].head == keys[start].head && keys[end].priority == keys[start].priority
                && keys[end].cx == keys[start].cx && keys[end].textPrefix == keys[start].textPrefix { end += 1 }
            if end - start > 1 {
                var run = keys[start..<end].map { k -> (text: String, card: String, key: RankKey) in
                    let id = entries[Int(k.index)].card
                    return (board.cards[id]?.text ?? "", id, k)
                }
                run.sort { a, b in
                    let c = compareUTF8(a.text, b.text)
                    return c != 0 ? c < 0 : compareUTF8(a.card, b.card) < 0
                }
                for (o, r) in run.enumerated() { keys[start + o] = r.key }
            }
            start = end
        }
        let ordered = entries.withUnsafeBufferPointer { eb in keys.map { eb[Int($0.index)] } }
        return Ranking(scorer: scorer, entries: ordered, gateOverride: gate, journey: journey)
    }
}

extension Scoring {
    /// One card's ranking entry (the same numbers as its full score).
    static func entry(_ scorer: OpportunityScorer, _ c: Card, journey: String) -> Ranking.Entry {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, scorer.table.count)) { buf in
            entry(scorer, c.id, journey: journey, impact: c.impact, measured: c.measured,
                  confidence: c.confidence, reach: c.reach, cost: c.cost, buffer: buf)
        }
    }

    @inline(__always)
    static func entry(_ scorer: OpportunityScorer, _ id: String, journey: String, impact: [String: Double],
                      measured: [String: Double], confidence: Double?, reach: Double?, cost: Double?,
                      buffer: UnsafeMutableBufferPointer<Double>) -> Ranking.Entry {
        let q = scorer.numbers(impact, confidence: confidence, reach: reach, cost: cost, impacts: buffer)
        var valid = q.valid
        if valid && !measured.isEmpty {
            for k in measured.keys where scorer.table.index(of: k) == nil { valid = false; break }
        }
        return Ranking.Entry(card: id, journey: journey, cxScore: q.cx, priority: q.priority,
                             value: q.value, cost: q.cost, passesGate: q.passes, isValid: valid,
                             isIncomplete: q.missingImpact || confidence == nil || reach == nil || cost == nil)
    }
}

/// A sort key: group (valid, passing), priority and CX score rounded as `tieKey`, the text's
/// first eight UTF-8 bytes, and the entry's index (whole texts settle what is left afterwards).
struct RankKey {
    var head: UInt32   // 0 valid+passing, 1 valid+failing, 2 invalid+passing, 3 invalid+failing
    var index: Int32
    var priority: Double
    var cx: Double
    /// Big-endian, zero-padded: compares as the bytes do.
    var textPrefix: UInt64

    @inline(__always)
    init(valid: Bool, passes: Bool, priority: Double?, cx: Double, text: String, index: Int32) {
        head = valid ? (passes ? 0 : 1) : (passes ? 2 : 3)
        self.index = index
        self.priority = Scoring.tieKey(priority ?? -.infinity)
        self.cx = Scoring.tieKey(cx)
        var p: UInt64 = 0, k: UInt64 = 0
        for b in text.utf8 {
            p = p << 8 | UInt64(b)
            k += 1
            if k == 8 { break }
        }
        textPrefix = k == 0 ? 0 : p << (8 * (8 - k))
    }
}
