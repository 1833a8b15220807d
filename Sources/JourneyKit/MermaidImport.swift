/// Mermaid `journey` diagrams as an `ImportDraft` (`journey import --from mermaid`): a `.mmd`
/// file is one diagram; a Markdown file holds them in ```` ```mermaid ```` fences (any fence
/// length, `~~~` too, `mermaid-example` as well), an HTML page in `<pre class="mermaid">` or
/// `<div class="mermaid">` (entity-decoded, dedented and trimmed, as `mermaid.run()` does).
/// Every journey diagram becomes a journey; blocks of other diagram types are skipped and said.
///
/// Per diagram: the title (the `title` statement, else the front matter's, else `accTitle`);
/// `accTitle` and `accDescr` as the journey's description; each section a stage, in order (a
/// repeated name stays a stage of its own, as Mermaid parses it; tasks before the first section
/// go to a stage "(no section)"); each task a card of a Steps lane with its actors as tags, and,
/// when its score is a number, a card of the same text in an Emotion lane with the score mapped
/// 1…5 → −2…+2 (`MermaidSyntax.emotion(score:)`, outside 1…5 clamped and said). A score that is
/// no number gives no emotion card (said); a task Mermaid cut at a colon is said with what
/// Mermaid read. Names are trimmed (Mermaid keeps the space before a colon). Actors become the
/// board's personas, the one most tasks name the journey's persona.
public enum MermaidImport {
    /// Larger sources are refused: no hand-written diagram comes near.
    public static let maximumBytes = 32 << 20

    /// The title a stage gets for tasks written before any `section`.
    public static let noSectionTitle = "(no section)"

    public static func read(_ bytes: [UInt8], file: String) throws -> ImportDraft {
        guard bytes.count <= maximumBytes else {
            throw ImportError("\(bytes.count) bytes is too large for a Mermaid source (at most \(maximumBytes >> 20) MB)", at: ImportSourceLocation(file: file, line: 1))
        }
        let text = try utf8Text(bytes, file: file)
        var draft = ImportDraft()
        var diagrams: [MermaidJourneyDiagram] = []
        let blocks = Self.blocks(in: text, file: file)
        if blocks.isEmpty {
            throw ImportError("no Mermaid diagram found (a .mmd file, ```mermaid blocks in Markdown, or <pre class=\"mermaid\"> in HTML)", at: ImportSourceLocation(file: file, line: 1))
        }
        for block in blocks {
            if block.embedded && !MermaidJourneyParser.isJourney(block.text) {
                draft.notes.append(ImportNote(.skipped, "a Mermaid block that is not a journey diagram", at: block.at))
                continue
            }
            diagrams.append(try MermaidJourneyParser.parse(block.text, file: file, firstLine: block.at.line, columnOffset: block.columnOffset))
        }
        if diagrams.isEmpty {
            throw ImportError("no Mermaid journey diagram here (\(blocks.count) other Mermaid block\(blocks.count == 1 ? "" : "s"))", at: ImportSourceLocation(file: file, line: 1))
        }
        add(diagrams, to: &draft)
        draft.boardTitle = draft.journeys.first?.title
        return draft
    }

