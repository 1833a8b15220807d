/// The rank order of a board's opportunities, computed without building every explanation:
/// what the prioritisation panel re-computes after each edit. Each entry carries the numbers a
/// ranked table shows; `score(at:)` gives the full breakdown of one row (for the rows on
/// screen, or the focused one). The order is exactly `CXScore.ranked` (same formula, same
/// tie-breaks); `CXScore.ranked` remains the way to get every explanation at once.
public struct Ranking: Sendable {
    public struct Entry: Equatable, Sendable {
        public var card: String
        public var journey: String
        public var cxScore: Double
        /// nil when cost ≤ 0.
        public var priority: Double?
        public var value: Double
        /// The cost scored (the board's median cost when missing).
        public var cost: Double
        public var passesGate: Bool
        public var isValid: Bool
        public var isIncomplete: Bool
    }

    public private(set) var scorer: OpportunityScorer
    /// The entries as they were scored (an entry whose card left the ranking may remain,
    /// unreferenced, until the next full ranking).
    private(set) var store: [Entry]
    /// Positions in `store`, in rank order.
    private(set) var order: [Int32]
    /// The gate given in place of the board's own, and the journey ranked (nil: all).
    public let gateOverride: Gate?
    public let journey: String?

    /// In rank order: entries[0] is rank 1. (A view: ranking never moves the entries themselves.)
    public var entries: Entries { Entries(store: store, order: order) }
    public var count: Int { order.count }
    public var gate: Gate { scorer.gate }

    /// The entries in rank order.
    public struct Entries: RandomAccessCollection, Equatable, Sendable {
        let store: [Entry]
        let order: [Int32]
        public var startIndex: Int { 0 }
        public var endIndex: Int { order.count }
        public subscript(rank: Int) -> Entry { store[Int(order[rank])] }
        public static func == (a: Entries, b: Entries) -> Bool { a.elementsEqual(b) }
    }

    /// The full score (with its breakdown) of the opportunity at `index` (0-based rank).
    public func score(at index: Int) -> OpportunityScore? {
        guard order.indices.contains(index), let c = scorer.board.cards[entries[index].card] else { return nil }
        return scorer.score(c)
    }

    /// The 0-based rank of a card, nil when it is not ranked.
    public func index(of card: String) -> Int? {
        for (i, e) in store.enumerated() where e.card == card {
            if let r = order.firstIndex(of: Int32(truncatingIfNeeded: i)) { return r }
        }
        return nil
    }

    /// The ranking after one card changed in `board` — see `update(_:card:)`.
    public func updating(_ board: Board, card id: String) -> Ranking {
        var r = self
        r.update(board, card: id)
        return r
    }

