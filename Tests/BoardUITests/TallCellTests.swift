import XCTest
@testable import BoardUI
import JourneyKit

/// A cell taller than the screen scrolls so the focused card is always in view, with
/// "↑ N more" / "↓ N more" standing for the cards above and below; Enter edits the card the
/// room can see.
final class TallCellTests: XCTestCase {
    /// The fixture board with 200 cards in Use · Steps ("Tall card 1" … "Tall card 200").
    func tall(width: Int = 100, height: Int = 30) -> BoardState {
        var b = Fixtures.board()
        for i in 0..<200 {
            let id = "cd_t\(1000 + i)"
            b.cards[id] = Card(id: id, lane: "ln_steps", stage: "st_2", order: "b\(1000 + i)", text: "Tall card \(i + 1)")
        }
        var s = BoardState(board: b, path: "tall.json", width: width, height: height, useColor: false)
        s.focus(card: "cd_t1000")
        return s
    }

    func cell(_ s: BoardState) -> FrameLayout.CellBox {
        Layout.layout(s).cells.first { $0.stage == "st_2" && $0.lane == "ln_steps" }!
    }

    /// The shown cards are the cell's, in order, from just after the hidden ones; the counts
    /// add up to the cell's; the focused card is among them; the screen shows the indicators.
    func assertFocusShown(_ s: BoardState, file: StaticString = #filePath, line: UInt = #line) {
        let c = cell(s)
        let ids = s.focusedCellCards
        XCTAssertEqual(c.hiddenAbove + c.cards.count + c.hiddenBelow, ids.count, "counts add up", file: file, line: line)
        XCTAssertEqual(c.cards.map(\.id), Array(ids[c.hiddenAbove..<(c.hiddenAbove + c.cards.count)]), "contiguous", file: file, line: line)
        XCTAssertTrue(c.cards.contains { $0.id == s.focusCard }, "focused card shown", file: file, line: line)
        let text = BoardView.render(s).text
        let focusedText = s.focusedCard!.text
        XCTAssertTrue(text.contains(focusedText + "\n") || text.contains(focusedText + " "), "\(focusedText) on screen:\n\(text)", file: file, line: line)
        XCTAssertEqual(text.contains("↑ \(c.hiddenAbove) more"), c.hiddenAbove > 0, file: file, line: line)
        XCTAssertEqual(text.contains("↓ \(c.hiddenBelow) more"), c.hiddenBelow > 0, file: file, line: line)
    }

    func testFocusAtTheTop() {
        let s = tall()
        let c = cell(s)
        XCTAssertEqual(c.hiddenAbove, 0)
        XCTAssertEqual(c.cards.first?.id, "cd_t1000")
        XCTAssertGreaterThan(c.hiddenBelow, 150)
        assertFocusShown(s)
    }

    func testJMovesTheFocusTo149AndTheCellScrollsToIt() {
        var s = tall()
        for _ in 0..<148 { press(&s, .char("j")) }
        XCTAssertEqual(s.focusCard, "cd_t1148")
        XCTAssertEqual(s.cardIndex, 148)
        let c = cell(s)
        XCTAssertGreaterThan(c.hiddenAbove, 100)
        XCTAssertGreaterThan(c.hiddenBelow, 0)
        // the focused card is the last shown before "↓ N more": every card above it that fits shows
        XCTAssertEqual(c.cards.last?.id, "cd_t1148")
        assertFocusShown(s)
        assertSnapshot(BoardView.render(s), "tall-cell-focus-149")
    }

    func testFocusInTheMiddleAfterJumpingBackUp() {
        var s = tall()
        for _ in 0..<148 { press(&s, .char("j")) }
        for _ in 0..<60 { press(&s, .char("k")) }
        XCTAssertEqual(s.focusCard, "cd_t1088")
        assertFocusShown(s)
        let c = cell(s)
        // the cell scrolls no further than it must: the focused card is the last one shown
        XCTAssertEqual(c.cards.last?.id, "cd_t1088")
        XCTAssertEqual(c.hiddenAbove + c.cards.count, 89)
    }

    func testFocusAtTheBottom() {
        var s = tall()
        s.focus(card: "cd_t1199")
        let c = cell(s)
        XCTAssertEqual(c.hiddenBelow, 0)
        XCTAssertEqual(c.cards.last?.id, "cd_t1199")
        XCTAssertEqual(c.hiddenAbove + c.cards.count, 200)
        assertFocusShown(s)
    }

    func testEnterEditsTheVisibleCard() {
        var s = tall()
        for _ in 0..<148 { press(&s, .char("j")) }
        press(&s, .enter)
        guard case .form(let form) = s.mode else { return XCTFail("no form: \(s.mode)") }
        XCTAssertEqual(form.cardID, "cd_t1148")
        XCTAssertTrue(BoardView.render(s).text.contains("Tall card 149"))
    }

    func testAddingAfterAFarCardShowsTheEditorThere() {
        var s = tall()
        for _ in 0..<148 { press(&s, .char("j")) }
        press(&s, .char("a"))
        type(&s, "New after 149")
        let c = cell(s)
        XCTAssertNotNil(c.editorRow)
        XCTAssertTrue(BoardView.render(s).text.contains("✎ New after 149"))
        press(&s, .enter)
        XCTAssertEqual(s.cardIndex, 149)
        assertFocusShown(s)
    }

    func testSmallScreensToo() {
        for h in [12, 14, 20] {
            var s = tall(width: 60, height: h)
            for _ in 0..<148 { press(&s, .char("j")) }
            assertFocusShown(s)
        }
    }
}
