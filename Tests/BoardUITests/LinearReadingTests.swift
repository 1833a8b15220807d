import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// `:linear`: the journey read as plain lines on the board — in and out (`:linear`, Esc), the
/// focus card by card in reading order, the terminal cursor on the focused card's line (what a
/// screen reader follows), and screen snapshots at 100 and 40 columns.
final class LinearReadingTests: XCTestCase {
    /// The two-journey board's first journey in reading order: stage by stage, lane by lane.
    let readingOrder = ["cd_a", "cd_b", "cd_e", "cd_c", "cd_p", "cd_o"]

    func linear(width: Int = 100, height: Int = 30) -> BoardState {
        var s = Fixtures.state(width: width, height: height)
        command(&s, "linear")
        return s
    }

    /// The row the cursor is on, as text.
    func cursorLine(_ s: BoardState) -> String? {
        let screen = BoardView.render(s)
        return screen.cursor.map { screen.lines[$0.y] }
    }

    func testLinearCommandAndEscapeGoInAndOut() {
        var s = Fixtures.state()
        XCTAssertEqual(KeyMode(s), .board)
        command(&s, "linear")
        XCTAssertTrue(s.linearReading)
        XCTAssertEqual(KeyMode(s), .linear)
        XCTAssertTrue(BoardView.render(s).text.contains("Stage 1 of 3: Order"))
        press(&s, .escape)
        XCTAssertFalse(s.linearReading)
        XCTAssertEqual(KeyMode(s), .board)
        XCTAssertFalse(BoardView.render(s).text.contains("Stage 1 of 3"))
        command(&s, "linear")
        command(&s, "linear")
        XCTAssertFalse(s.linearReading, ":linear again returns to the board")
    }

    func testJAndKMoveCardByCardInReadingOrderAcrossLanesAndStages() {
        var s = linear()
        XCTAssertEqual(s.focusCard, "cd_a")
        var seen = [s.focusCard!]
        for _ in 1..<readingOrder.count {
            XCTAssertEqual(press(&s, .char("j")), [])
            seen.append(s.focusCard!)
        }
        XCTAssertEqual(seen, readingOrder)
        XCTAssertEqual(press(&s, .char("j")), [.bell], "no card after the last")
        XCTAssertEqual(s.focusCard, "cd_o")
        press(&s, .char("k"), .up)
        XCTAssertEqual(s.focusCard, "cd_c")
        press(&s, .home)
        XCTAssertEqual(s.focusCard, "cd_a")
        press(&s, .end)
        XCTAssertEqual(s.focusCard, "cd_o")
        XCTAssertEqual(s.focusStage, "st_1")
        XCTAssertEqual(s.focusLane, "ln_pain")
        // back on the board, the focus is where the reading left it
        press(&s, .escape)
        XCTAssertEqual(s.focusCard, "cd_o")
    }

    func testTheCursorIsOnTheFocusedCardsLine() {
        var s = linear()
        for id in readingOrder {
            let text = s.board.cards[id]!.text
            let screen = BoardView.render(s)
            let cursor = try! XCTUnwrap(screen.cursor, "the cursor is shown in linear reading")
            let line = screen.lines[cursor.y]
            XCTAssertTrue(line.contains(text), "cursor row \(cursor.y) is \(line), not \(text)")
            XCTAssertTrue(line.hasPrefix("▶"), line)
            XCTAssertEqual(Array(screen.line(cursor.y).unicodeScalars)[cursor.x], "-", "the cursor starts the card's line")
            XCTAssertTrue(screen[cursor.x, cursor.y].style.reverse)
            press(&s, .char("j"))
        }
        // the board itself keeps the cursor hidden
        press(&s, .escape)
        XCTAssertNil(BoardView.render(s).cursor)
    }

    func testOtherKeysStillWorkOnTheFocusedCard() {
        var s = linear()
        press(&s, .char("j"))
        press(&s, .char("v"))
        XCTAssertEqual(s.board.cards["cd_b"]!.totalVotes, 1)
        XCTAssertTrue(BoardView.render(s).text.contains("votes: 1"))
        XCTAssertTrue(s.linearReading)
        // the command line and help open over the reading and come back to it
        press(&s, .char("?"))
        XCTAssertTrue(BoardView.render(s).text.contains("Linear reading (:linear)"))
        press(&s, .escape)
        XCTAssertEqual(KeyMode(s), .linear)
    }

    func testTheWheelMovesCardByCardAndAClickFocusesTheCardClicked() {
        var s = linear()
        _ = reduce(&s, .input(.mouse(MouseEvent(x: 10, y: 5, kind: .wheelDown))))
        XCTAssertEqual(s.focusCard, "cd_b")
        _ = reduce(&s, .input(.mouse(MouseEvent(x: 10, y: 5, kind: .wheelUp))))
        XCTAssertEqual(s.focusCard, "cd_a")
        let screen = BoardView.render(s)
        let row = try! XCTUnwrap(screen.lines.firstIndex { $0.contains("Nobody says when") })
        _ = reduce(&s, .input(.mouse(MouseEvent(x: 10, y: row, kind: .click))))
        XCTAssertEqual(s.focusCard, "cd_o")
        let heading = try! XCTUnwrap(screen.lines.firstIndex { $0.contains("Stage 1 of 3") })
        _ = reduce(&s, .input(.mouse(MouseEvent(x: 10, y: heading, kind: .click))))
        XCTAssertEqual(s.focusCard, "cd_o", "a click off the cards changes nothing")
    }

    func testSilentVotingHidesTheCountsInTheReading() {
        var s = linear()
        press(&s, .char("j"), .char("v"))
        command(&s, "votes hide")
        let text = BoardView.render(s).text
        XCTAssertFalse(text.contains("votes: 1"), text)
        XCTAssertTrue(text.contains("Votes are hidden"), text)
    }

    func testNoBoxDrawingInTheReading() {
        var s = linear(width: 40, height: 20)
        press(&s, .char("j"), .char("j"))
        let text = BoardView.render(s).text
        XCTAssertFalse(text.unicodeScalars.contains { (0x2500...0x257F).contains($0.value) }, text)
    }

    func testSnapshots() {
        var s = linear()
        assertSnapshot(BoardView.render(s), "linear-100x30")
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"))
        assertSnapshot(BoardView.render(s), "linear-100x30-fifth-card")
        var narrow = linear(width: 40, height: 16)
        press(&narrow, .end)
        assertSnapshot(BoardView.render(narrow), "linear-40x16-last-card")
        var chinese = BoardState(board: exampleBoard("membership-self-service.json"), path: "boards/membership-self-service.json", width: 40, height: 20, useColor: true)
        command(&chinese, "linear")
        press(&chinese, .char("j"), .char("j"), .char("j"))
        assertSnapshot(BoardView.render(chinese), "linear-membership-40x20")
    }
}