    /// Brings the ranking up to date after one card changed in `board` (its impact,
    /// confidence, reach, cost, text, lane or stage; or it was added or deleted): that card is
    /// re-scored and moved into place, the others kept — 4-byte positions move, not entries,
    /// and nothing is copied when the ranking is not shared — for "edit, see it re-rank" on a
    /// large board. When the hero metrics, the lanes or the board's gate changed, it ranks
    /// afresh. The result is always what `CXScore.ranking(board, …)` would give.
    public mutating func update(_ board: Board, card id: String) {
        let old = scorer.board
        guard board.heroMetrics == old.heroMetrics, board.lanes == old.lanes,
              gateOverride != nil || board.scoring.gate == old.scoring.gate else {
            self = CXScore.ranking(board, gate: gateOverride, journey: journey)
            return
        }
        // the default cost (the median of every estimate) moves only when this card's estimate did
        var defaultCost = (cost: scorer.defaultCost, estimates: scorer.costEstimates)
        if Ranking.estimate(old, id) != Ranking.estimate(board, id) {
            defaultCost = CXScore.medianCost(board)
            if defaultCost.cost != scorer.defaultCost {
                self = CXScore.ranking(board, gate: gateOverride, journey: journey)
                return
            }
        }
        scorer = OpportunityScorer(board, gate: gateOverride, defaultCost: defaultCost.cost, costEstimates: defaultCost.estimates)
        var slot: Int?
        if let r = index(of: id) {
            slot = Int(order[r])
            order.remove(at: r)
        }
        guard let c = board.cards[id], let lane = board.lanes[c.lane], CXScore.isScored(lane.laneKind),
              journey == nil || lane.journey == journey else { return } // its entry stays, unreferenced
        let e = CXScore.entry(scorer, c, journey: lane.journey)
        let key = RankKey(valid: e.isValid, passes: e.passesGate, priority: e.priority, cx: e.cxScore, text: "")
        func text(_ x: Entry) -> String { board.cards[x.card]?.text ?? "" }
        // lower bound: the first entry the new one precedes
        var lo = 0, hi = order.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let m = store[Int(order[mid])]
            let mk = RankKey(valid: m.isValid, passes: m.passesGate, priority: m.priority, cx: m.cxScore, text: "")
            var newFirst: Bool
            if key.head != mk.head { newFirst = key.head < mk.head }
            else if key.priority != mk.priority { newFirst = key.priority > mk.priority }
            else if key.cx != mk.cx { newFirst = key.cx > mk.cx }
            else {
                let t = CXScore.compareUTF8(c.text, text(m))
                newFirst = t != 0 ? t < 0 : CXScore.compareUTF8(c.id, m.card) < 0
            }
            if newFirst { hi = mid } else { lo = mid + 1 }
        }
        if let s = slot {
            store[s] = e
            order.insert(Int32(truncatingIfNeeded: s), at: lo)
        } else {
            order.insert(Int32(truncatingIfNeeded: store.count), at: lo)
            store.append(e)
        }
    }

    /// The card's cost as it counts towards the default cost: nil unless it is an
    /// opportunity with a usable cost.
    static func estimate(_ b: Board, _ id: String) -> Double? {
        guard let c = b.cards[id], CXScore.isEstimate(c.cost), CXScore.isScored(b.lanes[c.lane]?.laneKind) else { return nil }
        return c.cost
    }
}

