import JourneyKit

/// A one-line text editor: cursor keys, Backspace, Delete, Home/End, Ctrl-A/E/U/W/K,
/// wide characters and pasted UTF-8. The text is a list of characters (grapheme clusters),
/// so the cursor never lands inside one; widths come from wcwidth when drawn.
public struct LineEditor: Equatable, Sendable {
    public private(set) var chars: [Character]
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        chars = Array(text)
        cursor = chars.count
    }

    public var text: String { String(chars) }

    /// Handles one key; returns false when the key is not an editing key (Enter, Esc, Tab …).
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c):
            // a newline in pasted text becomes a space: cards are single paragraphs here
            let ch: Character = (c == "\n" || c == "\r" || c == "\t") ? " " : c
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
        let clean = LineEditor.oneLine(text)
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
