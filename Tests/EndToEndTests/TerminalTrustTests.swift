import Foundation
import JourneyKit
import XCTest
import JourneyTestSupport

/// The real binary in tmux against what a terminal throws at it: windows resized to almost
/// nothing and back with unsaved edits, bracketed pastes (tmux's `paste-buffer -p` sends one
/// when the program asked for it), and a cell far taller than the screen.
final class TerminalTrustTests: XCTestCase {
    func open(_ dir: TemporaryDirectory, _ file: String, width: Int = 120, height: Int = 40) throws -> TmuxSession {
        let t = try TmuxSession("'\(JourneyBinary.path)' '\(file)'", width: width, height: height, cwd: dir.path,
                                environment: ["SWIFT_BACKTRACE": "interactive=no"])
        t.waitFor(text: "? help")
        return t
    }

    /// Puts `text` in a tmux buffer and pastes it into the pane as a bracketed paste.
    func paste(_ t: TmuxSession, _ text: String) {
        XCTAssertEqual(t.tmux(["set-buffer", "-b", "e2e", text]).status, 0)
        XCTAssertEqual(t.tmux(["paste-buffer", "-p", "-b", "e2e", "-t", t.name]).status, 0)
    }

    func cardTexts(_ path: String, stage: Int, lane: Int) throws -> [String] {
        let b = try BoardFile.load(path)
        let j = b.orderedJourneys[0].id
        let st = b.stages(of: j)[stage].id, ln = b.lanes(of: j)[lane].id
        return CellIndex(b).ids(stage: st, lane: ln).compactMap { b.cards[$0]?.text }
    }

    /// What the board draws when the terminal is smaller than it needs (BoardView.drawTooSmall).
    func enlargeScreen(width w: Int, height h: Int) -> [String] {
        var rows = [String](repeating: "", count: h)
        let lines = DisplayText.wrap("enlarge the terminal to at least 40×12", columns: max(1, w)) + ["(now \(w)×\(h))", "q quits"]
        let top = max(0, h / 2 - 1)
        for (i, l) in lines.enumerated() where top + i < h {
            let x = max(0, (w - DisplayText.width(l)) / 2)
            rows[top + i] = String(repeating: " ", count: x) + DisplayText.prefix(l, columns: w - x)
        }
        return rows.map { trimRight($0) }
    }

    func trimRight(_ s: String) -> String {
        var t = Substring(s)
        while t.last == " " { t.removeLast() }
        return String(t)
    }

    func trimmedRows(_ screen: String, _ h: Int) -> [String] {
        var rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map { trimRight(String($0)) }
        while rows.count > h && rows.last == "" { rows.removeLast() }
        while rows.count < h { rows.append("") }
        return rows
    }