extension CXScore {
    /// Ranks every opportunity of the board (or of one journey) — see `Ranking`.
    public static func ranking(_ board: Board, gate: Gate? = nil, journey: String? = nil) -> Ranking {
        // the default cost is found in the same pass as the scores: cards without a cost are
        // scored with 1 first, then given the median once every estimate has been seen
        let placeholder = CXScore.defaultCost
        let first = OpportunityScorer(board, gate: gate, defaultCost: placeholder, costEstimates: 0)
        let n = first.table.count
        // scored lanes → their journey (a table with a cheap hash: one lookup per card); every
        // journey's, since the default cost is the whole board's
        var scoredLanes: [(String, String)] = []
        for l in board.lanes.values where isScored(l.laneKind) {
            scoredLanes.append((l.id, l.journey))
        }
        guard !scoredLanes.isEmpty else { return Ranking(scorer: first, store: [], order: [], gateOverride: gate, journey: journey) }
        let laneJourney = StringTable(scoredLanes)
        var estimates: [Double] = []
        var missingCost: [Int32] = [] // entries scored with the placeholder cost

        let cards = board.cards.values
        var entries: [Ranking.Entry] = []
        var keys: [RankKey] = []
        var positions: [Int32] = [] // entry → the card's position in `cards` (for whole texts)
        entries.reserveCapacity(cards.count)
        estimates.reserveCapacity(cards.count)
        keys.reserveCapacity(cards.count)
        positions.reserveCapacity(cards.count)
        var buffer = [Double](repeating: 0, count: max(1, n))
        buffer.withUnsafeMutableBufferPointer { buf in
            for (position, c) in cards.enumerated() {
                guard let journeyID = laneJourney[c.lane] else { continue }
                if let cost = c.cost {
                    if isEstimate(cost) { estimates.append(cost) }
                } else if journey == nil || journeyID == journey {
                    missingCost.append(Int32(truncatingIfNeeded: entries.count))
                }
                guard journey == nil || journeyID == journey else { continue }
                let e = entry(first, c.id, journey: journeyID, impact: c.impact, measured: c.measured,
                              confidence: c.confidence, reach: c.reach, cost: c.cost, buffer: buf)
                keys.append(RankKey(valid: e.isValid, passes: e.passesGate, priority: e.priority, cx: e.cxScore, text: c.text))
                entries.append(e)
                positions.append(Int32(truncatingIfNeeded: position))
            }
        }
        let median = CXScore.median(&estimates) ?? placeholder
        var scorer = first
        scorer.defaultCost = median
        scorer.costEstimates = estimates.count
        if median != placeholder {
            for k in missingCost {
                let i = Int(k)
                guard entries[i].priority != nil else { continue }
                let priority = entries[i].cxScore / median // as the full score divides
                entries[i].cost = median
                entries[i].priority = priority
                keys[i].priority = tieKey(priority)
            }
        }
        // group and priority by radix (linear); within a run of equal priority, the CX score and
        // the first 16 bytes of text; within a run equal in those too, whole texts and ids
        // (fetched by position, no hashing). Positions break what is left, as the radix does.
        var order = RankOrder.byGroupAndPriority(keys)
        keys.withUnsafeBufferPointer { keys in
            RankOrder.sortRuns(&order, same: { a, b in keys[a].head == keys[b].head && keys[a].priority == keys[b].priority }) { run in
                run.sort { a, b in
                    let x = keys[Int(a)], y = keys[Int(b)]
                    if x.cx != y.cx { return x.cx > y.cx }
                    if x.text0 != y.text0 { return x.text0 < y.text0 }
                    if x.text1 != y.text1 { return x.text1 < y.text1 }
                    return a < b
                }
                RankOrder.sortRuns(&run, same: { a, b in
                    keys[a].cx == keys[b].cx && keys[a].text0 == keys[b].text0 && keys[a].text1 == keys[b].text1
                }) { tied in
                    tied.sort { a, b in
                        let x = cards[Int(positions[Int(a)])], y = cards[Int(positions[Int(b)])]
                        let t = compareUTF8(x.text, y.text)
                        if t != 0 { return t < 0 }
                        let d = compareUTF8(x.id, y.id)
                        return d != 0 ? d < 0 : a < b
                    }
                }
            }
        }
        return Ranking(scorer: scorer, store: entries, order: order, gateOverride: gate, journey: journey)
    }
}

