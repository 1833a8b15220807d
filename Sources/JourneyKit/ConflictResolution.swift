/// Listing and resolving the conflict records of a board: what the terminal board's `c` list
/// calls. Everything here is pure: a resolution returns a new board value (the app keeps the old
/// one for undo) or throws, leaving the board untouched.

/// How to resolve one record.
public enum ConflictChoice: Equatable, Sendable {
    /// The record's `ours` value (absent: the field is removed, or the entity deleted).
    case ours
    /// The record's `theirs` value.
    case theirs
    /// The record's `base` value (undo both edits).
    case base
    /// A value of one's own (nil: remove the field, or delete the entity).
    case value(JSONValue?)
}

/// A resolution that would leave the board broken (a stage deleted while cards are still in
/// it, a value of the wrong type …). The board is left as it was.
public struct ConflictResolutionError: Error, Equatable, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// One record as a person reads it. All text is sanitized for a terminal.
public struct ConflictInfo: Equatable, Sendable {
    public enum Side: String, Sendable { case base, ours, theirs }

    public var index: Int
    public var path: String
    /// "cards", "stages", … ; nil for the board's own members (title, scoring, unknown ones).
    public var map: String?
    public var entityID: String?
    /// The disputed field inside the entity ("text", "votes/mei"); nil for a whole entity.
    public var field: String?
    public var isWholeEntity: Bool { map != nil && field == nil }
    /// What the record is about: `card “Technician arrives outside…” (Install / Touchpoints)`.
    public var subject: String
    /// Which part: "text", "votes of mei", "whole card", "title".
    public var what: String
    /// The three values and the one live now, as one line each.
    public var base: String
    public var ours: String
    public var theirs: String
    public var current: String
    /// Which side's value is live now (nil: neither, e.g. edited by hand).
    public var liveSide: Side?
    /// Names of the sides (from the record's labels; "ours"/"theirs"/"base" when unknown).
    public var baseLabel: String
    public var oursLabel: String
    public var theirsLabel: String
    public var reason: String?
    /// Cards to mark on the board: the card itself, or the cards in a disputed stage or lane.
    public var cardIDs: [String]
}

extension Board {
    /// Every record, in file order, for the conflicts list.
    public var conflictInfos: [ConflictInfo] { conflicts.indices.map(conflictInfo) }

    /// Ids of the cards any record concerns (to mark them on the board).
    public var cardsWithConflicts: Set<String> {
        var s = Set<String>()
        for i in conflicts.indices { s.formUnion(conflictInfo(i).cardIDs) }
        return s
    }

    public func conflictInfo(_ index: Int) -> ConflictInfo {
        let c = conflicts[index]
        let segs = ConflictPath.split(c.path)
        var map: String?, id: String?, field: String?
        if segs.count >= 2, EntityKind(rawValue: segs[0]) != nil {
            map = segs[0]; id = segs[1]
            if segs.count > 2 { field = ConflictPath.join(Array(segs[2...])) }
        }
        let current = value(at: c.path)
        var live: ConflictInfo.Side?
        if current == c.ours { live = .ours } else if current == c.theirs { live = .theirs } else if current == c.base { live = .base }
        let fieldName = segs.count > 2 ? segs[2] : nil
        func show(_ v: JSONValue?) -> String {
            ConflictDisplay.text(v, map: map, field: fieldName, wholeEntity: map != nil && field == nil, in: self)
        }
        var subject = "board"
        var what = segs.map { DisplayText.sanitize($0) }.joined(separator: " › ")
        var cardIDs: [String] = []
        if let map = map, let id = id {
            subject = ConflictDisplay.subject(map: map, id: id, in: self, fallback: c.ours ?? c.theirs ?? c.base)
            if let f = field {
                let fs = ConflictPath.split(f)
                what = fs.count == 2 && fs[0] == "votes" ? "votes of \(DisplayText.sanitize(fs[1]))"
                    : fs.map { DisplayText.sanitize($0) }.joined(separator: " › ")
            } else {
                what = "whole \(Merger.singular(map))"
            }
            switch EntityKind(rawValue: map)! {
            case .cards: cardIDs = [id]
            case .stages: cardIDs = cards.values.filter { $0.stage == id }.map(\.id).sorted(by: CanonicalJSON.keyPrecedes)
            case .lanes: cardIDs = cards.values.filter { $0.lane == id }.map(\.id).sorted(by: CanonicalJSON.keyPrecedes)
            case .journeys, .personas, .heroMetrics: break
            }
        } else if segs.first == "scoring" {
            subject = "scoring"
            what = segs.dropFirst().map { DisplayText.sanitize($0) }.joined(separator: " › ")
        }
        return ConflictInfo(
            index: index, path: c.path, map: map, entityID: id, field: field,
            subject: subject, what: what,
            base: show(c.base), ours: show(c.ours), theirs: show(c.theirs), current: show(current),
            liveSide: live,
            baseLabel: DisplayText.sanitize(c.labels["base"] ?? "base"),
            oursLabel: DisplayText.sanitize(c.labels["ours"] ?? "ours"),
            theirsLabel: DisplayText.sanitize(c.labels["theirs"] ?? "theirs"),
            reason: c.reason.map { DisplayText.sanitize($0) }, cardIDs: cardIDs)
    }

