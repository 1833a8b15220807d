/// Each entity's known fields, declared once: one `FieldDeclaration` per JSON key, in a static
/// table per entity (`Card.declaration`, `Stage.declaration`, …, `Scoring.declaration`). Reading
/// (`decodeFast`, `decodeDeclared`), writing and its key order (`writeEntity`), the (key, value) pairs that
/// merge, diff and textconv see (`knownFields`), equality of cards, and how each field merges
/// (`BoardMerge.fieldKind`, `placeFields`) are all derived from these tables, so adding a plain
/// field is one stored property plus one row. `FieldDeclarationTests` fails when a stored
/// property has no row, or a row does not read, write, merge or diff.
///
/// Speed: a row holds the byte offset of its stored property (from its key path, once), so
/// reading and writing a field is a switch on its type and a typed load or store at that
/// offset — the same work as hand-written per-entity switches, with no key-path projection
/// per field.

/// What a field holds, as stored and as written.
public enum FieldType: Sendable, Equatable {
    /// A `String`, always written.
    case string
    /// A `String`, written only when not empty.
    case stringOmittedWhenEmpty
    /// A `String?`, written when set.
    case optionalString
    /// A `Double`, always written.
    case number
    /// A `Double?`, written when set.
    case optionalNumber
    /// A `Double` with `AbsentNumber.bits` meaning "not set" (the card's 8-byte optional).
    case absentableNumber
    /// An `Int`, always written.
    case integer
    /// A `Bool`, written only when true.
    case flag
    /// A `[String: Double]`, written when not empty.
    case numberMap
    /// A `CodePointMap<Int>` (keys compared by code points), written when not empty.
    case integerMap
    /// A `[String]` kept as a set (sorted, no repeats), written when not empty.
    case stringSet
    /// A `CodePointMap<CardComment>` (a card's thread by comment id), written when not empty.
    case commentMap
}

/// How a field merges when both sides changed it (docs/MERGING.md).
public enum FieldMerge: Sendable, Equatable {
    /// One value: equal, one side's change, or a conflict record.
    case plain
    /// A map whose keys merge one by one (votes per participant, values per metric).
    case keyed
    /// A set: additions and removals of both sides apply.
    case set
    /// Part of the entity's place (a card's stage, lane, order): the parts merge as one unit.
    case place
}

/// One known field of an entity: its JSON key, where it is stored, and how it behaves.
public struct FieldDeclaration<Root>: @unchecked Sendable {
    public let name: String
    public let type: FieldType
    public let merge: FieldMerge
    /// A file must give it (a missing one is an error, never a default).
    public let required: Bool
    /// Byte offset of the stored property in `Root` (its key path must name a stored property).
    let offset: Int

    init<Value>(_ name: String, _ path: WritableKeyPath<Root, Value>, _ type: FieldType, merge: FieldMerge, required: Bool) {
        guard let offset = MemoryLayout<Root>.offset(of: path) else {
            preconditionFailure("\(Root.self).\(name) must be a stored property")
        }
        self.name = name; self.type = type; self.merge = merge; self.required = required
        self.offset = offset
    }

