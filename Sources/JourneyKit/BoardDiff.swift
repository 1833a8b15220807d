/// Readable changes between two versions of a board: `journey diff OLD NEW` (a semantic diff,
/// matched by id) and `journey textconv FILE` (a stable line-per-field form for `git diff`).
/// All board text is sanitized (titles) or escaped (values), so nothing from a file can drive
/// the terminal.
public struct BoardDiff: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable { case added, removed, moved, changed }

    public struct FieldChange: Equatable, Sendable {
        /// The field ("text", "votes", or a board member such as "title", "scoring/gate").
        public var field: String
        public var old: JSONValue?
        public var new: JSONValue?
    }

    public struct Change: Equatable, Sendable {
        /// "journeys", "personas", "stages", "lanes", "cards", "heroMetrics", or "board".
        public var map: String
        public var id: String
        public var kind: Kind
        /// Title (text, name, label) as a person reads it, sanitized: the new one when there is one.
        public var title: String
        /// Where it was and where it is: "Install / Touchpoints" for a card, a journey's title
        /// for a stage or lane; `to` only when moved.
        public var from: String?
        public var to: String?
        /// Changed fields (for a moved card without its place fields); empty when added or removed.
        public var fields: [FieldChange]
    }

    public var changes: [Change]
    public var isEmpty: Bool { changes.isEmpty }

    /// The changes from `old` to `new`: board members, then each map; in each map added,
    /// removed, moved, changed, each group by title then id.
    public static func between(_ old: Board, _ new: Board) -> BoardDiff {
        var changes: [Change] = []
        // the board's own members
        var boardFields: [FieldChange] = []
        if old.title != new.title { boardFields.append(FieldChange(field: "title", old: .string(old.title), new: .string(new.title))) }
        let os = BoardCodec.scoringJSON(old.scoring).objectValue ?? [:], ns = BoardCodec.scoringJSON(new.scoring).objectValue ?? [:]
        boardFields += fieldChanges(os, ns, prefix: "scoring/")
        boardFields += fieldChanges(old.extra, new.extra, prefix: "")
        if old.conflicts != new.conflicts {
            boardFields.append(FieldChange(field: "conflicts", old: .number(Double(old.conflicts.count)), new: .number(Double(new.conflicts.count))))
        }
        if !boardFields.isEmpty {
            changes.append(Change(map: "board", id: "", kind: .changed, title: DisplayText.sanitize(new.title), from: nil, to: nil, fields: boardFields))
        }
        for kind in EntityKind.allCases {
            var differ = MapDiffer(old: old, new: new)
            changes += kind.visit(&differ)
        }
        return BoardDiff(changes: changes)
    }

    struct MapDiffer: EntityMapVisitor {
        let old: Board, new: Board
        func visit<M: EntityMap>(_ kind: EntityKind, _ map: WritableKeyPath<Board, M>) -> [Change] where M.Entity: BoardEntity {
            BoardDiff.diffMap(old, new, map, kind)
        }
    }

    static func fieldChanges(_ o: CodePointMap<JSONValue>, _ n: CodePointMap<JSONValue>, prefix: String) -> [FieldChange] {
        var out: [FieldChange] = []
        for k in CodePointMap.keys(of: o, n) where o[k] != n[k] {
            out.append(FieldChange(field: prefix + k, old: o[k], new: n[k]))
        }
        return out
    }

    static func diffMap<M: EntityMap>(_ old: Board, _ new: Board, _ kp: KeyPath<Board, M>, _ kind: EntityKind) -> [Change] where M.Entity: BoardEntity {
        let map = kind.rawValue
        let o = old[keyPath: kp], n = new[keyPath: kp]
        var out: [Change] = []
        for (id, ne) in n {
            guard let oe = o[id] else {
                out.append(Change(map: map, id: id, kind: .added, title: title(ne), from: place(ne, in: new), to: nil, fields: []))
                continue
            }
            if oe == ne { continue }
            let of = Merger.fields(oe), nf = Merger.fields(ne)
            var fields = fieldChanges(of, nf, prefix: "")
            // what moves it, and what is not listed as changed when it moved
            let moveFields: [String], hidden: [String]
            switch kind {
            case .cards: (moveFields, hidden) = (["stage", "lane"], ["stage", "lane", "order"])
            case .stages, .lanes: (moveFields, hidden) = (["journey"], ["journey", "order"])
            case .journeys, .personas, .heroMetrics: (moveFields, hidden) = ([], [])
            }
            let moved = moveFields.contains { of[$0] != nf[$0] }
            if moved {
                fields.removeAll { hidden.contains($0.field) }
                out.append(Change(map: map, id: id, kind: .moved, title: title(ne), from: place(oe, in: old), to: place(ne, in: new), fields: fields))
            } else if !fields.isEmpty {
                out.append(Change(map: map, id: id, kind: .changed, title: title(ne), from: place(ne, in: new), to: nil, fields: fields))
            }
        }
        for (id, oe) in o where n[id] == nil {
            out.append(Change(map: map, id: id, kind: .removed, title: title(oe), from: place(oe, in: old), to: nil, fields: []))
        }
        let rank = Dictionary(uniqueKeysWithValues: Kind.allCases.enumerated().map { ($1, $0) })
        out.sort {
            if $0.kind != $1.kind { return rank[$0.kind]! < rank[$1.kind]! }
            if $0.title != $1.title { return CanonicalJSON.keyPrecedes($0.title, $1.title) }
            return CanonicalJSON.keyPrecedes($0.id, $1.id)
        }
        return out
    }

    static func title<E: BoardEntity>(_ e: E) -> String {
        let t: String
        switch e {
        case let c as Card: t = c.text
        case let s as Stage: t = s.title
        case let l as Lane: t = l.title
        case let j as Journey: t = j.title
        case let p as Persona: t = p.name
        case let m as HeroMetric: t = m.label
        default: t = e.id
        }
        return DisplayText.sanitize(t)
    }

    static func place<E: BoardEntity>(_ e: E, in b: Board) -> String? {
        switch e {
        case let c as Card: return ConflictDisplay.place(stage: c.stage, lane: c.lane, in: b)
        case let s as Stage: return b.journeys[s.journey].map { DisplayText.sanitize($0.title) } ?? DisplayText.sanitize(s.journey)
        case let l as Lane: return b.journeys[l.journey].map { DisplayText.sanitize($0.title) } ?? DisplayText.sanitize(l.journey)
        default: return nil
        }
    }

    // MARK: output

    /// What a section is called, singular and plural.
    static func names(_ map: String) -> (String, String) {
        guard let kind = EntityKind(rawValue: map) else { return ("board", "board") }
        return (kind.singular, kind.plural)
    }

    /// The diff for a person: a section per map, a line per entity (`+` added, `-` removed,
    /// `→` moved, `~` changed) and an indented line per changed field (`old → new`), then a
    /// summary. ANSI colour only when `color` is true.
    public func text(color: Bool) -> String {
        if changes.isEmpty { return "no changes\n" }
        func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        var out = ""
        var section = ""
        for c in changes {
            if c.map != section {
                section = c.map
                out += paint(BoardDiff.names(c.map).1, "1") + "\n"
            }
            let idText = c.id.isEmpty ? "" : "  (\(DisplayText.sanitize(c.id)))"
            let quoted = "“\(c.title)”"
            switch c.kind {
            case .added:
                out += "  " + paint("+", "32") + " \(quoted)" + (c.from.map { " in \($0)" } ?? "") + idText + "\n"
            case .removed:
                out += "  " + paint("-", "31") + " \(quoted)" + (c.from.map { " from \($0)" } ?? "") + idText + "\n"
            case .moved:
                out += "  " + paint("→", "36") + " \(quoted) moved \(c.from ?? "?") → \(c.to ?? "?")" + idText + "\n"
            case .changed:
                if c.map == "board" { break }
                out += "  " + paint("~", "33") + " \(quoted)" + (c.from.map { " in \($0)" } ?? "") + idText + "\n"
            }
            let indent = c.map == "board" ? "  " : "      "
            for f in c.fields {
                if c.map == EntityKind.cards.rawValue && f.field == "comments" {
                    // a thread reads as what happened to each comment, not as two JSON objects
                    for cc in BoardDiff.commentChanges(cardID: c.id, card: c.title, old: f.old, new: f.new) {
                        out += indent + paint("comment \(cc.kind.rawValue)", "33") + " by \(cc.author): “\(cc.text)”\n"
                    }
                    continue
                }
                let o = f.old.map(SafeJSON.compact) ?? "(not set)"
                let n = f.new.map(SafeJSON.compact) ?? "(not set)"
                out += indent + "\(DisplayText.sanitize(f.field)): " + paint(o, "31") + " → " + paint(n, "32") + "\n"
            }
        }
        out += summary + "\n"
        return out
    }

    /// "2 cards added, 1 moved, 3 changed; 1 stage changed; board changed".
    public var summary: String {
        var parts = countsByEntity { _ in true }
        if changes.contains(where: { $0.map == "board" }) { parts.append("board changed") }
        return parts.joined(separator: "; ")
    }

    /// Per entity map, in order, "2 cards added, 1 moved, 3 changed" for the changes `counted` keeps.
    func countsByEntity(_ counted: (Change) -> Bool) -> [String] {
        var parts: [String] = []
        for map in EntityKind.allCases.map(\.rawValue) {
            let cs = changes.filter { $0.map == map && counted($0) }
            if cs.isEmpty { continue }
            let (one, many) = BoardDiff.names(map)
            var kinds: [String] = []
            for k in Kind.allCases {
                let n = cs.filter { $0.kind == k }.count
                if n == 0 { continue }
                kinds.append(kinds.isEmpty ? "\(n) \(n == 1 ? one : many) \(k.rawValue)" : "\(n) \(k.rawValue)")
            }
            parts.append(kinds.joined(separator: ", "))
        }
        return parts
    }

    /// The diff as JSON: `{"changes": [{"map", "id", "kind", "title", "from", "to", "fields": [{"field", "old", "new"}]}], "summary"}`.
    public var json: JSONValue {
        .object([
            "changes": .array(changes.map { c in
                var o: CodePointMap<JSONValue> = ["map": .string(c.map), "id": .string(c.id), "kind": .string(c.kind.rawValue),
                                              "title": .string(c.title)]
                if let f = c.from { o["from"] = .string(f) }
                if let t = c.to { o["to"] = .string(t) }
                o["fields"] = .array(c.fields.map { f in
                    var x: CodePointMap<JSONValue> = ["field": .string(f.field)]
                    if let v = f.old { x["old"] = v }
                    if let v = f.new { x["new"] = v }
                    return .object(x)
                })
                return .object(o)
            }),
            "summary": .string(changes.isEmpty ? "no changes" : summary),
        ])
    }
}

