import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// Paste is text, never keys: in a text field it is typed at the cursor as one line; on the
/// board each non-empty line becomes a card (one undoable step); elsewhere it is ignored.
final class PasteTests: XCTestCase {
    @discardableResult
    func paste(_ s: inout BoardState, _ text: String) -> [Effect] { reduce(&s, .input(.paste(text))) }

    func cellTexts(_ s: BoardState, _ stage: String, _ lane: String) -> [String] {
        s.cellCards(stage: stage, lane: lane).compactMap { s.board.cards[$0]?.text }
    }

    // MARK: text fields

    /// The reported case: pasting "Sticky alpha⏎do not lose this⏎" while adding a card must
    /// not keep the card, delete it with `d` and save with `s`.
    func testAPasteInTheNewCardEditorIsTextNotKeys() {
        var s = Fixtures.state()
        let before = s.board.cards.count
        press(&s, .char("a"))
        let effects = paste(&s, "Sticky alpha\ndo not lose this\n")
        XCTAssertEqual(effects, [])
        guard case .adding(let ed) = s.mode else { return XCTFail("the editor closed: \(s.mode)") }
        XCTAssertEqual(ed.text, "Sticky alpha do not lose this ")
        XCTAssertEqual(s.board.cards.count, before)
        press(&s, .enter)
        XCTAssertEqual(s.board.cards.count, before + 1)
        XCTAssertEqual(s.focusedCard?.text, "Sticky alpha do not lose this")
        XCTAssertTrue(s.isModified)
    }

    func testAPasteGoesInAtTheCursorTabsBecomeSpacesControlsAreDropped() {
        var ed = LineEditor("ab")
        ed.handle(.left)
        ed.insert("X\tY\r\nZ")
        XCTAssertEqual(ed.text, "aX Y Zb")
        XCTAssertEqual(ed.cursor, 6)
        var ed2 = LineEditor()
        ed2.insert("a\u{1b}[2Jb\u{07}c\u{9b}d\u{7f}e\u{0}")
        XCTAssertEqual(ed2.text, "a[2Jbcde")
        var ed3 = LineEditor()
        ed3.insert("日本語 é\u{301} 👍🏽")
        XCTAssertEqual(ed3.text, "日本語 é\u{301} 👍🏽")
    }

    func testAPasteInTheDetailsFormGoesIntoTheFocusedField() {
        var s = Fixtures.state()
        press(&s, .enter)
        press(&s, .tab) // Notes
        paste(&s, "first line\nsecond line")
        guard case .form(let form) = s.mode else { return XCTFail("the form closed") }
        XCTAssertEqual(form.focusedField, .notes)
        XCTAssertEqual(form.editors[.notes]?.text, "first line\nsecond line", "notes are lines: a pasted line break stays")
        XCTAssertEqual(form.editors[.text]?.text, "Orders online")
        press(&s, .ctrl("s"))
        XCTAssertEqual(s.focusedCard?.notes, "first line\nsecond line")
        // in a one-line field a pasted line break is a space
        press(&s, .enter, .tab, .tab)
        paste(&s, "web\nshop")
        press(&s, .enter)
        XCTAssertEqual(s.focusedCard?.channel, "web shop")
    }

    func testAPasteOnTheCommandLineDoesNotRunIt() {
        var s = Fixtures.state()
        press(&s, .char(":"))
        let effects = paste(&s, "stage add Pasted\nstage\n")
        XCTAssertEqual(effects, [])
        guard case .command(let ed) = s.mode else { return XCTFail("the command line closed") }
        XCTAssertEqual(ed.text, "stage add Pasted stage ")
        XCTAssertEqual(s.stages.count, 3)
        press(&s, .enter)
        XCTAssertEqual(s.stages.map(\.title), ["Order", "Pasted stage", "Install", "Use"])
    }

    func testAPasteInTheSearchAndFilterPrompts() {
        var s = Fixtures.state()
        press(&s, .char("/"))
        paste(&s, "router\n")
        guard case .search(let ed) = s.mode else { return XCTFail("the search prompt closed") }
        XCTAssertEqual(ed.text, "router ")
        press(&s, .escape)
        reduce(&s, .action(.filter))
        paste(&s, "tag:x")
        guard case .filter(let fed) = s.mode else { return XCTFail("the filter prompt closed") }
        XCTAssertEqual(fed.text, "tag:x")
    }

