/// Reads a CSV of stickies or a journey-map spreadsheet into an `ImportDraft`: one journey per
/// file, one card per row.
///
/// - Columns are found by their header, case-insensitively, with the names people use (see
///   `synonyms`), or named with `mapping` (`--map FIELD=COLUMN`). A header that could mean two
///   fields goes to the one listed first; "step" is a stage column only when no column is called
///   stage, phase, section, column or list (as a lane *name*, "Steps" still means a steps lane).
/// - Trello's own CSV export is recognised by its "Card Name" and "List Name" columns and read
///   as a Trello board is (lists → stages, labels → tags and the lane, archived cards skipped).
/// - The delimiter is the one of `,` `;` TAB found most in the header row (or Excel's `sep=`
///   line). Text may be UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark
///   or Windows-1252 (see `ImportTextDecoding`).
/// - Every row skipped or value changed is a note with the physical line its record starts on.
public enum CSVImport {
    /// The draft fields a column can fill, as `--map` names them.
    public static let fieldNames = ["stage", "lane", "text", "notes", "channel", "owner", "tags", "votes", "emotion"]

    /// The fields by number, in the order of `fieldNames`.
    enum Field: Int { case stage, lane, text, notes, channel, owner, tags, votes, emotion }

    /// Header names per field, compared after `normalizedHeader`, in order of preference.
    public static let synonyms: [(field: String, headers: [String])] = [
        ("text", ["text", "content", "sticky", "sticky note", "sticky text", "card", "card text", "card name", "title", "name"]),
        ("stage", ["stage", "stages", "phase", "phases", "section", "column", "journey stage", "stage name", "list", "list name", "step", "steps"]),
        ("lane", ["lane", "lanes", "swimlane", "swim lane", "row", "category", "type", "kind", "lane name"]),
        ("notes", ["notes", "note", "description", "desc", "details"]),
        ("channel", ["channel", "channels"]),
        ("owner", ["owner", "owners", "assignee", "assignees", "assigned to"]),
        ("tags", ["tags", "tag", "labels", "label"]),
        ("votes", ["votes", "vote", "dots", "dot votes", "vote count"]),
        ("emotion", ["emotion", "score", "sentiment", "emotion score"]),
    ]

    /// Trello's CSV export: these columns fill these fields.
    static let trelloColumns: [(field: String, header: String)] = [
        ("text", "card name"), ("stage", "list name"), ("notes", "card description"),
        ("tags", "labels"), ("owner", "members"), ("votes", "vote count"),
    ]

    /// The stage of every row when the file has no stage column.
    static let defaultStage = "Imported"

    public static func read(_ bytes: [UInt8], file: String, mapping: [String: String]) throws -> ImportDraft {
        let start = ImportSourceLocation(file: file, line: 1)
        var wanted: [String: String] = [:]
        for (field, column) in mapping.sorted(by: { $0.key < $1.key }) {
            let name = field.lowercased()
            guard fieldNames.contains(name) else {
                throw ImportError("--map \(field)=\(column): no field \"\(field)\" (the fields are \(fieldNames.joined(separator: ", ")))", at: start)
            }
            wanted[name] = column
        }
        let decoded = try ImportTextDecoding.decode(bytes, file: file)
        if decoded.utf8.isEmpty {
            let bom = bytes.count >= 2 && (bytes[0] == 0xEF || bytes[0] == 0xFF || bytes[0] == 0xFE)
            throw ImportError(bom ? "the file holds only a byte-order mark: no header row" : "the file is empty: no header row", at: start)
        }
        var reader = Reader(file: file, mapping: wanted)
        if let encoding = decoded.encoding {
            reader.draft.notes.append(ImportNote(.info, "read as \(encoding)", at: start))
        }
        try decoded.utf8.withUnsafeBufferPointer { try reader.read($0) }
        return reader.draft
    }

