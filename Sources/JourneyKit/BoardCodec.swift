/// Reading and writing the board file. Entities are decoded straight from the bytes (no
/// intermediate tree: a 100k-card board reads several times faster that way) and encoded as
/// canonical text. Fields this version does not know are kept in `extra` and written back.

import Dispatch

/// An entity of the board file: an object kept in a map under its id. Its known fields are
/// declared in its `declaration` (FieldDeclarations.swift).
public protocol BoardEntity: DeclaredFields, Equatable, Sendable {
    var id: String { get }
    var loc: SourceLocation { get set }
    /// An entity with only its id set, to decode into.
    init(decodingID id: String)
    /// The board's map of this entity.
    static var entityKind: EntityKind { get }
}

extension BoardEntity {
    /// What the entity is called in messages ("card").
    public static var kindName: String { declaration.kindName }
    /// The fields that give the entity its place (they merge as one unit).
    public static var placeFields: [String] { declaration.placeFields }
    /// How the field `name` merges.
    public static func merge(of name: String) -> FieldMerge { declaration.merge(of: name) }

    /// Known fields and kept unknown ones, ready for the canonical writer.
    public func allFields() -> [(String, JSONValue)] {
        var fields = knownFields()
        for (key, value) in extra where !fields.contains(where: { $0.0 == key }) { fields.append((key, value)) }
        return fields
    }

    public var jsonObject: JSONValue { .object(fieldsObject) }

    /// Decodes an entity from an object value (used by merge and conflict resolution).
    public init(id: String, json: JSONValue) throws {
        var writer = CanonicalJSON()
        writer.write(json, indent: 0)
        let bytes = writer.bytes
        self = try bytes.withUnsafeBufferPointer { buffer in
            var reader = StrictJSONReader(buffer)
            return try Self.decode(id: id, &reader, path: "")
        }
    }

    static func decode(id: String, _ r: inout StrictJSONReader, path: String) throws -> Self {
        var entity = Self(decodingID: id)
        r.skipSpace()
        entity.loc = SourceLocation(r.i)
        guard r.peek() == UInt8(ascii: "{") else {
            throw r.fail("\(path)\(id) must be an object, not \(r.kindHere())")
        }
        try r.readObject { r, key, _ in
            if try !entity.decodeDeclared(key, &r, path: "\(Self.entityKind.rawValue).\(id).") { entity.extra[key] = try r.readValue() }
        }
        return entity
    }
}

// MARK: typed field readers with messages that name the field

extension StrictJSONReader {
    mutating func string(_ what: @autoclosure () -> String) throws -> String {
        try valueAhead()
        guard p[i] == UInt8(ascii: "\"") else { throw fail("\(what()) must be a string, not \(kindHere())") }
        return try text(of: scanString())
    }

    mutating func number(_ what: @autoclosure () -> String) throws -> Double {
        try valueAhead()
        let c = p[i]
        guard c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39) else {
            throw fail("\(what()) must be a number, not \(kindHere())")
        }
        return try readNumber()
    }

    mutating func integer(_ what: @autoclosure () -> String) throws -> Int {
        skipSpace()
        let at = i
        let n = try number(what())
        guard n == n.rounded(), abs(n) < 1e15 else { throw fail("\(what()) must be a whole number, not \(n)", at: at) }
        return Int(n)
    }

    /// An object with a value per key, read by `value`; duplicate keys refused.
    @inline(__always)
    mutating func map<V>(_ kind: @autoclosure () -> String, _ what: () -> String,
                         _ value: (inout StrictJSONReader, String) throws -> V) throws -> [String: V] {
        try valueAhead()
        guard p[i] == UInt8(ascii: "{") else { throw fail("\(what()) must be \(kind()), not \(kindHere())") }
        let start = i
        var m: [String: V] = [:]
        try readMembers { r, key in
            let k = try r.text(of: key)
            if m.isEmpty { m = [String: V](minimumCapacity: 3) } // most are small: one allocation, not three
            let before = m.count
            do { m[k] = try value(&r, k) } catch {
                if m.index(forKey: k) != nil { throw r.duplicate(k, key, objectAt: start) }
                throw error
            }
            if m.count == before { throw r.duplicate(k, key, objectAt: start) }
        }
        return m
    }

    mutating func numberMap(_ what: @autoclosure () -> String) throws -> [String: Double] {
        try map("an object of numbers", what) { r, k in try r.number("\(what()).\(k)") }
    }

    /// Whole numbers by name (votes per participant): names compare by code points, so "é"
    /// and "e\u{301}" are two participants.
    mutating func integerMap(_ what: @autoclosure () -> String) throws -> CodePointMap<Int> {
        try valueAhead()
        guard p[i] == UInt8(ascii: "{") else { throw fail("\(what()) must be an object of whole numbers, not \(kindHere())") }
        let start = i
        var m = CodePointMap<Int>(minimumCapacity: 3)
        try readMembers { r, key in
            let k = try r.text(of: key)
            let before = m.count
            do { m[k] = try r.integer("\(what()).\(k)") } catch {
                if m.contains(key: k) { throw r.duplicate(k, key, objectAt: start) }
                throw error
            }
            if m.count == before { throw r.duplicate(k, key, objectAt: start) }
        }
        return m
    }

    mutating func stringMap(_ what: @autoclosure () -> String) throws -> [String: String] {
        try map("an object of strings", what) { r, k in try r.string("\(what()).\(k)") }
    }

    /// A set of strings, kept sorted and without repeats.
    mutating func stringSet(_ what: @autoclosure () -> String) throws -> [String] {
        try valueAhead()
        guard p[i] == UInt8(ascii: "[") else { throw fail("\(what()) must be an array of strings, not \(kindHere())") }
        var a: [String] = []
        try readArray { r in a.append(try r.string("each of \(what())")) }
        return StringSet.normalized(a)
    }
}