    func testAPasteInThePanelsEditors() {
        var s = BoardState(board: exampleBoard("holiday-booking.json"), path: "h.json", width: 120, height: 40, useColor: false)
        reduce(&s, .action(.prioritisation))
        press(&s, .char("e"))
        paste(&s, "3\n")
        guard case .prioritisation(let p) = s.mode else { return XCTFail("the panel closed") }
        XCTAssertEqual(p.editor?.text, "3 ", "the pasted number replaces the old one, as typing does")

        var c = BoardState(board: ConflictsPanelTests.merged(), path: "m.json", width: 120, height: 40, useColor: false)
        reduce(&c, .action(.conflicts))
        press(&c, .char("e"), .ctrl("u"))
        paste(&c, "Orders\nby phone")
        guard case .conflicts(let cp) = c.mode else { return XCTFail("the conflicts list closed") }
        XCTAssertEqual(cp.editor?.text, "Orders by phone")
    }

    func testAPasteInThePickersFileName() {
        var p = PickerState(entries: [], width: 100, height: 30)
        _ = Picker.reduce(&p, .key(.char("n")))
        _ = Picker.reduce(&p, .key(.ctrl("u")))
        XCTAssertNil(Picker.reduce(&p, .paste("boards/pasted.json\n")))
        guard case .naming(let ed) = p.step else { return XCTFail("not naming") }
        XCTAssertEqual(ed.text, "boards/pasted.json ")
        // in the list a paste means nothing: no board opens, nothing quits
        var list = PickerState(entries: [.init(path: "a.json", summary: "A", readable: true)], width: 100, height: 30)
        XCTAssertNil(Picker.reduce(&list, .paste("q\n")))
        XCTAssertEqual(list.step, .list)
        XCTAssertEqual(list.message, "paste ignored: nothing here takes text")
    }

    // MARK: the board

    func testAMultiLinePasteOnTheBoardAddsOneCardPerLineAfterTheFocusedCard() {
        var s = Fixtures.state()
        XCTAssertEqual(s.focusCard, "cd_a")
        let undoBefore = s.undoCount
        let effects = paste(&s, "One\n\n   Two  \r\n\tThree\n \n")
        XCTAssertEqual(effects, [])
        XCTAssertEqual(cellTexts(s, "st_0", "ln_steps"), ["Orders online", "One", "Two", "Three", "Gets a confirmation email"])
        XCTAssertEqual(s.message, "Pasted 3 cards into Steps · Order — u undoes")
        XCTAssertEqual(s.focusedCard?.text, "Three")
        XCTAssertEqual(s.undoCount, undoBefore + 1, "one undoable step")
        XCTAssertTrue(BoardView.render(s).text.contains("Pasted 3 cards into Steps · Order"))

        press(&s, .char("u"))
        XCTAssertEqual(cellTexts(s, "st_0", "ln_steps"), ["Orders online", "Gets a confirmation email"])
        press(&s, .ctrl("r"))
        XCTAssertEqual(cellTexts(s, "st_0", "ln_steps"), ["Orders online", "One", "Two", "Three", "Gets a confirmation email"])
    }

    func testAPasteAtTheEndOfACellAndIntoAnEmptyCell() {
        var s = Fixtures.state()
        s.focus(card: "cd_b")
        paste(&s, "Last\nVery last")
        XCTAssertEqual(cellTexts(s, "st_0", "ln_steps"), ["Orders online", "Gets a confirmation email", "Last", "Very last"])
        // Use · Steps is empty
        press(&s, .char("l"), .char("l"))
        XCTAssertEqual(s.focusStage, "st_2")
        XCTAssertNil(s.focusCard)
        paste(&s, "First\nSecond\n")
        XCTAssertEqual(cellTexts(s, "st_2", "ln_steps"), ["First", "Second"])
        XCTAssertEqual(s.message, "Pasted 2 cards into Steps · Use — u undoes")
        XCTAssertTrue(Validator.validate(s.board).isEmpty)
    }