extension CXScore {
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

/// Sorting entries into rank order. Swift's `sort` costs about 110 ns an element here (it
/// moves whole keys through a merge sort); ranking 100k opportunities needs better, so the
/// two leading parts of the key — the group and the priority — are sorted by radix (16-byte
/// items: the priority's bits, the group and the position), and comparison sorts only order
/// the runs that tie on them.
enum RankOrder {
    /// Positions of `keys` by group ↑, then priority ↓; equal keys keep their order.
    static func byGroupAndPriority(_ keys: [RankKey]) -> [Int32] {
        let n = keys.count
        guard n > 1 else { return (0..<Int32(n)).map { $0 } }
        /// What a pass moves: the digits travel with the position, so no pass looks anything up.
        struct Item { var digits: UInt64; var position: Int32; var group: UInt32 }
        var items = [Item](repeating: Item(digits: 0, position: 0, group: 0), count: n)
        var scratch = items
        var counts = [Int](repeating: 0, count: 8 * 256) // one histogram per byte, filled in one pass
        var groupCounts = [Int](repeating: 0, count: 4)
        for i in 0..<n {
            // priority as an unsigned integer that sorts descending: order-preserving bits, inverted
            let b = keys[i].priority.bitPattern
            let d = ~(b & (1 << 63) != 0 ? ~b : b | (1 << 63))
            items[i] = Item(digits: d, position: Int32(truncatingIfNeeded: i), group: keys[i].head)
            for byte in 0..<8 { counts[byte << 8 | Int((d >> (8 * UInt64(byte))) & 0xFF)] += 1 }
            groupCounts[Int(keys[i].head & 3)] += 1
        }
        items.withUnsafeMutableBufferPointer { a in
            scratch.withUnsafeMutableBufferPointer { b in
                var src = a, dst = b
                var offsets = [Int](repeating: 0, count: 256)
                for byte in 0..<8 {
                    let base = byte << 8
                    var uniform = false // a byte that is the same in every key needs no pass
                    for v in 0..<256 where counts[base + v] != 0 { uniform = counts[base + v] == n; break }
                    if uniform { continue }
                    var sum = 0
                    for v in 0..<256 { offsets[v] = sum; sum += counts[base + v] }
                    let shift = 8 * UInt64(byte)
                    for item in src {
                        let v = Int((item.digits >> shift) & 0xFF)
                        dst[offsets[v]] = item
                        offsets[v] += 1
                    }
                    swap(&src, &dst)
                }
                // the group last, so it leads: a stable counting pass
                var sum = 0
                for g in 0..<4 { offsets[g] = sum; sum += groupCounts[g] }
                for item in src {
                    let g = Int(item.group & 3)
                    dst[offsets[g]] = item
                    offsets[g] += 1
                }
                if dst.baseAddress != a.baseAddress { a.update(fromContentsOf: dst) }
            }
        }
        return items.map(\.position)
    }

    /// Hands each run of two or more consecutive positions that are `same` as the run's first
    /// to `sortRun`.
    static func sortRuns<C: MutableCollection>(_ order: inout C, same: (Int, Int) -> Bool,
                                               _ sortRun: (inout C.SubSequence) -> Void) where C.Element == Int32 {
        var start = order.startIndex
        while start != order.endIndex {
            var end = order.index(after: start)
            while end != order.endIndex && same(Int(order[start]), Int(order[end])) { end = order.index(after: end) }
            if order.index(after: start) != end { sortRun(&order[start..<end]) }
            start = end
        }
    }
}

/// A sort key: group (valid, passing), priority and CX score rounded as `tieKey`, and the
/// text's first sixteen UTF-8 bytes (whole texts settle what is left afterwards). A key's
/// position in its array is its entry's.
struct RankKey {
    var head: UInt32   // 0 valid+passing, 1 valid+failing, 2 invalid+passing, 3 invalid+failing
    var priority: Double
    var cx: Double
    /// The text's bytes 0–7 and 8–15, big-endian and zero-padded: they compare as the bytes do.
    var text0: UInt64
    var text1: UInt64

    @inline(__always)
    init(valid: Bool, passes: Bool, priority: Double?, cx: Double, text: String) {
        head = valid ? (passes ? 0 : 1) : (passes ? 2 : 3)
        self.priority = CXScore.tieKey(priority ?? -.infinity)
        self.cx = CXScore.tieKey(cx)
        (text0, text1) = RankKey.prefix(text)
    }

    @inline(__always)
    static func prefix(_ text: String) -> (UInt64, UInt64) {
        @inline(__always)
        func words(_ buf: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
            let n = buf.count
            if n >= 16, let p = buf.baseAddress { // the usual case: two loads
                let raw = UnsafeRawPointer(p)
                return (UInt64(bigEndian: raw.loadUnaligned(as: UInt64.self)),
                        UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
            }
            var w0: UInt64 = 0, w1: UInt64 = 0
            for i in 0..<min(8, n) { w0 |= UInt64(buf[i]) << (56 - 8 * i) }
            if n > 8 { for i in 8..<n { w1 |= UInt64(buf[i]) << (56 - 8 * (i - 8)) } }
            return (w0, w1)
        }
        if let r = text.utf8.withContiguousStorageIfAvailable(words) { return r }
        return Array(text.utf8.prefix(16)).withUnsafeBufferPointer(words)
    }
}