    public static func string(_ name: String, _ path: WritableKeyPath<Root, String>, required: Bool = false,
                              merge: FieldMerge = .plain) -> Self {
        Self(name, path, .string, merge: merge, required: required)
    }
    /// A string written only when it is not empty.
    public static func stringOrEmpty(_ name: String, _ path: WritableKeyPath<Root, String>) -> Self {
        Self(name, path, .stringOmittedWhenEmpty, merge: .plain, required: false)
    }
    public static func string(_ name: String, _ path: WritableKeyPath<Root, String?>) -> Self {
        Self(name, path, .optionalString, merge: .plain, required: false)
    }
    public static func number(_ name: String, _ path: WritableKeyPath<Root, Double>, required: Bool = false) -> Self {
        Self(name, path, .number, merge: .plain, required: required)
    }
    public static func number(_ name: String, _ path: WritableKeyPath<Root, Double?>) -> Self {
        Self(name, path, .optionalNumber, merge: .plain, required: false)
    }
    public static func number(_ name: String, _ path: WritableKeyPath<Root, AbsentNumber>) -> Self {
        Self(name, path, .absentableNumber, merge: .plain, required: false)
    }
    public static func integer(_ name: String, _ path: WritableKeyPath<Root, Int>) -> Self {
        Self(name, path, .integer, merge: .plain, required: false)
    }
    public static func flag(_ name: String, _ path: WritableKeyPath<Root, Bool>) -> Self {
        Self(name, path, .flag, merge: .plain, required: false)
    }
    /// Numbers by key (metric id); merged key by key unless `merge` says otherwise.
    public static func numbers(_ name: String, _ path: WritableKeyPath<Root, [String: Double]>, merge: FieldMerge = .keyed) -> Self {
        Self(name, path, .numberMap, merge: merge, required: false)
    }
    public static func integers(_ name: String, _ path: WritableKeyPath<Root, CodePointMap<Int>>, merge: FieldMerge = .keyed) -> Self {
        Self(name, path, .integerMap, merge: merge, required: false)
    }
    public static func stringSet(_ name: String, _ path: WritableKeyPath<Root, [String]>) -> Self {
        Self(name, path, .stringSet, merge: .set, required: false)
    }
    /// Comments by id; merged comment by comment.
    public static func comments(_ name: String, _ path: WritableKeyPath<Root, CodePointMap<CardComment>>) -> Self {
        Self(name, path, .commentMap, merge: .keyed, required: false)
    }
}

/// An optional number in 8 bytes: a reserved NaN means "absent" (a value no file or edit can
/// produce: a signalling NaN with a payload arithmetic never makes, and JSON cannot spell).
public struct AbsentNumber: Sendable, Equatable {
    @usableFromInline static let bits: UInt64 = 0x7FF4_CA2D_0000_0A5E
    @usableFromInline var raw: Double
    @inlinable public init(_ value: Double?) { raw = value ?? Double(bitPattern: AbsentNumber.bits) }
    @inlinable public var value: Double? {
        get { raw.bitPattern == AbsentNumber.bits ? nil : raw }
        set { raw = newValue ?? Double(bitPattern: AbsentNumber.bits) }
    }
    public static let absent = AbsentNumber(nil)
    public static func == (a: AbsentNumber, b: AbsentNumber) -> Bool { a.value == b.value }
}

/// The declared fields of one entity, with what is derived from them once: the reader's
/// table of names, the required-field mask, the write order, and each field's type and offset
/// in plain memory (`slots`), so the per-field work of reading and writing touches no
/// reference count. A class: the hot paths hold one reference to it, not copies of its arrays.
public final class EntityDeclaration<Root>: @unchecked Sendable {
    /// A field's type and where it is stored: all the per-field paths need.
    struct Slot { let type: FieldType; let offset: Int }
    /// What the entity is called in messages ("card").
    public let kindName: String
    /// In the order the reader numbers them (the bit of each in `requiredMask`).
    public let fields: [FieldDeclaration<Root>]
    let table: FieldTable
    let requiredMask: UInt32
    /// Indices into `fields` in code-point order of the names: the canonical key order.
    let writeOrder: [Int]
    let writeNames: [String]
    /// Never freed: declarations are static and live as long as the process.
    let slots: UnsafeMutablePointer<Slot>

    public init(_ kindName: String, _ fields: [FieldDeclaration<Root>]) {
        self.kindName = kindName
        self.fields = fields
        slots = .allocate(capacity: max(1, fields.count))
        for (n, field) in fields.enumerated() { (slots + n).initialize(to: Slot(type: field.type, offset: field.offset)) }
        let names = fields.map(\.name)
        precondition(Set(names).count == names.count, "\(kindName): a field is declared twice")
        table = FieldTable(names)
        var mask: UInt32 = 0
        for (n, f) in fields.enumerated() where f.required { mask |= 1 << UInt32(n) }
        requiredMask = mask
        writeOrder = fields.indices.sorted { CanonicalJSON.keyPrecedes(fields[$0].name, fields[$1].name) }
        writeNames = writeOrder.map { fields[$0].name }
    }

