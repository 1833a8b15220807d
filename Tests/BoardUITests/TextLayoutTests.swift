import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// Text on the board reads well: the new card's whole text wrapped as it is typed, the last
/// column using the width it has, headers cut only when they must be, and CJK text wrapped
/// by its rules in a cell.
final class TextLayoutTests: XCTestCase {
    func testAddingACardShowsTheWholeTextWrappedInTheCell() {
        var s = Fixtures.state()
        press(&s, .char("a"))
        let text = "Reads the confirmation email twice to find the install date and the engineer window"
        type(&s, text)
        let screen = BoardView.render(s)
        assertSnapshot(screen, "adding-long-card-100x30")
        let f = Layout.layout(s)
        let cell = f.cells.first { $0.stage == "st_0" && $0.lane == "ln_steps" }!
        XCTAssertGreaterThan(cell.editorRows, 3, "several rows, not a scrolling tail")
        let rows = (0..<cell.editorRows).map { screen.line(cell.editorRow! + $0) }
        let shown = rows.map { String($0.dropFirst(cell.x + 3).prefix(cell.width - 3)).trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        XCTAssertEqual(shown, text, "every word is on screen, in order")
        // the caret is after the last word
        XCTAssertEqual(screen.cursor?.1, cell.editorRow! + cell.editorRows - 1)
        press(&s, .enter)
        XCTAssertEqual(s.focusedCard?.text, text)
    }

    func testTheLastVisibleColumnTakesTheWidthLeft() {
        let s = Fixtures.state(width: 100)
        let f = Layout.layout(s)
        let last = f.columns.last!
        XCTAssertEqual(last.x + last.width, 100, "up to the screen's edge")
        XCTAssertGreaterThan(last.width, f.columns[0].width)
        // with more stages than fit, too
        let narrow = Fixtures.state(width: 70)
        let g = Layout.layout(narrow)
        XCTAssertEqual(g.columns.last!.x + g.columns.last!.width, 70)
        XCTAssertGreaterThan(g.moreRight, 0)
    }

    func testTheHeaderDropsLabelsBeforeCuttingNames() {
        var s = Fixtures.state(width: 70)
        var header = BoardView.render(s).line(0)
        XCTAssertTrue(header.contains("Get connected") && header.contains("Ana") && header.contains("current"), header)
        XCTAssertFalse(header.contains("…"), "it fits without its labels: nothing is cut\n\(header)")
        s = Fixtures.state(width: 100)
        header = BoardView.render(s).line(0)
        XCTAssertTrue(header.contains("journey 1/2: Get connected  │  persona: Ana"), "room for the labels: they stay\n\(header)")
        s = Fixtures.state(width: 40)
        header = BoardView.render(s).line(0)
        XCTAssertTrue(header.hasSuffix("…"), "cut only when even the short form does not fit\n\(header)")
    }

    func testCJKAndLongWordsInCells() {
        var b = Fixtures.board()
        b.cards["cd_a"]!.text = "お客様は「技術者がいつ来るか」分からない。電話で確認した。"
        b.cards["cd_b"]!.text = "Verificationcodeneverarrivesonthesecondphone"
        let s = BoardState(board: b, path: "t.json", width: 100, height: 30, useColor: false)
        let screen = BoardView.render(s)
        assertSnapshot(screen, "cjk-and-long-words-100x30")
        let f = Layout.layout(s)
        for card in f.cells.flatMap(\.cards) where card.id == "cd_a" {
            for line in card.lines.dropFirst() {
                let first = line.drop { $0 == " " }.first
                XCTAssertFalse(first.map { TextWrap.noStart.contains($0) } ?? false, "a line starts with closing punctuation: \(card.lines)")
            }
        }
        let long = f.cells.flatMap(\.cards).first { $0.id == "cd_b" }!
        XCTAssertTrue(long.lines.dropLast().allSatisfy { $0.hasSuffix("-") }, "\(long.lines)")
    }
}
