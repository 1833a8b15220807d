import XCTest
@testable import BoardUI
import JourneyKit

/// "Board in, keys, board out": every action, and undo and redo of every edit.
final class ReducerTests: XCTestCase {
    func testStartsOnFirstCardOfFirstJourney() {
        let s = Fixtures.state()
        XCTAssertEqual(s.journeyID, "jr_1")
        XCTAssertEqual(s.focusStage, "st_0")
        XCTAssertEqual(s.focusLane, "ln_steps")
        XCTAssertEqual(s.focusCard, "cd_a")
        XCTAssertFalse(s.isModified)
    }

    func testMovingBetweenCardsCellsAndLanes() {
        var s = Fixtures.state()
        press(&s, .char("j"))
        XCTAssertEqual(s.focusCard, "cd_b", "down moves to the next card in the cell")
        press(&s, .down)
        XCTAssertEqual(s.focusLane, "ln_emo", "past the last card, down goes to the lane below")
        XCTAssertEqual(s.focusCard, "cd_e")
        press(&s, .char("l"))
        XCTAssertEqual(s.focusStage, "st_1")
        XCTAssertNil(s.focusCard, "an empty cell has no focused card")
        press(&s, .char("j"))
        XCTAssertEqual(s.focusLane, "ln_pain")
        XCTAssertEqual(s.focusCard, "cd_p")
        press(&s, .char("k"), .char("k"))
        XCTAssertEqual(s.focusLane, "ln_steps")
        XCTAssertEqual(s.focusCard, "cd_c")
        press(&s, .left)
        XCTAssertEqual(s.focusStage, "st_0")
        press(&s, .char("h"))
        XCTAssertEqual(s.focusStage, "st_0", "no stage to the left: stays")
        press(&s, .end)
        XCTAssertEqual(s.focusStage, "st_2")
        press(&s, .home)
        XCTAssertEqual(s.focusStage, "st_0")
    }

    func testSwitchingJourneys() {
        var s = Fixtures.state()
        press(&s, .char("]"))
        XCTAssertEqual(s.journeyID, "jr_2")
        XCTAssertEqual(s.focusCard, "cd_h")
        press(&s, .char("]"))
        XCTAssertEqual(s.journeyID, "jr_1", "wraps around")
        press(&s, .char("["))
        XCTAssertEqual(s.journeyID, "jr_2")
    }

    func testAddCardEnterKeepsItUndoRedo() {
        var s = Fixtures.state()
        press(&s, .char("a"))
        type(&s, "Checks coverage 查覆盖")
        XCTAssertEqual(s.board.cards.count, 7, "nothing is added before Enter")
        press(&s, .enter)
        XCTAssertEqual(s.board.cards.count, 8)
        let new = s.focusedCard!
        XCTAssertEqual(new.text, "Checks coverage 查覆盖")
        XCTAssertEqual(new.stage, "st_0"); XCTAssertEqual(new.lane, "ln_steps")
        XCTAssertEqual(s.focusedCellCards, ["cd_a", new.id, "cd_b"], "added after the focused card")
        XCTAssertTrue(new.id.hasPrefix("cd_") && new.id.count == 13)
        XCTAssertTrue(s.isModified)
        press(&s, .char("u"))
        XCTAssertNil(s.board.cards[new.id])
        XCTAssertFalse(s.isModified)
        press(&s, .ctrl("r"))
        XCTAssertEqual(s.board.cards[new.id]?.text, "Checks coverage 查覆盖")
        press(&s, .char("u"), .char("U"))
        XCTAssertNotNil(s.board.cards[new.id], "U redoes too")
    }

    func testAddCardEscDropsIt() {
        var s = Fixtures.state()
        press(&s, .char("a"))
        type(&s, "never mind")
        press(&s, .escape)
        XCTAssertEqual(s.board, Fixtures.board())
        XCTAssertFalse(s.canUndo)
    }

