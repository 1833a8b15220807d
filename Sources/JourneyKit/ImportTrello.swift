#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a Trello board's JSON export (board menu → Print, export and share → Export as JSON)
/// into an `ImportDraft`: one journey titled with the board's name; its open lists, in `pos`
/// order, are the stages; its open cards, in `pos` order within their list, are the cards
/// (`desc` → notes, label names → tags, members' full names → owner, members who voted →
/// votes). A card goes into the lane of the first of its labels that names a lane kind
/// ("Pain point" → pains), else into a steps lane. Archived lists and cards, and cards of
/// archived or unknown lists, are skipped and reported. Places in the report are where each
/// card's (or list's) object starts in the file.
///
/// The file is read with the project's strict JSON reader: a file that is not JSON is an error
/// at its place.
public enum TrelloImport {
    public static func read(_ bytes: [UInt8], file: String) throws -> ImportDraft {
        try bytes.withUnsafeBufferPointer { p in
            var parsed = Parsed()
            do {
                try parsed.read(p)
            } catch let failure as ReadFailure {
                throw error(failure.message, offset: failure.offset, in: p, file: file)
            } catch let duplicate as DuplicateKey {
                throw error("the key \"\(duplicate.key)\" appears twice in one object", offset: duplicate.offset, in: p, file: file)
            }
            return try parsed.draft(in: p, file: file)
        }
    }

    static func error(_ message: String, offset: Int, in p: UnsafeBufferPointer<UInt8>, file: String) -> ImportError {
        let position = SourcePosition.of(offset: offset, in: p)
        return ImportError(message, at: ImportSourceLocation(file: file, line: position.line, column: position.column))
    }

    /// The parts of the export an import uses, each object with the offset it starts at.
    struct Parsed {
        var name: String?
        var lists: [(CodePointMap<JSONValue>, Int)] = []
        var cards: [(CodePointMap<JSONValue>, Int)] = []
        var labels: [CodePointMap<JSONValue>] = []
        var members: [CodePointMap<JSONValue>] = []
        var sawCards = false, sawLists = false

        mutating func read(_ p: UnsafeBufferPointer<UInt8>) throws {
            var r = StrictJSONReader(p, at: BOM.length(p))
            r.skipSpace()
            guard r.peek() == UInt8(ascii: "{") else {
                throw r.fail("a Trello board export is a JSON object (it starts with '{'), found \(r.peek() == nil ? "end of file" : r.kindHere())")
            }
            try r.readObject { r, key, _ in
                switch key {
                case "name": if r.kindHere() == "a string" { name = try r.readString() } else { try r.skipValue() }
                case "lists": sawLists = true; lists = try Parsed.objects(&r, "lists")
                case "cards": sawCards = true; cards = try Parsed.objects(&r, "cards")
                case "labels": labels = try Parsed.objects(&r, "labels").map { $0.0 }
                case "members": members = try Parsed.objects(&r, "members").map { $0.0 }
                default: try r.skipValue()
                }
            }
            r.skipSpace()
            if r.i < p.count { throw r.fail("unexpected text after the end of the board's object") }
            guard sawLists && sawCards else {
                throw ReadFailure(offset: BOM.length(p), message: "not a Trello board export: it has no \(sawLists ? "\"cards\"" : "\"lists\"") array")
            }
        }

        /// An array of objects, each with the offset of its `{`.
        static func objects(_ r: inout StrictJSONReader, _ what: String) throws -> [(CodePointMap<JSONValue>, Int)] {
            var out: [(CodePointMap<JSONValue>, Int)] = []
            r.skipSpace()
            guard r.peek() == UInt8(ascii: "[") else { throw r.fail("\"\(what)\" must be an array, found \(r.kindHere())") }
            try r.readArray { r in
                r.skipSpace()
                let start = r.i
                guard case .object(let object) = try r.readValue() else {
                    throw ReadFailure(offset: start, message: "an element of \"\(what)\" is not an object")
                }
                out.append((object, start))
            }
            return out
        }

