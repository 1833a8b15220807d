#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Transparent huge pages for the storage of a large dictionary (the map of cards: 84 MB at
/// 100k cards). Filling it touches every 4 KB page of it in random order, one page fault
/// each; with 2 MB pages that is one fault in 512 — a third of the time of reading a
/// 100k-card board. (glibc would do the same for all its memory with the tunable
/// `glibc.malloc.hugetlb=1`, which a program cannot set for itself.) Only an advice: where
/// the kernel declines, nothing changes.
enum HugePages {
    static let size = 2 << 20

    @_silgen_name("malloc_usable_size") static func mallocUsableSize(_ p: UnsafeMutableRawPointer) -> Int
    @_silgen_name("mallopt") static func mallopt(_ param: Int32, _ value: Int32) -> Int32

    /// Before a large board is read: makes room at the top of the malloc heap for about
    /// `bytes` and asks for huge pages under it, so the hundreds of thousands of small
    /// allocations a board becomes fault in 2 MB at a time instead of 4 kB (on a VM, page
    /// faults were a third of `journey check`'s time). The room is kept (not trimmed) while
    /// the process lives. A hint: nothing happens below a few megabytes, or off Linux.
    static func prepareHeap(bytes: Int) {
        #if os(Linux)
        guard bytes >= 2 * size else { return }
        let chunk = 16 << 20
        _ = mallopt(-3, Int32(chunk + size)) // M_MMAP_THRESHOLD: these chunks come from the heap
        _ = mallopt(-1, Int32.max)           // M_TRIM_THRESHOLD: and stay there when freed
        var blocks: [UnsafeMutableRawPointer] = []
        var total = 0
        while total < bytes, let p = malloc(chunk) { blocks.append(p); total += chunk }
        if let lo = blocks.map({ Int(bitPattern: $0) }).min(), let hi = blocks.map({ Int(bitPattern: $0) + chunk }).max() {
            let from = (lo + size - 1) / size * size, to = hi / size * size
            if to > from { _ = madvise(UnsafeMutableRawPointer(bitPattern: from), to - from, MADV_HUGEPAGE) }
        }
        for p in blocks { free(p) }
        #endif
    }

    static func advise<K, V>(_ d: inout [K: V]) {
        #if os(Linux)
        // A native Dictionary is one reference to one heap block (its storage, allocated with
        // malloc by the Swift runtime): its keys and values live in that block.
        // (a capacity this large means real storage, not the shared empty one)
        guard MemoryLayout<[K: V]>.size == MemoryLayout<UnsafeRawPointer>.size,
              d.capacity * (MemoryLayout<K>.stride + MemoryLayout<V>.stride) >= size else { return }
        guard let storage = withUnsafeBytes(of: &d, { $0.load(as: UnsafeMutableRawPointer?.self) }) else { return }
        let start = Int(bitPattern: storage), end = start + mallocUsableSize(storage)
        let from = (start + size - 1) / size * size, to = end / size * size
        if to > from { _ = madvise(UnsafeMutableRawPointer(bitPattern: from), to - from, MADV_HUGEPAGE) }
        #endif
    }
}

/// Reading and writing the board file. Entities are decoded straight from the bytes (no
/// intermediate tree: a 100k-card board reads several times faster that way) and encoded as
/// canonical text. Fields this version does not know are kept in `extra` and written back.

/// An entity of the board file: an object kept in a map under its id.
public protocol BoardEntity: Equatable, Sendable {
    var id: String { get }
    var extra: [String: JSONValue] { get set }
    var loc: SourceLocation { get set }
    /// An entity with only its id set, to decode into.
    init(decodingID id: String)
    /// Reads the value of a known field; returns false for a field this version does not know.
    mutating func decodeField(_ key: String, _ r: inout StrictJSONReader) throws -> Bool
    /// The known fields that are set, as (key, value) pairs.
    func knownFields() -> [(String, JSONValue)]
}

extension BoardEntity {
    /// Known fields and kept unknown ones, ready for the canonical writer.
    public func allFields() -> [(String, JSONValue)] {
        var f = knownFields()
        for (k, v) in extra where !f.contains(where: { $0.0 == k }) { f.append((k, v)) }
        return f
    }

    public var jsonObject: JSONValue {
        var o: [String: JSONValue] = [:]
        for (k, v) in allFields() { o[k] = v }
        return .object(o)
    }

