/// A map of a board's entities by id, as the code that treats every map alike (reading,
/// writing, diff, merge, undo, conflict resolution) needs it: a dictionary for the small maps,
/// a `CardTable` for the cards.
public protocol EntityMap: Sequence where Element == (key: String, value: Entity) {
    associatedtype Entity
    associatedtype Keys: Collection where Keys.Element == String
    init()
    init(minimumCapacity: Int)
    var count: Int { get }
    var isEmpty: Bool { get }
    var keys: Keys { get }
    subscript(id: String) -> Entity? { get set }
    /// Asks the kernel for huge pages under a large map's storage (fewer page faults while
    /// a large board is read). A hint; nothing when not worth it.
    mutating func adviseHugePages()
    /// Adds an entity under an id the map does not hold yet, with one lookup of the id;
    /// false, and the map unchanged, when the id is there already.
    mutating func insertNew(_ id: String, _ entity: Entity) -> Bool
}

extension Dictionary: EntityMap where Key == String {
    public typealias Entity = Value
    public mutating func adviseHugePages() { HugePages.advise(&self) }
    @inlinable
    public mutating func insertNew(_ id: String, _ entity: Value) -> Bool {
        guard let old = updateValue(entity, forKey: id) else { return true }
        self[id] = old // a duplicate: the first one stays
        return false
    }
}

extension CardTable: EntityMap {
    public typealias Entity = Card
    public mutating func adviseHugePages() { HugePages.advise(&slots) }
}