        func draft(in p: UnsafeBufferPointer<UInt8>, file: String) throws -> ImportDraft {
            let boardName = name.map(CSVImport.trimmed).flatMap { $0.isEmpty ? nil : $0 }
            var draft = ImportDraft(boardTitle: boardName)
            // every place the report may name, found in one pass over the file
            let offsets = [BOM.length(p)] + lists.map { $0.1 } + cards.map { $0.1 }
            let positions = SourcePosition.of(offsets: offsets, in: p)
            func at(_ k: Int) -> ImportSourceLocation {
                ImportSourceLocation(file: file, line: positions[k].line, column: positions[k].column)
            }
            func listAt(_ k: Int) -> ImportSourceLocation { at(1 + k) }
            func cardAt(_ k: Int) -> ImportSourceLocation { at(1 + lists.count + k) }

            var journey = ImportDraft.Journey(title: boardName ?? CSVImport.title(fromFile: file), source: at(0))
            draft.notes.append(ImportNote(.info, "read as a Trello board's JSON export (lists → stages, labels → tags and the lane, members → owner)", at: at(0)))

            // stages: open lists by pos (file order between equal positions)
            var stageOfList: [String: Int] = [:]
            var closedLists: [String: String] = [:]
            let listOrder = lists.indices.sorted { (Parsed.pos(lists[$0].0), $0) < (Parsed.pos(lists[$1].0), $1) }
            for k in listOrder {
                let list = lists[k].0
                let id = list["id"]?.stringValue ?? ""
                let title = CSVImport.trimmed(list["name"]?.stringValue ?? "")
                if list["closed"] == .bool(true) {
                    closedLists[id] = title
                    draft.notes.append(ImportNote(.skipped, "archived list \"\(title)\" (and its cards)", at: listAt(k)))
                    continue
                }
                let stageTitle = title.isEmpty ? "List \(journey.stages.count + 1)" : title
                if title.isEmpty { draft.notes.append(ImportNote(.changed, "a list without a name: called \"\(stageTitle)\"", at: listAt(k))) }
                stageOfList[id] = journey.stages.count
                journey.stages.append(stageTitle)
            }

            // label and member names by id (older exports have no top-level labels: cards carry them)
            var labelName: [String: String] = [:]
            for label in labels { if let id = label["id"]?.stringValue { labelName[id] = TrelloLabels.name(label) } }
            for (card, _) in cards {
                for label in card["labels"]?.arrayValue ?? [] {
                    if let object = label.objectValue, let id = object["id"]?.stringValue, labelName[id] == nil { labelName[id] = TrelloLabels.name(object) }
                }
            }
            var memberName: [String: String] = [:]
            for member in members {
                guard let id = member["id"]?.stringValue else { continue }
                let full = CSVImport.trimmed(member["fullName"]?.stringValue ?? "")
                memberName[id] = full.isEmpty ? member["username"]?.stringValue : full
            }

            // cards: by stage, then pos, then file order
            var placed: [(stage: Int, pos: Double, k: Int)] = []
            for (k, (card, _)) in cards.enumerated() {
                let text = CSVImport.trimmed(card["name"]?.stringValue ?? "")
                let list = card["idList"]?.stringValue ?? ""
                if card["closed"] == .bool(true) {
                    draft.notes.append(ImportNote(.skipped, "archived card \"\(text)\"", at: cardAt(k)))
                } else if let title = closedLists[list] {
                    draft.notes.append(ImportNote(.skipped, "card \"\(text)\" is in the archived list \"\(title)\"", at: cardAt(k)))
                } else if text.isEmpty {
                    draft.notes.append(ImportNote(.skipped, "card without a name", at: cardAt(k)))
                } else if let stage = stageOfList[list] {
                    placed.append((stage, Parsed.pos(card), k))
                } else {
                    draft.notes.append(ImportNote(.skipped, "card \"\(text)\" is in no list of the board (idList \"\(list)\")", at: cardAt(k)))
                }
            }
            placed.sort { ($0.stage, $0.pos, $0.k) < ($1.stage, $1.pos, $1.k) }

            var kinds: [LaneKind] = []
            for (stage, _, k) in placed {
                let card = cards[k].0
                var out = ImportDraft.Card(stage: stage, lane: 0, text: CSVImport.trimmed(card["name"]?.stringValue ?? ""), source: cardAt(k))
                let desc = CSVImport.trimmed(card["desc"]?.stringValue ?? "")
                if !desc.isEmpty { out.notes = desc }
                var tags: [String] = []
                for id in card["idLabels"]?.arrayValue ?? [] {
                    if let id = id.stringValue, let name = labelName[id], !name.isEmpty, !tags.contains(name) { tags.append(name) }
                }
                out.tags = tags
                kinds.append(TrelloLabels.laneKind(tags))
                let owners = (card["idMembers"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap { memberName[$0] } }
                if !owners.isEmpty { out.owner = owners.joined(separator: ", ") }
                let voters = card["idMembersVoted"]?.arrayValue?.count ?? 0
                if voters > 0 { out.votes = voters }
                journey.cards.append(out)
            }
            let lanes = TrelloLabels.lanes(for: kinds)
            journey.lanes = lanes.lanes
            for index in journey.cards.indices { journey.cards[index].lane = lanes.index[kinds[index]]! }
            for lane in journey.lanes where lane.kind != .steps {
                draft.notes.append(ImportNote(.info, "lane \"\(lane.title)\" holds the cards with a label that names it", at: at(0)))
            }
            draft.journeys = [journey]
            return draft
        }

        static func pos(_ object: CodePointMap<JSONValue>) -> Double {
            if let n = object["pos"]?.numberValue { return n }
            // pos is sometimes "top"/"bottom" in API payloads
            if object["pos"]?.stringValue == "top" { return -.infinity }
            return .infinity
        }
    }
}

/// Trello labels as journey lanes and tags, shared by the JSON and the CSV export readers.
enum TrelloLabels {
    /// A label's name, or its colour when it has no name (Trello allows colour-only labels).
    static func name(_ label: CodePointMap<JSONValue>) -> String {
        let name = CSVImport.trimmed(label["name"]?.stringValue ?? "")
        return name.isEmpty ? CSVImport.trimmed(label["color"]?.stringValue ?? "") : name
    }