    func testASingleLinePasteOnTheBoardAddsOneCard() {
        var s = Fixtures.state()
        paste(&s, "Just one sticky\n")
        XCTAssertEqual(cellTexts(s, "st_0", "ln_steps"), ["Orders online", "Just one sticky", "Gets a confirmation email"])
        XCTAssertEqual(s.message, "Pasted 1 card into Steps · Order — u undoes")
    }

    func testAPasteOfNothingButSpacesAddsNothing() {
        var s = Fixtures.state()
        let before = s.board
        paste(&s, " \n\t\n\u{1b}\n")
        XCTAssertEqual(s.board, before)
        XCTAssertFalse(s.isModified)
        XCTAssertEqual(s.message, "nothing to paste: the text is empty")
    }

    func testAPasteOfKeysOnTheBoardIsNeverTakenForKeys() {
        var s = Fixtures.state()
        let effects = paste(&s, "d\ns\nq\n")
        XCTAssertEqual(effects, [])
        XCTAssertEqual(cellTexts(s, "st_0", "ln_steps"), ["Orders online", "d", "s", "q", "Gets a confirmation email"])
        XCTAssertEqual(s.mode, .board)
    }

    func testManyLinesKeepTheirOrderWithShortKeys() {
        var s = Fixtures.state()
        let lines = (1...1000).map { "Sticky \($0)" }
        paste(&s, lines.joined(separator: "\n"))
        XCTAssertEqual(cellTexts(s, "st_0", "ln_steps"), ["Orders online"] + lines + ["Gets a confirmation email"])
        let longest = s.focusedCellCards.compactMap { s.board.cards[$0]?.order.count }.max() ?? 0
        XCTAssertLessThan(longest, 40, "order keys stay short")
        // and again at the end of the cell
        s.focus(card: s.focusedCellCards.last!)
        paste(&s, lines.joined(separator: "\n"))
        XCTAssertEqual(cellTexts(s, "st_0", "ln_steps"), ["Orders online"] + lines + ["Gets a confirmation email"] + lines)
        XCTAssertTrue(Validator.validate(s.board).isEmpty)
    }

    // MARK: where a paste means nothing

    func testAPasteIsIgnoredInListsPromptsAndHelp() {
        var s = Fixtures.state()
        reduce(&s, .action(.help))
        let before = s.board
        XCTAssertEqual(paste(&s, "a line\n"), [.bell])
        XCTAssertEqual(s.mode, .help(scroll: 0))
        XCTAssertEqual(s.message, "paste ignored: nothing here takes text")
        XCTAssertEqual(s.board, before)

        // a question is never answered by a paste
        var q = Fixtures.state()
        press(&q, .char("d"), .char("q"))
        guard case .confirm = q.mode else { return XCTFail("no prompt") }
        XCTAssertEqual(paste(&q, "d\n"), [.bell])
        guard case .confirm = q.mode else { return XCTFail("the paste answered the prompt") }

        var p = BoardState(board: exampleBoard("holiday-booking.json"), path: "h.json", width: 120, height: 40, useColor: false)
        reduce(&p, .action(.prioritisation))
        let board = p.board
        XCTAssertEqual(paste(&p, "e5\n"), [.bell])
        guard case .prioritisation(let panel) = p.mode else { return XCTFail("the panel closed") }
        XCTAssertNil(panel.editor)
        XCTAssertEqual(p.board, board)
    }

    // MARK: the input decoder

    func feed(_ d: inout InputDecoder, _ text: String) -> [InputEvent] {
        var out: [InputEvent] = []
        for u in text.unicodeScalars { out += d.feed(.scalar(u.value)) }
        return out
    }

    func testTheDecoderTurnsABracketedPasteIntoOnePaste() {
        var d = InputDecoder()
        XCTAssertEqual(feed(&d, "\u{1b}[200~Sticky alpha\rdo not lose this\r\u{1b}[201~"), [.paste("Sticky alpha\rdo not lose this\r")])
        XCTAssertEqual(d.waitingFor, .nothing)
        XCTAssertEqual(feed(&d, "ds"), [.key(.char("d")), .key(.char("s"))], "keys after the paste are keys again")
    }

