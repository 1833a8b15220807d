/// Line breaking for terminal cells: a pure function of text and width (columns measured with
/// `DisplayText.width`, i.e. wcwidth).
///
/// * Lines break at spaces, and after a hyphen inside a word. A word wider than the whole line
///   is the only thing broken elsewhere: each full piece ends in a hyphen, and the word starts
///   on a line of its own.
/// * Wide characters (CJK, most emoji) are each a place a line may break, as in Chinese and
///   Japanese text, with the usual rule (kinsoku): a line never starts with closing
///   punctuation (、。，）」 …) — the character before it comes down to the new line with it —
///   and never ends with opening punctuation (（「 …), which goes down to the next line.
/// * A character and the marks that combine with it (a grapheme cluster) are never split.
///   A zero-width space is a place to break that takes no room.
/// * Line breaks in the text start a new line; spaces at either end of a line are dropped.
public enum TextWrap {
    /// Characters that must not start a line: closing brackets and quotes, CJK stops and
    /// commas, and the marks that belong to what comes before them.
    public static let noStart: Set<Character> = [
        "、", "。", "，", "．", "）", "」", "』", "】", "》", "〉", "〕", "］", "｝", "〙", "〗", "〟",
        "！", "？", "：", "；", "…", "‥", "・", "ー", "々", "ゝ", "ゞ", "ヽ", "ヾ", "’", "”",
        "ぁ", "ぃ", "ぅ", "ぇ", "ぉ", "っ", "ゃ", "ゅ", "ょ", "ゎ", "ァ", "ィ", "ゥ", "ェ", "ォ", "ッ", "ャ", "ュ", "ョ", "ヮ", "ヵ", "ヶ",
        "%", "％", "‰", "°", "℃",
    ]
    /// Characters that must not end a line: opening brackets and quotes.
    public static let noEnd: Set<Character> = ["（", "「", "『", "【", "《", "〈", "〔", "［", "｛", "〘", "〖", "〝", "‘", "“"]

    /// A piece of a line: text that stays together, its width, and where it came from in the
    /// text (`start`, `count` in characters; a hyphen added at a break counts none).
    public struct Piece: Equatable, Sendable {
        public var text: String
        public var width: Int
        public var start: Int
        public var count: Int
        var isSpace: Bool
        /// Closing punctuation (must not start a line) and opening (must not end one).
        var noStart: Bool
        var noEnd: Bool
    }

    /// One unit of text: a grapheme cluster with its width.
    struct Unit { var char: Character; var width: Int }

    @inline(__always)
    static func width(_ c: Character) -> Int {
        var w = 0
        for s in c.unicodeScalars { w += DisplayText.width(s) }
        return w
    }