/// A board as sorted `path: value` lines, one per field (`cards/cd_x/text: "…"`), values as
/// one-line JSON with terminal-unsafe characters escaped. Stable: the same board always gives
/// the same lines, and an edit to one field changes one line, so `git diff` and `git log -p`
/// read well through `diff.journey.textconv`.
public enum BoardTextconv {
    public static func lines(_ b: Board) -> [String] {
        var out: [String] = []
        func add(_ segs: [String], _ v: JSONValue) {
            out.append(DisplayText.escapeUnsafe(ConflictPath.join(segs)) + ": " + SafeJSON.compact(v))
        }
        add(["format"], .string(Board.format))
        add(["schemaVersion"], .number(Double(Board.schemaVersion)))
        add(["title"], .string(b.title))
        for (k, v) in BoardCodec.scoringJSON(b.scoring).objectValue ?? [:] { add(["scoring", k], v) }
        for (k, v) in b.extra { add([k], v) }
        for kind in EntityKind.allCases {
            var lister = MapLines(board: b)
            kind.visit(&lister)
            out += lister.lines
        }
        let width = String(max(b.conflicts.count - 1, 0)).count
        for (n, c) in b.conflicts.enumerated() {
            var num = String(n)
            while num.count < width { num = "0" + num }
            for (k, v) in c.jsonObject.objectValue ?? [:] { add(["conflicts", num, k], v) }
        }
        out.sort(by: CanonicalJSON.keyPrecedes)
        return out
    }

