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
        /// A column that may be left out when a width cannot hold the table: lower goes first;
        /// nil: always shown.
        public var dropOrder: Int?

        public init(_ title: String, right: Bool = false, max: Int = Int.max, last: Bool = false, dropOrder: Int? = nil) {
            self.dropOrder = dropOrder
            self.title = title
            self.alignRight = right
            self.maxWidth = max
            self.isLast = last
        }
    }

    /// The header line, then one line per row. A row with fewer cells than columns has its
    /// missing cells empty; cells beyond the last column are ignored.
    ///
    /// With `width`, lines fit in that many columns where they can (`fitted`).
    public static func lines(_ columns: [Column], _ rows: [[String]], width: Int? = nil, minimumLast: Int = 16) -> [String] {
        guard let width else { return layout(columns, rows, width: nil, minimumLast: minimumLast).lines }
        return fitted(columns, rows, width: width, minimumLast: minimumLast).lines
    }

    /// The table in `width` columns: the last column is cut with "…" to the room left (at
    /// least `minimumLast`); when that is not enough, the columns with a `maxWidth` (the text
    /// columns) give up room, widest first, down to 6 columns each; then the columns with a
    /// `dropOrder` are left out, lowest first, until the table fits. Returns the titles of the
    /// columns left out, for a note under the table.
    public static func fitted(_ columns: [Column], _ rows: [[String]], width: Int, minimumLast: Int = 16) -> (lines: [String], dropped: [String]) {
        var keep = Array(columns.indices)
        var dropped: [String] = []
        while true {
            let shown = keep.map { columns[$0] }
            let cells = rows.map { row in keep.map { $0 < row.count ? row[$0] : "" } }
            let (lines, fits) = layout(shown, cells, width: width, minimumLast: minimumLast)
            let droppable = keep.filter { columns[$0].dropOrder != nil }
            guard !fits, let next = droppable.min(by: { columns[$0].dropOrder! < columns[$1].dropOrder! }) else { return (lines, dropped) }
            keep.removeAll { $0 == next }
            dropped.append(columns[next].title)
        }
    }

    static func layout(_ columns: [Column], _ rows: [[String]], width: Int?, minimumLast: Int) -> (lines: [String], fits: Bool) {
        var widths = columns.map { DisplayText.width($0.title) }
        for row in rows {
            for (index, cell) in row.enumerated() where index < columns.count {
                widths[index] = Swift.max(widths[index], Swift.min(columns[index].maxWidth, DisplayText.width(cell)))
            }
        }
        var lastWidth = Int.max
        var fits = true
        if let limit = width, let lastIndex = columns.lastIndex(where: { $0.isLast }) {
            func fixed() -> Int { widths.indices.filter { $0 != lastIndex }.reduce(0) { $0 + widths[$1] } + 2 * (columns.count - 1) }
            while fixed() + minimumLast > limit {
                let shrinkable = widths.indices.filter { $0 != lastIndex && columns[$0].maxWidth != Int.max && widths[$0] > 6 }
                guard let widest = shrinkable.max(by: { widths[$0] < widths[$1] }) else { break }
                widths[widest] -= 1
            }
            fits = fixed() + minimumLast <= limit
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
        return ([line(columns.map(\.title))] + rows.map(line), fits)
    }
}
