/// One Mermaid `journey` diagram as Mermaid 11's parser reads it, every name as Mermaid keeps
/// it (not trimmed after the text; entity codes decoded as its renderer shows them), each with
/// its place in the file.
public struct MermaidJourneyDiagram: Equatable, Sendable {
    public struct Section: Equatable, Sendable {
        public var name: String
        public var at: ImportSourceLocation
    }

    public struct Task: Equatable, Sendable {
        /// Index into `sections`; nil for a task before the first section.
        public var section: Int?
        public var name: String
        /// The score field as written, and JavaScript's `Number()` of it (NaN when it is no number).
        public var scoreText: String
        public var score: Double
        /// The actors, trimmed as Mermaid trims them (empty names kept: `Me, ` gives `["Me", ""]`).
        public var people: [String]
        /// Colon-separated fields after the actors, which Mermaid drops.
        public var dropped: [String]
        public var at: ImportSourceLocation
        public var scoreAt: ImportSourceLocation
    }

    /// The `title` statement's text (the last one wins), else the front matter's `title:`.
    public var title: String?
    public var accTitle: String?
    public var accDescription: String?
    public var sections: [Section] = []
    public var tasks: [Task] = []
    /// Text Mermaid leaves out without an error (what follows a `#` in a title, section or task's data).
    public var notes: [ImportNote] = []
    /// Where the `journey` keyword is.
    public var at: ImportSourceLocation
}

/// Reads Mermaid `journey` text the way Mermaid 11 does (ANCHORS.md, Mermaid; its jison lexer
/// and `journeyDb.addTask`), so what it accepts, rejects and makes of each line is Mermaid's:
///
/// - before the grammar: CR LF and lone CR become LF, front matter at the very start (`---` …
///   `---`) gives the title, `%%{…}%%` directives and whole-line `%%` comments are removed, and
///   `#name;` / `#NUMBER;` entity codes are protected from the lexer;
/// - the lexer takes, at each place, the first rule that matches: `%` starts a comment (so does
///   a character followed by `%%`), `#` a comment to the end of the line, `journey`, `title ` (text
///   up to `#` or `;`), `accTitle:` / `accDescr:` (to the end of the line), `accDescr { … }`,
///   `section ` (text up to `:` `#` `;`), a task name (up to `:` `#` `;` or the line's end), its
///   data (`:` up to `#` `;` or the end), and anything else (`;`) is an error; keywords ignore case;
/// - a task is a name immediately followed by its data: the name ends at the first `:`, the
///   score is `Number()` of the first field, the actors the comma-separated second field,
///   later fields are dropped.
///
/// A text Mermaid rejects throws `ImportError` at the place it stops.
public enum MermaidJourneyParser {
    /// Parses one diagram. `firstLine` and `columnOffset` place the text in its file (a fenced
    /// block starts on the line after its fence; a dedented HTML block lost `columnOffset` columns).
    public static func parse(_ text: String, file: String, firstLine: Int = 1, columnOffset: Int = 0) throws -> MermaidJourneyDiagram {
        var p = Prepared(text, file: file, firstLine: firstLine, columnOffset: columnOffset)
        return try p.parse()
    }

    /// Whether `text` is a `journey` diagram at all, as Mermaid's detector decides: after front
    /// matter, directives and `%%` comments, the first word is `journey` (case-sensitive).
    public static func isJourney(_ text: String) -> Bool {
        let p = Prepared(text, file: "", firstLine: 1, columnOffset: 0)
        return p.journeyStart() != nil
    }

