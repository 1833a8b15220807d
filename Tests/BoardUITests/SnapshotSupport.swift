import XCTest
@testable import BoardUI
import JourneyKit

/// Screen snapshots: what a person sees, compared with a golden file in Snapshots/.
/// Set UPDATE_SNAPSHOTS=1 to (re)write the golden files; review them like code.
///
/// A snapshot is the screen's text (trailing spaces trimmed), then a style section: one line
/// per row that has any styled cell, listing runs of equal style as 0-based inclusive column
/// ranges, e.g. `12: 0-99 reverse; 4-17 bold,fg=cyan`. Cells not listed are plain. A lost
/// highlight (focus no longer reverse, a dimmed card drawn plain, a conflict mark without its
/// colour) changes the style section, so it fails the comparison like a wrong character does.
func assertSnapshot(_ screen: Screen, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    let url = snapshotURL(name, file: file)
    let actual = SnapshotFormat.text(of: screen)
    if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! actual.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("no snapshot \(name).txt (run with UPDATE_SNAPSHOTS=1 to record it)", file: file, line: line)
        return
    }
    if let difference = SnapshotFormat.difference(expected: expected, actual: actual) {
        XCTFail("snapshot \(name) \(difference)\n--- actual screen ---\n\(actual)", file: file, line: line)
    }
}

/// Where the golden file named `name` lives: Snapshots/ beside the calling test file.
func snapshotURL(_ name: String, file: StaticString = #filePath) -> URL {
    URL(fileURLWithPath: "\(file)").deletingLastPathComponent()
        .appendingPathComponent("Snapshots").appendingPathComponent("\(name).txt")
}

enum SnapshotFormat {
    /// The heading between the screen's text and its style runs.
    static let styleHeading = "── style (row: first-last columns, 0-based; unlisted cells are plain) ──"

    /// The whole snapshot of `screen`: text lines, the style heading, style runs, and the
    /// cursor when an editor shows one.
    static func text(of screen: Screen) -> String {
        var out = screen.lines.joined(separator: "\n") + "\n"
        out += styleHeading + "\n"
        for row in 0..<screen.height {
            let runs = styleRuns(screen, row: row)
            if !runs.isEmpty { out += "\(row): " + runs.joined(separator: "; ") + "\n" }
        }
        if let cursor = screen.cursor { out += "cursor: \(cursor.x),\(cursor.y)\n" }
        return out
    }

    /// The runs of equal, non-plain style in one row, as `first-last attributes`.
    static func styleRuns(_ screen: Screen, row: Int) -> [String] {
        var runs: [String] = []
        var column = 0
        while column < screen.width {
            let style = screen[column, row].style
            var end = column
            while end + 1 < screen.width && screen[end + 1, row].style == style { end += 1 }
            if style != .plain { runs.append("\(column)-\(end) \(describe(style))") }
            column = end + 1
        }
        return runs
    }

    /// A style's attributes in a fixed order, comma-separated: `bold,dim,reverse,underline,fg=red,bg=blue`.
    static func describe(_ style: Style) -> String {
        var parts: [String] = []
        if style.bold { parts.append("bold") }
        if style.dim { parts.append("dim") }
        if style.reverse { parts.append("reverse") }
        if style.underline { parts.append("underline") }
        if style.fg != .default { parts.append("fg=\(style.fg)") }
        if style.bg != .default { parts.append("bg=\(style.bg)") }
        return parts.joined(separator: ",")
    }

    /// Where two snapshots first differ (nil when equal), naming whether it is the text or the style.
    static func difference(expected: String, actual: String) -> String? {
        guard expected != actual else { return nil }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expectedLines.count, actualLines.count)
        let headingLine = actualLines.firstIndex { $0 == styleHeading } ?? actualLines.count
        let part = first > headingLine ? "style" : "text"
        func shown(_ lines: [Substring]) -> String { first < lines.count ? String(lines[first]) : "<none>" }
        return "differs in its \(part) from line \(first + 1):\nexpected: \(shown(expectedLines))\nactual:   \(shown(actualLines))"
    }
}