    /// The keys of the declared fields.
    public var names: Set<String> { Set(fields.map(\.name)) }

    /// How the field `name` merges (`.plain` for a name not declared: unknown fields).
    public func merge(of name: String) -> FieldMerge {
        fields.first { $0.name == name }?.merge ?? .plain
    }

    /// The fields that give the entity's place (merged as one unit), in declaration order.
    public var placeFields: [String] { fields.filter { $0.merge == .place }.map(\.name) }

    // MARK: operations on stored fields at a raw address

    @inline(__always)
    func decode(_ number: Int, _ base: UnsafeMutableRawPointer, _ reader: inout StrictJSONReader,
                _ what: @autoclosure () -> String) throws {
        let field = slots[number]
        let at = base + field.offset
        switch field.type {
        case .string, .stringOmittedWhenEmpty: at.assumingMemoryBound(to: String.self).pointee = try reader.string(what())
        case .optionalString: at.assumingMemoryBound(to: String?.self).pointee = try reader.string(what())
        case .number: at.assumingMemoryBound(to: Double.self).pointee = try reader.number(what())
        case .optionalNumber: at.assumingMemoryBound(to: Double?.self).pointee = try reader.number(what())
        case .absentableNumber: at.assumingMemoryBound(to: AbsentNumber.self).pointee = AbsentNumber(try reader.number(what()))
        case .integer: at.assumingMemoryBound(to: Int.self).pointee = try reader.integer(what())
        case .flag:
            try reader.valueAhead()
            let start = reader.i
            guard case .bool(let value) = try reader.readValue() else { throw reader.fail("\(what()) must be true or false", at: start) }
            at.assumingMemoryBound(to: Bool.self).pointee = value
        case .numberMap: at.assumingMemoryBound(to: [String: Double].self).pointee = try reader.numberMap(what())
        case .integerMap: at.assumingMemoryBound(to: CodePointMap<Int>.self).pointee = try reader.integerMap(what())
        case .stringSet: at.assumingMemoryBound(to: [String].self).pointee = try reader.stringSet(what())
        case .commentMap: at.assumingMemoryBound(to: CodePointMap<CardComment>.self).pointee = try reader.commentMap(what())
        }
    }

    /// Is the field set (written)?
    @inline(__always)
    func isSet(_ number: Int, _ base: UnsafeRawPointer) -> Bool {
        let field = slots[number]
        let at = base + field.offset
        switch field.type {
        case .string, .number, .integer: return true
        case .stringOmittedWhenEmpty: return !at.assumingMemoryBound(to: String.self).pointee.isEmpty
        case .optionalString: return at.assumingMemoryBound(to: String?.self).pointee != nil
        case .optionalNumber: return at.assumingMemoryBound(to: Double?.self).pointee != nil
        case .absentableNumber: return at.assumingMemoryBound(to: AbsentNumber.self).pointee.value != nil
        case .flag: return at.assumingMemoryBound(to: Bool.self).pointee
        case .numberMap: return !at.assumingMemoryBound(to: [String: Double].self).pointee.isEmpty
        case .integerMap: return !at.assumingMemoryBound(to: CodePointMap<Int>.self).pointee.isEmpty
        case .stringSet: return !at.assumingMemoryBound(to: [String].self).pointee.isEmpty
        case .commentMap: return !at.assumingMemoryBound(to: CodePointMap<CardComment>.self).pointee.isEmpty
        }
    }

