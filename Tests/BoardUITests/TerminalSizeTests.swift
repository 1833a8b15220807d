import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// Any terminal size, from 1×1 up: the board and every mode and overlay render a screen of
/// exactly the requested size (the board, or "enlarge the terminal"), and the keys that move
/// and scroll work there too, with nothing in the layout arithmetic trapping.
final class TerminalSizeTests: XCTestCase {
    static let largeSizes = [(300, 100), (200, 60), (1000, 20), (40, 300), (46, 12), (80, 24)]

    /// Every size from 1×1 to 45×14, and a few large ones.
    static var sizes: [(Int, Int)] {
        var out: [(Int, Int)] = []
        for w in 1...45 { for h in 1...14 { out.append((w, h)) } }
        return out + largeSizes
    }

    /// A state opened at a comfortable size with `open` applied, so each mode is set up
    /// where it can be, then shrunk.
    func scenario(_ board: Board = Fixtures.board(), _ open: (inout BoardState) -> Void) -> BoardState {
        var s = BoardState(board: board, path: "sizes.json", width: 120, height: 40, useColor: false)
        open(&s)
        return s
    }

    func tallCell() -> Board {
        var b = Fixtures.board()
        for i in 0..<200 {
            let id = "cd_t\(1000 + i)"
            b.cards[id] = Card(id: id, lane: "ln_steps", stage: "st_2", order: "b\(1000 + i)", text: "Tall card \(i + 1)")
        }
        return b
    }

    var scenarios: [(String, BoardState)] {
        [
            ("board", scenario { _ in }),
            ("zoomed", scenario { reduce(&$0, .action(.focusStage)) }),
            ("presenting", scenario { reduce(&$0, .action(.present)) }),
            ("help", scenario { reduce(&$0, .action(.help)) }),
            ("form", scenario { reduce(&$0, .action(.editCard)) }),
            ("adding", scenario { reduce(&$0, .action(.addCard)); type(&$0, "a new card") }),
            ("command line", scenario { press(&$0, .char(":")); type(&$0, "stage add Somewhere") }),
            ("search", scenario { press(&$0, .char("/")); type(&$0, "order") }),
            ("filter", scenario { reduce(&$0, .action(.filter)); type(&$0, "tag:x") }),
            ("prompt", scenario { reduce(&$0, .action(.deleteCard)); reduce(&$0, .action(.quit)) }),
            ("votes", scenario { reduce(&$0, .action(.vote)); command(&$0, "votes") }),
            ("links", scenario { $0.focus(card: "cd_o"); press(&$0, .char("g"), .char("l")) }),
            ("compare", scenario(exampleBoard("broadband-onboarding.json")) { command(&$0, "compare") }),
            ("panel", scenario(exampleBoard("holiday-booking.json")) { reduce(&$0, .action(.prioritisation)) }),
            ("panel editor", scenario(exampleBoard("holiday-booking.json")) { reduce(&$0, .action(.prioritisation)); press(&$0, .char("e")) }),
            ("matrix", scenario(exampleBoard("holiday-booking.json")) { reduce(&$0, .action(.prioritisation)); press(&$0, .char("m")) }),
            ("conflicts", scenario(ConflictsPanelTests.merged()) { reduce(&$0, .action(.conflicts)) }),
            ("conflicts editor", scenario(ConflictsPanelTests.merged()) { reduce(&$0, .action(.conflicts)); press(&$0, .char("e")) }),
            ("tall cell", scenario(tallCell()) { $0.focus(card: "cd_t1148") }),
            ("problems", scenario { s in s.showOpenProblems((1...40).map { line in "sizes.json:\(line):3: error: a problem the file has, long enough to wrap on a narrow screen" }) }),
        ]
    }

    func testEveryModeRendersAtEverySize() {
        for (name, opened) in scenarios {
            if !["board", "zoomed", "presenting", "tall cell"].contains(name) {
                XCTAssertNotEqual(opened.mode, .board, "\(name) did not open")
            }
            for (w, h) in Self.sizes {
                var s = opened
                reduce(&s, .input(.resize(width: w, height: h)))
                let screen = BoardView.render(s)
                XCTAssertEqual(screen.width, w, "\(name) at \(w)×\(h)")
                XCTAssertEqual(screen.height, h, "\(name) at \(w)×\(h)")
                XCTAssertEqual(screen.lines.count, h, "\(name) at \(w)×\(h)")
                if Layout.tooSmall(s), w >= 8, h >= 3 {
                    XCTAssertTrue(screen.text.contains("enlarge"), "\(name) at \(w)×\(h):\n\(screen.text)")
                }
            }
        }
    }

