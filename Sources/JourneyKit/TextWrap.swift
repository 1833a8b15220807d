/// Line breaking for terminal cells: a pure function of text and width (columns measured with
/// `DisplayText.width`, i.e. wcwidth).
///
/// * Lines break at spaces, and after a hyphen inside a word when a letter follows. A word
///   wider than the whole line is the only thing broken elsewhere: each full piece ends in a
///   hyphen, and the word starts on a line of its own.
/// * Wide characters (CJK, most emoji) are each a place a line may break, as in Chinese and
///   Japanese text, with the usual rule (kinsoku): a line never starts with closing
///   punctuation (、。，）」 …) — the character before it comes down to the new line with it —
///   and never ends with opening punctuation (（「 …), which goes down to the next line.
/// * A character and what joins it (combining marks, variation selectors, skin tones, a
///   zero-width joiner and the character after it) is never split. A zero-width space is a
///   place to break that takes no room.
/// * Line breaks in the text start a new line; spaces at either end of a line are dropped.
///
/// Speed: the text is read once as an array of scalars; a line is a list of ranges into it,
/// so words are never copied until a line is written out. Board cells call this through a
/// cache (`WrapCache`), so it runs once per card text and width.
public enum TextWrap {
    /// Characters that must not start a line: closing brackets and quotes, CJK stops and
    /// commas, small kana and the marks that belong to what comes before them.
    public static let noStart: Set<Character> = [
        "、", "。", "，", "．", "）", "」", "』", "】", "》", "〉", "〕", "］", "｝", "〙", "〗", "〟",
        "！", "？", "：", "；", "…", "‥", "・", "ー", "々", "ゝ", "ゞ", "ヽ", "ヾ", "’", "”",
        "ぁ", "ぃ", "ぅ", "ぇ", "ぉ", "っ", "ゃ", "ゅ", "ょ", "ゎ", "ァ", "ィ", "ゥ", "ェ", "ォ", "ッ", "ャ", "ュ", "ョ", "ヮ", "ヵ", "ヶ",
        "％", "‰", "℃",
    ]
    /// Characters that must not end a line: opening brackets and quotes.
    public static let noEnd: Set<Character> = ["（", "「", "『", "【", "《", "〈", "〔", "［", "｛", "〘", "〖", "〝", "‘", "“"]

    static let noStartScalars = Set(noStart.map { $0.unicodeScalars.first!.value })
    static let noEndScalars = Set(noEnd.map { $0.unicodeScalars.first!.value })

    /// A piece of a line: the scalars `lo..<hi` of the text (empty for a hyphen added at a
    /// break, or a zero-width space), its width, and what kind of piece it is.
    struct Piece {
        var lo: Int, hi: Int, width: Int
        var flags: UInt8
        static let space: UInt8 = 1, closes: UInt8 = 2, opens: UInt8 = 4, hyphen: UInt8 = 8
        var isSpace: Bool { flags & Piece.space != 0 }
        var closes: Bool { flags & Piece.closes != 0 }
        var opens: Bool { flags & Piece.opens != 0 }
    }

    /// Where the unit (a character with what joins it) that starts at `i` ends, and its width.
    @inline(__always)
    static func unit(_ s: [Unicode.Scalar], _ i: Int) -> (end: Int, width: Int) {
        var j = i + 1
        var w = DisplayText.width(s[i])
        while j < s.count {
            let v = s[j].value
            if v < 0x300 { break }                                      // ASCII and Latin-1: never joining
            if v == 0x200D { w += DisplayText.width(s[j]); j += 1       // a joiner takes the next one with it
                if j < s.count { w += DisplayText.width(s[j]); j += 1 }
                continue
            }
            if (0x1F3FB...0x1F3FF).contains(v) || (0xFE00...0xFE0F).contains(v) { w += DisplayText.width(s[j]); j += 1; continue }
            if v == 0x200B || v == 0x3000 { break }
            let sw = DisplayText.width(s[j])
            if sw != 0 { break }
            j += 1                                                      // a combining mark
        }
        return (j, w)
    }

    /// The lines of `s` (sanitised scalars, newlines kept) in `columns`, as pieces. At most
    /// `limit` lines are made (one more than a caller shows tells it text was left over).
    static func lines(_ s: [Unicode.Scalar], columns: Int, limit: Int = Int.max) -> [[Piece]] {
        var b = Breaker(s: s, columns: columns, limit: limit, keepPieces: true)
        b.run()
        return b.pieces
    }