/// A string that equals another only with the same code points (Swift's `String` equality is
/// canonical equivalence, so "é" == "e\u{301}"): for sets of tags and links built with `Set`.
public struct CodePoints: Hashable {
    public let string: String
    public init(_ string: String) { self.string = string }
    public static func == (a: CodePoints, b: CodePoints) -> Bool { CanonicalJSON.sameText(a.string, b.string) }
    public func hash(into h: inout Hasher) { for b in string.utf8 { h.combine(b) } }
}

public enum StringSet {
    /// Sorted by code point, without repeats: the canonical form of a set.
    /// Repeats are found by code points, not by Swift's `==`: "é" and "e\u{301}" are
    /// canonically equivalent (equal as Strings) but different text, and both are kept.
    public static func normalized(_ a: [String]) -> [String] {
        if isNormalizedASCII(a) { return a }
        let sorted = a.sorted(by: CanonicalJSON.keyPrecedes)
        var out: [String] = []
        out.reserveCapacity(sorted.count)
        for s in sorted where out.last.map({ !CanonicalJSON.sameText($0, s) }) ?? true { out.append(s) }
        return out
    }

    /// Already in canonical form? Checked cheaply for the usual case — ASCII ids in order —
    /// where byte order is code-point order and distinct bytes are distinct strings.
    static func isNormalizedASCII(_ a: [String]) -> Bool {
        if a.count <= 1 { return true }
        for s in a { for b in s.utf8 where b >= 0x80 { return false } }
        for k in 1..<a.count where !CanonicalJSON.keyPrecedes(a[k - 1], a[k]) { return false }
        return true
    }
}


// MARK: entities

/// The known fields of an entity, found by a key's bytes without making a String first: the
/// key (at most 16 bytes) is loaded as two words and looked up in a small hash table. Longer
/// names (`votesPerParticipant`) are compared byte by byte.
struct FieldTable: @unchecked Sendable {
    let names: [String]
    private let longNames: [(bytes: [UInt8], field: Int)]
    private struct Slot { var a: UInt64 = 0, b: UInt64 = 0, count = 0, field = -1 }
    private static let size = 64
    /// Never freed: the tables are static and live as long as the process.
    private let slots: UnsafeMutablePointer<Slot>

    init(_ names: [String]) {
        precondition(names.count <= 32, "fields are tracked in a 32-bit mask")
        self.names = names
        slots = .allocate(capacity: FieldTable.size)
        slots.initialize(repeating: Slot(), count: FieldTable.size)
        var long: [(bytes: [UInt8], field: Int)] = []
        for (field, name) in names.enumerated() {
            let bytes = Array(name.utf8)
            precondition(!bytes.isEmpty, "a field has a name")
            if bytes.count > 16 { long.append((bytes, field)); continue }
            let (a, b) = bytes.withUnsafeBufferPointer { FieldTable.words($0, 0, $0.count) }
            var h = FieldTable.hash(a, bytes.count)
            while slots[h].field >= 0 { h = (h + 1) & (FieldTable.size - 1) }
            slots[h] = Slot(a: a, b: b, count: bytes.count, field: field)
        }
        longNames = long
    }

