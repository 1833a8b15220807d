import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// Snapshots hold style as well as text: a highlight that goes missing fails a snapshot test
/// even when every character is still in place.
final class SnapshotStyleTests: XCTestCase {
    func boardScreen() -> Screen {
        let state = BoardState(board: exampleBoard("broadband-onboarding.json"), path: "boards/broadband-onboarding.json",
                               width: 120, height: 40, useColor: true)
        return BoardView.render(state)
    }

    func golden(_ name: String) throws -> String {
        try String(contentsOf: snapshotURL(name), encoding: .utf8)
    }

    /// The screen with `change` applied to the style of every cell in rows `rows`.
    func restyled(_ screen: Screen, rows: Range<Int>, _ change: (inout Style) -> Void) -> Screen {
        var copy = screen
        copy.restyle(x: 0, y: rows.lowerBound, width: copy.width, height: rows.count, change)
        return copy
    }

    func testTheRecordedBoardShowsItsFocusAsReverseVideo() throws {
        let screen = boardScreen()
        let expected = try golden("broadband-onboarding-120x40")
        XCTAssertNil(SnapshotFormat.difference(expected: expected, actual: SnapshotFormat.text(of: screen)),
                     "the board still renders as recorded")
        // the focused card is the one reverse-video run above the status line
        let boardRows = 0..<(screen.height - 2)
        let focusRows = boardRows.filter { row in SnapshotFormat.styleRuns(screen, row: row).contains { $0.contains("reverse") } }
        XCTAssertFalse(focusRows.isEmpty, "the focused card is drawn in reverse video")
        for row in focusRows {
            XCTAssertTrue(expected.contains("\n\(row): ") && expected.components(separatedBy: "\n").contains { $0.hasPrefix("\(row): ") && $0.contains("reverse") },
                          "the golden file records row \(row)'s reverse run")
        }
    }

    func testALostFocusHighlightFailsTheComparison() throws {
        let screen = boardScreen()
        let expected = try golden("broadband-onboarding-120x40")
        let lost = restyled(screen, rows: 0..<(screen.height - 2)) { $0.reverse = false }
        XCTAssertEqual(lost.lines, screen.lines, "the text is unchanged: only the highlight is gone")
        let difference = SnapshotFormat.difference(expected: expected, actual: SnapshotFormat.text(of: lost))
        XCTAssertNotNil(difference, "a board whose focus is no longer reverse video must not match its snapshot")
        XCTAssertTrue(difference?.contains("differs in its style") == true, difference ?? "")
    }

    /// Each attribute the board uses is in the snapshot: dropping it anywhere is a difference.
    func testEveryAttributeTheBoardUsesIsRecorded() throws {
        let screen = boardScreen()
        let expected = try golden("broadband-onboarding-120x40")
        let all = 0..<screen.height
        let drops: [(String, (inout Style) -> Void)] = [
            ("bold", { $0.bold = false }), ("dim", { $0.dim = false }), ("reverse", { $0.reverse = false }),
            ("fg", { $0.fg = .default }), ("bg", { $0.bg = .default }),
        ]
        for (attribute, drop) in drops {
            XCTAssertTrue(expected.contains(attribute), "the board's snapshot uses \(attribute)")
            let changed = restyled(screen, rows: all, drop)
            XCTAssertNotNil(SnapshotFormat.difference(expected: expected, actual: SnapshotFormat.text(of: changed)),
                            "without \(attribute) the board must not match its snapshot")
        }
    }

    func testStyleRunsAreReadable() {
        var screen = Screen(width: 12, height: 2)
        screen.put("Focus", x: 1, y: 0, style: .reverse)
        screen.put("dim", x: 7, y: 0, style: Style(fg: .red, dim: true))
        screen.put("plain", x: 0, y: 1)
        XCTAssertEqual(SnapshotFormat.text(of: screen), """
             Focus dim
            plain
            \(SnapshotFormat.styleHeading)
            0: 1-5 reverse; 7-9 dim,fg=red

            """)
    }
}