    func testAddInEmotionLaneStartsWithoutAValue() {
        var s = Fixtures.state()
        press(&s, .char("j"), .char("j"), .char("l"))
        XCTAssertEqual(s.focusLane, "ln_emo")
        press(&s, .char("a")); type(&s, "Anxious"); press(&s, .enter)
        XCTAssertEqual(s.focusedCard?.text, "Anxious")
        XCTAssertNil(s.focusedCard?.value, "no value until one is given: not a 0 in the curve")
    }

    func testInlineEditorKeys() {
        var ed = LineEditor("hello world")
        ed.handle(.ctrl("w"))
        XCTAssertEqual(ed.text, "hello ")
        ed.handle(.ctrl("a")); ed.handle(.char(">"))
        XCTAssertEqual(ed.text, ">hello ")
        ed.handle(.end); ed.handle(.char("世")); ed.handle(.char("界"))
        XCTAssertEqual(ed.text, ">hello 世界")
        XCTAssertEqual(ed.cursorColumn, 11, "wide characters take two columns")
        ed.handle(.left); ed.handle(.backspace)
        XCTAssertEqual(ed.text, ">hello 界")
        ed.handle(.home); ed.handle(.delete)
        XCTAssertEqual(ed.text, "hello 界")
        ed.handle(.right); ed.handle(.ctrl("u"))
        XCTAssertEqual(ed.text, "ello 界")
        ed.handle(.ctrl("k"))
        XCTAssertEqual(ed.text, "")
        XCTAssertFalse(ed.handle(.enter))
    }

    func testEditFormChangesFieldsAndUndo() {
        var s = Fixtures.state()
        press(&s, .enter)
        guard case .form = s.mode else { return XCTFail("Enter opens the form") }
        press(&s, .ctrl("u")); type(&s, "Orders online in 5 minutes")
        press(&s, .tab)            // notes
        type(&s, "seen in 12 interviews")
        press(&s, .tab)            // channel
        type(&s, "web")
        press(&s, .tab, .tab)      // owner → tags
        type(&s, "digital, quick win, digital")
        press(&s, .tab, .tab)      // status → metrics
        type(&s, "satisfaction=91, effort=2.5")
        press(&s, .enter)
        XCTAssertEqual(s.mode, .board)
        let c = s.board.cards["cd_a"]!
        XCTAssertEqual(c.text, "Orders online in 5 minutes")
        XCTAssertEqual(c.notes, "seen in 12 interviews")
        XCTAssertEqual(c.channel, "web")
        XCTAssertEqual(c.tags, ["digital", "quick win"])
        XCTAssertEqual(c.metrics, ["satisfaction": 91, "effort": 2.5])
        press(&s, .char("u"))
        XCTAssertEqual(s.board.cards["cd_a"], Fixtures.board().cards["cd_a"])
    }

    func testEditFormRefusesBadInputAndEscCancels() {
        var s = Fixtures.state()
        press(&s, .char("j"), .char("j"))           // the emotion card
        press(&s, .char("e"), .tab)                // Text → Emotion
        press(&s, .ctrl("u")); type(&s, "5")
        press(&s, .enter)
        guard case .form(let f) = s.mode else { return XCTFail("the form stays open on bad input") }
        XCTAssertEqual(f.error, "emotion value must be between -2 and 2, not 5")
        press(&s, .ctrl("u")); type(&s, "-2"); press(&s, .enter)
        XCTAssertEqual(s.board.cards["cd_e"]?.value, -2)
        press(&s, .char("e")); type(&s, " changed"); press(&s, .escape)
        XCTAssertEqual(s.board.cards["cd_e"]?.text, "Hopeful", "Esc drops the form's changes")
        press(&s, .char("e"), .tab, .tab, .tab, .tab, .tab, .tab, .tab)
        type(&s, "nps=3"); press(&s, .enter)
        guard case .form(let f2) = s.mode else { return XCTFail("unknown metric refused") }
        XCTAssertTrue(f2.error?.contains("metrics names \"nps\", which is not a hero metric") == true, f2.error ?? "")
    }

