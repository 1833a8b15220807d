/// Ordered views of a board: journeys, their stages and lanes, and the cards in a cell.
extension Board {
    public var orderedJourneys: [Journey] {
        journeys.values.sorted { orderPrecedes($0.order, $0.id, $1.order, $1.id) }
    }
    public var orderedHeroMetrics: [HeroMetric] {
        heroMetrics.values.sorted { orderPrecedes($0.order, $0.id, $1.order, $1.id) }
    }
    public var orderedPersonas: [Persona] {
        personas.values.sorted { orderPrecedes($0.order, $0.id, $1.order, $1.id) }
    }
    public func stages(of journey: String) -> [Stage] {
        stages.values.filter { $0.journey == journey }.sorted { orderPrecedes($0.order, $0.id, $1.order, $1.id) }
    }
    public func lanes(of journey: String) -> [Lane] {
        lanes.values.filter { $0.journey == journey }.sorted { orderPrecedes($0.order, $0.id, $1.order, $1.id) }
    }
    /// Cards of one cell in order. Linear in the board: views keep a `CellIndex` instead.
    public func cards(stage: String, lane: String) -> [Card] {
        cards.values.filter { $0.stage == stage && $0.lane == lane }
            .sorted { orderPrecedes($0.order, $0.id, $1.order, $1.id) }
    }
    /// The journey a card belongs to (through its stage).
    public func journeyID(ofCard c: Card) -> String? { stages[c.stage]?.journey ?? lanes[c.lane]?.journey }

    public func kind(of c: Card) -> LaneKind? { lanes[c.lane]?.laneKind }
}

/// Cards grouped by cell (stage × lane), each cell in order. Built once in O(n log n), then
/// kept up to date card by card, so an edit never re-scans a 100k-card board.
public struct CellIndex: Sendable {
    public struct Key: Hashable, Sendable {
        public var stage: String
        public var lane: String
        public init(stage: String, lane: String) { self.stage = stage; self.lane = lane }
    }
    /// (order, id) of the cards of each cell, sorted.
    public private(set) var cells: [Key: [(order: String, id: String)]] = [:]

    public init() {}

    public init(_ board: Board) {
        var c: [Key: [(order: String, id: String)]] = [:]
        for card in board.cards.values {
            c[Key(stage: card.stage, lane: card.lane), default: []].append((card.order, card.id))
        }
        for k in c.keys { c[k]!.sort { orderPrecedes($0.order, $0.id, $1.order, $1.id) } }
        cells = c
    }

    public func ids(stage: String, lane: String) -> [String] {
        (cells[Key(stage: stage, lane: lane)] ?? []).map(\.id)
    }

    public func count(stage: String, lane: String) -> Int {
        cells[Key(stage: stage, lane: lane)]?.count ?? 0
    }

    /// Reflects one card changing (added: old nil; removed: new nil; moved or reordered).
    public mutating func update(old: Card?, new: Card?) {
        if let o = old {
            let k = Key(stage: o.stage, lane: o.lane)
            if var list = cells[k], let i = list.firstIndex(where: { $0.id == o.id }) {
                list.remove(at: i)
                cells[k] = list.isEmpty ? nil : list
            }
        }
        if let n = new {
            let k = Key(stage: n.stage, lane: n.lane)
            var list = cells[k] ?? []
            let i = list.firstIndex { orderPrecedes(n.order, n.id, $0.order, $0.id) } ?? list.count
            list.insert((n.order, n.id), at: i)
            cells[k] = list
        }
    }
}