    /// The bytes as UTF-8 text (a byte-order mark dropped); anything else is an error at the first bad byte.
    static func utf8Text(_ bytes: [UInt8], file: String) throws -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) {
            if text.unicodeScalars.contains("\u{0}") {
                throw ImportError("the file holds NUL bytes: it is not a text file", at: ImportSourceLocation(file: file, line: 1))
            }
            return text
        }
        // find the first byte that is not UTF-8, for the message
        var line = 1, column = 1, i = body.startIndex
        while i < body.endIndex {
            let b = body[i]
            let n = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0
            guard n > 0, i + n <= body.endIndex, String(validating: body[i..<(i + n)], as: UTF8.self) != nil else { break }
            if b == 0x0A { line += 1; column = 1 } else { column += 1 }
            i += n
        }
        let bad = i < body.endIndex ? " (byte 0x\(String(body[i], radix: 16, uppercase: true)) at byte \(i + 1))" : ""
        throw ImportError("not UTF-8 text\(bad): a Mermaid source is UTF-8", at: ImportSourceLocation(file: file, line: line, column: column))
    }

    // MARK: finding the diagrams

    struct Block {
        var text: String
        /// Where the diagram's first line is.
        var at: ImportSourceLocation
        var columnOffset = 0
        /// Inside Markdown or HTML (where other diagram types are skipped, not errors).
        var embedded: Bool
    }

    /// The diagrams of a file: its ```` ```mermaid ```` fences, else its `class="mermaid"`
    /// elements, else the whole text.
    static func blocks(in text: String, file: String) -> [Block] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        let fenced = fencedBlocks(lines, file: file)
        if !fenced.isEmpty { return fenced }
        let html = htmlBlocks(lines, file: file)
        if !html.isEmpty { return html }
        if lines.contains(where: { isFence($0) != nil }) { return [] }   // Markdown without a mermaid block
        return [Block(text: text, at: ImportSourceLocation(file: file, line: 1), embedded: false)]
    }

    /// A fence line (up to 3 spaces, then 3 or more backticks or tildes): its mark, length and info string.
    static func isFence(_ line: Substring) -> (mark: Character, length: Int, info: Substring)? {
        let body = line.drop { $0 == " " }
        guard line.count - body.count <= 3, let mark = body.first, mark == "`" || mark == "~" else { return nil }
        let run = body.prefix { $0 == mark }
        guard run.count >= 3 else { return nil }
        return (mark, run.count, body.dropFirst(run.count))
    }

    static func fencedBlocks(_ lines: [Substring], file: String) -> [Block] {
        var blocks: [Block] = []
        var k = 0
        while k < lines.count {
            guard let open = isFence(lines[k]) else { k += 1; continue }
            var end = k + 1
            while end < lines.count {
                if let close = isFence(lines[end]), close.mark == open.mark, close.length >= open.length,
                   close.info.allSatisfy({ $0 == " " || $0 == "\t" }) { break }
                end += 1
            }
            let info = open.info.trimmingCharacters(in: " \t").lowercased()
            let word = info.prefix { !($0 == " " || $0 == "\t" || $0 == "{") }
            if word == "mermaid" || word == "mermaid-example" {
                let body = lines[(k + 1)..<min(end, lines.count)].joined(separator: "\n")
                blocks.append(Block(text: body, at: ImportSourceLocation(file: file, line: k + 2), embedded: true))
            }
            k = end + 1
        }
        return blocks
    }

    /// `<pre class="mermaid">` / `<div class="mermaid">` elements, as `mermaid.run()` takes
    /// them: the inner text with `&lt;`-style references decoded, dedented and trimmed.
    static func htmlBlocks(_ lines: [Substring], file: String) -> [Block] {
        let bytes = Array(lines.joined(separator: "\n").utf8)
        func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 0x20 : b }
        func has(_ word: String, at k: Int) -> Bool {
            let w = Array(word.utf8)
            guard k + w.count <= bytes.count else { return false }
            for j in 0..<w.count where lower(bytes[k + j]) != w[j] { return false }
            return true
        }
        var blocks: [Block] = []
        var k = 0
        while k < bytes.count {
            guard bytes[k] == 0x3C, has("pre", at: k + 1) || has("div", at: k + 1) else { k += 1; continue }
            let name = has("pre", at: k + 1) ? "pre" : "div"
            guard k + 4 < bytes.count, bytes[k + 4] == 0x20 || bytes[k + 4] == 0x3E || bytes[k + 4] == 0x09 || bytes[k + 4] == 0x0A,
                  let close = bytes[k...].firstIndex(of: 0x3E) else { k += 1; continue }
            let tag = String(decoding: bytes[(k + 1)..<close].map(lower), as: UTF8.self)
            guard classNamesMermaid(tag) else { k = close + 1; continue }
            var end = close + 1
            while end < bytes.count, !(bytes[end] == 0x3C && end + 1 < bytes.count && bytes[end + 1] == 0x2F && has(name, at: end + 2)) { end += 1 }
            let inner = decodeHTML(String(decoding: bytes[(close + 1)..<end], as: UTF8.self))
            let firstLine = 1 + bytes[..<close].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            let (body, skippedLines, dedent) = dedentAndTrim(inner)
            blocks.append(Block(text: body, at: ImportSourceLocation(file: file, line: firstLine + skippedLines), columnOffset: dedent, embedded: true))
            k = end
        }
        return blocks
    }

    /// Whether a tag's `class` attribute names `mermaid`.
    static func classNamesMermaid(_ tag: String) -> Bool {
        guard let r = tag.firstRange(of: "class") else { return false }
        var rest = tag[r.upperBound...].drop { $0 == " " }
        guard rest.first == "=" else { return false }
        rest = rest.dropFirst().drop { $0 == " " }
        let quote = rest.first == "\"" || rest.first == "'" ? rest.first : nil
        if quote != nil { rest = rest.dropFirst() }
        let value = rest.prefix { c in quote.map { c != $0 } ?? (c != " " && c != ">") }
        return value.split(separator: " ").contains("mermaid")
    }

    /// `&lt;` `&gt;` `&amp;` `&quot;` `&#39;` `&#NN;` `&#xNN;` as characters.
    static func decodeHTML(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(12).firstIndex(of: ";") {
                let name = after[..<semi]
                var decoded: String?
                switch name {
                case "lt": decoded = "<"
                case "gt": decoded = ">"
                case "amp": decoded = "&"
                case "quot": decoded = "\""
                case "apos": decoded = "'"
                case "nbsp": decoded = "\u{00A0}"
                default:
                    if name.hasPrefix("#x") || name.hasPrefix("#X") { decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map(String.init) }
                    else if name.hasPrefix("#") { decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map(String.init) }
                }
                if let d = decoded { out += d; rest = after[after.index(after: semi)...]; continue }
            }
            out += "&"
            rest = after
        }
        return out + rest
    }

    /// The text without its common indentation and without blank lines and spaces around it;
    /// how many leading lines went, and how many columns.
    static func dedentAndTrim(_ text: String) -> (String, Int, Int) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func blank(_ l: Substring) -> Bool { l.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" } }
        var skipped = 0
        while let first = lines.first, blank(first) { lines.removeFirst(); skipped += 1 }
        while let last = lines.last, blank(last) { lines.removeLast() }
        let indent = lines.filter { !blank($0) }.map { $0.prefix { $0 == " " || $0 == "\t" }.count }.min() ?? 0
        let body = lines.map { blank($0) ? "" : String($0.dropFirst(indent)) }.joined(separator: "\n")
        return (body, skipped, indent)
    }

    // MARK: diagrams → draft

    static func add(_ diagrams: [MermaidJourneyDiagram], to draft: inout ImportDraft) {
        var personaNames = Set(draft.personas.map(\.name))
        for (n, d) in diagrams.enumerated() {
            draft.notes += d.notes
            var title = MermaidSyntax.trimmed(d.title ?? "")
            if title.isEmpty { title = MermaidSyntax.trimmed(d.accTitle ?? "") }
            if title.isEmpty {
                title = diagrams.count == 1 ? "Journey" : "Journey \(n + 1)"
                draft.notes.append(ImportNote(.changed, "the diagram has no title: named “\(title)”", at: d.at))
            }
            var journey = ImportDraft.Journey(title: title, source: d.at)
            let description = [d.accTitle, d.accDescription].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
            if !description.isEmpty { journey.description = description }

            // stages: a stage for tasks before the first section, then one per section
            var stageOf: [Int?: Int] = [:]
            if d.tasks.contains(where: { $0.section == nil }) {
                journey.stages.append(noSectionTitle)
                stageOf[nil] = 0
                draft.notes.append(ImportNote(.changed, "tasks before the first section: put in a stage “\(noSectionTitle)”", at: d.tasks.first { $0.section == nil }!.at))
            }
            for (k, section) in d.sections.enumerated() {
                var name = MermaidSyntax.trimmed(section.name)
                if name.isEmpty {
                    name = "(no name)"
                    draft.notes.append(ImportNote(.changed, "a section without a name: named “\(name)”", at: section.at))
                }
                stageOf[k] = journey.stages.count
                journey.stages.append(name)
            }

            journey.lanes.append(ImportDraft.Lane(title: LaneKind.steps.defaultTitle, kind: .steps))
            if d.tasks.contains(where: { !$0.score.isNaN }) {
                journey.lanes.append(ImportDraft.Lane(title: LaneKind.emotion.defaultTitle, kind: .emotion))
            }
            var actorCounts: [String: Int] = [:]
            var actorOrder: [String] = []
            for task in d.tasks {
                let text = MermaidSyntax.trimmed(task.name)
                guard let stage = stageOf[task.section] ?? nil else { continue }
                if !task.dropped.isEmpty {
                    let read = "task “\(text)”, score “\(MermaidSyntax.trimmed(task.scoreText))”, actors “\(task.people.joined(separator: ", "))”"
                    draft.notes.append(ImportNote(.changed, "Mermaid ends a task's text at its first colon and reads TEXT: SCORE: ACTORS: read as \(read); “\(task.dropped.joined(separator: ":"))” left out (write #58; for a colon in a text)", at: task.at))
                }
                var card = ImportDraft.Card(stage: stage, lane: 0, text: text, source: task.at)
                var tags: [String] = []
                for person in task.people where !person.isEmpty && !tags.contains(person) { tags.append(person) }
                if task.people.contains("") {
                    draft.notes.append(ImportNote(.changed, "an empty actor name (a stray comma or colon) left out", at: task.scoreAt))
                }
                card.tags = tags
                for person in tags {
                    if actorCounts[person] == nil { actorOrder.append(person) }
                    actorCounts[person, default: 0] += 1
                    if personaNames.insert(person).inserted { draft.personas.append(ImportDraft.Persona(name: person)) }
                }
                journey.cards.append(card)
                if task.score.isNaN {
                    draft.notes.append(ImportNote(.skipped, "score “\(MermaidSyntax.trimmed(task.scoreText))” is not a number: no emotion for “\(text)”", at: task.scoreAt))
                    continue
                }
                let emotion = MermaidSyntax.emotion(score: task.score)
                if task.score < 1 || task.score > 5 {
                    draft.notes.append(ImportNote(.changed, "score \(CanonicalJSON.numberText(task.score)) is outside 1…5: read as \(CanonicalJSON.numberText(emotion + 3)) (emotion \(emotion > 0 ? "+" : "")\(CanonicalJSON.numberText(emotion)))", at: task.scoreAt))
                }
                var feeling = ImportDraft.Card(stage: stage, lane: 1, text: text, source: task.at)
                feeling.emotion = emotion
                journey.cards.append(feeling)
            }
            // the journey's persona: the actor most of its tasks name (the first named, on a tie)
            var persona: String?
            for actor in actorOrder where persona == nil || actorCounts[actor]! > actorCounts[persona!]! { persona = actor }
            journey.persona = persona
            draft.journeys.append(journey)
        }
    }
}