    @inline(__always)
    static func hash(_ a: UInt64, _ count: Int) -> Int {
        Int(truncatingIfNeeded: ((a &+ UInt64(truncatingIfNeeded: count)) &* 0x9E37_79B9_7F4A_7C15) >> 58)
    }

    /// `count` (≤ 16) bytes from `start` as two little-endian words, zero-padded.
    @inline(__always)
    static func words(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> (UInt64, UInt64) {
        if start + 16 <= p.count {
            let at = UnsafeRawPointer(p.baseAddress! + start)
            let w0 = UInt64(littleEndian: at.loadUnaligned(as: UInt64.self))
            let w1 = UInt64(littleEndian: (at + 8).loadUnaligned(as: UInt64.self))
            if count <= 8 { return (count == 8 ? w0 : w0 & ((1 << UInt64(8 * count)) - 1), 0) }
            return (w0, count == 16 ? w1 : w1 & ((1 << UInt64(8 * (count - 8))) - 1))
        }
        var a: UInt64 = 0, b: UInt64 = 0
        for k in 0..<count {
            if k < 8 { a |= UInt64(p[start + k]) << UInt64(8 * k) } else { b |= UInt64(p[start + k]) << UInt64(8 * (k - 8)) }
        }
        return (a, b)
    }

    /// The field whose name is exactly these bytes. (Names are lowercase ASCII, so exact bytes
    /// and String equality agree.)
    @inline(__always)
    func index(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        let n = end - start
        guard n > 0 else { return nil }
        if n > 16 {
            for (bytes, field) in longNames where bytes.count == n && (0..<n).allSatisfy({ p[start + $0] == bytes[$0] }) { return field }
            return nil
        }
        let (a, b) = FieldTable.words(p, start, n)
        var h = FieldTable.hash(a, n)
        while true {
            let s = slots[h]
            if s.field < 0 { return nil }
            if s.a == a && s.b == b && s.count == n { return s.field }
            h = (h + 1) & (FieldTable.size - 1)
        }
    }

    func index(_ key: String) -> Int? { names.firstIndex(of: key) }
}

extension BoardEntity {
    /// Decodes the entity `id` of the map `map` at the reader: the fast path of
    /// `BoardCodec.read`, each key found by its bytes in the declaration's `FieldTable`.
    /// Duplicate keys are refused: known fields through a bit each, unknown ones through `extra`.
    @inline(__always)
    static func decodeFast(id: String, _ r: inout StrictJSONReader, map: String) throws -> Self {
        let declaration = Self.declaration
        var entity = Self(decodingID: id)
        try r.valueAhead()
        let start = r.i
        entity.loc = SourceLocation(start)
        guard r.p[start] == UInt8(ascii: "{") else { throw r.fail("\(map).\(id) must be an object, not \(r.kindHere())") }
        var seen: UInt32 = 0
        try r.readMembers { r, key in
            var field: Int?
            var name: String?
            if key.escaped {
                let text = try r.text(of: key)
                field = declaration.table.index(text)
                name = text
            } else {
                field = declaration.table.index(r.p, key.start, key.end)
            }
            if let field = field {
                let bit = UInt32(1) << UInt32(field)
                if seen & bit != 0 { throw r.duplicate(declaration.fields[field].name, key, objectAt: start) }
                seen |= bit
                try entity.withMutableStoredFields {
                    try declaration.decode(field, $0, &r, "\(map).\(id).\(declaration.fields[field].name)")
                }
            } else {
                let text = try name ?? r.text(of: key)
                if entity.extra.contains(key: text) { throw r.duplicate(text, key, objectAt: start) }
                entity.extra[text] = try r.readValue()
            }
        }
        let required = declaration.requiredMask
        if seen & required != required { throw missingFields(seen, id: id, map: map, at: start) }
        return entity
    }

