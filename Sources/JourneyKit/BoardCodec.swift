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
        skipSpace()
        guard peek() == UInt8(ascii: "\"") else { throw fail("\(what()) must be a string, not \(kindHere())") }
        return try readString()
    }

    mutating func number(_ what: @autoclosure () -> String) throws -> Double {
        skipSpace()
        guard let c = peek(), c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39) else {
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

    mutating func numberMap(_ what: @autoclosure () -> String) throws -> [String: Double] {
        skipSpace()
        guard peek() == UInt8(ascii: "{") else { throw fail("\(what()) must be an object of numbers, not \(kindHere())") }
        var m: [String: Double] = [:]
        let name = what()
        try readObject { r, k, _ in m[k] = try r.number("\(name).\(k)") }
        return m
    }

    mutating func integerMap(_ what: @autoclosure () -> String) throws -> [String: Int] {
        skipSpace()
        guard peek() == UInt8(ascii: "{") else { throw fail("\(what()) must be an object of whole numbers, not \(kindHere())") }
        var m: [String: Int] = [:]
        let name = what()
        try readObject { r, k, _ in m[k] = try r.integer("\(name).\(k)") }
        return m
    }

    mutating func stringMap(_ what: @autoclosure () -> String) throws -> [String: String] {
        skipSpace()
        guard peek() == UInt8(ascii: "{") else { throw fail("\(what()) must be an object of strings, not \(kindHere())") }
        var m: [String: String] = [:]
        let name = what()
        try readObject { r, k, _ in m[k] = try r.string("\(name).\(k)") }
        return m
    }

    /// A set of strings, kept sorted and without repeats.
    mutating func stringSet(_ what: @autoclosure () -> String) throws -> [String] {
        skipSpace()
        guard peek() == UInt8(ascii: "[") else { throw fail("\(what()) must be an array of strings, not \(kindHere())") }
        var a: [String] = []
        let name = what()
        try readArray { r in a.append(try r.string("each of \(name)")) }
        return StringSet.normalized(a)
    }
}

public enum StringSet {
    /// Sorted by code point, without repeats: the canonical form of a set.
    public static func normalized(_ a: [String]) -> [String] {
        var seen = Set<String>()
        return a.filter { seen.insert($0).inserted }.sorted(by: CanonicalJSON.keyPrecedes)
    }
}

@inline(__always) func num(_ d: Double) -> JSONValue { .number(d) }
@inline(__always) func numMap(_ m: [String: Double]) -> JSONValue { .object(m.mapValues { .number($0) }) }

// MARK: entities

extension HeroMetric: BoardEntity {
    public init(decodingID id: String) {
        self.init(id: id, label: id, min: 0, max: 100, better: .higher, order: "")
        better = ""
    }
    public mutating func decodeField(_ key: String, _ r: inout StrictJSONReader) throws -> Bool {
        let at = "heroMetrics.\(id)"
        switch key {
        case "label": label = try r.string("\(at).label")
        case "unit": unit = try r.string("\(at).unit")
        case "min": min = try r.number("\(at).min")
        case "max": max = try r.number("\(at).max")
        case "better": better = try r.string("\(at).better")
        case "weight": weight = try r.number("\(at).weight")
        case "order": order = try r.string("\(at).order")
        default: return false
        }
        return true
    }
    public func knownFields() -> [(String, JSONValue)] {
        [("label", .string(label)), ("unit", .string(unit)), ("min", num(min)), ("max", num(max)),
         ("better", .string(better)), ("weight", num(weight)), ("order", .string(order))]
    }
}

extension Persona: BoardEntity {
    public init(decodingID id: String) { self.init(id: id, name: "", order: "") }
    public mutating func decodeField(_ key: String, _ r: inout StrictJSONReader) throws -> Bool {
        switch key {
        case "name": name = try r.string("personas.\(id).name")
        case "description": description = try r.string("personas.\(id).description")
        case "order": order = try r.string("personas.\(id).order")
        default: return false
        }
        return true
    }
    public func knownFields() -> [(String, JSONValue)] {
        var f: [(String, JSONValue)] = [("name", .string(name)), ("order", .string(order))]
        if !description.isEmpty { f.append(("description", .string(description))) }
        return f
    }
}