    /// The lines of `text` (already sanitised, newlines kept) in `columns`, as pieces. At most
    /// `limit` lines are made (one more than a caller shows tells it text was left over).
    public static func lines(_ text: String, columns: Int, limit: Int = Int.max) -> [[Piece]] {
        guard columns > 0, limit > 0 else { return [] }
        var lines: [[Piece]] = []
        var line: [Piece] = [], lineWidth = 0

        func endLine() {
            while let last = line.last, last.isSpace { lineWidth -= last.width; line.removeLast() }
            lines.append(line)
            line = []; lineWidth = 0
        }
        func append(_ p: Piece) { line.append(p); lineWidth += p.width }

        /// Places one piece that is not a space (a word that fits a line, or one wide character).
        func place(_ p: Piece) {
            if lineWidth + p.width <= columns || lineWidth == 0 { append(p); return }
            // the piece goes to a new line: what must go with it comes down too
            var carried: [Piece] = []
            if p.noStart {
                // closing punctuation: the characters before it come down with it (the
                // punctuation already at the end of the line, then the character it closes)
                var k = line.count
                while k > 0, line[k - 1].noStart, !line[k - 1].isSpace { k -= 1 }
                if k > 0, !line[k - 1].isSpace { k -= 1 }
                let group = line[k...]
                if k > 0, group.reduce(p.width, { $0 + $1.width }) <= columns, !line[..<k].allSatisfy(\.isSpace) {
                    carried = Array(group)
                    lineWidth -= group.reduce(0) { $0 + $1.width }
                    line.removeSubrange(k...)
                }
            }
            // opening punctuation at the end of the line goes down to what it opens
            while carried.isEmpty, let last = line.last, last.noEnd, line.count > 1 {
                carried.insert(last, at: 0)
                lineWidth -= last.width
                line.removeLast()
            }
            endLine()
            for c in carried { append(c) }
            append(p)
        }

        /// A word wider than a line: on lines of its own, each full one ending in a hyphen.
        func breakLongWord(_ units: [Unit], start: Int) {
            if lineWidth > 0 { endLine() }
            var index = 0
            while index < units.count && lines.count < limit {
                var rest = 0
                for u in units[index...] { rest += u.width }
                if rest <= columns {
                    append(piece(units[index...], start: start + index))
                    return
                }
                // as much as fits before the hyphen (at least one character)
                var end = index, w = 0
                let room = max(1, columns - 1)
                while end < units.count, w + units[end].width <= room { w += units[end].width; end += 1 }
                if end == index { end += 1 }
                append(piece(units[index..<end], start: start + index))
                if columns > 1 { append(Piece(text: "-", width: 1, start: start + end, count: 0, isSpace: false, noStart: false, noEnd: false)) }
                endLine()
                index = end
            }
        }

        func piece(_ units: ArraySlice<Unit>, start: Int) -> Piece {
            var s = "", w = 0
            for u in units { s.append(u.char); w += u.width }
            return Piece(text: s, width: w, start: start, count: units.count, isSpace: false, noStart: false, noEnd: false)
        }

        var word: [Unit] = [], wordWidth = 0, wordStart = 0
        func flushWord() {
            guard !word.isEmpty else { return }
            if wordWidth > columns { breakLongWord(word, start: wordStart) } else { place(piece(word[...], start: wordStart)) }
            word.removeAll(keepingCapacity: true); wordWidth = 0
        }

        var index = 0
        for c in text {
            defer { index += 1 }
            if lines.count >= limit { break }
            switch c {
            case "\n":
                flushWord(); endLine()
            case " ", "\u{3000}", "\u{200B}":
                flushWord()
                let w = c == "\u{200B}" ? 0 : width(c)
                // a space at the start of a line, or one that no longer fits, is dropped
                if lineWidth > 0 && lineWidth + w <= columns {
                    append(Piece(text: w == 0 ? "" : String(c), width: w, start: index, count: 1, isSpace: true, noStart: false, noEnd: false))
                }
            default:
                let w = width(c)
                let closes = noStart.contains(c), opens = noEnd.contains(c)
                if w >= 2 || closes || opens {
                    // a wide character or CJK punctuation stands alone: lines may break around it
                    // (punctuation stays with its word: no break between "Hello" and "。")
                    if closes, !word.isEmpty {
                        word.append(Unit(char: c, width: w)); wordWidth += w
                        continue
                    }
                    flushWord()
                    place(Piece(text: String(c), width: w, start: index, count: 1, isSpace: false, noStart: closes, noEnd: opens))
                } else {
                    // a hyphen inside a word, before a letter, is a place to break: "price-" ends
                    // a line, "comparison" starts the next ("day-90" stays whole)
                    if c.isLetter, word.count >= 2, word[word.count - 1].char == "-", word[word.count - 2].char != "-" { flushWord() }
                    if word.isEmpty { wordStart = index }
                    word.append(Unit(char: c, width: w)); wordWidth += w
                }
            }
        }
        if lines.count < limit {
            flushWord()
            if lineWidth > 0 || lines.isEmpty || !line.isEmpty { endLine() }
        }
        return lines
    }

    /// The lines of `text` as strings, at most `maxLines`; when text was left over the last
    /// one ends in "…".
    public static func wrap(_ text: String, columns: Int, maxLines: Int = Int.max) -> [String] {
        guard columns > 0, maxLines > 0 else { return [] }
        let limit = maxLines == Int.max ? Int.max : maxLines + 1
        var out = lines(text, columns: columns, limit: limit).map { $0.map(\.text).joined() }
        if out.count > maxLines {
            out.removeLast(out.count - maxLines)
            let last = out.removeLast()
            out.append(DisplayText.prefix(last, columns: columns - 1) + "…")
        }
        return out
    }

    /// Where the character at `offset` of `text` (`offset` == its count: the end) is drawn when
    /// wrapped in `columns`: (line, column). Text being typed shows its caret there.
    public static func caret(_ text: String, columns: Int, offset: Int) -> (line: Int, column: Int) {
        // spaces being typed at the end are not on any line yet: the caret goes past them
        var trailing = 0
        if offset >= text.count {
            for c in text.reversed() { guard c == " " else { break }; trailing += 1 }
        }
        if trailing > 0 {
            let before = caret(String(text.dropLast(trailing)), columns: columns, offset: offset - trailing)
            if before.line == 0 && before.column == 0 && text.allSatisfy({ $0 == " " }) { return (0, 0) }
            return before.column + trailing < columns ? (before.line, before.column + trailing) : (before.line + 1, 0)
        }
        let wrapped = lines(text, columns: columns)
        var best: (Int, Int) = (0, 0)
        for (row, line) in wrapped.enumerated() {
            var x = 0
            for p in line {
                if offset >= p.start && offset < p.start + p.count {
                    var w = 0
                    for c in p.text.prefix(offset - p.start) { w += width(c) }
                    return (row, x + w)
                }
                x += p.width
                if p.start + p.count <= offset && p.count > 0 { best = (row, x) }
            }
            if let first = line.first, first.start > offset, row > 0 { return (row, 0) }
        }
        return best
    }
}