    func testDeleteCardRemovesLinksToItAndUndoRestoresBoth() {
        var s = Fixtures.state()
        press(&s, .char("l"), .char("j"), .char("j"))
        XCTAssertEqual(s.focusCard, "cd_p")
        press(&s, .char("d"))
        XCTAssertNil(s.board.cards["cd_p"])
        XCTAssertEqual(s.board.cards["cd_o"]?.links, [], "the link to the deleted card goes too")
        XCTAssertEqual(s.focusCard, "cd_o")
        XCTAssertTrue(Validator.validate(s.board).isEmpty)
        press(&s, .char("u"))
        XCTAssertEqual(s.board, Fixtures.board())
        XCTAssertEqual(s.focusCard, "cd_p")
    }

    func testMoveCardAcrossStagesLanesAndWithinCell() {
        var s = Fixtures.state()
        press(&s, .char("L"))
        XCTAssertEqual(s.board.cards["cd_a"]?.stage, "st_1")
        XCTAssertEqual(s.focusedCellCards, ["cd_c", "cd_a"], "moved to the end of the next stage's cell")
        XCTAssertEqual(s.focusCard, "cd_a")
        press(&s, .char("K"))
        XCTAssertEqual(s.focusedCellCards, ["cd_a", "cd_c"], "K moves up within the cell")
        press(&s, .shiftDown)
        XCTAssertEqual(s.focusedCellCards, ["cd_c", "cd_a"])
        press(&s, .char("J"))
        XCTAssertEqual(s.board.cards["cd_a"]?.lane, "ln_emo", "past the bottom of the cell: the lane below")
        XCTAssertNil(s.board.cards["cd_a"]?.value, "a card moved into the emotion lane has no value until one is given")
        press(&s, .shiftLeft)
        XCTAssertEqual(s.board.cards["cd_a"]?.stage, "st_0")
        XCTAssertEqual(s.undoCount, 5)
        for _ in 0..<5 { press(&s, .char("u")) }
        XCTAssertEqual(s.board, Fixtures.board())
        for _ in 0..<5 { press(&s, .ctrl("r")) }
        XCTAssertEqual(s.board.cards["cd_a"]?.stage, "st_0")
        XCTAssertEqual(s.board.cards["cd_a"]?.lane, "ln_emo")
    }

    func testSaveAndSavedEvent() {
        var s = Fixtures.state()
        press(&s, .char("d"))
        XCTAssertEqual(press(&s, .char("s")), [.save(path: "test.json", quitAfter: false)])
        XCTAssertEqual(press(&s, .ctrl("s")), [.save(path: "test.json", quitAfter: false)])
        XCTAssertTrue(s.isModified)
        XCTAssertEqual(reduce(&s, .saved), [.deleteRecovery])
        XCTAssertFalse(s.isModified)
        press(&s, .char("u"))
        XCTAssertTrue(s.isModified, "undoing past the save is a change again")
        _ = reduce(&s, .saveFailed("disk full"))
        XCTAssertEqual(s.message, "not saved: disk full")
    }

    func testQuitCleanAndWithUnsavedChanges() {
        var s = Fixtures.state()
        XCTAssertEqual(press(&s, .char("q")), [.dropOwnRecovery, .quit])
        press(&s, .char("d"))
        XCTAssertEqual(press(&s, .char("q")), [])
        guard case .confirm(let p) = s.mode else { return XCTFail("q with unsaved changes asks") }
        XCTAssertEqual(p.kind, .quitUnsaved)
        press(&s, .escape)
        XCTAssertEqual(s.mode, .board, "Esc cancels")
        press(&s, .char("q"))
        XCTAssertEqual(press(&s, .char("c")), [])
        XCTAssertEqual(s.mode, .board)
        press(&s, .char("q"))
        XCTAssertEqual(press(&s, .char("s")), [.save(path: "test.json", quitAfter: true)])
        press(&s, .ctrl("c"))
        XCTAssertEqual(press(&s, .char("d")), [.deleteRecovery, .quit])
    }