    // MARK: values by path

    /// The value at a conflict path as it is now (nil: absent), e.g. `cards/cd_x/text`,
    /// `cards/cd_x/votes/mei`, `stages/st_y`, `title`, `scoring/gate`, or an unknown member.
    public func value(at path: String) -> JSONValue? {
        let segs = ConflictPath.split(path)
        guard let first = segs.first else { return nil }
        var v: JSONValue?
        var rest: ArraySlice<String>
        if EntityKind(rawValue: first) != nil, segs.count >= 2 {
            v = entityJSON(first, segs[1])
            rest = segs[2...]
        } else if first == "title" {
            v = .string(title); rest = segs[1...]
        } else if first == "scoring" {
            v = BoardCodec.scoringJSON(scoring); rest = segs[1...]
        } else {
            v = extra[first]; rest = segs[1...]
        }
        for s in rest { v = v?.objectValue?[s] }
        return v
    }

    func entityJSON(_ map: String, _ id: String) -> JSONValue? {
        struct EntityObject: EntityMapVisitor {
            let board: Board, id: String
            func visit<M: EntityMap>(_ kind: EntityKind, _ map: WritableKeyPath<Board, M>) -> JSONValue? where M.Entity: BoardEntity {
                board[keyPath: map][id]?.jsonObject
            }
        }
        guard let kind = EntityKind(rawValue: map) else { return nil }
        var visitor = EntityObject(board: self, id: id)
        return kind.visit(&visitor)
    }

    /// Sets (nil: removes) the value at a conflict path. Only checks that the value has the
    /// right shape; `resolveConflict` also checks that the board still holds together.
    public mutating func setValue(_ value: JSONValue?, at path: String) throws {
        let segs = ConflictPath.split(path)
        guard let first = segs.first, !first.isEmpty else { throw ConflictResolutionError("empty path") }
        if let kind = EntityKind(rawValue: first), segs.count >= 2 {
            // the board moves into the visitor and back, so its maps are changed in place
            var setter = EntitySetter(board: self, segments: segs, value: value)
            self = Board(title: "")
            defer { self = setter.board }
            try kind.visit(&setter)
            return
        }
        if first == "title" {
            guard segs.count == 1, let s = value?.stringValue else { throw ConflictResolutionError("the board's title must be text") }
            title = s
            return
        }
        if first == "scoring" {
            guard segs.count >= 2 else { throw ConflictResolutionError("scoring cannot be removed as a whole") }
            var o = BoardCodec.scoringJSON(scoring).objectValue ?? [:]
            o[segs[1]] = try Board.setting(o[segs[1]], Array(segs[2...]), value, what: path)
            do {
                scoring = try Scoring(json: .object(o))
            } catch let e as ReadFailure {
                throw ConflictResolutionError(e.message)
            }
            return
        }
        if ["format", "schemaVersion", "conflicts"].contains(first) {
            throw ConflictResolutionError("\(first) cannot be set by resolving a conflict")
        }
        extra[first] = try Board.setting(extra[first], Array(segs[1...]), value, what: path)
    }

