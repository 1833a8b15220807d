import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// The rendered grid, compared with golden files; and properties every frame must have.
final class ScreenSnapshotTests: XCTestCase {
    func state(_ board: String, _ w: Int, _ h: Int) -> BoardState {
        BoardState(board: exampleBoard(board), path: "boards/\(board)", width: w, height: h, useColor: true)
    }

    func testExampleBoardsAt120x40And80x24() {
        for name in ["broadband-onboarding", "holiday-booking"] {
            assertSnapshot(BoardView.render(state("\(name).json", 120, 40)), "\(name)-120x40")
            assertSnapshot(BoardView.render(state("\(name).json", 80, 24)), "\(name)-80x24")
        }
    }

    func testChineseBoardColumnsLineUp() {
        let s = state("membership-self-service.json", 120, 40)
        let screen = BoardView.render(s)
        assertSnapshot(screen, "membership-self-service-120x40")
        // every column separator sits at the same display column on every body row
        let f = Layout.layout(s)
        for col in f.columns {
            for y in f.bodyTop..<f.bodyBottom {
                let c = screen[col.x - 1, y].text
                XCTAssertTrue(c == "│" || c == "┼", "row \(y) column \(col.x - 1) is \(c.debugDescription):\n\(screen.line(y))")
            }
        }
        // wide characters always occupy a lead cell and a continuation
        for y in 0..<screen.height { for x in 0..<screen.width where DisplayText.width(screen[x, y].text) == 2 {
            XCTAssertTrue(x + 1 < screen.width && screen[x + 1, y].isContinuation)
        } }
    }

    func testTooSmallTerminal() {
        let screen = BoardView.render(state("holiday-booking.json", 30, 8))
        assertSnapshot(screen, "too-small-30x8")
        let words = screen.text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        XCTAssertTrue(words.contains("enlarge the terminal to at least 40×12"), screen.text)
        XCTAssertTrue(screen.text.contains("40×12"))
    }

    func testHelpOverlayListsEveryBinding() {
        var s = state("holiday-booking.json", 120, 40)
        press(&s, .char("?"))
        let screen = BoardView.render(s)
        assertSnapshot(screen, "help-120x40")
        var all = screen.text
        press(&s, .pageDown, .pageDown)
        all += BoardView.render(s).text
        for b in KeyMap.bindings { XCTAssertTrue(all.contains(b.help), "help lacks \(b.help)") }
    }

    func testEditorAndForm() {
        var s = state("broadband-onboarding.json", 100, 30)
        press(&s, .char("a")); type(&s, "Live ETA by SMS 短信")
        let adding = BoardView.render(s)
        assertSnapshot(adding, "adding-card-100x30")
        XCTAssertNotNil(adding.cursor, "the caret is shown while typing")
        press(&s, .escape, .char("e"))
        assertSnapshot(BoardView.render(s), "card-form-100x30")
    }

    func testQuitPrompt() {
        var s = state("broadband-onboarding.json", 100, 30)
        press(&s, .char("d"), .char("q"))
        let screen = BoardView.render(s)
        assertSnapshot(screen, "quit-prompt-100x30")
        XCTAssertTrue(screen.text.contains("[s] save and quit   [d] discard and quit   [c] cancel"))
    }

    func testHostileCardTextIsShownAsVisibleReplacements() {
        var b = Fixtures.board()
        b.cards["cd_a"]!.text = "A\u{1B}[31mred\u{07}bell\u{9B}csi\u{202E}evil\u{0}nul"
        b.title = "Board\u{1B}]0;pwned\u{07}"
        let s = BoardState(board: b, path: "x.json", width: 100, height: 30, useColor: false)
        let screen = BoardView.render(s)
        assertSnapshot(screen, "hostile-text-100x30")
        for cell in screen.cells {
            for v in cell.text.unicodeScalars.map(\.value) {
                XCTAssertFalse(DisplayText.isUnsafe(v), "unsafe scalar U+\(String(v, radix: 16)) reached the screen")
            }
        }
        XCTAssertTrue(screen.text.contains("A␛[31mred�bell�csi�evi-"), screen.text)   // one long word: hyphenated
        XCTAssertTrue(screen.text.contains("l�nul"), screen.text)
        XCTAssertTrue(screen.line(0).contains("Board␛]0;pwned�"))
    }

    func testFocusIsVisibleWithoutColour() {
        let s = BoardState(board: Fixtures.board(), path: "x.json", width: 100, height: 30, useColor: false)
        let screen = BoardView.render(s)
        let f = Layout.layout(s)
        let card = f.cells.flatMap(\.cards).first { $0.id == "cd_a" }!
        for x in card.x..<(card.x + card.width) { XCTAssertTrue(screen[x, card.y].style.reverse) }
        for c in screen.cells { XCTAssertEqual(c.style.fg, .default); XCTAssertEqual(c.style.bg, .default) }
    }

    func testHugeCardAndManyStagesKeepTheLayout() {
        var b = Fixtures.board()
        b.cards["cd_a"]!.text = String(repeating: "long words and 长文本 ", count: 700)
        for i in 0..<500 { b.stages["st_x\(i)"] = Stage(id: "st_x\(i)", journey: "jr_1", title: "Stage \(i)", order: "b\(i)") }
        var s = BoardState(board: b, path: "x.json", width: 100, height: 30, useColor: false)
        var screen = BoardView.render(s)
        XCTAssertEqual(screen.lines.count, 30)
        XCTAssertTrue(screen.line(1).contains("+"), "more stages are announced")
        press(&s, .end)
        screen = BoardView.render(s)
        XCTAssertTrue(screen.line(1).contains("503. Stage 99"), "the last stage (orders b0…b99 sort as text) is in view: " + screen.line(1))
        XCTAssertTrue(screen.line(1).contains("◀ 500 more"), screen.line(1))
    }
}