extension Journey: BoardEntity {
    public init(decodingID id: String) { self.init(id: id, title: "", order: "") }
    public mutating func decodeField(_ key: String, _ r: inout StrictJSONReader) throws -> Bool {
        let at = "journeys.\(id)"
        switch key {
        case "title": title = try r.string("\(at).title")
        case "persona": persona = try r.string("\(at).persona")
        case "state": state = try r.string("\(at).state")
        case "order": order = try r.string("\(at).order")
        case "metrics": metrics = try r.numberMap("\(at).metrics")
        case "volume": volume = try r.number("\(at).volume")
        default: return false
        }
        return true
    }
    public func knownFields() -> [(String, JSONValue)] {
        var f: [(String, JSONValue)] = [("title", .string(title)), ("state", .string(state)), ("order", .string(order))]
        if let p = persona { f.append(("persona", .string(p))) }
        if !metrics.isEmpty { f.append(("metrics", numMap(metrics))) }
        if let v = volume { f.append(("volume", num(v))) }
        return f
    }
}

extension Stage: BoardEntity {
    public init(decodingID id: String) { self.init(id: id, journey: "", title: "", order: "") }
    public mutating func decodeField(_ key: String, _ r: inout StrictJSONReader) throws -> Bool {
        switch key {
        case "journey": journey = try r.string("stages.\(id).journey")
        case "title": title = try r.string("stages.\(id).title")
        case "order": order = try r.string("stages.\(id).order")
        default: return false
        }
        return true
    }
    public func knownFields() -> [(String, JSONValue)] {
        [("journey", .string(journey)), ("title", .string(title)), ("order", .string(order))]
    }
}

extension Lane: BoardEntity {
    public init(decodingID id: String) { self.init(id: id, journey: "", kind: .notes, title: "", order: ""); kind = "" }
    public mutating func decodeField(_ key: String, _ r: inout StrictJSONReader) throws -> Bool {
        switch key {
        case "journey": journey = try r.string("lanes.\(id).journey")
        case "kind": kind = try r.string("lanes.\(id).kind")
        case "title": title = try r.string("lanes.\(id).title")
        case "order": order = try r.string("lanes.\(id).order")
        default: return false
        }
        return true
    }
    public func knownFields() -> [(String, JSONValue)] {
        [("journey", .string(journey)), ("kind", .string(kind)), ("title", .string(title)), ("order", .string(order))]
    }
}