    static let colours: Set<String> = ["green", "yellow", "orange", "red", "purple", "blue", "sky", "lime", "pink", "black",
                                       "green_dark", "yellow_dark", "orange_dark", "red_dark", "purple_dark", "blue_dark", "sky_dark", "lime_dark", "pink_dark", "black_dark",
                                       "green_light", "yellow_light", "orange_light", "red_light", "purple_light", "blue_light", "sky_light", "lime_light", "pink_light", "black_light", "null"]

    /// A CSV export's label without its colour: `Pain point (red)` → `Pain point`.
    static func withoutColour(_ label: String) -> String {
        guard label.hasSuffix(")"), let open = label.lastIndex(of: "(") else { return label }
        let colour = label[label.index(after: open)..<label.index(before: label.endIndex)].lowercased()
        guard colours.contains(colour) else { return label }
        let name = CSVImport.trimmed(label[..<open])
        return name.isEmpty ? colour : name
    }

    /// The lane kind of a card: that of its first label naming one, else steps.
    static func laneKind(_ labels: [String]) -> LaneKind {
        for label in labels { if let (kind, _) = LaneKindGuess.kind(named: label) { return kind } }
        return .steps
    }

    /// One lane per kind used, titled with the kind's usual title, in the board's order of kinds.
    static func lanes(for kinds: [LaneKind]) -> (lanes: [ImportDraft.Lane], index: [LaneKind: Int]) {
        let used = Set(kinds)
        var lanes: [ImportDraft.Lane] = []
        var index: [LaneKind: Int] = [:]
        for kind in LaneKind.allCases where used.contains(kind) {
            index[kind] = lanes.count
            lanes.append(ImportDraft.Lane(title: kind.defaultTitle, kind: kind))
        }
        return (lanes, index)
    }
}