    public static func text(_ b: Board) -> String { lines(b).joined(separator: "\n") + "\n" }

    /// The lines of one map: one per field of each entity (`{}` for an entity with none).
    struct MapLines: EntityMapVisitor {
        let board: Board
        var lines: [String] = []
        mutating func visit<M: EntityMap>(_ kind: EntityKind, _ map: WritableKeyPath<Board, M>) where M.Entity: BoardEntity {
            func add(_ segments: [String], _ value: JSONValue) {
                lines.append(DisplayText.escapeUnsafe(ConflictPath.join(segments)) + ": " + SafeJSON.compact(value))
            }
            for (id, entity) in board[keyPath: map] {
                let fields = entity.allFields()
                if fields.isEmpty { add([kind.rawValue, id], .object([:])) }
                for (key, value) in fields { add([kind.rawValue, id, key], value) }
            }
        }
    }
}

// MARK: comments and votes, as people say them

extension BoardDiff {
    /// One change in a card's thread: "comment added by ana on “Card”".
    public struct CommentChange: Equatable, Sendable {
        public enum Kind: String, Sendable { case added, removed, edited, resolved, reopened }
        public var cardID: String
        /// The card's text, sanitized.
        public var card: String
        public var commentID: String
        public var kind: Kind
        /// Who wrote the comment (sanitized).
        public var author: String
        /// Its text (the new one; the old one when removed), sanitized.
        public var text: String

        /// "comment added by ana on “Card”".
        public var sentence: String { "comment \(kind.rawValue) by \(author) on “\(card)”" }
    }