    /// Writes the value of a set field as canonical text.
    @inline(__always)
    func write(_ number: Int, _ base: UnsafeRawPointer, _ writer: inout CanonicalJSON, indent: Int) {
        let field = slots[number]
        let at = base + field.offset
        switch field.type {
        case .string, .stringOmittedWhenEmpty: writer.writeString(at.assumingMemoryBound(to: String.self).pointee)
        case .optionalString: writer.writeString(at.assumingMemoryBound(to: String?.self).pointee!)
        case .number: writer.writeNumber(at.assumingMemoryBound(to: Double.self).pointee)
        case .optionalNumber: writer.writeNumber(at.assumingMemoryBound(to: Double?.self).pointee!)
        case .absentableNumber: writer.writeNumber(at.assumingMemoryBound(to: AbsentNumber.self).pointee.raw)
        case .integer: writer.writeNumber(Double(at.assumingMemoryBound(to: Int.self).pointee))
        case .flag: writer.append("true")
        case .numberMap: writer.writeNumbers(at.assumingMemoryBound(to: [String: Double].self).pointee, indent: indent) { $0 }
        case .integerMap: writer.writeNumbers(at.assumingMemoryBound(to: CodePointMap<Int>.self).pointee, indent: indent) { Double($0) }
        case .stringSet: writer.writeSet(at.assumingMemoryBound(to: [String].self).pointee, indent: indent)
        case .commentMap: writer.write(CardComment.json(at.assumingMemoryBound(to: CodePointMap<CardComment>.self).pointee), indent: indent)
        }
    }

    /// The value of a set field as JSON.
    func json(_ number: Int, _ base: UnsafeRawPointer) -> JSONValue {
        let field = slots[number]
        let at = base + field.offset
        switch field.type {
        case .string, .stringOmittedWhenEmpty: return .string(at.assumingMemoryBound(to: String.self).pointee)
        case .optionalString: return .string(at.assumingMemoryBound(to: String?.self).pointee!)
        case .number: return .number(at.assumingMemoryBound(to: Double.self).pointee)
        case .optionalNumber: return .number(at.assumingMemoryBound(to: Double?.self).pointee!)
        case .absentableNumber: return .number(at.assumingMemoryBound(to: AbsentNumber.self).pointee.raw)
        case .integer: return .number(Double(at.assumingMemoryBound(to: Int.self).pointee))
        case .flag: return .bool(at.assumingMemoryBound(to: Bool.self).pointee)
        case .numberMap: return .object(CodePointMap(at.assumingMemoryBound(to: [String: Double].self).pointee.mapValues { .number($0) }))
        case .integerMap: return .object(at.assumingMemoryBound(to: CodePointMap<Int>.self).pointee.mapValues { .number(Double($0)) })
        case .stringSet: return .array(StringSet.normalized(at.assumingMemoryBound(to: [String].self).pointee).map { .string($0) })
        case .commentMap: return CardComment.json(at.assumingMemoryBound(to: CodePointMap<CardComment>.self).pointee)
        }
    }