    func testSearchFindsCardsInOtherJourneys() {
        var s = Fixtures.state()
        press(&s, .char("/")); type(&s, "ROUTER"); press(&s, .enter)
        XCTAssertEqual(s.journeyID, "jr_2")
        XCTAssertEqual(s.focusCard, "cd_h")
        press(&s, .char("/")); type(&s, "o"); press(&s, .enter)
        let first = s.focusCard
        press(&s, .char("n"))
        XCTAssertNotEqual(s.focusCard, first)
        press(&s, .char("N"))
        XCTAssertEqual(s.focusCard, first)
        press(&s, .char("/")); type(&s, "no such text"); XCTAssertEqual(press(&s, .enter), [.bell])
        XCTAssertEqual(s.message, "not found: no such text")
    }

    func testCommandLineSaveQuit() {
        var s = Fixtures.state()
        XCTAssertEqual(command(&s, "w"), [.save(path: "test.json", quitAfter: false)])
        XCTAssertEqual(command(&s, "q"), [.dropOwnRecovery, .quit])
        press(&s, .char("d"))
        XCTAssertEqual(command(&s, "q"), [.bell], ":q refuses with unsaved changes")
        XCTAssertEqual(command(&s, "q!"), [.deleteRecovery, .quit])
        XCTAssertEqual(command(&s, "wq"), [.save(path: "test.json", quitAfter: true)])
        XCTAssertEqual(command(&s, "x"), [.save(path: "test.json", quitAfter: true)])
        XCTAssertEqual(command(&s, "frobnicate"), [.bell])
    }

    func testStageCommandsAreUndoable() {
        var s = Fixtures.state()
        command(&s, "stage add Research & compare")
        XCTAssertEqual(s.stages.map(\.title), ["Order", "Research & compare", "Install", "Use"])
        command(&s, "stage rename Compare")
        command(&s, "stage move left")
        XCTAssertEqual(s.stages.map(\.title), ["Compare", "Order", "Install", "Use"])
        command(&s, "stage move right")
        command(&s, "stage move right")
        XCTAssertEqual(s.stages.map(\.title), ["Order", "Install", "Compare", "Use"])
        command(&s, "stage delete")
        XCTAssertEqual(s.stages.map(\.title), ["Order", "Install", "Use"], "an empty stage is deleted at once")
        XCTAssertEqual(s.focusStage, "st_2", "the focus goes to the neighbour")
        for _ in 0..<6 { press(&s, .char("u")) }
        XCTAssertEqual(s.board, Fixtures.board())
    }

    func testDeletingAStageWithCardsAsksFirst() {
        var s = Fixtures.state()
        press(&s, .char("l"))
        command(&s, "stage delete")
        guard case .confirm(let p) = s.mode else { return XCTFail("asks first") }
        XCTAssertEqual(p.message, "Delete stage \"Install\" and its 3 cards?")
        press(&s, .char("n"))
        XCTAssertEqual(s.board, Fixtures.board())
        command(&s, "stage delete"); press(&s, .char("y"))
        XCTAssertNil(s.board.stages["st_1"])
        XCTAssertNil(s.board.cards["cd_p"])
        XCTAssertTrue(Validator.validate(s.board).isEmpty, "no card is left pointing at the deleted stage")
        press(&s, .char("u"))
        XCTAssertEqual(s.board, Fixtures.board())
    }