    /// The breaking itself, as a value with its state in stored properties (nested functions
    /// capturing local variables would put each of them in a heap box).
    struct Breaker {
        let s: [Unicode.Scalar]
        let columns: Int
        let limit: Int
        /// Keep each line's pieces (for the caret); otherwise only its text.
        let keepPieces: Bool
        var pieces: [[Piece]] = []
        var texts: [String] = []
        var count = 0
        var line: [Piece] = []
        var lineWidth = 0
        var wordLo = -1, wordHi = 0, wordWidth = 0
        /// The word so far ends in "-" after something else.
        var afterHyphen = false

        init(s: [Unicode.Scalar], columns: Int, limit: Int, keepPieces: Bool) {
            self.s = s; self.columns = columns; self.limit = limit; self.keepPieces = keepPieces
            line.reserveCapacity(16)
        }

        mutating func endLine() {
            while let last = line.last, last.isSpace { lineWidth -= last.width; line.removeLast() }
            if keepPieces { pieces.append(line) } else { texts.append(TextWrap.string(line, s)) }
            count += 1
            line.removeAll(keepingCapacity: true); lineWidth = 0
        }

        @inline(__always) mutating func append(_ p: Piece) { line.append(p); lineWidth += p.width }

        /// Places one piece that is not a space (a word that fits a line, or one wide character).
        mutating func place(_ p: Piece) {
            if lineWidth + p.width <= columns || lineWidth == 0 { append(p); return }
            // the piece goes to a new line: what must go with it comes down too
            var keep = line.count
            if p.closes {
                // closing punctuation: the characters before it come down with it (the
                // punctuation already at the end of the line, then the character it closes)
                var k = line.count
                while k > 0, line[k - 1].closes { k -= 1 }
                if k > 0, !line[k - 1].isSpace { k -= 1 }
                var width = p.width
                for q in line[k...] { width += q.width }
                if k > 0, width <= columns, line[..<k].contains(where: { !$0.isSpace }) { keep = k }
            }
            // opening punctuation at the end of the line goes down to what it opens
            if keep == line.count {
                var k = line.count
                while k > 1, line[k - 1].opens { k -= 1 }
                keep = k
            }
            if keep < line.count {
                let carried = Array(line[keep...])
                for c in carried { lineWidth -= c.width }
                line.removeSubrange(keep...)
                endLine()
                for c in carried { append(c) }
            } else {
                endLine()
            }
            append(p)
        }

        /// A word wider than a line: on lines of its own, each full one ending in a hyphen.
        mutating func breakLongWord(_ lo: Int, _ hi: Int) {
            if lineWidth > 0 { endLine() }
            var at = lo
            let room = max(1, columns - 1)
            while at < hi && count < limit {
                // the rest fits: it ends the word and the line goes on
                var rest = 0, scan = at
                while scan < hi && rest <= columns { let u = unit(s, scan); rest += u.width; scan = u.end }
                if rest <= columns { append(Piece(lo: at, hi: hi, width: rest, flags: 0)); return }
                // as much as fits before the hyphen (at least one character)
                var end = at, w = 0
                while end < hi {
                    let u = unit(s, end)
                    if w + u.width > room && end > at { break }
                    w += u.width; end = u.end
                    if w >= room { break }
                }
                append(Piece(lo: at, hi: end, width: w, flags: 0))
                if columns > 1 { append(Piece(lo: end, hi: end, width: 1, flags: Piece.hyphen)) }
                endLine()
                at = end
            }
        }

        mutating func flushWord() {
            guard wordLo >= 0 else { return }
            if wordWidth > columns { breakLongWord(wordLo, wordHi) } else { place(Piece(lo: wordLo, hi: wordHi, width: wordWidth, flags: 0)) }
            wordLo = -1; wordWidth = 0; afterHyphen = false
        }