    func testResizingToTinySizesAndBackKeepsUnsavedEditsAndSaves() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        let t = try open(dir, "board.json")
        t.press(.addCard); t.type("Unsaved sticky"); t.keys("Enter")
        t.waitFor(text: "Unsaved sticky")
        // each size is waited for: the program has drawn its "enlarge" screen at that size
        for (w, h) in [(10, 12), (8, 6), (3, 3), (11, 5), (1, 1), (2, 30), (39, 11)] {
            t.resize(width: w, height: h)
            let expected = enlargeScreen(width: w, height: h)
            t.waitUntil("at \(w)×\(h) the enlarge screen:\n\(expected.joined(separator: "\n"))") { trimmedRows($0, h) == expected }
        }
        t.resize(width: 120, height: 40)
        let screen = t.waitFor(text: "Unsaved sticky")
        XCTAssertTrue(screen.contains("[+]"), "still unsaved:\n\(screen)")
        XCTAssertNotNil(t.programPID())
        t.press(.save)
        t.waitFor(text: "saved board.json")
        t.press(.quit)
        XCTAssertEqual(t.waitForExit(), 0)
        XCTAssertTrue(try cardTexts(dir.file("board.json"), stage: 0, lane: 0).contains("Unsaved sticky"))
    }

    /// Opened in a terminal far too small, the board waits with its "enlarge" screen and comes
    /// up when there is room; the picker, clipped at tiny sizes, survives them too.
    func testOpeningInATinyTerminal() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        let t = try TmuxSession("'\(JourneyBinary.path)' board.json", width: 10, height: 5, cwd: dir.path,
                                environment: ["SWIFT_BACKTRACE": "interactive=no"])
        t.waitUntil("the enlarge screen at 10×5") { trimmedRows($0, 5) == enlargeScreen(width: 10, height: 5) }
        t.resize(width: 120, height: 40)
        t.waitFor(text: "? help")
        t.press(.quit)
        XCTAssertEqual(t.waitForExit(), 0)
        // the picker, with no board named
        let p = try TmuxSession("'\(JourneyBinary.path)'", width: 6, height: 3, cwd: dir.path, environment: ["SWIFT_BACKTRACE": "interactive=no"])
        p.resize(width: 3, height: 2)
        p.resize(width: 100, height: 30)
        p.waitFor(text: "Open a board")
        p.keys("q")
        XCTAssertEqual(p.waitForExit(), 0)
    }

    /// The reported case: "Sticky alpha⏎do not lose this⏎" pasted while adding a card used to
    /// keep the card at the first ⏎, then `d` deleted it and `s` saved.
    func testAPasteWhileAddingACardIsTextNotKeys() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        let before = dir.bytes("board.json")
        let t = try open(dir, "board.json")
        t.press(.focusStage) // one wide column: the editor shows the whole line
        t.waitFor(text: "focused on one stage")
        t.press(.addCard)
        t.waitFor(text: "new card — Enter keeps it")
        paste(t, "Sticky alpha\ndo not lose this\n")
        t.waitFor(text: "✎ Sticky alpha do not lose this")
        var screen = t.capture()
        XCTAssertTrue(screen.contains("new card — Enter keeps it"), "still adding:\n\(screen)")
        XCTAssertFalse(screen.contains("saved board.json"))
        XCTAssertEqual(dir.bytes("board.json"), before, "nothing was saved")
        t.keys("Enter")
        screen = t.waitFor(text: "added — Enter edits")
        XCTAssertTrue(screen.contains("Sticky alpha do not lose"))
        t.press(.save)
        t.waitFor(text: "saved board.json")
        t.press(.quit)
        XCTAssertEqual(t.waitForExit(), 0)
        let texts = try cardTexts(dir.file("board.json"), stage: 0, lane: 0)
        XCTAssertTrue(texts.contains("Sticky alpha do not lose this"), "\(texts)")
        XCTAssertFalse(texts.contains("Sticky alpha"))
    }

    func testAMultiLinePasteOnTheBoardAddsTheCardsAsOneStep() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        let before = try cardTexts(dir.file("board.json"), stage: 0, lane: 0)
        let t = try open(dir, "board.json")
        paste(t, "First pasted sticky\n\nSecond pasted sticky\nThird pasted sticky\n")
        var screen = t.waitFor(text: "Pasted 3 cards into")
        for s in ["First pasted sticky", "Second pasted sticky", "Third pasted sticky"] { XCTAssertTrue(screen.contains(s), "\(s):\n\(screen)") }
        t.press(.undo)
        screen = t.waitFor(text: "undid: paste 3 cards")
        XCTAssertFalse(screen.contains("First pasted sticky"))
        t.press(.redo)
        t.waitFor(text: "redid: paste 3 cards")
        t.press(.save)
        t.waitFor(text: "saved board.json")
        t.press(.quit)
        XCTAssertEqual(t.waitForExit(), 0)
        let after = try cardTexts(dir.file("board.json"), stage: 0, lane: 0)
        XCTAssertEqual(after, [before[0], "First pasted sticky", "Second pasted sticky", "Third pasted sticky"] + before.dropFirst())
    }

    /// After the board ends — by `q` or by SIGTERM — the terminal's bracketed paste is off
    /// again: a paste into the next program (here `cat -v`) arrives without ESC[200~ … ESC[201~.
    func testBracketedPasteIsOffAfterTheBoardEnds() throws {
        for byTerm in [false, true] {
            let dir = TemporaryDirectory()
            dir.copyBoard("holiday-booking.json", as: "board.json")
            let t = try TmuxSession("'\(JourneyBinary.path)' board.json; cat -v", width: 100, height: 30, cwd: dir.path,
                                    environment: ["SWIFT_BACKTRACE": "interactive=no"])
            t.waitFor(text: "? help")
            paste(t, "x")
            t.waitFor(text: "Pasted 1 card into")
            if byTerm {
                guard let pid = t.programPID() else { return XCTFail("no journey process") }
                kill(pid, SIGTERM)
            } else {
                t.press(.quit)
                t.waitFor(text: "Unsaved changes.")
                t.keys("d")
            }
            t.waitForAbsence(of: "? help")
            paste(t, "after the board\n")
            let screen = t.waitFor(text: "after the board")
            XCTAssertFalse(screen.contains("200~"), "bracketed paste left on (\(byTerm ? "SIGTERM" : "q")):\n\(screen)")
        }
    }

    /// Ctrl-Z turns bracketed paste off while the board is stopped (a paste into `cat -v`
    /// meanwhile has no ESC[200~) and `fg` turns it on again (a paste adds a card).
    func testBracketedPasteIsOffWhileSuspendedAndOnAgainAfterFg() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        // a shell with job control, so Ctrl-Z stops the board and `fg` continues it
        let t = try TmuxSession("bash --norc --noprofile -c 'set -m; \"\(JourneyBinary.path)\" board.json; cat -v; fg'",
                                width: 100, height: 30, cwd: dir.path, environment: ["SWIFT_BACKTRACE": "interactive=no"])
        t.waitFor(text: "? help")
        t.press(.suspend)
        t.waitFor(text: "Stopped")
        paste(t, "while stopped\n")
        let screen = t.waitFor(text: "while stopped")
        XCTAssertFalse(screen.contains("200~"), "bracketed paste left on while stopped:\n\(screen)")
        t.keys("C-d") // cat ends; fg continues the board
        t.waitFor(text: "? help")
        paste(t, "after fg\n")
        t.waitFor(text: "Pasted 1 card into")
        t.press(.quit)
        t.waitFor(text: "Unsaved changes.")
        t.keys("d")
        XCTAssertEqual(t.waitForExit(), 0)
    }

    /// 200 cards in one cell: `j` down to card 149 shows it, with "↑ N more" and "↓ 51 more",
    /// and Enter edits it.
    func testTheFocusedCardOfATallCellIsShown() throws {
        let dir = TemporaryDirectory()
        var b = try BoardFile.load(dir.copyBoard("holiday-booking.json", as: "board.json"))
        let j = b.orderedJourneys[0].id
        let st = b.stages(of: j)[0].id, ln = b.lanes(of: j)[0].id
        for id in CellIndex(b).ids(stage: st, lane: ln) { b.cards[id] = nil }
        for c in b.cards.values where !c.links.isEmpty { b.cards[c.id]!.links = c.links.filter { b.cards[$0] != nil } }
        for i in 0..<200 {
            let id = "cd_tall\(1000 + i)"
            b.cards[id] = Card(id: id, lane: ln, stage: st, order: "b\(1000 + i)", text: "Tall card \(i + 1)")
        }
        try BoardFile.writeAtomically(BoardCodec.write(b), to: dir.file("board.json"))
        let t = try open(dir, "board.json", width: 100, height: 30)
        t.waitFor(text: "card 1/200")
        for _ in 0..<148 { t.press(.move(.down)) }
        let screen = t.waitFor(text: "card 149/200")
        XCTAssertTrue(screen.contains("Tall card 149"), screen)
        XCTAssertTrue(screen.contains("↓ 51 more"), screen)
        XCTAssertTrue(screen.range(of: #"↑ \d+ more"#, options: .regularExpression) != nil, screen)
        XCTAssertFalse(screen.contains("Tall card 1\n") || screen.contains("Tall card 2 "), screen)
        t.press(.editCard)
        let form = t.waitFor(text: "Tab next field")
        XCTAssertTrue(form.contains("Tall card 149"), form)
        t.keys("Escape")
        t.waitFor(text: "edit cancelled")
        t.press(.quit)
        XCTAssertEqual(t.waitForExit(), 0)
    }
}