    /// The error for required fields not among `seen`, at the entity's opening brace.
    static func missingFields(_ seen: UInt32, id: String, map: String, at start: Int) -> ReadFailure {
        let declaration = Self.declaration
        let missing = declaration.fields.indices.filter {
            declaration.requiredMask & (1 << UInt32($0)) != 0 && seen & (1 << UInt32($0)) == 0
        }
        let names = missing.map { "\"\(declaration.fields[$0].name)\"" }
        let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + names.last!
        return ReadFailure(offset: start, message: "\(map).\(id) has no \(list): every \(declaration.kindName) needs \(names.count == 1 ? "it" : "them")")
    }
}

extension Conflict {
    static func decode(_ r: inout StrictJSONReader, index: Int) throws -> Conflict {
        var c = Conflict(path: "", base: nil, ours: nil, theirs: nil)
        try r.valueAhead()
        c.loc = SourceLocation(r.i)
        guard r.peek() == UInt8(ascii: "{") else { throw r.fail("conflicts[\(index)] must be an object, not \(r.kindHere())") }
        try r.readObject { r, key, _ in
            switch key {
            case "path": c.path = try r.string("conflicts[\(index)].path")
            // A side of a record may hold a whole entity, one object around fields that may
            // themselves be as deep as the reader allows: one more level is allowed here, so a
            // record of any readable entity reads back.
            case "base": c.base = try r.readValue(depth: -1)
            case "ours": c.ours = try r.readValue(depth: -1)
            case "theirs": c.theirs = try r.readValue(depth: -1)
            case "labels": c.labels = try r.stringMap("conflicts[\(index)].labels")
            default: c.extra[key] = try r.readValue()
            }
        }
        return c
    }

    public var jsonObject: JSONValue {
        var o = extra
        o["path"] = .string(path)
        if let v = base { o["base"] = v }
        if let v = ours { o["ours"] = v }
        if let v = theirs { o["theirs"] = v }
        if !labels.isEmpty { o["labels"] = .object(CodePointMap(labels.mapValues { JSONValue.string($0) })) }
        return .object(o)
    }
}

// MARK: the board

/// A board file that could not be read: where and why.
public struct BoardReadError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var position: SourcePosition
    public var message: String
    public init(file: String, position: SourcePosition, message: String) {
        self.file = file; self.position = position; self.message = message
    }
    public var description: String { "\(file):\(position.line):\(position.column): error: \(message)" }
}

public enum BoardCodec {
    /// Reads a board from bytes. Throws `BoardReadError` with the position of the first problem.
    ///
    /// One pass in the usual case: a file that parses cannot hold NUL, conflict markers or
    /// invalid UTF-8 (see `RawBytesCheck`), and its `format` and `schemaVersion` are checked
    /// once it is read. When it does not parse, the problems are named in the order a person
    /// needs them: bytes that are not UTF-8 text (or markers of an unfinished merge) first,
    /// then a board from a newer version (never half-read), then the syntax error itself.
    public static func read(_ bytes: [UInt8], file: String = "<board>") throws -> Board {
        try bytes.withUnsafeBufferPointer { try read($0, file: file) }
    }

    /// Reads a board from bytes in memory (e.g. a mapped file).
    public static func read(_ p: UnsafeBufferPointer<UInt8>, file: String = "<board>") throws -> Board {
        try read(p, file: file, passed: nil)
    }