    /// Are the two values of a field equal? Text compares by code points (Swift's `==` is
    /// canonical equivalence): an edit from "é" to "e\u{301}" is a change that must be saved.
    @inline(__always)
    func equal(_ number: Int, _ a: UnsafeRawPointer, _ b: UnsafeRawPointer) -> Bool {
        let field = slots[number]
        let x = a + field.offset, y = b + field.offset
        func same(_ p: String, _ q: String) -> Bool { CanonicalJSON.sameText(p, q) }
        switch field.type {
        case .string, .stringOmittedWhenEmpty:
            return same(x.assumingMemoryBound(to: String.self).pointee, y.assumingMemoryBound(to: String.self).pointee)
        case .optionalString:
            let p = x.assumingMemoryBound(to: String?.self).pointee, q = y.assumingMemoryBound(to: String?.self).pointee
            guard let p = p, let q = q else { return p == nil && q == nil }
            return same(p, q)
        case .number: return x.assumingMemoryBound(to: Double.self).pointee == y.assumingMemoryBound(to: Double.self).pointee
        case .optionalNumber: return x.assumingMemoryBound(to: Double?.self).pointee == y.assumingMemoryBound(to: Double?.self).pointee
        case .absentableNumber:
            return x.assumingMemoryBound(to: AbsentNumber.self).pointee == y.assumingMemoryBound(to: AbsentNumber.self).pointee
        case .integer: return x.assumingMemoryBound(to: Int.self).pointee == y.assumingMemoryBound(to: Int.self).pointee
        case .flag: return x.assumingMemoryBound(to: Bool.self).pointee == y.assumingMemoryBound(to: Bool.self).pointee
        case .numberMap:
            return x.assumingMemoryBound(to: [String: Double].self).pointee == y.assumingMemoryBound(to: [String: Double].self).pointee
        case .integerMap:
            return x.assumingMemoryBound(to: CodePointMap<Int>.self).pointee == y.assumingMemoryBound(to: CodePointMap<Int>.self).pointee
        case .stringSet:
            let p = x.assumingMemoryBound(to: [String].self).pointee, q = y.assumingMemoryBound(to: [String].self).pointee
            return p.count == q.count && !zip(p, q).contains { !same($0, $1) }
        case .commentMap:
            return x.assumingMemoryBound(to: CodePointMap<CardComment>.self).pointee == y.assumingMemoryBound(to: CodePointMap<CardComment>.self).pointee
        }
    }

    /// Stores a JSON value in a field (nil or null: the field not set — empty, absent or false).
    /// False, and nothing stored, when the value does not fit the field's type.
    func store(_ number: Int, _ base: UnsafeMutableRawPointer, _ value: JSONValue?) -> Bool {
        let field = slots[number]
        let at = base + field.offset
        let v: JSONValue? = value == .null ? nil : value
        switch (field.type, v) {
        case (.string, .string(let s)?), (.stringOmittedWhenEmpty, .string(let s)?): at.assumingMemoryBound(to: String.self).pointee = s
        case (.string, nil), (.stringOmittedWhenEmpty, nil): at.assumingMemoryBound(to: String.self).pointee = ""
        case (.optionalString, .string(let s)?): at.assumingMemoryBound(to: String?.self).pointee = s
        case (.optionalString, nil): at.assumingMemoryBound(to: String?.self).pointee = nil
        case (.number, .number(let n)?): at.assumingMemoryBound(to: Double.self).pointee = n
        case (.optionalNumber, .number(let n)?): at.assumingMemoryBound(to: Double?.self).pointee = n
        case (.optionalNumber, nil): at.assumingMemoryBound(to: Double?.self).pointee = nil
        case (.absentableNumber, .number(let n)?): at.assumingMemoryBound(to: AbsentNumber.self).pointee = AbsentNumber(n)
        case (.absentableNumber, nil): at.assumingMemoryBound(to: AbsentNumber.self).pointee = .absent
        case (.integer, .number(let n)?) where n == n.rounded() && abs(n) < 1e15: at.assumingMemoryBound(to: Int.self).pointee = Int(n)
        case (.flag, .bool(let b)?): at.assumingMemoryBound(to: Bool.self).pointee = b
        case (.flag, nil): at.assumingMemoryBound(to: Bool.self).pointee = false
        case (.numberMap, .object(let o)?):
            var m: [String: Double] = [:]
            for key in o.keys { guard let n = o[key]?.numberValue else { return false }; m[key] = n }
            at.assumingMemoryBound(to: [String: Double].self).pointee = m
        case (.numberMap, nil): at.assumingMemoryBound(to: [String: Double].self).pointee = [:]
        case (.integerMap, .object(let o)?):
            var m = CodePointMap<Int>()
            for key in o.keys {
                guard let n = o[key]?.numberValue, n == n.rounded(), abs(n) < 1e15 else { return false }
                m[key] = Int(n)
            }
            at.assumingMemoryBound(to: CodePointMap<Int>.self).pointee = m
        case (.integerMap, nil): at.assumingMemoryBound(to: CodePointMap<Int>.self).pointee = [:]
        case (.stringSet, .array(let a)?):
            let strings = a.compactMap(\.stringValue)
            guard strings.count == a.count else { return false }
            at.assumingMemoryBound(to: [String].self).pointee = StringSet.normalized(strings)
        case (.stringSet, nil): at.assumingMemoryBound(to: [String].self).pointee = []
        default: return false
        }
        return true
    }