    /// Decodes an entity from an object value (used by merge and conflict resolution).
    public init(id: String, json: JSONValue) throws {
        var w = CanonicalJSON()
        w.write(json, indent: 0)
        let bytes = w.bytes
        self = try bytes.withUnsafeBufferPointer { p in
            var r = StrictJSONReader(p)
            return try Self.decode(id: id, &r, path: "")
        }
    }

    static func decode(id: String, _ r: inout StrictJSONReader, path: String) throws -> Self {
        var e = Self(decodingID: id)
        r.skipSpace()
        e.loc = SourceLocation(r.i)
        guard r.peek() == UInt8(ascii: "{") else {
            throw r.fail("\(path)\(id) must be an object, not \(r.kindHere())")
        }
        try r.readObject { r, key, _ in
            if try !e.decodeField(key, &r) { e.extra[key] = try r.readValue() }
        }
        return e
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
            if m.isEmpty { m.reserveCapacity(3) } // most are small: one allocation, not three
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

    mutating func integerMap(_ what: @autoclosure () -> String) throws -> [String: Int] {
        try map("an object of whole numbers", what) { r, k in try r.integer("\(what()).\(k)") }
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

@inline(__always) func num(_ d: Double) -> JSONValue { .number(d) }
@inline(__always) func numMap(_ m: [String: Double]) -> JSONValue { .object(m.mapValues { .number($0) }) }

// MARK: entities

/// The known fields of an entity, found by a key's bytes without making a String first: the
/// key (at most 16 bytes) is loaded as two words and looked up in a small hash table.
struct FieldTable: @unchecked Sendable {
    let names: [String]
    private struct Slot { var a: UInt64 = 0, b: UInt64 = 0, count = 0, field = -1 }
    private static let size = 64
    /// Never freed: the tables are static and live as long as the process.
    private let slots: UnsafeMutablePointer<Slot>

    init(_ names: [String]) {
        precondition(names.count <= 32, "fields are tracked in a 32-bit mask")
        self.names = names
        slots = .allocate(capacity: FieldTable.size)
        slots.initialize(repeating: Slot(), count: FieldTable.size)
        for (field, name) in names.enumerated() {
            let bytes = Array(name.utf8)
            precondition(!bytes.isEmpty && bytes.count <= 16, "field names are short")
            let (a, b) = bytes.withUnsafeBufferPointer { FieldTable.words($0, 0, $0.count) }
            var h = FieldTable.hash(a, bytes.count)
            while slots[h].field >= 0 { h = (h + 1) & (FieldTable.size - 1) }
            slots[h] = Slot(a: a, b: b, count: bytes.count, field: field)
        }
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
        guard n > 0 && n <= 16 else { return nil }
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

/// An entity decoded field by field, by number: the fast path of `BoardCodec.read`.
protocol FieldDecodable: BoardEntity {
    static var fieldTable: FieldTable { get }
    /// The fields a file must give (a bit per field of `fieldTable`): a missing one is an
    /// error, never a default that `fmt` would then write as if someone had chosen it.
    static var requiredFields: UInt32 { get }
    /// What the entity is called in messages ("card").
    static var kindName: String { get }
    /// Reads the value of field `number` of `fieldTable`.
    mutating func decodeField(number: Int, _ r: inout StrictJSONReader) throws
}

extension FieldDecodable {
    public mutating func decodeField(_ key: String, _ r: inout StrictJSONReader) throws -> Bool {
        guard let f = Self.fieldTable.index(key) else { return false }
        try decodeField(number: f, &r)
        return true
    }

    /// Decodes the entity `id` of the map `map` at the reader. Duplicate keys are refused:
    /// known fields through a bit each, unknown ones through `extra`.
    @inline(__always)
    static func decodeFast(id: String, _ r: inout StrictJSONReader, map: String) throws -> Self {
        var e = Self(decodingID: id)
        try r.valueAhead()
        let start = r.i
        e.loc = SourceLocation(start)
        guard r.p[start] == UInt8(ascii: "{") else { throw r.fail("\(map).\(id) must be an object, not \(r.kindHere())") }
        var seen: UInt32 = 0
        try r.readMembers { r, key in
            var f: Int?
            var name: String?
            if key.escaped {
                let k = try r.text(of: key)
                f = Self.fieldTable.index(k)
                name = k
            } else {
                f = Self.fieldTable.index(r.p, key.start, key.end)
            }
            if let f = f {
                let bit = UInt32(1) << UInt32(f)
                if seen & bit != 0 { throw r.duplicate(Self.fieldTable.names[f], key, objectAt: start) }
                seen |= bit
                try e.decodeField(number: f, &r)
            } else {
                let k = try name ?? r.text(of: key)
                if e.extra.index(forKey: k) != nil { throw r.duplicate(k, key, objectAt: start) }
                e.extra[k] = try r.readValue()
            }
        }
        if seen & requiredFields != requiredFields { throw missingFields(seen, id: id, map: map, at: start) }
        return e
    }

    /// The error for required fields not among `seen`, at the entity's opening brace.
    static func missingFields(_ seen: UInt32, id: String, map: String, at start: Int) -> ReadFailure {
        let missing = fieldTable.names.indices.filter { requiredFields & (1 << UInt32($0)) != 0 && seen & (1 << UInt32($0)) == 0 }
        let names = missing.map { "\"\(fieldTable.names[$0])\"" }
        let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + names.last!
        return ReadFailure(offset: start, message: "\(map).\(id) has no \(list): every \(kindName) needs \(names.count == 1 ? "it" : "them")")
    }
}

extension HeroMetric: BoardEntity, FieldDecodable {
    public init(decodingID id: String) {
        self.init(id: id, label: id, min: 0, max: 100, better: .higher, order: "")
        better = ""
    }
    enum Field: Int, CaseIterable { case label, unit, min, max, better, weight, order }
    static let requiredFields: UInt32 = 1 << 0 | 1 << 2 | 1 << 3 // label, min, max
    static let kindName = "hero metric"
    static let fieldTable = FieldTable(["label", "unit", "min", "max", "better", "weight", "order"]) // the order of `Field`
    mutating func decodeField(number: Int, _ r: inout StrictJSONReader) throws {
        switch Field(rawValue: number)! {
        case .label: label = try r.string("heroMetrics.\(id).label")
        case .unit: unit = try r.string("heroMetrics.\(id).unit")
        case .min: min = try r.number("heroMetrics.\(id).min")
        case .max: max = try r.number("heroMetrics.\(id).max")
        case .better: better = try r.string("heroMetrics.\(id).better")
        case .weight: weight = try r.number("heroMetrics.\(id).weight")
        case .order: order = try r.string("heroMetrics.\(id).order")
        }
    }
    public func knownFields() -> [(String, JSONValue)] {
        [("label", .string(label)), ("unit", .string(unit)), ("min", num(min)), ("max", num(max)),
         ("better", .string(better)), ("weight", num(weight)), ("order", .string(order))]
    }
}

extension Persona: BoardEntity, FieldDecodable {
    public init(decodingID id: String) { self.init(id: id, name: "", order: "") }
    enum Field: Int, CaseIterable { case name, description, order }
    static let requiredFields: UInt32 = 0
    static let kindName = "persona"
    static let fieldTable = FieldTable(["name", "description", "order"]) // the order of `Field`
    mutating func decodeField(number: Int, _ r: inout StrictJSONReader) throws {
        switch Field(rawValue: number)! {
        case .name: name = try r.string("personas.\(id).name")
        case .description: description = try r.string("personas.\(id).description")
        case .order: order = try r.string("personas.\(id).order")
        }
    }
    public func knownFields() -> [(String, JSONValue)] {
        var f: [(String, JSONValue)] = [("name", .string(name)), ("order", .string(order))]
        if !description.isEmpty { f.append(("description", .string(description))) }
        return f
    }
}

extension Journey: BoardEntity, FieldDecodable {
    public init(decodingID id: String) { self.init(id: id, title: "", order: "") }
    enum Field: Int, CaseIterable { case title, persona, state, order, metrics, volume }
    static let requiredFields: UInt32 = 1 << 0 | 1 << 2 | 1 << 3 // title, state, order
    static let kindName = "journey"
    static let fieldTable = FieldTable(["title", "persona", "state", "order", "metrics", "volume"]) // the order of `Field`
    mutating func decodeField(number: Int, _ r: inout StrictJSONReader) throws {
        switch Field(rawValue: number)! {
        case .title: title = try r.string("journeys.\(id).title")
        case .persona: persona = try r.string("journeys.\(id).persona")
        case .state: state = try r.string("journeys.\(id).state")
        case .order: order = try r.string("journeys.\(id).order")
        case .metrics: metrics = try r.numberMap("journeys.\(id).metrics")
        case .volume: volume = try r.number("journeys.\(id).volume")
        }
    }
    public func knownFields() -> [(String, JSONValue)] {
        var f: [(String, JSONValue)] = [("title", .string(title)), ("state", .string(state)), ("order", .string(order))]
        if let p = persona { f.append(("persona", .string(p))) }
        if !metrics.isEmpty { f.append(("metrics", numMap(metrics))) }
        if let v = volume { f.append(("volume", num(v))) }
        return f
    }
}

extension Stage: BoardEntity, FieldDecodable {
    public init(decodingID id: String) { self.init(id: id, journey: "", title: "", order: "") }
    enum Field: Int, CaseIterable { case journey, title, order }
    static let requiredFields: UInt32 = 1 << 1 | 1 << 2 // title, order
    static let kindName = "stage"
    static let fieldTable = FieldTable(["journey", "title", "order"]) // the order of `Field`
    mutating func decodeField(number: Int, _ r: inout StrictJSONReader) throws {
        switch Field(rawValue: number)! {
        case .journey: journey = try r.string("stages.\(id).journey")
        case .title: title = try r.string("stages.\(id).title")
        case .order: order = try r.string("stages.\(id).order")
        }
    }
    public func knownFields() -> [(String, JSONValue)] {
        [("journey", .string(journey)), ("title", .string(title)), ("order", .string(order))]
    }
}

extension Lane: BoardEntity, FieldDecodable {
    public init(decodingID id: String) { self.init(id: id, journey: "", kind: .notes, title: "", order: ""); kind = "" }
    enum Field: Int, CaseIterable { case journey, kind, title, order }
    static let requiredFields: UInt32 = 1 << 2 | 1 << 3 // title, order
    static let kindName = "lane"
    static let fieldTable = FieldTable(["journey", "kind", "title", "order"]) // the order of `Field`
    mutating func decodeField(number: Int, _ r: inout StrictJSONReader) throws {
        switch Field(rawValue: number)! {
        case .journey: journey = try r.string("lanes.\(id).journey")
        case .kind: kind = try r.string("lanes.\(id).kind")
        case .title: title = try r.string("lanes.\(id).title")
        case .order: order = try r.string("lanes.\(id).order")
        }
    }
    public func knownFields() -> [(String, JSONValue)] {
        [("journey", .string(journey)), ("kind", .string(kind)), ("title", .string(title)), ("order", .string(order))]
    }
}

extension Card: BoardEntity, FieldDecodable {
    public init(decodingID id: String) { self.init(id: id, lane: "", stage: "", order: "", text: "") }
    enum Field: Int, CaseIterable {
        case lane, stage, order, text, notes, channel, owner, tags, status, metrics
        case volume, value, impact, confidence, reach, cost, links, votes, measured, source
    }
    static let requiredFields: UInt32 = 1 << 3 // text
    static let kindName = "card"
    static let fieldTable = FieldTable(["lane", "stage", "order", "text", "notes", "channel", "owner", "tags", "status", "metrics", "volume", "value", "impact", "confidence", "reach", "cost", "links", "votes", "measured", "source"]) // the order of `Field`
    mutating func decodeField(number: Int, _ r: inout StrictJSONReader) throws {
        switch Field(rawValue: number)! {
        case .lane: lane = try r.string("cards.\(id).lane")
        case .stage: stage = try r.string("cards.\(id).stage")
        case .order: order = try r.string("cards.\(id).order")
        case .text: text = try r.string("cards.\(id).text")
        case .notes: notes = try r.string("cards.\(id).notes")
        case .channel: channel = try r.string("cards.\(id).channel")
        case .owner: owner = try r.string("cards.\(id).owner")
        case .tags: tags = try r.stringSet("cards.\(id).tags")
        case .status: status = try r.string("cards.\(id).status")
        case .metrics: metrics = try r.numberMap("cards.\(id).metrics")
        case .volume: volume = try r.number("cards.\(id).volume")
        case .value: value = try r.number("cards.\(id).value")
        case .impact: impact = try r.numberMap("cards.\(id).impact")
        case .confidence: confidence = try r.number("cards.\(id).confidence")
        case .reach: reach = try r.number("cards.\(id).reach")
        case .cost: cost = try r.number("cards.\(id).cost")
        case .links: links = try r.stringSet("cards.\(id).links")
        case .votes: votes = try r.integerMap("cards.\(id).votes")
        case .measured: measured = try r.numberMap("cards.\(id).measured")
        case .source: source = try r.string("cards.\(id).source")
        }
    }
    public func knownFields() -> [(String, JSONValue)] {
        var f: [(String, JSONValue)] = [("lane", .string(lane)), ("stage", .string(stage)),
                                        ("order", .string(order)), ("text", .string(text))]
        if let v = notes { f.append(("notes", .string(v))) }
        if let v = channel { f.append(("channel", .string(v))) }
        if let v = owner { f.append(("owner", .string(v))) }
        if !tags.isEmpty { f.append(("tags", .array(StringSet.normalized(tags).map { .string($0) }))) }
        if let v = status { f.append(("status", .string(v))) }
        if !metrics.isEmpty { f.append(("metrics", numMap(metrics))) }
        if let v = volume { f.append(("volume", num(v))) }
        if let v = value { f.append(("value", num(v))) }
        if !impact.isEmpty { f.append(("impact", numMap(impact))) }
        if let v = confidence { f.append(("confidence", num(v))) }
        if let v = reach { f.append(("reach", num(v))) }
        if let v = cost { f.append(("cost", num(v))) }
        if !links.isEmpty { f.append(("links", .array(StringSet.normalized(links).map { .string($0) }))) }
        if !votes.isEmpty { f.append(("votes", .object(votes.mapValues { .number(Double($0)) }))) }
        if !measured.isEmpty { f.append(("measured", numMap(measured))) }
        if let v = source { f.append(("source", .string(v))) }
        return f
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
        if !labels.isEmpty { o["labels"] = .object(labels.mapValues { .string($0) }) }
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
        var seen: [String: Int] = [:]
        try r.readMembers { r, span in
            let key = try r.text(of: span)
            if let first = seen[key] { throw DuplicateKey(key: key, offset: span.offset, firstOffset: first) }
            seen[key] = span.offset
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
    static let boardMembers: Set<String> = ["format", "schemaVersion", "title", "heroMetrics", "scoring", "personas",
                                            "journeys", "stages", "lanes", "cards", "conflicts"]
    static let entityMaps: Set<String> = ["heroMetrics", "personas", "journeys", "stages", "lanes", "cards"]

    /// Reads a map of entities keyed by id. With `estimate`, once 256 entities are read their
    /// average size gives the likely count and the dictionary is sized once, sparing it the
    /// repeated doubling that moves every card and touches fresh pages each time. (Ids are
    /// random, so the first entities in the file are a fair sample.) Only a hint: a wrong guess
    /// costs a resize or some memory, never correctness.
    static func readMap<M: EntityMap>(_ r: inout StrictJSONReader, _ name: String, estimate: Bool = false,
                                      passed: ((Int) -> Void)? = nil) throws -> M where M.Entity: FieldDecodable {
        try r.valueAhead()
        guard r.p[r.i] == UInt8(ascii: "{") else { throw r.fail("\"\(name)\" must be an object keyed by id, not \(r.kindHere())") }
        let start = r.i
        var m = M()
        let sample = estimate ? 256 : -1
        try r.readMembers { r, key in
            let id = try r.text(of: key)
            // One hash per entity: a duplicate id shows as a count that did not grow. (When
            // the second one's object is also broken, the duplicate still comes first.)
            let before = m.count
            do { m[id] = try M.Entity.decodeFast(id: id, &r, map: name) } catch {
                if m[id] != nil { throw r.duplicate(id, key, objectAt: start) }
                throw error
            }
            if m.count == before { throw r.duplicate(id, key, objectAt: start) }
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
            case "heroMetrics": b.heroMetrics = try readMap(&r, key)
            case "personas": b.personas = try readMap(&r, key)
            case "journeys": b.journeys = try readMap(&r, key)
            case "stages": b.stages = try readMap(&r, key)
            case "lanes": b.lanes = try readMap(&r, key)
            case "cards": b.cards = try readMap(&r, key, estimate: true, passed: passed)
            case "scoring":
                try r.valueAhead()
                guard r.peek() == UInt8(ascii: "{") else { throw r.fail("\"scoring\" must be an object, not \(r.kindHere())") }
                let start = r.i
                var gate = false
                try r.readObject { r, k, _ in
                    switch k {
                    case "gate": b.scoring.gate = try r.string("scoring.gate"); gate = true
                    case "votesPerParticipant": b.scoring.votesPerParticipant = try r.integer("scoring.votesPerParticipant")
                    case "votesHidden":
                        try r.valueAhead()
                        let at = r.i
                        guard case .bool(let hidden) = try r.readValue() else { throw r.fail("scoring.votesHidden must be true or false", at: at) }
                        b.scoring.votesHidden = hidden
                    default: b.scoring.extra[k] = try r.readValue()
                    }
                }
                if !gate { throw r.fail("scoring has no \"gate\" (one of \(Validator.gates.joined(separator: ", ")))", at: start) }
            case "conflicts":
                try r.valueAhead()
                guard r.peek() == UInt8(ascii: "[") else { throw r.fail("\"conflicts\" must be an array, not \(r.kindHere())") }
                var n = 0
                try r.readArray { r in b.conflicts.append(try Conflict.decode(&r, index: n)); n += 1 }
            default:
                b.extra[key] = try r.readValue()
            }
        }
        return b
    }

    // MARK: writing

    /// The canonical text of a board, as bytes.
    public static func write(_ b: Board) -> [UInt8] {
        var w = CanonicalJSON(capacity: 256 + b.cards.count * 320)
        // The top-level members are written in code-point order by hand, so the large maps
        // stream out without being turned into one big JSON value first.
        var members: [(String, JSONValue?)] = [
            ("cards", nil), ("conflicts", .array(b.conflicts.map { $0.jsonObject })),
            ("format", .string(Board.format)), ("heroMetrics", nil), ("journeys", nil), ("lanes", nil),
            ("personas", nil), ("schemaVersion", .number(Double(Board.schemaVersion))),
            ("scoring", scoringJSON(b.scoring)), ("stages", nil), ("title", .string(b.title)),
        ]
        for (k, v) in b.extra where !members.contains(where: { $0.0 == k }) { members.append((k, v)) }
        members.sort { CanonicalJSON.keyPrecedes($0.0, $1.0) }
        w.bytes.append(UInt8(ascii: "{"))
        for (n, (key, value)) in members.enumerated() {
            if n > 0 { w.bytes.append(UInt8(ascii: ",")) }
            w.newline(1)
            w.writeString(key)
            w.bytes.append(UInt8(ascii: ":")); w.bytes.append(0x20)
            if let v = value { w.write(v, indent: 1); continue }
            switch key {
            case "cards": writeMap(&w, b.cards)
            case "heroMetrics": writeMap(&w, b.heroMetrics)
            case "journeys": writeMap(&w, b.journeys)
            case "lanes": writeMap(&w, b.lanes)
            case "personas": writeMap(&w, b.personas)
            case "stages": writeMap(&w, b.stages)
            default: break
            }
        }
        w.newline(0)
        w.bytes.append(UInt8(ascii: "}"))
        w.bytes.append(0x0A)
        return w.bytes
    }

    static func scoringJSON(_ s: Scoring) -> JSONValue {
        var o = s.extra
        o["gate"] = .string(s.gate)
        o["votesPerParticipant"] = .number(Double(s.votesPerParticipant))
        if s.votesHidden { o["votesHidden"] = .bool(true) }
        return .object(o)
    }

    static func writeMap<M: EntityMap>(_ w: inout CanonicalJSON, _ m: M) where M.Entity: FieldWritable {
        if m.isEmpty { w.append("{}"); return }
        // positions sorted by id: each entity is then reached without hashing its id again
        let entries = Array(m)
        let order = entries.indices.sorted { CanonicalJSON.keyPrecedes(entries[$0].key, entries[$1].key) }
        w.bytes.append(UInt8(ascii: "{"))
        for (n, i) in order.enumerated() {
            if n > 0 { w.bytes.append(UInt8(ascii: ",")) }
            w.newline(2)
            w.writeString(entries[i].key)
            w.bytes.append(UInt8(ascii: ":")); w.bytes.append(0x20)
            w.writeEntity(entries[i].value, indent: 2)
        }
        w.newline(1)
        w.bytes.append(UInt8(ascii: "}"))
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
