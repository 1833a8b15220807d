import JourneyKit

/// The eight ANSI colours, plus the terminal's default.
public enum Color: UInt8, Sendable, CaseIterable {
    case `default` = 255
    case black = 0, red, green, yellow, blue, magenta, cyan, white
}

/// How a cell is drawn. Every meaning carried by colour is also carried by an attribute
/// (reverse, bold, underline) or a glyph, so the board reads on monochrome terminals.
public struct Style: Hashable, Sendable {
    public var fg: Color
    public var bg: Color
    public var bold: Bool
    public var reverse: Bool
    public var dim: Bool
    public var underline: Bool

    public init(fg: Color = .default, bg: Color = .default, bold: Bool = false,
                reverse: Bool = false, dim: Bool = false, underline: Bool = false) {
        self.fg = fg; self.bg = bg; self.bold = bold
        self.reverse = reverse; self.dim = dim; self.underline = underline
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let reverse = Style(reverse: true)
    public static let dim = Style(dim: true)

    /// The same style with colours removed (for `NO_COLOR` and monochrome terminals).
    public var withoutColor: Style {
        var s = self; s.fg = .default; s.bg = .default; return s
    }
}

/// One terminal cell: the grapheme drawn there and its style. A wide character occupies
/// its cell and the next; the next holds `continuation` (empty text).
public struct Cell: Equatable, Sendable {
    public var text: String
    public var style: Style
    public init(_ text: String = " ", _ style: Style = .plain) { self.text = text; self.style = style }
    public static let blank = Cell()
    public var isContinuation: Bool { text.isEmpty }
}

/// A grid of cells that views draw into. Drawing clips at the edges and at a right margin,
/// advances by display width (wcwidth), and never stores an unsafe scalar: text is sanitized
/// as it is put, so nothing a board file holds can reach the terminal as a control sequence.
public struct Screen: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should be shown (an editor's caret), if anywhere.
    public var cursor: (x: Int, y: Int)? = nil

    public init(width: Int, height: Int) {
        self.width = max(0, width); self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public static func == (a: Screen, b: Screen) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells
            && a.cursor?.x == b.cursor?.x && a.cursor?.y == b.cursor?.y
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes `text` at (x, y) in `style`, no further right than `limit` (exclusive; default:
    /// the screen's width). Returns the column after the last cell written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let right = min(limit ?? width, width)
        var col = x
        for s in text.unicodeScalars {
            let v = s.value
            let shown: Unicode.Scalar = DisplayText.isUnsafe(v) ? DisplayText.replacement(for: v) : s
            let w = DisplayText.width(shown)
            if w == 0 {
                // combining mark: attach to the previous cell
                if col > x, col - 1 < right, col - 1 >= 0 {
                    var p = col - 1
                    if p > 0 && self[p, y].isContinuation { p -= 1 }
                    self[p, y].text.unicodeScalars.append(shown)
                }
                continue
            }
            if col + w > right { break }
            if col >= 0 {
                clearWide(at: col, y: y)
                self[col, y] = Cell(String(Character(shown)), style)
                if w == 2 {
                    clearWide(at: col + 1, y: y)
                    self[col + 1, y] = Cell("", style)
                }
            }
            col += w
        }
        return col
    }

    /// Overwriting half of a wide character blanks its other half.
    private mutating func clearWide(at x: Int, y: Int) {
        guard x >= 0, x < width else { return }
        if self[x, y].isContinuation, x > 0 { self[x - 1, y] = Cell(" ", self[x - 1, y].style) }
        if x + 1 < width, self[x + 1, y].isContinuation, DisplayText.width(self[x, y].text) == 2 {
            self[x + 1, y] = Cell(" ", self[x + 1, y].style)
        }
    }

    /// Fills a rectangle with `char` in `style`.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, char: String = " ", style: Style = .plain) {
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(width, x + w), y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        for yy in y0..<y1 { for xx in x0..<x1 { self[xx, yy] = Cell(char, style) } }
    }

    /// Applies `change` to the style of every cell in a rectangle.
    public mutating func restyle(x: Int, y: Int, width w: Int, height h: Int, _ change: (inout Style) -> Void) {
        let x0 = max(0, x), y0 = max(0, y)
        let x1 = min(width, x + w), y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        for yy in y0..<y1 { for xx in x0..<x1 { change(&cells[yy * width + xx].style) } }
    }

    /// The text of row `y`, wide characters once, trailing spaces kept.
    public func line(_ y: Int) -> String {
        var s = ""
        for x in 0..<width { s += self[x, y].text }
        return s
    }

    /// All rows as text with trailing spaces trimmed: what a snapshot test compares.
    public var lines: [String] {
        (0..<height).map { y in
            var l = line(y)
            while l.hasSuffix(" ") { l.removeLast() }
            return l
        }
    }

    public var text: String { lines.joined(separator: "\n") }
}