    /// The opened modes survive the shrink: a tiny terminal does not throw the work away.
    func testShrinkingAndGrowingKeepsTheModeAndTheEdits() {
        var s = scenario { reduce(&$0, .action(.addCard)); type(&$0, "typed before the resize") }
        for (w, h) in [(1, 1), (5, 3), (10, 12), (39, 11)] { reduce(&s, .input(.resize(width: w, height: h))) }
        reduce(&s, .input(.resize(width: 100, height: 30)))
        guard case .adding(let ed) = s.mode else { return XCTFail("the editor closed: \(s.mode)") }
        XCTAssertEqual(ed.text, "typed before the resize")
        press(&s, .enter)
        XCTAssertTrue(BoardView.render(s).text.contains("typed before the resize"))
    }

    /// Keys that move, scroll and page go through the layout at any size.
    func testMovingAndScrollingAtEverySize() {
        let keys: [Key] = [.char("j"), .char("l"), .char("J"), .char("L"), .pageDown, .char("k"), .char("h"), .pageUp, .char("z"), .char("$"), .char("z")]
        for (name, opened) in [("board", scenario { _ in }), ("tall cell", scenario(tallCell()) { $0.focus(card: "cd_t1148") })] {
            for (w, h) in Self.sizes {
                var s = opened
                reduce(&s, .input(.resize(width: w, height: h)))
                for k in keys { press(&s, k) }
                reduce(&s, .input(.mouse(MouseEvent(x: w / 2, y: h / 2, kind: .click))))
                reduce(&s, .input(.mouse(MouseEvent(x: 0, y: 0, kind: .wheelDown))))
                let screen = BoardView.render(s)
                XCTAssertEqual(screen.lines.count, h, "\(name) at \(w)×\(h)")
            }
        }
    }

    /// The panels' own keys (their page sizes come from the screen's height).
    func testPanelKeysAtEverySize() {
        let panels = [scenario(exampleBoard("holiday-booking.json")) { reduce(&$0, .action(.prioritisation)) },
                      scenario(exampleBoard("holiday-booking.json")) { reduce(&$0, .action(.prioritisation)); press(&$0, .char("m")) },
                      scenario(ConflictsPanelTests.merged()) { reduce(&$0, .action(.conflicts)) }]
        for opened in panels {
            for (w, h) in Self.sizes {
                var s = opened
                reduce(&s, .input(.resize(width: w, height: h)))
                press(&s, .char("j"), .pageDown, .char("j"), .pageUp, .char("k"), .end, .home, .tab)
                XCTAssertEqual(BoardView.render(s).lines.count, h, "at \(w)×\(h)")
            }
        }
    }

    /// Numbers no board should hold (the reader lets 1e400 through as infinity) and timeboxes
    /// nobody means are drawn, not converted to an integer that traps.
    func testOutlandishNumbersDrawWithoutTrapping() {
        var b = Fixtures.board()
        b.cards["cd_e"]!.value = .infinity
        b.cards["cd_e2"] = Card(id: "cd_e2", lane: "ln_emo", stage: "st_0", order: "a1", text: "Minus infinity")
        b.cards["cd_e2"]!.value = -.infinity
        b.cards["cd_e3"] = Card(id: "cd_e3", lane: "ln_emo", stage: "st_1", order: "a0", text: "Huge")
        b.cards["cd_e3"]!.value = 1e300
        var s = BoardState(board: b, path: "n.json", width: 120, height: 40, useColor: false)
        s.focus(card: "cd_e3")
        for (w, h) in [(120, 40), (40, 12), (300, 100)] {
            reduce(&s, .input(.resize(width: w, height: h)))
            let text = BoardView.render(s).text
            XCTAssertEqual(BoardView.render(s).lines.count, h)
            if w == 120 {
                XCTAssertTrue(text.contains("1e+300 Huge") || text.contains("1e300 Huge"), text)
                XCTAssertTrue(text.contains("● ?"), "the mean of +∞ and −∞ is no number:\n\(text)")
            }
        }
        for t in ["1e300", "inf", "99999999999999999999h"] {
            var s = Fixtures.state()
            reduce(&s, .time(1000))
            command(&s, "timer \(t)")
            reduce(&s, .time(1001))
            XCTAssertEqual(BoardView.render(s).lines.count, 30)
        }
    }

    func testThePickerRendersAtEverySize() {
        let entries = (0..<30).map { PickerState.Entry(path: "boards/b\($0).json", summary: "Board \($0), 12 cards", readable: $0 != 3) }
        var naming = PickerState(entries: entries, width: 120, height: 40)
        _ = Picker.reduce(&naming, .key(.char("n")))
        let states = [PickerState(entries: entries, width: 120, height: 40), PickerState(entries: [], width: 120, height: 40),
                      naming, PickerState(creating: "boards/new.json", width: 120, height: 40)]
        for opened in states {
            for (w, h) in Self.sizes {
                var p = opened
                _ = Picker.reduce(&p, .resize(width: w, height: h))
                let screen = Picker.render(p)
                XCTAssertEqual(screen.width, w)
                XCTAssertEqual(screen.lines.count, h, "picker at \(w)×\(h)")
            }
        }
    }
}