        mutating func run() {
            guard columns > 0, limit > 0 else { return }
            var i = 0
            let n = s.count
            while i < n {
                if count >= limit { break }
                let v = s[i].value
                if v == 0x0A { flushWord(); endLine(); i += 1; continue }
                if v == 0x20 || v == 0x3000 || v == 0x200B {
                    flushWord()
                    let w = v == 0x200B ? 0 : (v == 0x20 ? 1 : DisplayText.width(s[i]))
                    // a space at the start of a line, or one that no longer fits, is dropped
                    if lineWidth > 0 && lineWidth + w <= columns {
                        append(Piece(lo: i, hi: v == 0x200B ? i : i + 1, width: w, flags: Piece.space))
                    }
                    i += 1
                    continue
                }
                let (end, w): (Int, Int)
                if v < 0x7F && (i + 1 == n || s[i + 1].value < 0x300) { (end, w) = (i + 1, 1) } else { (end, w) = unit(s, i) }
                var closes = v > 0x7F && noStartScalars.contains(v)
                let opens = v > 0x7F && noEndScalars.contains(v)
                // narrow punctuation after a space ("stage …", "and ’90s") starts a word of its
                // own, as in Latin text: the space before it stays and what follows joins it
                if closes, w < 2, wordLo < 0, i == 0 || s[i - 1].value == 0x20 || s[i - 1].value == 0x0A { closes = false }
                if w >= 2 || closes || opens {
                    if closes, wordLo >= 0 {
                        // punctuation stays with its word: no break between "Hello" and "。"
                        wordHi = end; wordWidth += w; afterHyphen = false
                    } else {
                        // a wide character or CJK punctuation stands alone: lines may break around it
                        flushWord()
                        place(Piece(lo: i, hi: end, width: w, flags: (closes ? Piece.closes : 0) | (opens ? Piece.opens : 0)))
                    }
                } else {
                    // a hyphen inside a word, before a letter, is a place to break: "price-" ends
                    // a line, "comparison" starts the next ("day-90" and "--from" stay whole)
                    if afterHyphen, s[i].properties.isAlphabetic { flushWord() }
                    if wordLo < 0 { wordLo = i }
                    afterHyphen = v == 0x2D && i > wordLo && s[i - 1].value != 0x2D
                    wordHi = end; wordWidth += w
                }
                i = end
            }
            if count < limit {
                flushWord()
                if lineWidth > 0 || count == 0 || !line.isEmpty { endLine() }
            }
        }
    }

    static func string(_ line: [Piece], _ s: [Unicode.Scalar]) -> String {
        var out = String.UnicodeScalarView()
        for p in line {
            if p.flags & Piece.hyphen != 0 { out.append("-"); continue }
            for k in p.lo..<p.hi { out.append(s[k]) }   // one by one: appending a slice takes a slow generic path
        }
        return String(out)
    }

    /// The lines of `text` (already sanitised) as strings, at most `maxLines`; when text was
    /// left over the last one ends in "…".
    public static func wrap(_ text: String, columns: Int, maxLines: Int = Int.max) -> [String] {
        guard columns > 0, maxLines > 0 else { return [] }
        let limit = maxLines == Int.max ? Int.max : maxLines + 1
        var b = Breaker(s: Array(text.unicodeScalars), columns: columns, limit: limit, keepPieces: false)
        b.run()
        var out = b.texts
        if out.count > maxLines {
            out.removeLast(out.count - maxLines)
            let last = out.removeLast()
            out.append(DisplayText.prefix(last, columns: columns - 1) + "…")
        }
        return out
    }

    /// Where the scalar at `offset` of `text` (`offset` == its scalar count: the end) is drawn
    /// when wrapped in `columns`: (line, column). Text being typed shows its caret there.
    public static func caret(_ text: String, columns: Int, offset: Int) -> (line: Int, column: Int) {
        let s = Array(text.unicodeScalars)
        // spaces being typed at the end are not on any line yet: the caret goes past them
        if offset >= s.count, let last = s.last, last == " " {
            var trailing = 0
            for c in s.reversed() { guard c == " " else { break }; trailing += 1 }
            if trailing == s.count { return (0, 0) }
            var rest = String.UnicodeScalarView(); rest.append(contentsOf: s[..<(s.count - trailing)])
            let before = caret(String(rest), columns: columns, offset: s.count - trailing)
            return before.column + trailing < columns ? (before.line, before.column + trailing) : (before.line + 1, 0)
        }
        let wrapped = lines(s, columns: columns)
        var best = (0, 0)
        for (row, line) in wrapped.enumerated() {
            if let first = line.first(where: { $0.hi > $0.lo }), first.lo > offset, row > 0 { return (row, 0) }
            var x = 0
            for p in line {
                if offset >= p.lo && offset < p.hi {
                    var w = 0
                    for k in p.lo..<offset { w += DisplayText.width(s[k]) }
                    return (row, x + w)
                }
                x += p.width
                if p.hi <= offset && p.hi > p.lo { best = (row, x) }
            }
        }
        return best
    }
}