    func testTheDecoderWaitsForASequenceSplitAcrossReads() {
        var d = InputDecoder()
        XCTAssertEqual(feed(&d, "\u{1b}"), [])
        XCTAssertEqual(d.waitingFor, .escape)
        XCTAssertEqual(feed(&d, "[20"), [])
        XCTAssertEqual(d.waitingFor, .sequence)
        XCTAssertEqual(feed(&d, "0~one\ntw"), [])
        XCTAssertEqual(d.waitingFor, .paste)
        XCTAssertEqual(feed(&d, "o\u{1b}[2"), [])
        XCTAssertEqual(feed(&d, "01"), [])
        XCTAssertEqual(feed(&d, "~"), [.paste("one\ntwo")])
    }

    func testALoneEscIsTheEscKey() {
        var d = InputDecoder()
        XCTAssertEqual(d.feed(.scalar(0x1B)), [])
        XCTAssertEqual(d.feed(.timeout), [.key(.escape)])
        XCTAssertEqual(d.waitingFor, .nothing)
        // Esc, Esc: two keys
        XCTAssertEqual(d.feed(.scalar(0x1B)), [])
        XCTAssertEqual(d.feed(.scalar(0x1B)), [.key(.escape)])
        XCTAssertEqual(d.feed(.timeout), [.key(.escape)])
        // a timeout with nothing open is nothing
        XCTAssertEqual(d.feed(.timeout), [])
    }

    func testAPasteHoldingEscapeBytesStaysText() {
        var d = InputDecoder()
        XCTAssertEqual(feed(&d, "\u{1b}[200~a\u{1b}[31mb\u{1b}[201x\u{1b}\u{1b}[201~"), [.paste("a\u{1b}[31mb\u{1b}[201x\u{1b}")])
        // and what reaches a card has no escape left in it
        var s = Fixtures.state()
        reduce(&s, .input(.paste("a\u{1b}[31mb\u{1b}[2J")))
        XCTAssertEqual(s.focusedCard?.text, "a[31mb[2J")
    }

    func testKeysTheLibraryDecodedInsideAPasteAreNotKeys() {
        var d = InputDecoder()
        XCTAssertEqual(feed(&d, "\u{1b}[200~x"), [])
        XCTAssertEqual(d.feed(.event(.key(.up))), [])
        XCTAssertEqual(d.feed(.event(.key(.enter))), [])
        XCTAssertEqual(d.feed(.event(.resize(width: 80, height: 24))), [.resize(width: 80, height: 24)])
        XCTAssertEqual(d.feed(.ignored), [])
        XCTAssertEqual(feed(&d, "y\u{1b}[201~"), [.paste("x\ny")])
    }

    func testAPasteWhoseEndNeverComesKeepsWhatArrived() {
        var d = InputDecoder()
        XCTAssertEqual(feed(&d, "\u{1b}[200~kept\u{1b}[20"), [])
        XCTAssertEqual(d.feed(.timeout), [.paste("kept")])
        XCTAssertEqual(d.waitingFor, .nothing)
        XCTAssertEqual(feed(&d, "\u{1b}[200~\u{1b}[201~"), [], "an empty paste is nothing")
    }

    func testOtherSequencesAndControlsAreAsBefore() {
        var d = InputDecoder()
        XCTAssertEqual(feed(&d, "\u{1b}[1;2A\u{1b}[1;2B\u{1b}[1;2C\u{1b}[1;2D\u{1b}[Z"),
                       [.key(.shiftUp), .key(.shiftDown), .key(.shiftRight), .key(.shiftLeft), .key(.backTab)])
        XCTAssertEqual(feed(&d, "\u{1b}x\u{1b}[99;5u\u{1b}OP"), [], "Alt+key and unknown sequences are dropped")
        XCTAssertEqual(feed(&d, "\r\n\t\u{7f}\u{8}\u{3}\u{13}\u{0}\u{1c}\u{9b}é"),
                       [.key(.enter), .key(.enter), .key(.tab), .key(.backspace), .key(.backspace),
                        .key(.ctrl("c")), .key(.ctrl("s")), .key(.char("é"))])
        XCTAssertEqual(d.feed(.event(.key(.pageDown))), [.key(.pageDown)])
        XCTAssertEqual(d.feed(.scalar(0x1B)), [])
        XCTAssertEqual(d.feed(.event(.resize(width: 10, height: 5))), [.resize(width: 10, height: 5)], "Esc then a resize keeps the resize")
    }
}
