/// The cards of a board, by id: a dictionary that keeps its cards in one array, in the order
/// they were added (a deletion moves the last card into the gap).
///
/// Why not `[String: Card]`: a dictionary walks its cards in hash order, which is a random
/// walk through memory — on a 100k-card board every card visited is a cache miss, and
/// scoring, validation and the swimlane index all visit every card. Cards read from a file
/// were allocated one after another, so walking them in the order they were added streams
/// through memory (about 6× faster to visit all 100k cards on this machine). Lookups by id go
/// through a dictionary of positions, as fast as before.
///
/// It reads like a dictionary: `cards[id]` (get, set, set to nil to delete, and in-place
/// changes such as `cards[id]!.text = "…"`), `keys`, `values`, `count`, `removeValue(forKey:)`,
/// `mapValues`, iteration as `(key, value)` pairs, and a dictionary literal. The order of iteration is not
/// part of the board (two tables with the same cards are equal); code that shows or writes
/// cards sorts them, as it did with a dictionary.
public struct CardTable: Sendable {
    @usableFromInline var ids: [String] = []
    @usableFromInline var cardList: [Card] = []
    @usableFromInline var slots: [String: Int] = [:]

    public init() {}

    public init(minimumCapacity n: Int) {
        reserveCapacity(n)
    }

    /// From a dictionary (in its order).
    public init(_ cards: [String: Card]) {
        reserveCapacity(cards.count)
        for (k, c) in cards { self[k] = c }
    }

    public var count: Int { ids.count }
    public var isEmpty: Bool { ids.isEmpty }

    /// The ids, in the table's order (see the type's comment).
    public var keys: Keys { Keys(table: self) }
    /// The cards, in the table's order: a plain array, so a walk over every card streams.
    public var values: [Card] { cardList }

    public mutating func reserveCapacity(_ n: Int) {
        ids.reserveCapacity(n)
        cardList.reserveCapacity(n)
        slots.reserveCapacity(n)
    }

    @inlinable
    public func index(forKey id: String) -> Int? { slots[id] }

    /// The card with this id; nil when there is none. Setting nil deletes.
    @inlinable
    public subscript(id: String) -> Card? {
        get {
            guard let i = slots[id] else { return nil }
            return cardList[i]
        }
        _modify {
            // The card is moved out of its slot while it is changed, so a change in place
            // (`cards[id]!.text = …`) finds it uniquely referenced and does not copy its box.
            let slot = slots[id]
            var value: Card?
            if let i = slot { value = take(at: i) }
            defer { settle(id, slot: slot, value) }
            yield &value
        }
    }

    @discardableResult
    public mutating func removeValue(forKey id: String) -> Card? {
        guard let i = slots[id] else { return nil }
        let old = cardList[i]
        remove(at: i, id: id)
        return old
    }

    public func mapValues<T>(_ transform: (Card) throws -> T) rethrows -> [String: T] {
        var d = [String: T](minimumCapacity: count)
        for i in 0..<ids.count { d[ids[i]] = try transform(cardList[i]) }
        return d
    }

    /// As a dictionary (for code that wants one).
    public var dictionary: [String: Card] {
        var d = [String: Card](minimumCapacity: count)
        for i in 0..<ids.count { d[ids[i]] = cardList[i] }
        return d
    }

    // MARK: storage

    /// The card at `i`, moved out; a shared placeholder holds the slot until `settle`.
    @usableFromInline
    mutating func take(at i: Int) -> Card {
        var c = CardTable.placeholder
        swap(&c, &cardList[i])
        return c
    }

    @usableFromInline
    mutating func settle(_ id: String, slot: Int?, _ value: Card?) {
        switch (slot, value) {
        case let (i?, v?): cardList[i] = v
        case let (i?, nil): remove(at: i, id: id)
        case let (nil, v?): append(id, v)
        case (nil, nil): break
        }
    }

    @usableFromInline
    static let placeholder = Card(id: "", lane: "", stage: "", order: "", text: "")

    @usableFromInline
    mutating func append(_ id: String, _ card: Card) {
        slots[id] = ids.count
        ids.append(id)
        cardList.append(card)
    }

    /// Adds a card under an id not yet taken, hashing the id once; false, nothing changed,
    /// when the id is taken.
    public mutating func insertNew(_ id: String, _ card: Card) -> Bool {
        if let old = slots.updateValue(ids.count, forKey: id) {
            slots[id] = old
            return false
        }
        ids.append(id)
        cardList.append(card)
        return true
    }

    @usableFromInline
    mutating func remove(at i: Int, id: String) {
        let last = ids.count - 1
        if i != last {
            ids.swapAt(i, last)
            cardList.swapAt(i, last)
            slots[ids[i]] = i
        }
        ids.removeLast()
        cardList.removeLast()
        slots[id] = nil
    }
}

extension CardTable: RandomAccessCollection {
    public typealias Element = (key: String, value: Card)
    public var startIndex: Int { 0 }
    public var endIndex: Int { ids.count }
    public subscript(position: Int) -> (key: String, value: Card) { (ids[position], cardList[position]) }
}

extension CardTable: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, Card)...) {
        reserveCapacity(elements.count)
        for (k, c) in elements { self[k] = c }
    }
}

extension CardTable: Equatable {
    /// The same ids with equal cards, in any order.
    public static func == (a: CardTable, b: CardTable) -> Bool {
        guard a.count == b.count else { return false }
        if a.ids == b.ids { return a.cardList == b.cardList }
        for i in 0..<a.ids.count {
            guard let j = b.slots[a.ids[i]], a.cardList[i] == b.cardList[j] else { return false }
        }
        return true
    }
}

extension CardTable {
    /// The ids of a table: a collection in the table's order, with `contains` by lookup.
    public struct Keys: RandomAccessCollection, Sendable {
        let table: CardTable
        public var startIndex: Int { 0 }
        public var endIndex: Int { table.ids.count }
        public subscript(position: Int) -> String { table.ids[position] }
        public func contains(_ id: String) -> Bool { table.slots[id] != nil }
    }
}
