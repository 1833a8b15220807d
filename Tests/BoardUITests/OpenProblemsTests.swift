import XCTest
@testable import BoardUI
import JourneyKit

/// A board that fails `journey check` (but can be shown) opens with its problems listed over
/// the board and a warning in the status line, never silently.
final class OpenProblemsTests: XCTestCase {
    func testProblemsAreListedAndEscClosesThem() {
        var s = Fixtures.state()
        s.showOpenProblems(["b.json:12:5: error: card cd_x: cost must be greater than 0, not 0",
                            "b.json:20:3: error: \u{1B}[2Jcard cd_y names lane ln_gone, which does not exist"])
        XCTAssertEqual(s.mode, .problems(scroll: 0))
        XCTAssertTrue(s.message?.contains("fails `journey check` (2 problems)") ?? false, s.message ?? "")
        let screen = BoardView.render(s)
        XCTAssertTrue(screen.text.contains("b.json:12:5: error: card cd_x: cost must be greater than 0"), screen.text)
        XCTAssertFalse(screen.text.contains("\u{1B}"), "text from the file never reaches the terminal raw")
        XCTAssertTrue(screen.line(s.height - 2).contains("⚠ 2 check problems"), screen.line(s.height - 2))
        assertSnapshot(screen, "open-problems-100x30")
        press(&s, .escape)
        XCTAssertEqual(s.mode, .board)
        XCTAssertTrue(BoardView.render(s).line(s.height - 2).contains("⚠ 2 check problems"), "the warning stays in the status line")
    }

    func testACleanBoardOpensAsUsual() {
        var s = Fixtures.state()
        s.showOpenProblems([])
        XCTAssertEqual(s.mode, .board)
        XCTAssertNil(s.message)
        XCTAssertFalse(BoardView.render(s).text.contains("⚠"))
    }
}
