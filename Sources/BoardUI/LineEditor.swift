import JourneyKit

/// A one-line text editor: cursor keys, Backspace, Delete, Home/End, Ctrl-A/E/U/W/K,
/// wide characters and pasted UTF-8. The text is a list of characters (grapheme clusters),
/// so the cursor never lands inside one; widths come from wcwidth when drawn.
public struct LineEditor: Equatable, Sendable {
    public private(set) var chars: [Character]
    public private(set) var cursor: Int
    /// A few lines of text (a card's notes): a typed or pasted line break stays one.
    public private(set) var multiline = false

    public init(_ text: String = "") {
        chars = Array(text)
        cursor = chars.count
    }

    /// An editor of several lines.
    public init(lines text: String) {
        self.init(text)
        multiline = true
    }

    public var text: String { String(chars) }

    /// Handles one key; returns false when the key is not an editing key (Enter, Esc, Tab …).
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c):
            // a newline in pasted text becomes a space: cards are single paragraphs here
            let ch: Character = multiline && (c == "\n" || c == "\r") ? "\n" : (c == "\n" || c == "\r" || c == "\t") ? " " : c
            chars.insert(ch, at: cursor); cursor += 1
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(chars.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = chars.count
        case .backspace, .ctrl("h"):
            if cursor > 0 { chars.remove(at: cursor - 1); cursor -= 1 }
        case .delete, .ctrl("d"):
            if cursor < chars.count { chars.remove(at: cursor) }
        case .ctrl("u"):
            chars.removeFirst(cursor); cursor = 0
        case .ctrl("k"):
            chars.removeLast(chars.count - cursor)
        case .ctrl("w"):
            var i = cursor
            while i > 0 && chars[i - 1] == " " { i -= 1 }
            while i > 0 && chars[i - 1] != " " { i -= 1 }
            chars.removeSubrange(i..<cursor); cursor = i
        default:
            return false
        }
        return true
    }

    /// Inserts pasted text at the cursor, as one line: line breaks and tabs become spaces,
    /// other control characters (C0, DEL, C1) are dropped.
    public mutating func insert(_ text: String) {
        let clean = multiline ? LineEditor.lines(text) : LineEditor.oneLine(text)
        chars.insert(contentsOf: clean, at: cursor)
        cursor += clean.count
    }

    /// `text` as one line of characters: line breaks and tabs become spaces, other control
    /// characters are dropped.
    static func oneLine(_ text: String) -> [Character] {
        var out: [Character] = []
        out.reserveCapacity(text.count)
        for c in text {
            if c.isNewline || c == "\t" { out.append(" "); continue }
            let scalars = c.unicodeScalars.filter { v in !(v.value < 0x20 || (0x7F...0x9F).contains(v.value)) }
            if scalars.isEmpty { continue }
            if scalars.count == c.unicodeScalars.count { out.append(c) } else {
                out.append(contentsOf: String(String.UnicodeScalarView(scalars)))
            }
        }
        return out
    }

    /// In a multi-line editor, moves the cursor to the line above or below (the same column,
    /// or the line's end when it is shorter). False on the first line going up, the last going
    /// down, or in a one-line editor: the key is someone else's then.
    public mutating func moveLine(up: Bool) -> Bool {
        guard multiline else { return false }
        let start = chars[..<cursor].lastIndex(of: "\n").map { $0 + 1 } ?? 0
        let column = cursor - start
        if up {
            guard start > 0 else { return false }
            let previousStart = chars[..<(start - 1)].lastIndex(of: "\n").map { $0 + 1 } ?? 0
            cursor = min(previousStart + column, start - 1)
        } else {
            guard let end = chars[cursor...].firstIndex(of: "\n") else { return false }
            let nextEnd = chars[(end + 1)...].firstIndex(of: "\n") ?? chars.count
            cursor = min(end + 1 + column, nextEnd)
        }
        return true
    }

    /// `text` as lines of characters: line breaks (CR LF, CR, LF) become "\n", tabs spaces,
    /// other control characters are dropped.
    static func lines(_ text: String) -> [Character] {
        let paragraphs = text.split(omittingEmptySubsequences: false) { $0.isNewline }
        return Array(paragraphs.map { String(oneLine(String($0))) }.joined(separator: "\n"))
    }

    /// The text in rows of at most `width` columns (a line break starts a row; a row that is
    /// full continues on the next), and the caret's row and column: what a multi-line editor
    /// shows. Rows hold sanitised text.
    public func rows(width: Int) -> (rows: [String], caretRow: Int, caretColumn: Int) {
        guard width > 1 else { return ([""], 0, 0) }
        var rows: [String] = [], row = "", rowWidth = 0
        var caret = (0, 0)
        for (i, c) in chars.enumerated() {
            if i == cursor { caret = (rows.count, rowWidth) }
            if c == "\n" { rows.append(row); row = ""; rowWidth = 0; continue }
            let shown = DisplayText.sanitize(String(c))
            let w = DisplayText.width(shown)
            if rowWidth + w > width - 1 {
                rows.append(row); row = ""; rowWidth = 0
                if i == cursor { caret = (rows.count, 0) }
            }
            row += shown; rowWidth += w
        }
        if cursor == chars.count { caret = (rows.count, rowWidth) }
        rows.append(row)
        return (rows, caret.0, caret.1)
    }

    /// Display columns before the cursor (where the caret is drawn).
    public var cursorColumn: Int { DisplayText.width(String(chars[0..<cursor])) }

    /// The part of the text to show in `width` columns so the cursor stays visible:
    /// (visible text, caret column within it).
    public func visible(width: Int) -> (String, Int) {
        guard width > 1 else { return ("", 0) }
        var start = 0
        while DisplayText.width(DisplayText.sanitize(String(chars[start..<cursor]))) > width - 1 { start += 1 }
        let shown = DisplayText.prefix(DisplayText.sanitize(String(chars[start...])), columns: width)
        return (shown, DisplayText.width(DisplayText.sanitize(String(chars[start..<cursor]))))
    }
}