    /// Sets one entity (or a value inside it) of one map.
    struct EntitySetter: EntityMapVisitor {
        var board: Board
        let segments: [String], value: JSONValue?
        mutating func visit<M: EntityMap>(_ kind: EntityKind, _ map: WritableKeyPath<Board, M>) throws(any Error) where M.Entity: BoardEntity {
            try Board.set(&board[keyPath: map], segments, value)
        }
    }

    static func setting(_ current: JSONValue?, _ rest: [String], _ value: JSONValue?, what: String) throws -> JSONValue? {
        guard let key = rest.first else { return value }
        var o: CodePointMap<JSONValue>
        switch current {
        case .none: o = [:]
        case .some(.object(let x)): o = x
        case .some(let other): throw ConflictResolutionError("\(what): the value there is \(other.kindName), not an object")
        }
        o[key] = try setting(o[key], Array(rest.dropFirst()), value, what: what)
        return o.isEmpty && value == nil ? nil : .object(o)
    }

    static func set<M: EntityMap>(_ m: inout M, _ segs: [String], _ value: JSONValue?) throws where M.Entity: BoardEntity {
        let map = segs[0], id = segs[1]
        let json: JSONValue?
        if segs.count == 2 {
            json = value
        } else {
            guard let e = m[id] else {
                if value == nil { return }
                throw ConflictResolutionError("\(Merger.singular(map)) \(id) does not exist (resolve the record for the whole \(Merger.singular(map)) first)")
            }
            json = try setting(e.jsonObject, Array(segs[2...]), value, what: ConflictPath.join(segs))
        }
        guard let j = json else { m[id] = nil; return }
        guard case .object = j else { throw ConflictResolutionError("\(Merger.singular(map)) \(id) must be an object, not \(j.kindName)") }
        do {
            var e = try M.Entity(id: id, json: j)
            e.loc = m[id]?.loc ?? SourceLocation()
            m[id] = e
        } catch let e as ReadFailure {
            throw ConflictResolutionError(e.message)
        } catch {
            throw ConflictResolutionError("\(error)")
        }
    }

    // MARK: resolving

    /// Resolves record `index`: sets the disputed value to the chosen one and removes the record
    /// (and any other record for the same value, or inside a whole entity so set). Choosing a
    /// side for one part of a card's place (stage, lane, order) takes that side's whole place.
    /// Deleting a card also removes links to it; deleting anything else still in use, or a
    /// value that breaks a reference, throws and changes nothing.
    public mutating func resolveConflict(_ index: Int, _ choice: ConflictChoice) throws {
        guard conflicts.indices.contains(index) else {
            throw ConflictResolutionError("no conflict \(index + 1) (the board has \(conflicts.count))")
        }
        var b = self
        let before = b.danglingReferences()
        let c = conflicts[index]
        var resolved: [String] = [c.path]
        let segs = ConflictPath.split(c.path)
        if segs.count == 3, segs[0] == "cards", BoardMerge.placeFields.contains(segs[2]), !isValueChoice(choice) {
            // the whole place from one side, so stage and lane stay in one journey
            for other in conflicts {
                let os = ConflictPath.split(other.path)
                if os.count == 3, os[0] == "cards", os[1] == segs[1], BoardMerge.placeFields.contains(os[2]), !resolved.contains(other.path) {
                    resolved.append(other.path)
                }
            }
        }
        for path in resolved {
            let rec = conflicts.first { $0.path == path } ?? c
            let v: JSONValue?
            switch choice {
            case .ours: v = rec.ours
            case .theirs: v = rec.theirs
            case .base: v = rec.base
            case .value(let x): v = x
            }
            let ps = ConflictPath.split(path)
            if v == nil && ps.count == 2 && ps[0] == "cards" {
                // deleting a card takes the links to it away, as deleting it on the board does
                for (cid, card) in b.cards where card.links.contains(ps[1]) {
                    b.cards[cid]!.links.removeAll { $0 == ps[1] }
                }
            }
            try b.setValue(v, at: path)
        }
        try b.checkStillHolds(before: before, touched: resolved)
        b.conflicts.removeAll { r in resolved.contains { r.path == $0 || r.path.hasPrefix($0 + "/") } }
        self = b
    }

