/// A key compared by its code points (its UTF-8 bytes), not by Swift's canonical equivalence:
/// "é" (U+00E9) and "e\u{301}" are two keys. Hashing a short ASCII key's bytes is about as
/// cheap as hashing the `String`, and allocates nothing.
public struct CodePointKey: Hashable, Sendable, Comparable {
    public let string: String
    @inlinable public init(_ string: String) { self.string = string }
    @inlinable public static func == (a: CodePointKey, b: CodePointKey) -> Bool { CanonicalJSON.sameText(a.string, b.string) }
    @inlinable public func hash(into hasher: inout Hasher) {
        var s = string
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
    /// Code-point order (the order of UTF-8 bytes), the canonical key order.
    @inlinable public static func < (a: CodePointKey, b: CodePointKey) -> Bool { CanonicalJSON.keyPrecedes(a.string, b.string) }
}

/// A map from text to values whose keys compare by code points (see `CodePointKey`), so a
/// file's object may hold keys that differ only in Unicode normalisation — two participants
/// voting as "é" and "e\u{301}" are two participants. Spoken to like a `[String: Value]`.
public struct CodePointMap<Value>: Sequence {
    @usableFromInline var storage: [CodePointKey: Value]
    @inlinable public init() { storage = [:] }
    @inlinable public init(minimumCapacity n: Int) { storage = .init(minimumCapacity: n) }
    @inlinable public init(_ d: [String: Value]) {
        storage = .init(minimumCapacity: d.count)
        for (k, v) in d { storage[CodePointKey(k)] = v }
    }
    @inlinable public init<S: Sequence>(uniqueKeysWithValues s: S) where S.Element == (String, Value) {
        storage = [:]
        for (k, v) in s { storage[CodePointKey(k)] = v }
    }
    @inlinable public subscript(key: String) -> Value? {
        get { storage[CodePointKey(key)] }
        set { storage[CodePointKey(key)] = newValue }
    }
    @inlinable public subscript(key: String, default value: @autoclosure () -> Value) -> Value {
        get { storage[CodePointKey(key)] ?? value() }
        set { storage[CodePointKey(key)] = newValue }
    }
    @inlinable public var count: Int { storage.count }
    @inlinable public var isEmpty: Bool { storage.isEmpty }
    /// The keys, in no particular order.
    @inlinable public var keys: [String] { storage.keys.map(\.string) }
    @inlinable public var values: Dictionary<CodePointKey, Value>.Values { storage.values }
    /// The keys in code-point order.
    @inlinable public var sortedKeys: [String] { storage.keys.sorted().map(\.string) }
    @discardableResult @inlinable public mutating func removeValue(forKey key: String) -> Value? {
        storage.removeValue(forKey: CodePointKey(key))
    }
    @inlinable public func mapValues<T>(_ f: (Value) throws -> T) rethrows -> CodePointMap<T> {
        var m = CodePointMap<T>(); m.storage = try storage.mapValues(f); return m
    }
    @inlinable public func filter(_ f: ((key: String, value: Value)) throws -> Bool) rethrows -> CodePointMap<Value> {
        var m = CodePointMap<Value>(); m.storage = try storage.filter { try f((key: $0.key.string, value: $0.value)) }; return m
    }
    @inlinable public func contains(key: String) -> Bool { storage[CodePointKey(key)] != nil }
    /// The keys of all the maps, each once, in code-point order (a `Set<String>` would make
    /// "é" and "e\u{301}" one key).
    public static func keys(of maps: CodePointMap...) -> [String] {
        var all = Set<CodePointKey>()
        for m in maps { all.formUnion(m.storage.keys) }
        return all.sorted().map(\.string)
    }

    /// Every key of the maps once, in no particular order (a merge of one entity's fields,
    /// which visits each once and sorts nothing).
    public static func unorderedKeys(of maps: CodePointMap...) -> [String] {
        var all = Set<CodePointKey>(minimumCapacity: maps.first?.count ?? 0)
        for m in maps { all.formUnion(m.storage.keys) }
        return all.map(\.string)
    }

    public struct Iterator: IteratorProtocol {
        @usableFromInline var base: Dictionary<CodePointKey, Value>.Iterator
        @inlinable init(_ base: Dictionary<CodePointKey, Value>.Iterator) { self.base = base }
        @inlinable public mutating func next() -> (key: String, value: Value)? {
            guard let (k, v) = base.next() else { return nil }
            return (key: k.string, value: v)
        }
    }
    @inlinable public func makeIterator() -> Iterator { Iterator(storage.makeIterator()) }
    @inlinable public var underestimatedCount: Int { storage.count }
}

extension CodePointMap: ExpressibleByDictionaryLiteral {
    @inlinable public init(dictionaryLiteral elements: (String, Value)...) {
        storage = .init(minimumCapacity: elements.count)
        for (k, v) in elements { storage[CodePointKey(k)] = v }
    }
}

extension CodePointMap: Equatable where Value: Equatable {}
extension CodePointMap: Hashable where Value: Hashable {}
extension CodePointMap: Sendable where Value: Sendable {}

extension CodePointMap: CustomStringConvertible {
    public var description: String {
        "[" + storage.keys.sorted().map { "\"\($0.string)\": \(storage[$0]!)" }.joined(separator: ", ") + "]"
    }
}