extension Card: BoardEntity {
    public init(decodingID id: String) { self.init(id: id, lane: "", stage: "", order: "", text: "") }
    public mutating func decodeField(_ key: String, _ r: inout StrictJSONReader) throws -> Bool {
        // Compare by length first: this runs for every field of every card.
        switch key {
        case "lane": lane = try r.string("cards.\(id).lane")
        case "stage": stage = try r.string("cards.\(id).stage")
        case "order": order = try r.string("cards.\(id).order")
        case "text": text = try r.string("cards.\(id).text")
        case "notes": notes = try r.string("cards.\(id).notes")
        case "channel": channel = try r.string("cards.\(id).channel")
        case "owner": owner = try r.string("cards.\(id).owner")
        case "tags": tags = try r.stringSet("cards.\(id).tags")
        case "status": status = try r.string("cards.\(id).status")
        case "metrics": metrics = try r.numberMap("cards.\(id).metrics")
        case "volume": volume = try r.number("cards.\(id).volume")
        case "value": value = try r.number("cards.\(id).value")
        case "impact": impact = try r.numberMap("cards.\(id).impact")
        case "confidence": confidence = try r.number("cards.\(id).confidence")
        case "reach": reach = try r.number("cards.\(id).reach")
        case "cost": cost = try r.number("cards.\(id).cost")
        case "links": links = try r.stringSet("cards.\(id).links")
        case "votes": votes = try r.integerMap("cards.\(id).votes")
        case "measured": measured = try r.numberMap("cards.\(id).measured")
        case "source": source = try r.string("cards.\(id).source")
        default: return false
        }
        return true
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
        r.skipSpace()
        c.loc = SourceLocation(r.i)
        guard r.peek() == UInt8(ascii: "{") else { throw r.fail("conflicts[\(index)] must be an object, not \(r.kindHere())") }
        try r.readObject { r, key, _ in
            switch key {
            case "path": c.path = try r.string("conflicts[\(index)].path")
            case "base": c.base = try r.readValue()
            case "ours": c.ours = try r.readValue()
            case "theirs": c.theirs = try r.readValue()
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
    public static func read(_ bytes: [UInt8], file: String = "<board>") throws -> Board {
        func located(_ offset: Int, _ message: String) -> BoardReadError {
            BoardReadError(file: file, position: SourcePosition.of(offset: offset, in: bytes), message: message)
        }
        do {
            if bytes.isEmpty { throw ReadFailure(offset: 0, message: "empty file: expected a journey board (is the file truncated?)") }
            try RawBytesCheck.check(bytes)
            return try bytes.withUnsafeBufferPointer { p in
                try checkHeader(p)
                var r = StrictJSONReader(p)
                let board = try readBoard(&r)
                try r.expectEnd()
                return board
            }
        } catch let e as ReadFailure {
            throw located(e.offset, e.message)
        } catch let e as DuplicateKey {
            let first = SourcePosition.of(offset: e.firstOffset, in: bytes)
            throw located(e.offset, "duplicate key \"\(e.key)\" (first at line \(first.line), column \(first.column)); a hand merge may have kept both sides")
        }
    }

    /// `format` and `schemaVersion` are checked before anything else is read, so a newer
    /// board is refused with a clear message, never half-read.
    static func checkHeader(_ p: UnsafeBufferPointer<UInt8>) throws {
        var r = StrictJSONReader(p)
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
        if let (v, at) = version, v > Double(Board.schemaVersion) {
            throw ReadFailure(offset: at, message: "schemaVersion \(CanonicalJSON.numberText(v)) was written by a newer version of journey (this build reads version \(Board.schemaVersion)); upgrade journey to open it")
        }
        if let (f, at) = format, f != Board.format {
            throw ReadFailure(offset: at, message: "\"format\" is \"\(f)\", not \"\(Board.format)\": this is not a journey board")
        }
        if sawEnd && format == nil {
            throw ReadFailure(offset: 0, message: "not a journey board: no \"format\": \"\(Board.format)\" member")
        }
        if sawEnd && version == nil {
            throw ReadFailure(offset: 0, message: "no \"schemaVersion\" member (this build writes version \(Board.schemaVersion))")
        }
    }

    static func readMap<E: BoardEntity>(_ r: inout StrictJSONReader, _ name: String) throws -> [String: E] {
        r.skipSpace()
        guard r.peek() == UInt8(ascii: "{") else { throw r.fail("\"\(name)\" must be an object keyed by id, not \(r.kindHere())") }
        var m: [String: E] = [:]
        var keyOffsets: [String: Int] = [:]
        try r.readObject(checkDuplicates: false) { r, id, keyAt in
            if m[id] != nil { throw DuplicateKey(key: id, offset: keyAt, firstOffset: keyOffsets[id] ?? 0) }
            keyOffsets[id] = keyAt
            m[id] = try E.decode(id: id, &r, path: "\(name).")
        }
        return m
    }

    static func readBoard(_ r: inout StrictJSONReader) throws -> Board {
        var b = Board(title: "")
        try r.readObject { r, key, _ in
            switch key {
            case "title": b.title = try r.string("title")
            case "format": _ = try r.string("format")
            case "schemaVersion": _ = try r.integer("schemaVersion")
            case "heroMetrics": b.heroMetrics = try readMap(&r, key)
            case "personas": b.personas = try readMap(&r, key)
            case "journeys": b.journeys = try readMap(&r, key)
            case "stages": b.stages = try readMap(&r, key)
            case "lanes": b.lanes = try readMap(&r, key)
            case "cards": b.cards = try readMap(&r, key)
            case "scoring":
                r.skipSpace()
                guard r.peek() == UInt8(ascii: "{") else { throw r.fail("\"scoring\" must be an object, not \(r.kindHere())") }
                try r.readObject { r, k, _ in
                    switch k {
                    case "gate": b.scoring.gate = try r.string("scoring.gate")
                    case "votesPerParticipant": b.scoring.votesPerParticipant = try r.integer("scoring.votesPerParticipant")
                    default: b.scoring.extra[k] = try r.readValue()
                    }
                }
            case "conflicts":
                r.skipSpace()
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
        return .object(o)
    }

    static func writeMap<E: BoardEntity>(_ w: inout CanonicalJSON, _ m: [String: E]) {
        if m.isEmpty { w.append("{}"); return }
        let ids = m.keys.sorted(by: CanonicalJSON.keyPrecedes)
        w.bytes.append(UInt8(ascii: "{"))
        for (n, id) in ids.enumerated() {
            if n > 0 { w.bytes.append(UInt8(ascii: ",")) }
            w.newline(2)
            w.writeString(id)
            w.bytes.append(UInt8(ascii: ":")); w.bytes.append(0x20)
            w.writeMembers(m[id]!.allFields(), indent: 2)
        }
        w.newline(1)
        w.bytes.append(UInt8(ascii: "}"))
    }
}

extension CanonicalJSON {
    /// A number as canonical text ("3", "3.5").
    public static func numberText(_ n: Double) -> String {
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