    private func isValueChoice(_ c: ConflictChoice) -> Bool {
        if case .value = c { return true }
        return false
    }

    /// Throws when the change left a reference to something missing that was not missing
    /// before, or put a touched card's stage and lane in different journeys.
    func checkStillHolds(before: [Merger.MissingKey: [String]], touched: [String]) throws {
        let after = danglingReferences()
        for (k, users) in after.sorted(by: { $0.key.id < $1.key.id }) {
            let old = Set(before[k] ?? [])
            let new = users.filter { !old.contains($0) }
            if new.isEmpty { continue }
            let what = Merger.singular(k.map)
            let who = new.sorted().prefix(3).map { ConflictDisplay.subjectForPath($0, in: self) }.joined(separator: ", ")
            let more = new.count > 3 ? " and \(new.count - 3) more" : ""
            throw ConflictResolutionError("\(what) \(k.id) would be missing but is still used by \(who)\(more): move or delete those first, or keep it")
        }
        for path in touched {
            let s = ConflictPath.split(path)
            guard s.count >= 2, s[0] == "cards", let card = cards[s[1]],
                  let st = stages[card.stage], let ln = lanes[card.lane], st.journey != ln.journey else { continue }
            throw ConflictResolutionError("card \(card.id): its stage \(DisplayText.sanitize(st.title)) and its lane \(DisplayText.sanitize(ln.title)) would be in different journeys")
        }
    }

    func danglingReferences() -> [Merger.MissingKey: [String]] {
        let m = Merger(base: self, ours: self, theirs: self, labels: [:])
        return m.missingReferences()
    }
}

/// Values of a record as a person reads them (sanitized, one line each).
public enum ConflictDisplay {
    /// `value` as one line: text as it is, numbers in canonical form, ids of stages, lanes,
    /// journeys and personas with their titles, whole entities by their title; absent values
    /// as "(deleted)" (an entity) or "(not set)" (a field).
    public static func text(_ value: JSONValue?, map: String?, field: String?, wholeEntity: Bool, in board: Board) -> String {
        guard let v = value else { return wholeEntity ? "(deleted)" : "(not set)" }
        if wholeEntity, let map = map, let o = v.objectValue { return entitySummary(map, o, in: board) }
        if let s = v.stringValue {
            switch field {
            case "stage": if let t = board.stages[s]?.title { return "\(DisplayText.sanitize(t)) (\(DisplayText.sanitize(s)))" }
            case "lane": if let t = board.lanes[s]?.title { return "\(DisplayText.sanitize(t)) (\(DisplayText.sanitize(s)))" }
            case "journey": if let t = board.journeys[s]?.title { return "\(DisplayText.sanitize(t)) (\(DisplayText.sanitize(s)))" }
            case "persona": if let t = board.personas[s]?.name { return "\(DisplayText.sanitize(t)) (\(DisplayText.sanitize(s)))" }
            default: break
            }
            return DisplayText.sanitize(s)
        }
        return SafeJSON.compact(v)
    }

    /// The fields of an entity value, a line each (`text: Live ETA by SMS`), for a detailed view.
    public static func lines(_ value: JSONValue?) -> [String] {
        guard let v = value else { return ["(deleted)"] }
        guard let o = v.objectValue else { return [v.stringValue.map { DisplayText.sanitize($0) } ?? SafeJSON.compact(v)] }
        return o.keys.sorted(by: CanonicalJSON.keyPrecedes).map { k in
            let x = o[k]!
            return "\(DisplayText.sanitize(k)): \(x.stringValue.map { DisplayText.sanitize($0) } ?? SafeJSON.compact(x))"
        }
    }

    static func quoted(_ s: String, _ max: Int = 48) -> String {
        "“" + DisplayText.truncate(DisplayText.sanitize(s), columns: max) + "”"
    }

