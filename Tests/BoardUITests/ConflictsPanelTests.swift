import XCTest
@testable import BoardUI
import JourneyKit

/// The conflicts list (`c`) on a board made by the real merge engine from a two-way edit:
/// each choice, editing, undo and redo, jumping to the card; the marks and the banner; and
/// what the board does with a save that merged or a reload.
final class ConflictsPanelTests: XCTestCase {
    /// Fixtures.board() changed two ways, merged by `BoardMerge.merge`. Records (by path):
    /// 0 cards/cd_a/text (both reworded), 1 cards/cd_b/owner (both set, base "nobody"),
    /// 2 cards/cd_c (deleted on ours, edited on theirs: theirs live), 3 cards/cd_e/value.
    static func merged() -> Board {
        var base = Fixtures.board()
        base.cards["cd_b"]!.owner = "nobody"
        var ours = base, theirs = base
        ours.cards["cd_a"]!.text = "Orders on the website"
        theirs.cards["cd_a"]!.text = "Orders in the app"
        ours.cards["cd_b"]!.owner = "ops"
        theirs.cards["cd_b"]!.owner = "sales"
        ours.cards["cd_c"] = nil
        theirs.cards["cd_c"]!.text = "Waits all day for the technician"
        ours.cards["cd_e"]!.value = 2
        theirs.cards["cd_e"]!.value = -1
        ours.cards["cd_h"]!.text = "Calls about the router (clean edit)"
        let m = BoardMerge.merge(base: base, ours: ours, theirs: theirs, labels: ["ours": "main", "theirs": "feature"])
        return m.board
    }

    func state(width: Int = 120, height: Int = 40) -> BoardState {
        BoardState(board: Self.merged(), path: "merged.json", width: width, height: height, useColor: false)
    }

    func selected(_ s: BoardState) -> ConflictsPanel? {
        if case .conflicts(let p) = s.mode { return p }
        return nil
    }

    func testTheMergedBoardHasTheExpectedRecords() {
        let b = Self.merged()
        XCTAssertEqual(b.conflicts.map(\.path), ["cards/cd_a/text", "cards/cd_b/owner", "cards/cd_c", "cards/cd_e/value"])
        XCTAssertEqual(b.cards["cd_a"]!.text, "Orders on the website", "ours live")
        XCTAssertEqual(b.cards["cd_c"]!.text, "Waits all day for the technician", "the edited card is kept live")
        XCTAssertEqual(b.cards["cd_h"]!.text, "Calls about the router (clean edit)")
    }

    func testCardsAreMarkedAndTheHeaderSaysHowToResolve() {
        let s = state()
        let b = s.board
        let marks = ConflictMarks(b)
        for c in b.cards.values { XCTAssertEqual(marks.contains(c), b.cardsWithConflicts.contains(c.id), c.id) }
        XCTAssertEqual(Layout.cardLines(b.cards["cd_a"]!, kind: .steps, width: 40, focused: false, in: s, conflicted: true)[0], "› ‼ Orders on the website")
        let screen = BoardView.render(s)
        XCTAssertTrue(screen.line(0).contains("‼ 4 conflicts — c resolves"), screen.line(0))
        XCTAssertTrue(screen.text.contains("‼ Orders on the website"), screen.text)
        XCTAssertTrue(screen.text.contains("‼ Waits all day"), screen.text)
        XCTAssertTrue(screen.text.contains("‼ Gets a"), "cd_b's owner is disputed")
        XCTAssertTrue(screen.text.contains("Five-hour window"))
        XCTAssertFalse(screen.text.contains("‼ Five-hour"), "a card no record is about is not marked")
        // the banner survives a narrow terminal
        var narrow = state(width: 50, height: 20)
        narrow.board.title = String(repeating: "Very long title ", count: 10)
        XCTAssertTrue(BoardView.render(narrow).line(0).hasSuffix("‼ 4 conflicts — c resolves"), BoardView.render(narrow).line(0))
    }