    /// `passed`, when given, hears now and then how far the reader has got (a byte offset it
    /// will not go back before unless the file turns out to have a problem): a mapped file
    /// gives those pages back, so a large board is never in memory twice.
    static func read(_ p: UnsafeBufferPointer<UInt8>, file: String, passed: ((Int) -> Void)?) throws -> Board {
        func located(_ offset: Int, _ message: String) -> BoardReadError {
            BoardReadError(file: file, position: SourcePosition.of(offset: offset, in: p), message: message)
        }
        do {
            let bom = BOM.length(p)
            if p.count == bom { throw ReadFailure(offset: 0, message: "empty file: expected a journey board (is the file truncated?)") }
            do {
                var r = StrictJSONReader(p, at: bom)
                r.strings = ShortStrings()
                var header = Header()
                let board = try readBoard(&r, &header, passed)
                try r.expectEnd()
                try header.check()
                return board
            } catch {
                try RawBytesCheck.check(p)
                try checkHeader(p)
                try checkSyntax(p)
                try checkHeader(p, complete: true)
                throw error
            }
        } catch let e as ReadFailure {
            throw located(e.offset, e.message)
        } catch let e as DuplicateKey {
            let first = SourcePosition.of(offset: e.firstOffset, in: p)
            if let a = keyText(p, at: e.firstOffset), let b = keyText(p, at: e.offset), !a.utf8.elementsEqual(b.utf8) {
                // equal as Swift Strings, different code points: say so, or "duplicate" would puzzle
                func scalars(_ s: String) -> String { s.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " ") }
                throw located(e.offset, "keys \"\(b)\" (\(scalars(b))) and \"\(a)\" (\(scalars(a)); line \(first.line), column \(first.column)) differ only in Unicode normalisation; one object cannot hold both: rename one")
            }
            throw located(e.offset, "duplicate key \"\(e.key)\" (first at line \(first.line), column \(first.column)); a hand merge may have kept both sides")
        }
    }

    /// The text of the key whose opening quote is at `offset`.
    static func keyText(_ p: UnsafeBufferPointer<UInt8>, at offset: Int) -> String? {
        guard offset >= 0, offset < p.count, p[offset] == UInt8(ascii: "\"") else { return nil }
        var r = StrictJSONReader(p, at: offset)
        guard let span = try? r.scanString() else { return nil }
        return try? r.text(of: span)
    }

    /// `format` and `schemaVersion` as read, with where their values are.
    struct Header {
        var format: (String, Int)?
        var version: (Double, Int)?

        /// The same verdicts as `checkHeader`, on values already read.
        func check() throws {
            if let (v, at) = version, let problem = BoardCodec.versionProblem(v, at) { throw problem }
            if let (f, at) = format, f != Board.format { throw BoardCodec.wrongFormat(f, at) }
            if format == nil { throw BoardCodec.noFormat }
            if version == nil { throw BoardCodec.noVersion }
        }
    }

    /// What is wrong with a `schemaVersion` (at `at`), if anything: it is a whole number from
    /// 1 up to the version this build reads.
    static func versionProblem(_ v: Double, _ at: Int) -> ReadFailure? {
        if !(v == v.rounded() && abs(v) < 1e15) {
            return ReadFailure(offset: at, message: "schemaVersion must be a whole number, not \(CanonicalJSON.numberText(v))")
        }
        if v > Double(Board.schemaVersion) { return newer(v, at) }
        if v < 1 {
            return ReadFailure(offset: at, message: "schemaVersion \(CanonicalJSON.numberText(v)) is not a version: versions start at 1 (this build reads version \(Board.schemaVersion))")
        }
        return nil
    }

    static func newer(_ v: Double, _ at: Int) -> ReadFailure {
        ReadFailure(offset: at, message: "schemaVersion \(CanonicalJSON.numberText(v)) was written by a newer version of journey (this build reads version \(Board.schemaVersion)); upgrade journey to open it")
    }
    static func wrongFormat(_ f: String, _ at: Int) -> ReadFailure {
        ReadFailure(offset: at, message: "\"format\" is \"\(f)\", not \"\(Board.format)\": this is not a journey board")
    }
    static let noFormat = ReadFailure(offset: 0, message: "not a journey board: no \"format\": \"\(Board.format)\" member")
    static let noVersion = ReadFailure(offset: 0, message: "no \"schemaVersion\" member (this build writes version \(Board.schemaVersion))")

    /// `format` and `schemaVersion` are checked before anything else is read, so a newer
    /// board is refused with a clear message, never half-read. Before the syntax is known to
    /// be sound (`complete` false) only values found are judged: a missing `format` may just
    /// be a member that a stray `}` cut off from the board.
    static func checkHeader(_ p: UnsafeBufferPointer<UInt8>, complete: Bool = false) throws {
        var r = StrictJSONReader(p, at: BOM.length(p))
        r.skipSpace()
        guard r.peek() == UInt8(ascii: "{") else {
            throw r.fail("expected a journey board (a JSON object), found \(r.kindHere())")
        }
        var format: (String, Int)?
        var version: (Double, Int)?
        var sawEnd = false
        do {
            try r.readObject(checkDuplicates: false) { r, key, keyAt in
                r.skipSpace()
                let at = r.i
                switch key {
                case "format" where r.peek() == UInt8(ascii: "\""): format = (try r.readString(), at)
                case "schemaVersion": version = (try r.number("schemaVersion"), at)
                default: try r.skipFast()
                }
            }
            sawEnd = true
        } catch {
            // syntax problems are reported by the full read, with their own position
        }
        if let (v, at) = version, complete || v > Double(Board.schemaVersion), let problem = versionProblem(v, at) { throw problem }
        if let (f, at) = format, f != Board.format { throw wrongFormat(f, at) }
        guard complete else { return }
        if sawEnd && format == nil { throw noFormat }
        if sawEnd && version == nil { throw noVersion }
    }

    /// Reads the whole file as plain JSON and throws its first syntax error, where it is: a
    /// stray `},` in `cards` is reported at that line, not as a board with no `format` (the
    /// members after it fall outside the board's object). Only run when a read failed.
    static func checkSyntax(_ p: UnsafeBufferPointer<UInt8>) throws {
        do { try syntax(p) } catch let e as ReadFailure where e.message == StrictJSONReader.tooDeep {
            // depth is the board's rule, not JSON's: the board's read says where
        }
    }

    static func syntax(_ p: UnsafeBufferPointer<UInt8>) throws {
        var r = StrictJSONReader(p, at: BOM.length(p))
        r.skipSpace()
        guard r.peek() == UInt8(ascii: "{") else {
            _ = try r.readValue()
            try r.expectEnd()
            return
        }
        // deep enough for a 512-deep value in an entity kept whole in a conflict record
        let limit = 512 + 8
        // A map of the board closed by a stray '}' leaves its remaining entities as members of
        // the board, then the map's own '}' closes the board and the rest is left over. JSON
        // alone sees only the left-over: the stray brace is found as the end of the map that
        // is followed by a member the board does not have.
        var mapEnd: (name: String, at: Int)?
        var stray: (name: String, at: Int, key: String, keyAt: Int)?
        var seen: [CodePointKey: Int] = [:]
        try r.readMembers { r, span in
            let key = try r.text(of: span)
            if let first = seen[CodePointKey(key)] { throw DuplicateKey(key: key, offset: span.offset, firstOffset: first) }
            seen[CodePointKey(key)] = span.offset
            if stray == nil, let m = mapEnd, !boardMembers.contains(key) { stray = (m.name, m.at, key, span.offset) }
            _ = try r.readValue(depth: 0, limit: limit)
            mapEnd = entityMaps.contains(key) ? (key, r.i - 1) : nil
        }
        do { try r.expectEnd() } catch {
            guard let s = stray else { throw error }
            let keyAt = SourcePosition.of(offset: s.keyAt, in: p)
            throw ReadFailure(offset: s.at, message: "a stray '}' closes \"\(s.name)\" here, too early: what follows it (\"\(s.key)\" at line \(keyAt.line), column \(keyAt.column) on) falls outside the board")
        }
    }

    /// The members of a board, and those that are maps of entities.
    static let boardMembers: Set<String> = Set(["format", "schemaVersion", "title", "scoring", "conflicts"] + entityMaps)
    static let entityMaps: Set<String> = Set(EntityKind.allCases.map(\.rawValue))

    /// Reads a map of entities keyed by id. With `estimate`, once 256 entities are read their
    /// average size gives the likely count and the dictionary is sized once, sparing it the
    /// repeated doubling that moves every card and touches fresh pages each time. (Ids are
    /// random, so the first entities in the file are a fair sample.) Only a hint: a wrong guess
    /// costs a resize or some memory, never correctness.
    static func readMap<M: EntityMap>(_ r: inout StrictJSONReader, _ name: String, estimate: Bool = false,
                                      passed: ((Int) -> Void)? = nil) throws -> M where M.Entity: BoardEntity {
        try r.valueAhead()
        guard r.p[r.i] == UInt8(ascii: "{") else { throw r.fail("\"\(name)\" must be an object keyed by id, not \(r.kindHere())") }
        let start = r.i
        var m = M()
        let sample = estimate ? 256 : -1
        try r.readMembers { r, key in
            let id = try r.text(of: key, reuse: false)
            // One hash per entity: a duplicate id is an insertion refused. (When the second
            // one's object is also broken, the duplicate still comes first.)
            let entity: M.Entity
            do { entity = try M.Entity.decodeFast(id: id, &r, map: name) } catch {
                if m[id] != nil { throw r.duplicate(id, key, objectAt: start) }
                throw error
            }
            if !m.insertNew(id, entity) { throw r.duplicate(id, key, objectAt: start) }
            if let report = passed, m.count & 4095 == 0 { report(r.i) }
            if m.count == sample {
                let perEntity = max(1, (r.i - start) / sample)
                let likely = sample + (r.p.count - r.i) / perEntity
                // fresh storage of the right size, advised before any entry touches it
                var sized = M(minimumCapacity: likely + likely / 20)
                sized.adviseHugePages()
                for (k, v) in m { sized[k] = v }
                m = sized
            }
        }
        return m
    }

    static func readBoard(_ r: inout StrictJSONReader, _ header: inout Header, _ passed: ((Int) -> Void)? = nil) throws -> Board {
        var b = Board(title: "")
        try r.readObject { r, key, _ in
            switch key {
            case "title": b.title = try r.string("title")
            case "format":
                try r.valueAhead()
                let at = r.i
                header.format = (try r.string("format"), at)
            case "schemaVersion":
                try r.valueAhead()
                let at = r.i
                header.version = (try r.number("schemaVersion"), at)
            case "scoring": try readScoring(&r, into: &b)
            case "conflicts":
                try r.valueAhead()
                guard r.peek() == UInt8(ascii: "[") else { throw r.fail("\"conflicts\" must be an array, not \(r.kindHere())") }
                var n = 0
                try r.readArray { r in b.conflicts.append(try Conflict.decode(&r, index: n)); n += 1 }
            default:
                if let kind = EntityKind(rawValue: key) {
                    var mapReader = MapReader(reader: r, board: b, passed: passed)
                    try kind.visit(&mapReader)
                    r = mapReader.reader
                    b = mapReader.board
                } else {
                    b.extra[key] = try r.readValue()
                }
            }
        }
        return b
    }

    /// Reads the board's `scoring` member: its declared fields, others kept in `extra`.
    static func readScoring(_ r: inout StrictJSONReader, into b: inout Board) throws {
        try r.valueAhead()
        guard r.peek() == UInt8(ascii: "{") else { throw r.fail("\"scoring\" must be an object, not \(r.kindHere())") }
        let start = r.i
        let declaration = Scoring.declaration
        var seen: UInt32 = 0
        try r.readObject { r, name, _ in
            if let field = declaration.table.index(name) { seen |= 1 << UInt32(field) }
            if try !b.scoring.decodeDeclared(name, &r, path: "scoring.") { b.scoring.extra[name] = try r.readValue() }
        }
        if seen & declaration.requiredMask != declaration.requiredMask {
            throw r.fail("scoring has no \"gate\" (one of \(Validator.gates.joined(separator: ", ")))", at: start)
        }
    }

    /// Reads one map of entities into the board (the cards' map sized from a sample, see `readMap`).
    struct MapReader: EntityMapVisitor {
        var reader: StrictJSONReader
        var board: Board
        let passed: ((Int) -> Void)?
        mutating func visit<M: EntityMap>(_ kind: EntityKind, _ map: WritableKeyPath<Board, M>) throws(any Error)
            where M.Entity: BoardEntity {
            let large = kind == .cards
            board[keyPath: map] = try BoardCodec.readMap(&reader, kind.rawValue, estimate: large, passed: large ? passed : nil)
        }
    }

    /// Writes one map of entities, sorted by id.
    struct MapWriter: EntityMapVisitor {
        var writer: CanonicalJSON
        let board: Board
        mutating func visit<M: EntityMap>(_ kind: EntityKind, _ map: WritableKeyPath<Board, M>) where M.Entity: BoardEntity {
            BoardCodec.writeMap(&writer, board[keyPath: map])
        }
    }

    // MARK: writing

    /// The canonical text of a board, as bytes.
    public static func write(_ b: Board) -> [UInt8] {
        var w = CanonicalJSON(capacity: 256 + b.cards.count * 320)
        // The top-level members are written in code-point order by hand, so the large maps
        // stream out without being turned into one big JSON value first.
        var members: [(String, JSONValue?)] = [
            ("conflicts", .array(b.conflicts.map { $0.jsonObject })),
            ("format", .string(Board.format)), ("schemaVersion", .number(Double(Board.schemaVersion))),
            ("scoring", scoringJSON(b.scoring)), ("title", .string(b.title)),
        ]
        members += EntityKind.allCases.map { ($0.rawValue, nil) }
        for (k, v) in b.extra where !members.contains(where: { $0.0 == k }) { members.append((k, v)) }
        members.sort { CanonicalJSON.keyPrecedes($0.0, $1.0) }
        w.bytes.append(UInt8(ascii: "{"))
        for (n, (key, value)) in members.enumerated() {
            if n > 0 { w.bytes.append(UInt8(ascii: ",")) }
            w.newline(1)
            w.writeString(key)
            w.bytes.append(UInt8(ascii: ":")); w.bytes.append(0x20)
            if let v = value { w.write(v, indent: 1); continue }
            guard let kind = EntityKind(rawValue: key) else { continue }
            // the writer moves into the visitor and back, so its buffer is never copied
            var mapWriter = MapWriter(writer: w, board: b)
            w = CanonicalJSON()
            kind.visit(&mapWriter)
            w = mapWriter.writer
        }
        w.newline(0)
        w.bytes.append(UInt8(ascii: "}"))
        w.bytes.append(0x0A)
        return w.bytes
    }

    /// The board's scoring settings from their JSON object (messages as when read from a file).
    static func scoring(json: JSONValue) throws -> Scoring {
        var writer = CanonicalJSON()
        writer.write(json, indent: 0)
        let bytes = writer.bytes
        return try bytes.withUnsafeBufferPointer { buffer in
            var reader = StrictJSONReader(buffer)
            var board = Board(title: "")
            try readScoring(&reader, into: &board)
            return board.scoring
        }
    }

    /// The board's scoring settings as their JSON object (known fields and kept unknown ones).
    static func scoringJSON(_ scoring: Scoring) -> JSONValue { .object(scoring.fieldsObject) }

    static func writeMap<M: EntityMap>(_ w: inout CanonicalJSON, _ m: M) where M.Entity: BoardEntity {
        if m.isEmpty { w.append("{}"); return }
        // positions sorted by id: each entity is then reached without hashing its id again
        let entries = Array(m)
        let order = entries.indices.sorted { CanonicalJSON.keyPrecedes(entries[$0].key, entries[$1].key) }
        w.bytes.append(UInt8(ascii: "{"))
        if order.count < parallelWriteMinimum {
            writeEntries(&w, entries, order[...])
        } else {
            // A large map is written in two halves at once, one per core, and joined: the
            // entities are only read, and each half has its own buffer.
            let mid = order.count / 2
            let second = Half()
            second.writer = CanonicalJSON(capacity: (w.bytes.capacity - w.bytes.count) / 2)
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                if i == 0 { writeEntries(&w, entries, order[..<mid]) } else { writeEntries(&second.writer, entries, order[mid...]) }
            }
            w.bytes.append(contentsOf: second.writer.bytes)
        }
        w.newline(1)
        w.bytes.append(UInt8(ascii: "}"))
    }

    /// The second half of a large map, written on another thread.
    final class Half: @unchecked Sendable { var writer = CanonicalJSON() }

    /// Maps with at least this many entities are written on two threads.
    static let parallelWriteMinimum = 4096

    /// The members of a map at the given positions (of `entries`, sorted by id), each after a
    /// comma but the map's first.
    static func writeEntries<E: BoardEntity>(_ w: inout CanonicalJSON, _ entries: [(key: String, value: E)], _ order: ArraySlice<Int>) {
        for (n, i) in zip(order.indices, order) {
            if n > 0 { w.bytes.append(UInt8(ascii: ",")) }
            w.newline(2)
            w.writeString(entries[i].key)
            w.bytes.append(UInt8(ascii: ":")); w.bytes.append(0x20)
            w.writeEntity(entries[i].value, indent: 2)
        }
    }
}

extension CanonicalJSON {
    /// A number as canonical text ("3", "3.5").
    /// For messages, a number JSON cannot hold is named ("infinity", "NaN").
    public static func numberText(_ n: Double) -> String {
        guard n.isFinite else { return n.isNaN ? "NaN" : n < 0 ? "-infinity" : "infinity" }
        var w = CanonicalJSON()
        w.writeNumber(n)
        return w.text
    }
}

extension StrictJSONReader {
    /// Skips a value by matching brackets and strings, without checking it (the header pre-scan).
    mutating func skipFast() throws {
        skipSpace()
        var depth = 0
        while i < p.count {
            let c = p[i]
            switch c {
            case UInt8(ascii: "\""):
                i += 1
                while i < p.count && p[i] != UInt8(ascii: "\"") { i += p[i] == UInt8(ascii: "\\") ? 2 : 1 }
                i += 1
                if depth == 0 { return }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return }
                depth -= 1
                if depth == 0 { i += 1; return }
            case UInt8(ascii: ","):
                if depth == 0 { return }
            default:
                if depth == 0 && (c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09) { return }
            }
            i += 1
        }
        throw fail("unexpected end of file")
    }
}