    static func entitySummary(_ map: String, _ o: CodePointMap<JSONValue>, in board: Board) -> String {
        let s = { (k: String) in o[k]?.stringValue ?? "" }
        guard let kind = EntityKind(rawValue: map) else { return SafeJSON.compact(.object(o)) }
        switch kind {
        case .cards:
            return quoted(s("text")) + " in " + place(stage: s("stage"), lane: s("lane"), in: board)
        case .stages, .journeys: return quoted(s("title"))
        case .lanes: return quoted(s("title")) + " (\(DisplayText.sanitize(s("kind"))))"
        case .personas: return quoted(s("name"))
        case .heroMetrics: return quoted(s("label"))
        }
    }

    /// "Install / Touchpoints" (with the journey first when the board has several).
    public static func place(stage: String, lane: String, in board: Board) -> String {
        let st = board.stages[stage].map { DisplayText.sanitize($0.title) } ?? DisplayText.sanitize(stage)
        let ln = board.lanes[lane].map { DisplayText.sanitize($0.title) } ?? DisplayText.sanitize(lane)
        if board.journeys.count > 1, let j = board.stages[stage].flatMap({ board.journeys[$0.journey] }) {
            return "\(DisplayText.sanitize(j.title)) › \(st) / \(ln)"
        }
        return "\(st) / \(ln)"
    }

    /// `card “Technician arrives…” (Install / Touchpoints)`, `stage “Install”` …
    public static func subject(map: String, id: String, in board: Board, fallback: JSONValue? = nil) -> String {
        let one = Merger.singular(map)
        let o = board.entityJSON(map, id)?.objectValue ?? fallback?.objectValue
        guard let f = o else { return "\(one) \(DisplayText.sanitize(id))" }
        if map == "cards" {
            return "card " + quoted(f["text"]?.stringValue ?? id) + " (" +
                place(stage: f["stage"]?.stringValue ?? "", lane: f["lane"]?.stringValue ?? "", in: board) + ")"
        }
        return "\(one) " + entitySummary(map, f, in: board)
    }

    static func subjectForPath(_ path: String, in board: Board) -> String {
        let s = ConflictPath.split(path)
        guard s.count >= 2 else { return DisplayText.sanitize(path) }
        return subject(map: s[0], id: s[1], in: board)
    }
}

/// JSON for people and tools on a terminal: like the canonical writer, but every scalar that
/// must not reach a terminal (C0/C1 controls, bidi controls) is escaped as `\uXXXX`, so the
/// text is safe to print and still exact.
public enum SafeJSON {
    /// One line: `{"mei":2,"sam":1}`.
    public static func compact(_ v: JSONValue) -> String {
        var out = ""
        write(v, into: &out, indent: nil)
        return out
    }

    /// Two-space indented, keys in code-point order.
    public static func pretty(_ v: JSONValue) -> String {
        var out = ""
        write(v, into: &out, indent: 0)
        return out
    }

    public static func string(_ s: String) -> String {
        var out = ""
        writeString(s, into: &out)
        return out
    }

    static func write(_ v: JSONValue, into out: inout String, indent: Int?) {
        func nl(_ n: Int) { out += "\n" + String(repeating: "  ", count: n) }
        switch v {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += CanonicalJSON.numberText(n)
        case .string(let s): writeString(s, into: &out)
        case .array(let a):
            if a.isEmpty { out += "[]"; return }
            out += "["
            for (i, e) in a.enumerated() {
                if i > 0 { out += "," }
                if let d = indent { nl(d + 1) }
                write(e, into: &out, indent: indent.map { $0 + 1 })
            }
            if let d = indent { nl(d) }
            out += "]"
        case .object(let o):
            if o.isEmpty { out += "{}"; return }
            out += "{"
            for (i, k) in o.keys.sorted(by: CanonicalJSON.keyPrecedes).enumerated() {
                if i > 0 { out += "," }
                if let d = indent { nl(d + 1) }
                writeString(k, into: &out)
                out += indent == nil ? ":" : ": "
                write(o[k]!, into: &out, indent: indent.map { $0 + 1 })
            }
            if let d = indent { nl(d) }
            out += "}"
        }
    }

    static let hex = Array("0123456789abcdef")

    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if DisplayText.isUnsafe(u.value) {
                    let v = Int(u.value)
                    out += "\\u"
                    for shift in [12, 8, 4, 0] { out.append(hex[(v >> shift) & 15]) }
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