    func testCOpensTheListJKMoveEscCloses() {
        var s = state()
        press(&s, .char("c"))
        XCTAssertEqual(selected(s)?.selected, 0)
        press(&s, .char("j"), .char("j"))
        XCTAssertEqual(selected(s)?.selected, 2)
        press(&s, .down, .down, .down)
        XCTAssertEqual(selected(s)?.selected, 3, "stops at the last")
        press(&s, .char("k"))
        XCTAssertEqual(selected(s)?.selected, 2)
        press(&s, .escape)
        XCTAssertEqual(s.mode, .board)
        // on a board without records, c says so
        var clean = Fixtures.state()
        press(&clean, .char("c"))
        XCTAssertEqual(clean.mode, .board)
        XCTAssertEqual(clean.message, "no merge conflicts on this board")
    }

    func testTakeTheirsKeepOursAndBaseEachRemoveTheirRecordAndUndo() {
        var s = state()
        press(&s, .char("c"), .char("t"))
        XCTAssertEqual(s.board.cards["cd_a"]!.text, "Orders in the app")
        XCTAssertEqual(s.board.conflicts.count, 3)
        XCTAssertTrue(s.isModified)
        XCTAssertTrue(s.message!.contains("took theirs"), s.message!)
        // now record 0 is cd_b/owner
        press(&s, .char("b"))
        XCTAssertEqual(s.board.cards["cd_b"]!.owner, "nobody", "back to the base")
        press(&s, .char("u"))
        XCTAssertEqual(s.board.cards["cd_b"]!.owner, "ops")
        XCTAssertEqual(s.board.conflicts.count, 3)
        press(&s, .char("o"))
        XCTAssertEqual(s.board.cards["cd_b"]!.owner, "ops", "ours kept")
        XCTAssertEqual(s.board.conflicts.map(\.path), ["cards/cd_c", "cards/cd_e/value"])
        // undo all three, redo them
        press(&s, .char("u"), .char("u"))
        XCTAssertEqual(s.board, Self.merged())
        XCTAssertFalse(s.isModified)
        press(&s, .ctrl("r"), .char("U"))
        XCTAssertEqual(s.board.cards["cd_a"]!.text, "Orders in the app")
        XCTAssertEqual(s.board.cards["cd_b"]!.owner, "ops")
        XCTAssertEqual(s.board.conflicts.count, 2)
        if case .conflicts = s.mode {} else { XCTFail("undo and redo keep the list open") }
    }

    func testDeletedVersusEditedCardIsDeletedOrRestored() {
        var s = state()
        press(&s, .char("c"), .char("j"), .char("j"))
        let info = s.board.conflictInfo(2)
        XCTAssertTrue(info.isWholeEntity)
        XCTAssertEqual(info.liveSide, .theirs)
        XCTAssertEqual(info.ours, "(deleted)")
        press(&s, .char("o"))   // keep ours: the deletion
        XCTAssertNil(s.board.cards["cd_c"])
        XCTAssertEqual(s.board.conflicts.count, 3)
        press(&s, .char("u"))
        XCTAssertEqual(s.board.cards["cd_c"]!.text, "Waits all day for the technician", "undo restores it")
        press(&s, .char("t"))   // take theirs: the edited card stays
        XCTAssertEqual(s.board.cards["cd_c"]!.text, "Waits all day for the technician")
        XCTAssertFalse(s.board.conflicts.contains { $0.path == "cards/cd_c" })
    }

    func testEditingATextValue() {
        var s = state()
        press(&s, .char("c"), .char("e"))
        XCTAssertEqual(selected(s)?.editor?.text, "Orders on the website", "the live value as plain text")
        XCTAssertEqual(selected(s)?.editAsText, true)
        press(&s, .ctrl("u"))
        type(&s, "Orders anywhere 任何地方")
        XCTAssertEqual(s.board.cards["cd_a"]!.text, "Orders on the website", "nothing changes before Enter")
        press(&s, .enter)
        XCTAssertEqual(s.board.cards["cd_a"]!.text, "Orders anywhere 任何地方")
        XCTAssertEqual(s.board.conflicts.count, 3)
        XCTAssertNil(selected(s)?.editor)
        press(&s, .char("u"))
        XCTAssertEqual(s.board.cards["cd_a"]!.text, "Orders on the website")
        XCTAssertEqual(s.board.conflicts.count, 4)
        // Esc cancels an edit
        press(&s, .char("e"), .char("x"), .escape)
        XCTAssertNil(selected(s)?.editor)
        XCTAssertEqual(s.board.conflicts.count, 4)
    }