    /// A header as compared with the synonyms: lower case, trimmed, runs of spaces, `_` and `-`
    /// made one space.
    public static func normalizedHeader(_ header: String) -> String {
        var out = ""
        var pendingSpace = false
        for scalar in header.lowercased().unicodeScalars {
            if scalar == " " || scalar == "_" || scalar == "-" || scalar == "\t" || scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.unicodeScalars.append(" "); pendingSpace = false }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// The journey title a file name gives: its last path component without the extension.
    static func title(fromFile file: String) -> String {
        var name = Substring(file)
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = name[..<dot] }
        let title = CSVImport.trimmed(name)
        return title.isEmpty || title == "-" ? "Imported" : title
    }

    /// The reading of one file: columns, then rows into the draft.
    struct Reader {
        let file: String
        let mapping: [String: String]
        var draft = ImportDraft()
        var journey: ImportDraft.Journey
        /// field → column index
        var columns: [String: Int] = [:]
        /// The file is Trello's CSV export (found by its header).
        var trello = false
        /// Trello's CSV without a lane column named by `--map`: lanes come from the labels.
        var lanesFromLabels = false
        /// The same as `columns`, by field, for the work per row (no string hashing there).
        var column = [Int?](repeating: nil, count: CSVImport.fieldNames.count)
        var archivedColumn: Int?
        var boardNameColumn: Int?
        var stageIndex: [String: Int] = [:]
        var laneIndex: [String: Int] = [:]
        /// Trello: the lane kind of each card, turned into lanes at the end.
        var trelloKinds: [LaneKind] = []
        var pendingEmotions: [(card: Int, raw: String, at: ImportSourceLocation)] = []

        init(file: String, mapping: [String: String]) {
            self.file = file
            self.mapping = mapping
            journey = ImportDraft.Journey(title: CSVImport.title(fromFile: file), source: ImportSourceLocation(file: file, line: 1))
        }

        func at(_ line: Int, _ column: Int = 1) -> ImportSourceLocation {
            ImportSourceLocation(file: file, line: line, column: column)
        }

        mutating func read(_ p: UnsafeBufferPointer<UInt8>) throws {
            var offset = 0, line = 1
            var delimiter: UInt8?
            // Excel's hint line `sep=;` (an ASCII delimiter other than a quote)
            if p.count >= 5, p[0] == UInt8(ascii: "s"), p[1] == UInt8(ascii: "e"), p[2] == UInt8(ascii: "p"), p[3] == UInt8(ascii: "="),
               p[4] >= 0x20 && p[4] < 0x7F && p[4] != CSVRecords.quote || p[4] == 0x09,
               p.count == 5 || p[5] == CSVRecords.lf || p[5] == CSVRecords.cr {
                delimiter = p[4]
                offset = 5
                if offset < p.count && p[offset] == CSVRecords.cr { offset += 1 }
                if offset < p.count && p[offset] == CSVRecords.lf { offset += 1 }
                line = 2
            }
            // blank lines before the header
            while offset < p.count && (p[offset] == CSVRecords.lf || p[offset] == CSVRecords.cr) {
                if p[offset] == CSVRecords.cr && offset + 1 < p.count && p[offset + 1] == CSVRecords.lf { offset += 1 }
                offset += 1
                line += 1
            }
            guard offset < p.count else { throw ImportError("no header row (the file holds only blank lines)", at: at(1)) }
            var records = CSVRecords(p, delimiter: delimiter ?? CSVRecords.detectDelimiter(p, at: offset), at: offset, line: line)
            var fields: [CSVRecords.Field] = []
            do {
                guard let headerLine = try records.next(into: &fields) else { throw ImportError("no header row", at: at(line)) }
                let headers = fields.map { CSVImport.trimmed(records.text($0)) }
                journey.source = at(headerLine)
                try assignColumns(headers, line: headerLine, columnOf: { records.column(fields[$0]) })
                while let recordLine = try records.next(into: &fields) {
                    if fields.count == 1 && records.isEmpty(fields[0]) { continue } // a blank line
                    row(fields, line: recordLine, records: records, headerCount: headers.count)
                }
            } catch let open as CSVRecords.Unterminated {
                let column = CSVRecords.column(of: open.offset, lineStart: open.lineStart, in: p)
                throw ImportError("a quoted field opens here and its closing quote never comes (the rest of the file is inside it)", at: at(open.line, column))
            }
            finish()
        }