    /// The thread changes of one card's `comments` field, oldest comment first.
    static func commentChanges(cardID: String, card: String, old: JSONValue?, new: JSONValue?) -> [CommentChange] {
        let o = old?.objectValue ?? [:], n = new?.objectValue ?? [:]
        var out: [(time: String, change: CommentChange)] = []
        for id in CodePointMap.keys(of: o, n) where o[id] != n[id] {
            let before = o[id]?.objectValue, after = n[id]?.objectValue
            let kind: CommentChange.Kind
            switch (before, after) {
            case (nil, _): kind = .added
            case (_, nil): kind = .removed
            case let (b?, a?):
                let wasResolved = b["resolved"] == .bool(true), isResolved = a["resolved"] == .bool(true)
                if b["text"] == a["text"] && wasResolved != isResolved { kind = isResolved ? .resolved : .reopened } else { kind = .edited }
            }
            let shown = after ?? before ?? [:]
            out.append((shown["time"]?.stringValue ?? "",
                        CommentChange(cardID: cardID, card: card, commentID: id, kind: kind,
                                      author: DisplayText.sanitize(shown["author"]?.stringValue ?? "?"),
                                      text: DisplayText.sanitize(shown["text"]?.stringValue ?? ""))))
        }
        out.sort { $0.time == $1.time ? CanonicalJSON.keyPrecedes($0.change.commentID, $1.change.commentID) : CanonicalJSON.keyPrecedes($0.time, $1.time) }
        return out.map(\.change)
    }

    /// Every thread change of the diff's changed and moved cards.
    public var commentChanges: [CommentChange] {
        var out: [CommentChange] = []
        for c in changes where c.map == EntityKind.cards.rawValue {
            for f in c.fields where f.field == "comments" {
                out += BoardDiff.commentChanges(cardID: c.id, card: c.title, old: f.old, new: f.new)
            }
        }
        return out
    }

    /// Votes given and taken back, one per vote (a participant's count going 1 → 3 is 2).
    public var votesChanged: Int {
        var n = 0
        for c in changes where c.map == EntityKind.cards.rawValue {
            for f in c.fields where f.field == "votes" {
                let o = f.old?.objectValue ?? [:], v = f.new?.objectValue ?? [:]
                for p in CodePointMap.keys(of: o, v) {
                    n += Int(abs((v[p]?.numberValue ?? 0) - (o[p]?.numberValue ?? 0)))
                }
            }
        }
        return n
    }

    /// A short line for a commit message: "2 cards added, 1 moved, 3 votes, 1 comment" — votes
    /// and comments counted apart, a card counted as changed only for its other fields.
    public var headline: String {
        if changes.isEmpty { return "no changes" }
        // a card whose only changes are votes or comments is counted by those, below
        var parts = countsByEntity { c in
            !(c.map == EntityKind.cards.rawValue && c.kind == .changed && c.fields.allSatisfy { $0.field == "votes" || $0.field == "comments" })
        }
        let votes = votesChanged
        if votes > 0 { parts.append("\(votes) vote\(votes == 1 ? "" : "s")") }
        let comments = commentChanges.count
        if comments > 0 { parts.append("\(comments) comment\(comments == 1 ? "" : "s")") }
        if changes.contains(where: { $0.map == "board" }) { parts.append("board changed") }
        return parts.isEmpty ? "no changes" : parts.joined(separator: ", ")
    }

    /// One line per change for a history (`journey log`): "+ card “X” in Install / Pains",
    /// "→ card “X” moved A → B", "~ card “X”: text, owner", "comment added by ana on “X”",
    /// "~ board: title". Only the changes of the entity `only` (a card id) when given.
    public func lines(only: String? = nil) -> [String] {
        var out: [String] = []
        for c in changes where only.map({ CanonicalJSON.sameText($0, c.id) }) ?? true {
            let (one, _) = BoardDiff.names(c.map)
            let quoted = "\(one) “\(c.title)”"
            let fields = c.fields.filter { !(c.map == EntityKind.cards.rawValue && $0.field == "comments") }
                .map { DisplayText.sanitize($0.field) }
            switch c.kind {
            case .added: out.append("+ \(quoted)" + (c.from.map { " in \($0)" } ?? ""))
            case .removed: out.append("- \(quoted)" + (c.from.map { " from \($0)" } ?? ""))
            case .moved: out.append("→ \(quoted) moved \(c.from ?? "?") → \(c.to ?? "?")" + (fields.isEmpty ? "" : "; " + fields.joined(separator: ", ")))
            case .changed:
                if c.map == "board" { out.append("~ board: " + fields.joined(separator: ", ")) }
                else if !fields.isEmpty { out.append("~ \(quoted): " + fields.joined(separator: ", ")) }
            }
            if c.map == EntityKind.cards.rawValue {
                for f in c.fields where f.field == "comments" {
                    out += BoardDiff.commentChanges(cardID: c.id, card: c.title, old: f.old, new: f.new).map(\.sentence)
                }
            }
        }
        return out
    }
}