    func testEditingAJSONValueIsValidated() {
        var s = state()
        press(&s, .char("c"), .end, .char("e"))
        XCTAssertEqual(s.board.conflicts[3].path, "cards/cd_e/value")
        XCTAssertEqual(selected(s)?.editor?.text, "2")
        XCTAssertEqual(selected(s)?.editAsText, false)
        press(&s, .ctrl("u")); type(&s, "1,")
        XCTAssertEqual(press(&s, .enter), [.bell])
        XCTAssertTrue(selected(s)?.error?.contains("not valid JSON") ?? false, "\(String(describing: selected(s)?.error))")
        press(&s, .ctrl("u")); type(&s, "\"high\"")
        press(&s, .enter)
        XCTAssertNotNil(selected(s)?.error, "a value of the wrong type is refused")
        XCTAssertEqual(s.board.cards["cd_e"]!.value, 2)
        XCTAssertEqual(s.board.conflicts.count, 4)
        press(&s, .ctrl("u")); type(&s, "-2")
        press(&s, .enter)
        XCTAssertNil(selected(s)?.error)
        XCTAssertEqual(s.board.cards["cd_e"]!.value, -2)
        XCTAssertEqual(s.board.conflicts.count, 3)
        XCTAssertEqual(selected(s)?.selected, 2, "the selection stays in range")
    }

    func testEnterJumpsToTheCardAndCComesBack() {
        var s = state()
        press(&s, .char("]"))
        XCTAssertEqual(s.journeyID, "jr_2")
        press(&s, .char("c"), .char("j"), .char("j"), .enter)
        XCTAssertEqual(s.mode, .board)
        XCTAssertEqual(s.journeyID, "jr_1")
        XCTAssertEqual(s.focusCard, "cd_c")
        XCTAssertTrue(s.message!.contains("c returns to the list"), s.message!)
        press(&s, .char("c"))
        XCTAssertNotNil(selected(s))
        // a deleted card cannot be shown: it says how to restore it
        press(&s, .char("j"), .char("j"), .char("o"))   // delete cd_c (keep ours)
        XCTAssertNil(s.board.cards["cd_c"])
        press(&s, .escape)
        var b = s.board
        b.conflicts.append(Conflict(path: "cards/cd_c", base: nil, ours: nil, theirs: .object(["text": "x"])))
        s.replaceBoard(b, keepHistory: true)
        press(&s, .char("c"), .end, .enter)
        XCTAssertNotNil(selected(s), "stays in the list")
        XCTAssertTrue(s.message!.contains("t takes theirs, which restores it"), s.message!)
    }

    func testWhenNoneAreLeftTheListSaysSoAndEscReturns() {
        var s = state()
        press(&s, .char("c"), .char("o"), .char("o"), .char("t"), .char("o"))
        XCTAssertEqual(s.board.conflicts, [])
        XCTAssertTrue(BoardView.render(s).text.contains("No conflicts left."))
        XCTAssertTrue(s.message!.contains("no conflicts left"), s.message!)
        XCTAssertEqual(press(&s, .char("s")), [.save(path: "merged.json", quitAfter: false)])
        press(&s, .escape)
        XCTAssertEqual(s.mode, .board)
        XCTAssertFalse(BoardView.render(s).line(0).contains("‼"))
        XCTAssertTrue(MergeProblems.none(s.board))
    }

    func testBaseIsNotOfferedForAThingBothSidesAdded() {
        var b = Fixtures.board()
        let card = Card(id: "cd_new", lane: "ln_steps", stage: "st_0", order: "b0", text: "ours")
        var other = card
        other.text = "theirs"
        var ours = b, theirs = b
        ours.cards["cd_new"] = card
        theirs.cards["cd_new"] = other
        b = BoardMerge.merge(base: Fixtures.board(), ours: ours, theirs: theirs).board
        XCTAssertEqual(b.conflicts.map(\.path), ["cards/cd_new/text"], "a field record, not a whole card")
        var s = BoardState(board: b, path: "x.json", width: 120, height: 40, useColor: false)
        press(&s, .char("c"))
        // a field both added: base means "not set" — offered
        XCTAssertTrue(BoardView.render(s).text.contains("b base"))
        press(&s, .char("b"))
        XCTAssertEqual(s.board.conflicts.count, 0)
        XCTAssertEqual(s.board.cards["cd_new"]?.text, "")
        // a whole card both added (no base at all)
        var whole = Fixtures.board()
        whole.conflicts = [Conflict(path: "cards/cd_a", base: nil, ours: .object(["text": "x"]), theirs: nil)]
        var w = BoardState(board: whole, path: "x.json", width: 120, height: 40, useColor: false)
        press(&w, .char("c"))
        XCTAssertEqual(press(&w, .char("b")), [.bell])
        XCTAssertTrue(selected(w)?.error?.contains("no base") ?? false)
        XCTAssertFalse(BoardView.render(w).text.contains("b base"))
    }