    /// JavaScript's `Number()` of a string: JavaScript whitespace trimmed; empty is 0;
    /// `Infinity` with an optional sign; `0x` / `0o` / `0b` integers; a decimal with optional
    /// sign, fraction and exponent; anything else NaN.
    public static func jsNumber(_ raw: String) -> Double {
        let t = Array(MermaidSyntax.trimmed(raw).unicodeScalars)
        if t.isEmpty { return 0 }
        let s = String(String.UnicodeScalarView(t))
        switch s {
        case "Infinity", "+Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: break
        }
        let radixes: [Unicode.Scalar: Int] = ["x": 16, "X": 16, "o": 8, "O": 8, "b": 2, "B": 2]
        if t.count > 2, t[0] == "0", let radix = radixes[t[1]] {
            var v = 0.0
            for c in t[2...] {
                guard let d = Int(String(c), radix: radix) else { return .nan }
                v = v * Double(radix) + Double(d)
            }
            return v
        }
        // StrDecimalLiteral: [+-] (digits [. digits] | . digits) [e [+-] digits]
        var i = 0
        if t[i] == "+" || t[i] == "-" { i += 1 }
        func digits() -> Int {
            let start = i
            while i < t.count, t[i].value >= 0x30, t[i].value <= 0x39 { i += 1 }
            return i - start
        }
        var mantissa = digits()
        if i < t.count, t[i] == "." { i += 1; mantissa += digits() }
        guard mantissa > 0 else { return .nan }
        if i < t.count, t[i] == "e" || t[i] == "E" {
            i += 1
            if i < t.count, t[i] == "+" || t[i] == "-" { i += 1 }
            guard digits() > 0 else { return .nan }
        }
        guard i == t.count else { return .nan }
        return Double(s) ?? .nan
    }
}

/// The diagram's text after Mermaid's preprocessing, one scalar per place, with each scalar's
/// line and column in the file. What Mermaid removes is blanked (spaces; line breaks stay), so
/// places stay those of the file.
private struct Prepared {
    var s: [Unicode.Scalar] = []
    var line: [Int32] = []
    var column: [Int32] = []
    /// Scalars inside a `#name;` entity code: not `#` nor `;` to the lexer.
    var protected: [Bool] = []
    var frontMatterTitle: String?
    let file: String
    let endLine: Int32
    let endColumn: Int32

    init(_ text: String, file: String, firstLine: Int, columnOffset: Int) {
        self.file = file
        var l = Int32(firstLine), c = Int32(1 + columnOffset)
        var previousCR = false
        s.reserveCapacity(text.utf8.count)
        for u in text.unicodeScalars {
            if u == "\n" && previousCR { previousCR = false; continue }   // CR LF: the CR already ended the line
            previousCR = u == "\r"
            s.append(u == "\r" ? "\n" : u)
            line.append(l); column.append(c)
            if u == "\n" || u == "\r" { l += 1; c = Int32(1 + columnOffset) } else { c += 1 }
        }
        endLine = l; endColumn = c
        protected = [Bool](repeating: false, count: s.count)
        removeFrontMatter()
        removeDirectives()
        removeCommentLines()
        protectEntities()
    }

    func at(_ i: Int) -> ImportSourceLocation {
        i < s.count ? ImportSourceLocation(file: file, line: Int(line[i]), column: Int(column[i]))
            : ImportSourceLocation(file: file, line: Int(endLine), column: Int(endColumn))
    }

    mutating func blank(_ range: Range<Int>) {
        for k in range where s[k] != "\n" { s[k] = " " }
    }

    func endOfLine(from i: Int) -> Int {
        var k = i
        while k < s.count, s[k] != "\n" { k += 1 }
        return k
    }

    func isSpace(_ k: Int) -> Bool { k < s.count && MermaidSyntax.isSpace(s[k]) }

