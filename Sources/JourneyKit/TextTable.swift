/// Plain-text columns for reports printed to a terminal or a file: a header and rows, each
/// column as wide as its widest cell (up to its `maxWidth`), two spaces apart, trailing spaces
/// trimmed. Widths are display columns (wcwidth), so Chinese text lines up. Cells are laid out
/// as given: sanitise board text (`DisplayText.sanitize`) before it goes in.
public enum TextTable {
    public struct Column: Sendable {
        public var title: String
        /// Right-aligned (numbers).
        public var alignRight: Bool
        /// Cells wider than this are truncated with "…".
        public var maxWidth: Int
        /// The last column: neither padded nor truncated, so long text runs on.
        public var isLast: Bool

        public init(_ title: String, right: Bool = false, max: Int = Int.max, last: Bool = false) {
            self.title = title
            self.alignRight = right
            self.maxWidth = max
            self.isLast = last
        }
    }

    /// The header line, then one line per row. A row with fewer cells than columns has its
    /// missing cells empty; cells beyond the last column are ignored.
    ///
    /// With `width`, lines fit in that many columns where they can: the last column is cut with
    /// "…" to the room left (at least `minimumLast`); when that is not enough, the columns with a
    /// `maxWidth` (the text columns) give up room, widest first, down to 4 columns each.
    public static func lines(_ columns: [Column], _ rows: [[String]], width: Int? = nil, minimumLast: Int = 16) -> [String] {
        var widths = columns.map { DisplayText.width($0.title) }
        for row in rows {
            for (index, cell) in row.enumerated() where index < columns.count {
                widths[index] = Swift.max(widths[index], Swift.min(columns[index].maxWidth, DisplayText.width(cell)))
            }
        }
        var lastWidth = Int.max
        if let limit = width, let lastIndex = columns.lastIndex(where: { $0.isLast }) {
            func fixed() -> Int { widths.indices.filter { $0 != lastIndex }.reduce(0) { $0 + widths[$1] } + 2 * (columns.count - 1) }
            while fixed() + minimumLast > limit {
                let shrinkable = widths.indices.filter { $0 != lastIndex && columns[$0].maxWidth != Int.max && widths[$0] > 4 }
                guard let widest = shrinkable.max(by: { widths[$0] < widths[$1] }) else { break }
                widths[widest] -= 1
            }
            lastWidth = Swift.max(minimumLast, limit - fixed())
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (index, column) in columns.enumerated() {
                let cell = index < cells.count ? cells[index] : ""
                if index > 0 { text += "  " }
                if column.isLast { text += lastWidth == Int.max ? cell : DisplayText.truncate(cell, columns: lastWidth); continue }
                let shown = DisplayText.truncate(cell, columns: widths[index])
                let padding = String(repeating: " ", count: Swift.max(0, widths[index] - DisplayText.width(shown)))
                text += column.alignRight ? padding + shown : shown + padding
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        return [line(columns.map(\.title))] + rows.map(line)
    }
}