    func testSnapshots() {
        var s = state()
        assertSnapshot(BoardView.render(s), "conflicts-marked-120x40")
        press(&s, .char("c"), .char("j"), .char("j"))
        let list = BoardView.render(s)
        assertSnapshot(list, "conflicts-list-120x40")
        XCTAssertTrue(list.text.contains("ours · main"), list.text)
        XCTAssertTrue(list.text.contains("theirs · feature ◀ live"), list.text)
        for cell in list.cells { for v in cell.text.unicodeScalars.map(\.value) { XCTAssertFalse(DisplayText.isUnsafe(v)) } }
        press(&s, .char("k"), .char("e"))
        assertSnapshot(BoardView.render(s), "conflicts-editing-120x40")
    }

    func testHostileTextInARecordIsSanitized() {
        var b = Fixtures.board()
        b.conflicts = [Conflict(path: "cards/cd_a/text", base: "A", ours: "Orders online", theirs: "evil\u{1B}[2J\u{202E}x",
                                labels: ["ours": "main\u{07}", "theirs": "feat\u{9B}"])]
        var s = BoardState(board: b, path: "x.json", width: 120, height: 40, useColor: false)
        press(&s, .char("c"))
        let screen = BoardView.render(s)
        for cell in screen.cells { for v in cell.text.unicodeScalars.map(\.value) { XCTAssertFalse(DisplayText.isUnsafe(v), screen.text) } }
        XCTAssertTrue(screen.text.contains("evil␛[2J�x"), screen.text)
    }

    // MARK: what the board does with the loop's disk events

    func testASaveThatMergedIsOneUndoableEditAndCountsAsSaved() {
        var s = Fixtures.state()
        press(&s, .char("d"))        // delete cd_a: an unsaved edit
        var merged = s.board
        merged.cards["cd_b"]!.text = "edited by another instance"
        merged.extra["x-unknown"] = "from disk"
        let effects = reduce(&s, .savedMerged(merged, newConflicts: 0))
        XCTAssertEqual(effects, [.deleteRecovery])
        XCTAssertEqual(s.board, merged)
        XCTAssertFalse(s.isModified)
        XCTAssertTrue(s.message!.contains("merged with changes made on disk"), s.message!)
        press(&s, .char("u"))
        XCTAssertEqual(s.board.cards["cd_b"]!.text, "Gets a confirmation email", "u takes the disk's changes back out")
        XCTAssertNil(s.board.extra["x-unknown"])
        XCTAssertNil(s.board.cards["cd_a"], "your edit stays")
        XCTAssertTrue(s.isModified)
        press(&s, .char("U"))
        XCTAssertEqual(s.board, merged)
        XCTAssertFalse(s.isModified)
        _ = reduce(&s, .savedMerged(Self.merged(), newConflicts: 4))
        XCTAssertTrue(s.message!.contains("4 conflicts recorded (‼) — c resolves"), s.message!)
    }

    func testAReloadShowsTheNewBoardAndSaysSo() {
        var s = Fixtures.state()
        var disk = s.board
        disk.cards["cd_a"] = nil
        disk.cards["cd_b"]!.text = "changed on disk"
        _ = reduce(&s, .reloaded(disk))
        XCTAssertEqual(s.board, disk)
        XCTAssertFalse(s.isModified)
        XCTAssertEqual(s.focusCard, "cd_b", "the focus moves off a card that went")
        XCTAssertEqual(s.message, "reloaded: test.json changed on disk")
        _ = reduce(&s, .notice("hello"))
        XCTAssertEqual(s.message, "hello")
    }
}

enum MergeProblems {
    static func none(_ b: Board) -> Bool { Validator.validate(b).isEmpty }
}