    func testLaneCommands() {
        var s = Fixtures.state()
        command(&s, "lane add opportunities Ideas")
        XCTAssertEqual(s.lanes.map(\.title), ["Steps", "Ideas", "Emotion", "Pain points"])
        XCTAssertEqual(s.lanes[1].kind, "opportunities")
        command(&s, "lane rename Opportunities")
        command(&s, "lane move down"); command(&s, "lane move down")
        XCTAssertEqual(s.lanes.map(\.title), ["Steps", "Emotion", "Pain points", "Opportunities"])
        command(&s, "lane move up")
        XCTAssertEqual(s.lanes.map(\.title), ["Steps", "Emotion", "Opportunities", "Pain points"])
        XCTAssertEqual(command(&s, "lane add feelings Nope"), [.bell], "unknown kinds are refused")
        command(&s, "lane delete")
        XCTAssertEqual(s.lanes.count, 3)
        XCTAssertEqual(s.focusLane, "ln_pain", "the focus goes to the neighbour")
        command(&s, "lane delete")
        guard case .confirm(let p) = s.mode else { return XCTFail("a lane with cards asks first") }
        XCTAssertEqual(p.kind, .deleteLane("ln_pain"))
        press(&s, .char("y"))
        XCTAssertNil(s.board.lanes["ln_pain"])
        for _ in 0..<7 { press(&s, .char("u")) }
        XCTAssertEqual(s.board, Fixtures.board())
    }

    func testJourneyCommandsAndTitle() {
        var s = Fixtures.state()
        command(&s, "journey add Renew the contract")
        XCTAssertEqual(s.journeys.map(\.title), ["Get connected", "Get help", "Renew the contract"])
        XCTAssertEqual(s.board.journeys[s.journeyID]?.title, "Renew the contract")
        XCTAssertEqual(s.lanes.map(\.kind), ["steps", "touchpoints", "emotion", "pains", "opportunities"])
        XCTAssertEqual(s.stages.count, 1)
        command(&s, "journey rename Renew")
        command(&s, "title Broadband")
        XCTAssertEqual(s.board.title, "Broadband")
        XCTAssertTrue(Validator.validate(s.board).isEmpty)
        for _ in 0..<3 { press(&s, .char("u")) }
        XCTAssertEqual(s.board, Fixtures.board())
    }

    func testHelpZoomAndEscape() {
        var s = Fixtures.state()
        press(&s, .char("?"))
        XCTAssertEqual(s.mode, .help(scroll: 0))
        press(&s, .char("j"))
        XCTAssertEqual(s.mode, .help(scroll: 1))
        press(&s, .escape)
        XCTAssertEqual(s.mode, .board)
        press(&s, .char("z"))
        XCTAssertTrue(s.zoomed)
        press(&s, .escape)
        XCTAssertFalse(s.zoomed)
        XCTAssertEqual(press(&s, .ctrl("z")), [.suspend])
    }

    func testRecoveryPrompt() {
        var recovered = Fixtures.board()
        recovered.cards["cd_a"]!.text = "Edited before the crash"
        for (answer, text, effects) in [("r", "Edited before the crash", [Effect]()), ("o", "Orders online", []), ("d", "Orders online", [.deleteRecovery])] {
            var s = Fixtures.state()
            s.offerRecovery(recovered, savedAt: "saved 2026-11-22 10:00")
            XCTAssertEqual(press(&s, .char(Character(answer))), effects, answer)
            XCTAssertEqual(s.board.cards["cd_a"]?.text, text, answer)
            XCTAssertEqual(s.isModified, answer == "r")
        }
    }

    func testMouseClickFocusesACardAndWheelMoves() {
        var s = Fixtures.state()
        let f = Layout.layout(s)
        let target = f.cells.flatMap(\.cards).first { $0.id == "cd_p" }!
        _ = reduce(&s, .input(.mouse(MouseEvent(x: target.x + 2, y: target.y, kind: .click))))
        XCTAssertEqual(s.focusCard, "cd_p")
        _ = reduce(&s, .input(.mouse(MouseEvent(x: 0, y: 0, kind: .wheelDown))))
        XCTAssertEqual(s.focusCard, "cd_o")
    }

    func testResizeKeepsFocusInView() {
        var s = Fixtures.state()
        press(&s, .end)
        _ = reduce(&s, .input(.resize(width: 45, height: 20)))
        let f = Layout.layout(s)
        XCTAssertTrue(f.columns.contains { $0.stage.id == "st_2" }, "the focused stage stays in view")
        XCTAssertEqual(f.columns.count, 1)
    }
}