    /// Front matter: `---` at the very start, whitespace to the end of its line, then lines up to
    /// one that is `---` and whitespace, followed by a line break. Its `title:` is kept.
    mutating func removeFrontMatter() {
        guard s.count >= 3, s[0] == "-", s[1] == "-", s[2] == "-" else { return }
        var k = 3
        while k < s.count, s[k] != "\n", MermaidSyntax.isSpace(s[k]) { k += 1 }
        guard k < s.count, s[k] == "\n" else { return }
        let bodyStart = k + 1
        var lineStart = bodyStart
        while lineStart < s.count {
            let end = endOfLine(from: lineStart)
            if lineStart > bodyStart, end - lineStart >= 3, s[lineStart] == "-", s[lineStart + 1] == "-", s[lineStart + 2] == "-",
               s[(lineStart + 3)..<end].allSatisfy({ MermaidSyntax.isSpace($0) }), end < s.count {
                frontMatterTitle = Prepared.yamlTitle(s[bodyStart..<lineStart])
                blank(0..<end)
                return
            }
            lineStart = end + 1
        }
    }

    /// The top-level `title:` of the front matter's YAML (quotes removed), if any.
    static func yamlTitle(_ body: ArraySlice<Unicode.Scalar>) -> String? {
        let text = String(String.UnicodeScalarView(body))
        var title: String?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) where raw.hasPrefix("title:") {
            var value = MermaidSyntax.trimmed(String(raw.dropFirst("title:".count)))
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q {
                value = String(value.dropFirst().dropLast())
            } else if let hash = value.firstRange(of: " #") {
                value = MermaidSyntax.trimmed(String(value[..<hash.lowerBound]))
            }
            title = value
        }
        return title
    }

    /// `%%{ … }%%` directives (they may span lines); one without its end runs to the end of the text.
    mutating func removeDirectives() {
        var k = 0
        while k + 2 < s.count {
            if s[k] == "%", s[k + 1] == "%", s[k + 2] == "{" {
                var e = k + 3
                while e + 2 < s.count, !(s[e] == "}" && s[e + 1] == "%" && s[e + 2] == "%") { e += 1 }
                let end = e + 2 < s.count ? e + 3 : s.count
                blank(k..<end)
                k = end
            } else {
                k += 1
            }
        }
    }

    /// Lines that are `%%` and at least one more character (not `{`), after any indentation.
    mutating func removeCommentLines() {
        var start = 0
        while start < s.count {
            let end = endOfLine(from: start)
            var k = start
            while k < end, MermaidSyntax.isSpace(s[k]) { k += 1 }
            if k + 2 < end, s[k] == "%", s[k + 1] == "%", s[k + 2] != "{" { blank(start..<end) }
            start = end + 1
        }
    }

    /// Marks every `#` + JavaScript word characters + `;` (Mermaid's `encodeEntities`).
    mutating func protectEntities() {
        var k = 0
        while k < s.count {
            if s[k] == "#" {
                var e = k + 1
                while e < s.count, MermaidSyntax.isWordCharacter(s[e]) { e += 1 }
                if e > k + 1, e < s.count, s[e] == ";" {
                    for m in k...e { protected[m] = true }
                    k = e + 1
                    continue
                }
            }
            k += 1
        }
    }

    /// Where `journey` starts when the text is a journey diagram (Mermaid's detector: the first
    /// non-whitespace is `journey`, case-sensitive).
    func journeyStart() -> Int? {
        var k = 0
        while k < s.count, MermaidSyntax.isSpace(s[k]) { k += 1 }
        let word: [Unicode.Scalar] = ["j", "o", "u", "r", "n", "e", "y"]
        guard k + word.count <= s.count, Array(s[k..<(k + word.count)]) == word else { return nil }
        return k
    }

    // MARK: the lexer

    enum Kind: Equatable { case journey, newline, title, accTitle, accDescr, accDescrBlock, section, taskName, taskData, colon, invalid, eof }

    struct Token {
        var kind: Kind
        var start: Int
        var end: Int
        /// Where the token's value starts (after `title `, `section `, `accTitle:` …).
        var valueStart: Int
        var valueEnd: Int
        /// A comment (`#`) stopped the token's text.
        var cutByComment = false
    }

    /// A plain `#` or `;` (not part of an entity code).
    @inline(__always) func isHash(_ k: Int) -> Bool { s[k] == "#" && !protected[k] }
    @inline(__always) func isSemicolon(_ k: Int) -> Bool { s[k] == ";" && !protected[k] }

    /// Whether `word` (lower-case ASCII) is at `k`, ignoring case.
    func matches(_ word: String, at k: Int) -> Bool {
        var i = k
        for w in word.unicodeScalars {
            guard i < s.count else { return false }
            let c = s[i].value
            let lower = c >= 0x41 && c <= 0x5A ? c + 0x20 : c
            guard lower == w.value else { return false }
            i += 1
        }
        return true
    }

    /// The end of a run from `k` of characters other than line breaks, plain `#` and `;`, and
    /// (`stopAtColon`) `:`.
    func textRun(from k: Int, stopAtColon: Bool) -> Int {
        var e = k
        while e < s.count, s[e] != "\n", !isHash(e), !isSemicolon(e), !(stopAtColon && s[e] == ":") { e += 1 }
        return e
    }

    func skipSpaces(from k: Int) -> Int {
        var e = k
        while e < s.count, MermaidSyntax.isSpace(s[e]) { e += 1 }
        return e
    }

    /// The next token from `i`, skipping what the lexer skips; `i` moves past it.
    func next(_ i: inout Int) -> Token {
        while true {
            let k = i
            guard k < s.count else { return Token(kind: .eof, start: k, end: k, valueStart: k, valueEnd: k) }
            let c = s[k]
            // a `%` not followed by `{` starts a comment; so does any character but `}` followed by `%%`
            if c == "%" && !(k + 1 < s.count && s[k + 1] == "{") { i = endOfLine(from: k); continue }
            if c != "}", k + 2 < s.count, s[k + 1] == "%", s[k + 2] == "%" { i = endOfLine(from: k + 1); continue }
            if c == "\n" {
                var e = k
                while e < s.count, s[e] == "\n" { e += 1 }
                i = e
                return Token(kind: .newline, start: k, end: e, valueStart: k, valueEnd: e)
            }
            if MermaidSyntax.isSpace(c) { i = skipSpaces(from: k); continue }
            if isHash(k) { i = endOfLine(from: k); continue }
            if matches("journey", at: k), !(k + 7 < s.count && MermaidSyntax.isWordCharacter(s[k + 7])) {
                i = k + 7
                return Token(kind: .journey, start: k, end: i, valueStart: k, valueEnd: i)
            }
            if matches("title", at: k), isSpace(k + 5) {
                let e = textRun(from: k + 6, stopAtColon: false)
                if e > k + 6 {
                    i = e
                    return Token(kind: .title, start: k, end: e, valueStart: k + 6, valueEnd: e, cutByComment: e < s.count && isHash(e))
                }
            }
            for (word, kind) in [("acctitle", Kind.accTitle), ("accdescr", Kind.accDescr)] where matches(word, at: k) {
                let colon = skipSpaces(from: k + 8)
                guard colon < s.count, s[colon] == ":" else { continue }
                let value = skipSpaces(from: colon + 1)
                let e = endOfLine(from: value)
                i = e
                return Token(kind: kind, start: k, end: e, valueStart: value, valueEnd: e)
            }
            if matches("accdescr", at: k) {
                let brace = skipSpaces(from: k + 8)
                if brace < s.count, s[brace] == "{" {
                    let value = skipSpaces(from: brace + 1)
                    var e = value
                    while e < s.count, s[e] != "}" { e += 1 }
                    i = e < s.count ? e + 1 : e
                    return Token(kind: .accDescrBlock, start: k, end: i, valueStart: value, valueEnd: e)
                }
            }
            if matches("section", at: k), isSpace(k + 7) {
                let e = textRun(from: k + 8, stopAtColon: true)
                if e > k + 8 {
                    i = e
                    return Token(kind: .section, start: k, end: e, valueStart: k + 8, valueEnd: e, cutByComment: e < s.count && isHash(e))
                }
            }
            if c != ":", !isHash(k), !isSemicolon(k) {
                let e = textRun(from: k, stopAtColon: true)
                i = e
                return Token(kind: .taskName, start: k, end: e, valueStart: k, valueEnd: e, cutByComment: e < s.count && isHash(e))
            }
            if c == ":" {
                let e = textRun(from: k + 1, stopAtColon: false)
                i = e
                if e > k + 1 { return Token(kind: .taskData, start: k, end: e, valueStart: k + 1, valueEnd: e, cutByComment: e < s.count && isHash(e)) }
                return Token(kind: .colon, start: k, end: e, valueStart: k, valueEnd: e)
            }
            i = k + 1
            return Token(kind: .invalid, start: k, end: k + 1, valueStart: k, valueEnd: k + 1)
        }
    }

    // MARK: the grammar

    /// The scalars of `range` as text, entity codes decoded as Mermaid's renderer shows them.
    func decoded(_ range: Range<Int>) -> String {
        var out = String.UnicodeScalarView()
        var k = range.lowerBound
        while k < range.upperBound {
            if protected[k], s[k] == "#" {
                var e = k + 1
                while e < range.upperBound, s[e] != ";" { e += 1 }
                let name = String(String.UnicodeScalarView(s[(k + 1)..<e]))
                out.append(contentsOf: (MermaidSyntax.character(ofEntity: Substring(name).unicodeScalars) ?? "&\(name);").unicodeScalars)
                k = e + 1
            } else {
                out.append(s[k])
                k += 1
            }
        }
        return String(out)
    }

    func text(_ t: Token) -> String { decoded(t.valueStart..<t.valueEnd) }

    /// What a token is, for messages.
    func shown(_ t: Token) -> String {
        switch t.kind {
        case .eof: return "the end of the diagram"
        case .newline: return "the end of the line"
        default:
            let raw = String(String.UnicodeScalarView(s[t.start..<min(t.end, t.start + 40)]))
            return "“" + raw + (t.end > t.start + 40 ? "…" : "") + "”"
        }
    }

    mutating func parse() throws -> MermaidJourneyDiagram {
        guard let start = journeyStart() else {
            let first = skipSpaces(from: 0)
            if first + 2 < s.count, s[first] == "-", s[first + 1] == "-", s[first + 2] == "-" {
                throw ImportError("front matter (---) must start the diagram's first line at its first column, with nothing before it: Mermaid reads it as text otherwise", at: at(first))
            }
            throw ImportError("not a Mermaid journey diagram: it must start with the word journey (after any front matter, %%{…}%% directives and %% comments)", at: at(skipSpaces(from: 0)))
        }
        if start + 7 < s.count, MermaidSyntax.isWordCharacter(s[start + 7]) {
            throw ImportError("not a Mermaid journey diagram: Mermaid reads “journey” followed by other letters as no keyword", at: at(start))
        }
        var diagram = MermaidJourneyDiagram(at: at(start))
        var i = start + 7
        var section: Int?
        var statementTitle: String?
        while true {
            let t = next(&i)
            switch t.kind {
            case .eof:
                diagram.title = statementTitle ?? frontMatterTitle
                return diagram
            case .newline: continue
            case .title:
                statementTitle = text(t)
                noteComment(t, "title", &diagram)
            case .accTitle: diagram.accTitle = MermaidSyntax.trimmed(text(t))
            case .accDescr: diagram.accDescription = MermaidSyntax.trimmed(text(t))
            case .accDescrBlock: diagram.accDescription = Prepared.joinedLines(MermaidSyntax.trimmed(text(t)))
            case .section:
                diagram.sections.append(.init(name: text(t), at: at(t.valueStart)))
                noteComment(t, "section name", &diagram)
                section = diagram.sections.count - 1
            case .taskName:
                var j = i
                let data = next(&j)
                guard data.kind == .taskData else {
                    if data.kind == .invalid, s[data.start] == ";" { throw ImportError(Prepared.semicolon, at: at(data.start)) }
                    throw ImportError(Prepared.notATask(name: shown(t), cutByComment: t.cutByComment, then: data.kind == .colon ? "a colon with no score after it" : shown(data)),
                                      at: at(t.cutByComment ? t.end : t.start))
                }
                i = j
                diagram.tasks.append(task(name: t, data: data, section: section))
                noteComment(data, "task's score and actors", &diagram)
            case .journey:
                throw ImportError("a second “journey”: Mermaid reads the word journey at the start of a line as the diagram's keyword (write its first letter as #106;)", at: at(t.start))
            case .taskData, .colon:
                throw ImportError("a colon where Mermaid expects a statement: a task is TEXT: SCORE: ACTORS, and a section name cannot contain a colon (write #58;)", at: at(t.start))
            case .invalid:
                let what = s[t.start] == ";" ? Prepared.semicolon : "Mermaid cannot read \(shown(t)) here"
                throw ImportError(what, at: at(t.start))
            }
        }
    }

    /// Says that Mermaid ended a token's text at a `#` (the rest of the line is a comment to it).
    func noteComment(_ t: Token, _ what: String, _ diagram: inout MermaidJourneyDiagram) {
        guard t.cutByComment else { return }
        let rest = String(String.UnicodeScalarView(s[t.valueEnd..<endOfLine(from: t.valueEnd)]))
        diagram.notes.append(ImportNote(.changed, "the \(what) ends at “#”, which starts a comment in Mermaid: “\(rest)” left out (write #35; for #)", at: at(t.valueEnd)))
    }

    static let semicolon = "“;” is an error in a Mermaid journey (write #59; for a semicolon)"

    static func notATask(name: String, cutByComment: Bool, then: String) -> String {
        if cutByComment {
            return "\(name) is not a task: “#” starts a comment in Mermaid, so the colon after it is never read (write #35; for #)"
        }
        return "\(name) is not a task: Mermaid needs TEXT: SCORE (a colon and a score after the text), and found \(then)"
    }

    /// `accDescr { … }`: a line break and the indentation after it become one line break.
    static func joinedLines(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var afterBreak = false
        for u in text.unicodeScalars {
            if afterBreak && MermaidSyntax.isSpace(u) { continue }
            afterBreak = u == "\n"
            out.append(u)
        }
        return String(out)
    }

    func task(name t: Token, data: Token, section: Int?) -> MermaidJourneyDiagram.Task {
        // the data's fields, split at plain colons (an entity code `#58;` is no colon)
        var fields: [Range<Int>] = []
        var fieldStart = data.valueStart
        for k in data.valueStart..<data.valueEnd where s[k] == ":" {
            fields.append(fieldStart..<k)
            fieldStart = k + 1
        }
        fields.append(fieldStart..<data.valueEnd)
        let scoreText = String(String.UnicodeScalarView(s[fields[0]]))
        // Number() sees entity codes as Mermaid's placeholders: never a number
        let score = fields[0].contains { protected[$0] } ? Double.nan : MermaidJourneyParser.jsNumber(scoreText)
        var people: [String] = []
        if fields.count > 1 {
            var start = fields[1].lowerBound
            for k in fields[1] where s[k] == "," {
                people.append(MermaidSyntax.trimmed(decoded(start..<k)))
                start = k + 1
            }
            people.append(MermaidSyntax.trimmed(decoded(start..<fields[1].upperBound)))
        }
        return .init(section: section, name: text(t), scoreText: decoded(fields[0]), score: score, people: people,
                     dropped: fields.dropFirst(2).map { decoded($0) }, at: at(t.start),
                     scoreAt: at(min(skipSpaces(from: fields[0].lowerBound), fields[0].upperBound)))
    }
}