        /// Which column fills which field: `--map` first, then Trello's export columns, then the synonyms.
        mutating func assignColumns(_ headers: [String], line: Int, columnOf: (Int) -> Int) throws {
            var byName: [String: Int] = [:]
            for (index, header) in headers.enumerated() {
                let key = CSVImport.normalizedHeader(header)
                if byName[key] == nil { byName[key] = index }
            }
            var used = Set<Int>()
            for (field, column) in mapping.sorted(by: { $0.key < $1.key }) {
                let trimmed = CSVImport.trimmed(column)
                guard let index = headers.firstIndex(of: trimmed) ?? byName[CSVImport.normalizedHeader(trimmed)] else {
                    throw ImportError("--map \(field)=\(column): the header has no column \"\(column)\" (it has \(CSVImport.list(headers.map { "\"\($0)\"" })))", at: at(line))
                }
                columns[field] = index
                used.insert(index)
            }
            if byName["card name"] != nil && byName["list name"] != nil {
                trello = true
                draft.notes.append(ImportNote(.info, "read as Trello's CSV export (lists → stages, labels → tags and the lane, members → owner)", at: at(line)))
                for (field, header) in CSVImport.trelloColumns where columns[field] == nil {
                    if let index = byName[header], !used.contains(index) { columns[field] = index; used.insert(index) }
                }
                if let index = byName["archived"] { archivedColumn = index; used.insert(index) }
                if let index = byName["board name"] { boardNameColumn = index; used.insert(index) }
            }
            for (field, names) in CSVImport.synonyms where columns[field] == nil {
                for name in names {
                    if let index = byName[name], !used.contains(index) {
                        columns[field] = index
                        used.insert(index)
                        break
                    }
                }
            }
            guard columns["text"] != nil else {
                throw ImportError("no column for the card text: name one text, content, sticky, card, title or name, or say which with --map text=COLUMN (the header has \(CSVImport.list(headers.map { "\"\($0)\"" })))", at: at(line))
            }
            for field in CSVImport.fieldNames {
                guard let index = columns[field] else { continue }
                if field == "text" || field == "stage" || field == "lane" || mapping[field] != nil || CSVImport.normalizedHeader(headers[index]) != field {
                    draft.notes.append(ImportNote(.info, "column \"\(headers[index])\" → \(field)", at: at(line, columnOf(index))))
                }
            }
            lanesFromLabels = trello && columns["lane"] == nil
            column = CSVImport.fieldNames.map { columns[$0] }
            if columns["stage"] == nil {
                draft.notes.append(ImportNote(.info, "no stage column: every card goes into one stage, \"\(CSVImport.defaultStage)\"", at: at(line)))
            }
            if columns["lane"] == nil && !lanesFromLabels {
                draft.notes.append(ImportNote(.info, "no lane column: every card goes into one steps lane, \"\(LaneKind.steps.defaultTitle)\" (each row is read as a step of its stage, as a Mermaid journey's tasks are)", at: at(line)))
            }
            let unused = headers.indices.filter { !used.contains($0) && !headers[$0].isEmpty }
            if !unused.isEmpty {
                draft.notes.append(ImportNote(.info, "\(unused.count == 1 ? "column" : "columns") not imported: \(CSVImport.list(unused.map { "\"\(headers[$0])\"" }))", at: at(line)))
            }
        }

        mutating func row(_ fields: [CSVRecords.Field], line: Int, records: CSVRecords, headerCount: Int) {
            func value(_ field: Field) -> String? {
                guard let index = column[field.rawValue], index < fields.count, !records.isEmpty(fields[index]) else { return nil }
                let text = CSVImport.trimmed(records.text(fields[index]))
                return text.isEmpty ? nil : text
            }
            func place(_ field: Field) -> ImportSourceLocation {
                guard let index = column[field.rawValue], index < fields.count else { return at(line) }
                return at(fields[index].line, records.column(fields[index]))
            }
            if fields.count > headerCount {
                draft.notes.append(ImportNote(.changed, "this row has \(fields.count) fields and the header \(headerCount): the fields after the \(headerCount)th are left out (a comma or line break outside quotes?)", at: at(line, records.column(fields[headerCount]))))
            }
            guard let text = value(.text) else {
                draft.notes.append(ImportNote(.skipped, "row without text", at: at(line)))
                return
            }
            if draft.boardTitle == nil, let index = boardNameColumn, index < fields.count {
                let name = CSVImport.trimmed(records.text(fields[index]))
                if !name.isEmpty { draft.boardTitle = name; journey.title = name }
            }
            if let index = archivedColumn, index < fields.count, ["true", "yes", "1"].contains(CSVImport.trimmed(records.text(fields[index])).lowercased()) {
                draft.notes.append(ImportNote(.skipped, "archived card \"\(text)\"", at: at(line)))
                return
            }
            let stage: Int
            if column[Field.stage.rawValue] == nil {
                stage = stageNamed(CSVImport.defaultStage)
            } else if let title = value(.stage) {
                stage = stageNamed(title)
            } else if let previous = journey.cards.last?.stage {
                stage = previous
                draft.notes.append(ImportNote(.changed, "empty stage: put in \"\(journey.stages[previous])\", the stage of the row above", at: place(.stage)))
            } else {
                stage = stageNamed(CSVImport.defaultStage)
                draft.notes.append(ImportNote(.changed, "empty stage: put in \"\(CSVImport.defaultStage)\"", at: place(.stage)))
            }
            var card = ImportDraft.Card(stage: stage, lane: 0, text: text, source: at(line))
            var labels: [String] = []
            if let tags = value(.tags) {
                labels = CSVImport.splitList(tags)
                if trello { labels = labels.map(TrelloLabels.withoutColour) }
                card.tags = labels
            }
            if lanesFromLabels {
                trelloKinds.append(TrelloLabels.laneKind(labels))
            } else if column[Field.lane.rawValue] == nil {
                card.lane = laneNamed(LaneKind.steps.defaultTitle, line: line, kind: .steps)
            } else if let title = value(.lane) {
                card.lane = laneNamed(title, line: line)
            } else if let previous = journey.cards.last?.lane {
                card.lane = previous
                draft.notes.append(ImportNote(.changed, "empty lane: put in \"\(journey.lanes[previous].title)\", the lane of the row above", at: place(.lane)))
            } else {
                card.lane = laneNamed(LaneKind.steps.defaultTitle, line: line, kind: .steps)
                draft.notes.append(ImportNote(.changed, "empty lane: put in \"\(LaneKind.steps.defaultTitle)\"", at: place(.lane)))
            }
            card.notes = value(.notes)
            card.channel = value(.channel)
            card.owner = value(.owner)
            if let votes = value(.votes) {
                if let n = CSVImport.wholeNumber(votes) { card.votes = n }
                else { draft.notes.append(ImportNote(.skipped, "votes \"\(votes)\" is not a whole number of 0 or more: left out", at: place(.votes))) }
            }
            if let emotion = value(.emotion) {
                pendingEmotions.append((journey.cards.count, emotion, place(.emotion)))
            }
            journey.cards.append(card)
        }

        mutating func stageNamed(_ title: String) -> Int {
            // rows come grouped by stage: the stage of the row above first, without hashing
            if let last = journey.cards.last?.stage, journey.stages[last] == title { return last }
            if let index = stageIndex[title] { return index }
            journey.stages.append(title)
            stageIndex[title] = journey.stages.count - 1
            return journey.stages.count - 1
        }

        mutating func laneNamed(_ title: String, line: Int, kind: LaneKind? = nil) -> Int {
            if let index = laneIndex[title] { return index }
            let lane: LaneKind
            if let kind { lane = kind } else {
                let guess = LaneKindGuess.guess(title)
                lane = guess.kind
                draft.notes.append(ImportNote(.info, guess.reason, at: at(line)))
            }
            journey.lanes.append(ImportDraft.Lane(title: title, kind: lane))
            laneIndex[title] = journey.lanes.count - 1
            return journey.lanes.count - 1
        }

        /// Emotions once the whole column is known (its scale depends on all its numbers), and
        /// Trello's lanes once every card's kind is known.
        mutating func finish() {
            if lanesFromLabels {
                let lanes = TrelloLabels.lanes(for: trelloKinds)
                journey.lanes = lanes.lanes
                for index in journey.cards.indices { journey.cards[index].lane = lanes.index[trelloKinds[index]]! }
                for lane in journey.lanes where lane.kind != .steps {
                    draft.notes.append(ImportNote(.info, "lane \"\(lane.title)\" holds the cards with a label that names it", at: journey.source))
                }
            }
            if !pendingEmotions.isEmpty {
                let reading = EmotionReading(pendingEmotions.map { $0.raw })
                if let scale = reading.scale {
                    draft.notes.append(ImportNote(.info, scale.sentence, at: journey.source))
                }
                var wordsSaid = Set<String>()
                for (card, raw, place) in pendingEmotions {
                    switch reading.value(raw) {
                    case .number(let value, let clamped):
                        journey.cards[card].emotion = value
                        if let clamped { draft.notes.append(ImportNote(.changed, clamped, at: place)) }
                    case .word(let value):
                        journey.cards[card].emotion = value
                        if wordsSaid.insert(raw.lowercased()).inserted {
                            draft.notes.append(ImportNote(.info, "emotion \"\(raw)\" read as \(EmotionReading.signed(value))", at: place))
                        }
                    case .unknown:
                        draft.notes.append(ImportNote(.skipped, "emotion \"\(raw)\" is neither a number nor a word for a feeling: left out", at: place))
                    }
                }
            }
            if journey.cards.isEmpty {
                draft.notes.append(ImportNote(.info, "no card: the file has no row with text", at: journey.source))
            }
            draft.journeys = [journey]
        }
    }

    /// `a, b, c` with at most ten shown.
    static func list(_ items: [String]) -> String {
        if items.isEmpty { return "no columns" }
        if items.count <= 10 { return items.joined(separator: ", ") }
        return items.prefix(10).joined(separator: ", ") + " and \(items.count - 10) more"
    }

    /// Tags in one cell: split on `,` and `;`, trimmed, empty ones and repeats dropped.
    static func splitList(_ cell: String) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        func add(_ part: Substring) {
            let tag = CSVImport.trimmed(part)
            guard !tag.isEmpty else { return }
            // a handful of tags is searched; a cell of thousands is hashed
            if out.count < 16 {
                if !out.contains(tag) {
                    out.append(tag)
                    if out.count == 16 { seen = Set(out) }
                }
            } else if seen.insert(tag).inserted {
                out.append(tag)
            }
        }
        // split on the bytes (`,` and `;` are ASCII, so always between characters' scalars)
        let utf8 = cell.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") {
                add(cell[start..<index])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        add(cell[start..<index])
        return out
    }

    /// `text` without white space (spaces, tabs, line breaks, no-break spaces) at either end.
    static func trimmed<S: StringProtocol>(_ text: S) -> String {
        let string = String(text)
        // the usual case, decided on two bytes: no white space at either end
        if let first = string.utf8.first, let last = string.utf8.last,
           first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80 { return string }
        let scalars = string.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }

    /// A whole number of 0 or more (`3`, `3.0`), or nil.
    static func wholeNumber(_ text: String) -> Int? {
        if let n = Int(text) { return n >= 0 ? n : nil }
        if let d = Double(text), d.isFinite, d >= 0, d == d.rounded(), d < 1e15 { return Int(d) }
        return nil
    }
}