    /// The declared type of the field `name` (nil: not declared).
    public func type(of name: String) -> FieldType? { fields.first { $0.name == name }?.type }

    /// Every declared field equal (by `equal`)?
    func allEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer) -> Bool {
        for number in fields.indices where !equal(number, a, b) { return false }
        return true
    }

    /// The set fields as (key, value) pairs, in declaration order.
    func knownFields(_ base: UnsafeRawPointer) -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = []
        out.reserveCapacity(fields.count)
        for number in fields.indices where isSet(number, base) { out.append((fields[number].name, json(number, base))) }
        return out
    }
}

/// An entity (or the board's scoring settings) whose known fields are declared in a table.
/// `Stored` is the type holding the fields: the entity itself, or for a card the struct in its
/// copy-on-write box.
public protocol DeclaredFields {
    associatedtype Stored
    static var declaration: EntityDeclaration<Stored> { get }
    var extra: CodePointMap<JSONValue> { get set }
    /// The stored fields at an address, for reading.
    func withStoredFields<R>(_ body: (UnsafeRawPointer) throws -> R) rethrows -> R
    /// The stored fields at an address, for changing (a card copies a shared box first).
    mutating func withMutableStoredFields<R>(_ body: (UnsafeMutableRawPointer) throws -> R) rethrows -> R
}

extension DeclaredFields where Stored == Self {
    @inline(__always)
    public func withStoredFields<R>(_ body: (UnsafeRawPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: self) { try body($0.baseAddress!) }
    }
    @inline(__always)
    public mutating func withMutableStoredFields<R>(_ body: (UnsafeMutableRawPointer) throws -> R) rethrows -> R {
        try withUnsafeMutableBytes(of: &self) { try body($0.baseAddress!) }
    }
}

extension DeclaredFields {
    /// The known fields that are set, as (key, value) pairs (what merge, diff and textconv see).
    public func knownFields() -> [(String, JSONValue)] {
        withStoredFields { Self.declaration.knownFields($0) }
    }

    /// Known fields and kept unknown ones, as one JSON object.
    var fieldsObject: CodePointMap<JSONValue> {
        var object = extra
        for (key, value) in knownFields() { object[key] = value }
        return object
    }

    /// The value of the declared field `name` as JSON (nil: not set, or not declared).
    public func field(_ name: String) -> JSONValue? {
        guard let number = Self.declaration.table.index(name) else { return nil }
        return withStoredFields { base -> JSONValue? in Self.declaration.isSet(number, base) ? Self.declaration.json(number, base) : Optional.none }
    }

    /// Sets the declared field `name` from a JSON value (nil or null: not set). False, and
    /// nothing changed, for a field not declared or a value of another type.
    @discardableResult
    public mutating func setField(_ name: String, _ value: JSONValue?) -> Bool {
        guard let number = Self.declaration.table.index(name) else { return false }
        return withMutableStoredFields { Self.declaration.store(number, $0, value) }
    }

    /// Reads the known field `name` from the reader; false for a field not declared.
    mutating func decodeDeclared(_ name: String, _ reader: inout StrictJSONReader, path: String) throws -> Bool {
        guard let number = Self.declaration.table.index(name) else { return false }
        try withMutableStoredFields { try Self.declaration.decode(number, $0, &reader, path + name) }
        return true
    }
}
