import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// The prioritisation panel as "board in, keys, board out": open, move, edit in place with
/// re-ranking, validation, the gate, undo and redo from the panel, the matrix, jumping to a card.
final class PrioritisationPanelTests: XCTestCase {
    /// holiday-booking.json, one journey, ten opportunities (see `journey score`).
    func holiday(_ w: Int = 120, _ h: Int = 40) -> BoardState {
        BoardState(board: exampleBoard("holiday-booking.json"), path: "holiday.json", width: w, height: h, useColor: false)
    }

    /// The fixture board with opportunities in both journeys.
    func twoJourneys() -> BoardState {
        var b = Fixtures.board()
        b.lanes["ln_opp"] = Lane(id: "ln_opp", journey: "jr_1", kind: .opportunities, order: "a3")
        b.lanes["ln_opp2"] = Lane(id: "ln_opp2", journey: "jr_2", kind: .opportunities, order: "a1")
        func opp(_ id: String, _ stage: String, _ lane: String, _ text: String, _ sat: Double, _ conf: Double) {
            var c = Card(id: id, lane: lane, stage: stage, order: "a0", text: text)
            c.impact = ["satisfaction": sat, "effort": -1, "engagement": 5]
            c.confidence = conf; c.reach = 100; c.cost = 2
            b.cards[id] = c
        }
        opp("cd_x1", "st_0", "ln_opp", "SMS the ETA", 10, 80)
        opp("cd_x2", "st_1", "ln_opp", "Shorter window", 5, 50)
        opp("cd_y1", "st_h", "ln_opp2", "Router self-test", 20, 90)
        return BoardState(board: b, path: "t.json", width: 120, height: 40, useColor: false)
    }

    func panel(_ s: BoardState, file: StaticString = #filePath, line: UInt = #line) -> PrioritisationPanel {
        guard case .prioritisation(let p) = s.mode else {
            XCTFail("the panel is not open (mode \(s.mode))", file: file, line: line)
            return PrioritisationPanel(s, journey: nil)
        }
        return p
    }

    /// The panel's order is the order `CXScore.ranking` gives for the board as it is now.
    func assertRankedAsTheBoard(_ s: BoardState, file: StaticString = #filePath, line: UInt = #line) {
        let p = panel(s, file: file, line: line)
        XCTAssertEqual(p.ranking.entries.map(\.card), CXScore.ranking(s.board, journey: p.journey).entries.map(\.card), file: file, line: line)
    }

    func rank(_ s: BoardState, _ card: String) -> Int? { panel(s).ranking.index(of: card).map { $0 + 1 } }

    static let holdPrices = "cd_gcr2refj1m" // rank 9: confidence 40, cost 13
    static let clone = "cd_dqtzrmf19n"      // rank 1
    static let leaderboard = "cd_2jdtgay7ed" // rank 10: fails gate all

    func focusRow(_ s: inout BoardState, _ card: String) {
        while panel(s).focusCard != card, (panel(s).focusIndex ?? 0) < panel(s).ranking.count - 1 { press(&s, .char("j")) }
        XCTAssertEqual(panel(s).focusCard, card)
    }

    func chooseField(_ s: inout BoardState, _ f: PrioritisationPanel.Field) {
        for _ in 0..<10 where panel(s).field != f { press(&s, .tab) }
        XCTAssertEqual(panel(s).field, f)
    }

    // MARK: opening, moving, closing

    func testPOpensTheRankedPanelAndEscQPCloseIt() {
        var s = holiday()
        press(&s, .char("p"))
        let p = panel(s)
        XCTAssertEqual(p.ranking.count, 10)
        XCTAssertEqual(p.journey, s.journeyID, "the current journey by default")
        XCTAssertEqual(p.focusCard, Self.clone, "rank 1 is focused")
        assertRankedAsTheBoard(s)
        for close in [Key.escape, .char("q"), .char("p")] {
            press(&s, close)
            XCTAssertEqual(s.mode, .board, "\(close) closes the panel")
            press(&s, .char("p"))
        }
        XCTAssertFalse(s.isModified)
    }

    func testPanelKeysAreInTheKeyTableAndHelp() {
        XCTAssertTrue(KeyMap.bindings.contains { $0.action == .prioritisation && $0.keys.contains(.char("p")) })
        let help = Overlays.helpLines.joined(separator: "\n")
        XCTAssertTrue(help.contains("Prioritisation panel (p)"))
        for (k, h) in PrioritisationPanel.keys {
            XCTAssertTrue(help.contains(h), k)
            XCTAssertTrue(KeyMap.markdown.contains("| `\(k)` | \(h) |"), k)
        }
        // a | inside a cell is escaped, so every row has exactly two cells
        for line in KeyMap.markdown.split(separator: "\n") where line.hasPrefix("| ") {
            let unescaped = line.split(separator: "|", omittingEmptySubsequences: false).count - line.components(separatedBy: "\\|").count + 1
            XCTAssertEqual(unescaped, 4, String(line))
        }
    }

    func testOpeningOnAnOpportunityFocusesItsRow() {
        var s = holiday()
        s.focus(card: Self.holdPrices)
        press(&s, .char("p"))
        XCTAssertEqual(panel(s).focusCard, Self.holdPrices)
        XCTAssertEqual(panel(s).focusIndex, 8)
    }

    func testMovingBetweenRows() {
        var s = holiday()
        press(&s, .char("p"), .char("j"), .down)
        XCTAssertEqual(panel(s).focusIndex, 2)
        press(&s, .char("k"))
        XCTAssertEqual(panel(s).focusIndex, 1)
        press(&s, .up, .up, .up)
        XCTAssertEqual(panel(s).focusIndex, 0, "stops at the first row")
        press(&s, .end)
        XCTAssertEqual(panel(s).focusIndex, 9)
        press(&s, .char("j"))
        XCTAssertEqual(panel(s).focusIndex, 9, "stops at the last row")
        press(&s, .home)
        XCTAssertEqual(panel(s).focusIndex, 0)
    }

    func testTabAndArrowsChooseTheField() {
        var s = holiday()
        press(&s, .char("p"))
        XCTAssertEqual(panel(s).field, .impact("satisfaction"), "the first hero metric's impact")
        press(&s, .tab)
        XCTAssertEqual(panel(s).field, .impact("effort"))
        press(&s, .right, .right)
        XCTAssertEqual(panel(s).field, .confidence)
        press(&s, .tab, .tab)
        XCTAssertEqual(panel(s).field, .cost)
        press(&s, .tab)
        XCTAssertEqual(panel(s).field, .impact("satisfaction"), "wraps around")
        press(&s, .backTab)
        XCTAssertEqual(panel(s).field, .cost)
        press(&s, .left)
        XCTAssertEqual(panel(s).field, .reach)
    }

    // MARK: editing in place

    func testEditingConfidenceReRanksAndTheRowFollowsItsCard() {
        var s = holiday()
        press(&s, .char("p"))
        focusRow(&s, Self.holdPrices)
        XCTAssertEqual(rank(s, Self.holdPrices), 9)
        chooseField(&s, .confidence)
        press(&s, .char("e"))
        XCTAssertEqual(panel(s).editor?.text, "40", "the editor starts with the number as it is")
        type(&s, "100")   // the first key replaces it
        XCTAssertEqual(panel(s).editor?.text, "100")
        XCTAssertEqual(s.board.cards[Self.holdPrices]?.confidence, 40, "nothing changes before Enter")
        press(&s, .enter)
        XCTAssertNil(panel(s).editor)
        XCTAssertEqual(s.board.cards[Self.holdPrices]?.confidence, 100)
        XCTAssertEqual(rank(s, Self.holdPrices), 8, "re-ranked: 0.090 → 0.225 passes 0.128")
        XCTAssertEqual(panel(s).focusCard, Self.holdPrices, "the focus follows the card")
        XCTAssertEqual(panel(s).focusIndex, 7)
        XCTAssertTrue(s.message?.contains("now #8 (was #9)") ?? false, s.message ?? "")
        XCTAssertTrue(s.isModified)
        assertRankedAsTheBoard(s)
        // one undoable step that changed one card
        XCTAssertEqual(s.undoStack.last?.edit.changes.count, 1)
    }

    func testEditingAnImpactCanFailTheGate() {
        var s = holiday()
        press(&s, .char("p"))
        chooseField(&s, .impact("effort"))
        press(&s, .char("e"))
        type(&s, "0.5")   // effort up: worse
        press(&s, .enter)
        XCTAssertEqual(s.board.cards[Self.clone]?.impact["effort"], 0.5)
        XCTAssertEqual(rank(s, Self.clone), 9, "failing gate all, it ranks after every passing one")
        assertRankedAsTheBoard(s)
    }

    func testBackspaceEditsTheNumberInsteadOfReplacingIt() {
        var s = holiday()
        press(&s, .char("p"))
        chooseField(&s, .reach)
        press(&s, .char("e"), .backspace)
        type(&s, "5")
        XCTAssertEqual(panel(s).editor?.text, "95")
        press(&s, .enter)
        XCTAssertEqual(s.board.cards[Self.clone]?.reach, 95)
    }

    func testValidationRefusesAndKeepsTheEditorOpen() {
        var s = holiday()
        press(&s, .char("p"))
        let before = s.board
        chooseField(&s, .confidence)
        press(&s, .char("e")); type(&s, "150")
        XCTAssertEqual(press(&s, .enter), [.bell])
        XCTAssertEqual(s.board, before, "a refused edit changes nothing")
        XCTAssertNotNil(panel(s).editor, "the editor stays open to fix the number")
        XCTAssertTrue(s.message?.contains("confidence must be between 0 and 100, not 150") ?? false, s.message ?? "")
        press(&s, .ctrl("u")); type(&s, "lots")
        XCTAssertEqual(press(&s, .enter), [.bell])
        XCTAssertTrue(s.message?.contains("must be a number") ?? false, s.message ?? "")
        press(&s, .escape)
        XCTAssertNil(panel(s).editor, "Esc drops the edit")
        XCTAssertEqual(s.message, "edit dropped")
        chooseField(&s, .cost)
        press(&s, .char("e")); type(&s, "0")
        XCTAssertEqual(press(&s, .enter), [.bell])
        XCTAssertTrue(s.message?.contains("cost must be greater than 0") ?? false, s.message ?? "")
        press(&s, .ctrl("u")); type(&s, "-2")
        press(&s, .enter)
        XCTAssertTrue(s.message?.contains("cost must be greater than 0") ?? false)
        press(&s, .escape)
        chooseField(&s, .reach)
        press(&s, .char("e")); type(&s, "-1")
        press(&s, .enter)
        XCTAssertTrue(s.message?.contains("reach must be between 0 and 100") ?? false, s.message ?? "")
        press(&s, .escape)
        XCTAssertEqual(s.board, before)
        XCTAssertFalse(s.isModified)
        XCTAssertFalse(s.canUndo)
    }

    func testAnEmptyNumberFallsBackToItsDefault() {
        var s = holiday()
        press(&s, .char("p"))
        chooseField(&s, .cost)
        press(&s, .char("e"), .ctrl("u"), .enter)
        XCTAssertNil(s.board.cards[Self.clone]?.cost)
        XCTAssertTrue(s.message?.contains("cost removed (scores the median cost of the board's opportunities)") ?? false, s.message ?? "")
        let sc = panel(s).ranking.score(at: panel(s).focusIndex!)!
        XCTAssertTrue(sc.costIsDefault)
        XCTAssertEqual(sc.cost, 5, "the median of the other nine costs (3 3 5 5 5 5 5 8 8 13 without this 3)")
        XCTAssertEqual(sc.costDefaultNote, "default: median of 9 estimates")
        XCTAssertTrue(BoardView.render(s).text.contains("÷ cost 5 (default: median of 9 estimates) ="), BoardView.render(s).text)
        XCTAssertTrue(sc.incomplete.contains("cost"))
    }

    // MARK: undo and redo from the panel

    func testUndoAndRedoOfAnEditFromThePanel() {
        var s = holiday()
        press(&s, .char("p"))
        focusRow(&s, Self.holdPrices)
        chooseField(&s, .confidence)
        press(&s, .char("e")); type(&s, "100"); press(&s, .enter)
        press(&s, .home) // focus elsewhere: undo brings the focus back to the card it changed
        press(&s, .char("u"))
        XCTAssertEqual(s.board.cards[Self.holdPrices]?.confidence, 40)
        XCTAssertEqual(rank(s, Self.holdPrices), 9)
        XCTAssertEqual(panel(s).focusCard, Self.holdPrices)
        XCTAssertFalse(s.isModified)
        assertRankedAsTheBoard(s)
        press(&s, .ctrl("r"))
        XCTAssertEqual(s.board.cards[Self.holdPrices]?.confidence, 100)
        XCTAssertEqual(rank(s, Self.holdPrices), 8)
        assertRankedAsTheBoard(s)
        press(&s, .char("u"), .char("U"))
        XCTAssertEqual(s.board.cards[Self.holdPrices]?.confidence, 100, "U redoes too")
        if case .prioritisation = s.mode {} else { XCTFail("undo and redo keep the panel open") }
        // and the board's own undo sees the same history
        press(&s, .escape, .char("u"))
        XCTAssertEqual(s.board.cards[Self.holdPrices]?.confidence, 40)
    }

    // MARK: the gate

    func testGCyclesTheGateAsUndoableEdits() {
        var s = holiday()
        press(&s, .char("p"))
        XCTAssertEqual(rank(s, Self.leaderboard), 10, "fails gate all: last")
        press(&s, .char("g"))
        XCTAssertEqual(s.board.scoring.gate, "any")
        XCTAssertEqual(panel(s).ranking.gate, .any)
        XCTAssertTrue(s.message?.contains("gate: any") ?? false)
        assertRankedAsTheBoard(s)
        press(&s, .char("g"))
        XCTAssertEqual(s.board.scoring.gate, "none")
        XCTAssertEqual(rank(s, Self.leaderboard), 7, "no gate: ranked by its priority 0.333, after 0.393")
        assertRankedAsTheBoard(s)
        press(&s, .char("g"))
        XCTAssertEqual(s.board.scoring.gate, "all")
        XCTAssertEqual(s.undoCount, 3)
        press(&s, .char("u"))
        XCTAssertEqual(s.board.scoring.gate, "none")
        XCTAssertEqual(rank(s, Self.leaderboard), 7)
        press(&s, .char("u"), .char("u"))
        XCTAssertEqual(s.board.scoring.gate, "all")
        XCTAssertFalse(s.isModified)
        press(&s, .ctrl("r"))
        XCTAssertEqual(s.board.scoring.gate, "any")
        assertRankedAsTheBoard(s)
    }

    // MARK: the matrix, journeys, jumping to the card

    func testMTogglesTheMatrix() {
        var s = holiday()
        press(&s, .char("p"), .char("m"))
        XCTAssertTrue(panel(s).matrix)
        press(&s, .char("j"))
        XCTAssertEqual(panel(s).focusIndex, 1, "j/k move in the matrix too")
        press(&s, .char("e"))
        XCTAssertNil(panel(s).editor, "editing is in the table")
        press(&s, .char("m"))
        XCTAssertFalse(panel(s).matrix)
        XCTAssertEqual(panel(s).focusIndex, 1)
    }

    func testMatrixQuadrantsSplitAtTheMedians() {
        let s = holiday()
        let r = CXScore.ranking(s.board, journey: s.journeyID)
        let st = PrioritisationView.matrixStats(r)!
        XCTAssertEqual(st.medianCost, 5)
        XCTAssertEqual(st.plotted, 10)
        func q(_ id: String) -> PrioritisationView.Quadrant {
            let e = r.entries.first { $0.card == id }!
            return st.quadrant(value: e.cxScore, cost: e.cost)
        }
        // the matrix plots what the table ranks by: the CX score (median 2.385 here) against cost
        XCTAssertEqual(st.medianValue, (1.97 + 2.80) / 2, accuracy: 0.01)
        XCTAssertEqual(q(Self.clone), .quickWins, "CX score 8.50, cost 3")
        XCTAssertEqual(q(Self.holdPrices), .timeSinks, "CX score 1.17, cost 13")
        XCTAssertEqual(q("cd_j092xmm6re"), .bigBets, "CX score 6.35, cost 8")
        XCTAssertEqual(q(Self.leaderboard), .fillIns, "CX score 1.00, cost 3")
    }

    func testATogglesEveryJourneyAndEnterJumpsToTheCardSwitchingJourney() {
        var s = twoJourneys()
        press(&s, .char("p"))
        XCTAssertEqual(panel(s).ranking.entries.map(\.card), ["cd_x1", "cd_x2"], "this journey's")
        press(&s, .char("a"))
        XCTAssertNil(panel(s).journey)
        XCTAssertEqual(panel(s).ranking.entries.map(\.card), ["cd_y1", "cd_x1", "cd_x2"], "every journey's")
        XCTAssertEqual(panel(s).focusCard, "cd_x1", "the focus stays on its card")
        press(&s, .char("k"), .enter)
        XCTAssertEqual(s.mode, .board)
        XCTAssertEqual(s.journeyID, "jr_2", "switched journey")
        XCTAssertEqual(s.focusCard, "cd_y1")
        XCTAssertEqual(s.focusLane, "ln_opp2")
        XCTAssertEqual(s.focusStage, "st_h")
        XCTAssertTrue(s.message?.contains("journey 2/2") ?? false, s.message ?? "")
        // p again ranks the new current journey
        press(&s, .char("p"))
        XCTAssertEqual(panel(s).ranking.entries.map(\.card), ["cd_y1"])
        press(&s, .char("a"))
        XCTAssertEqual(panel(s).ranking.count, 3)
    }

    func testEnterOnTheSameJourneyFocusesTheCard() {
        var s = holiday()
        press(&s, .char("p"))
        focusRow(&s, Self.holdPrices)
        press(&s, .enter)
        XCTAssertEqual(s.mode, .board)
        XCTAssertEqual(s.focusCard, Self.holdPrices)
        XCTAssertEqual(s.focusStage, s.board.cards[Self.holdPrices]?.stage)
        XCTAssertTrue(s.message?.hasPrefix("#9: Hold prices") ?? false, s.message ?? "")
    }

    func testSaveFromThePanelKeepsItOpen() {
        var s = holiday()
        press(&s, .char("p"), .char("g"))
        XCTAssertEqual(press(&s, .char("s")), [.save(path: "holiday.json", quitAfter: false)])
        _ = reduce(&s, .saved)
        XCTAssertFalse(s.isModified)
        XCTAssertNotNil(panel(s).ranking)
        XCTAssertEqual(BoardView.render(s).line(s.height - 1).trimmingCharacters(in: .whitespaces), "saved holiday.json")
    }

    func testABoardWithoutOpportunitiesShowsHowToAddThem() {
        var s = Fixtures.state()
        press(&s, .char("p"))
        XCTAssertEqual(panel(s).ranking.count, 0)
        let text = BoardView.render(s).text
        XCTAssertTrue(text.contains("no opportunities in this journey"), text)
        press(&s, .char("j"), .char("e"), .enter, .char("m"), .tab)
        XCTAssertEqual(panel(s).ranking.count, 0, "keys with nothing to act on change nothing")
        XCTAssertNotNil(BoardView.render(s).text)
        press(&s, .escape)
        XCTAssertEqual(s.mode, .board)
        XCTAssertFalse(s.isModified)
    }

    func testTheTableScrollsToKeepTheFocusInView() {
        var b = exampleBoard("holiday-booking.json")
        let opp = b.cards[Self.clone]!
        for k in 0..<60 {
            var c = opp
            c.id = "cd_extra\(k)"
            c.text = "Extra opportunity \(k)"
            c.confidence = Double(k)
            b.cards[c.id] = c
        }
        var s = BoardState(board: b, path: "x.json", width: 100, height: 30, useColor: false)
        press(&s, .char("p"))
        for _ in 0..<40 { press(&s, .char("j")) }
        let p = panel(s)
        XCTAssertEqual(p.focusIndex, 40)
        let rows = PrioritisationView.tableRows(s)
        XCTAssertTrue(p.top <= 40 && 40 < p.top + rows, "top \(p.top), rows \(rows)")
        let focusText = s.board.cards[p.focusCard!]!.text
        XCTAssertTrue(BoardView.render(s).text.contains(focusText))
        press(&s, .pageDown)
        XCTAssertEqual(panel(s).focusIndex, 40 + rows - 1)
    }
}

extension PrioritisationPanelTests {
    func testAResizeKeepsTheFocusedRowInView() {
        var b = exampleBoard("holiday-booking.json")
        let opp = b.cards[Self.clone]!
        for k in 0..<30 {
            var c = opp
            c.id = "cd_more\(k)"; c.text = "More \(k)"; c.confidence = Double(k)
            b.cards[c.id] = c
        }
        var s = BoardState(board: b, path: "x.json", width: 120, height: 40, useColor: false)
        press(&s, .char("p"), .end)
        let last = s.board.cards[panel(s).focusCard!]!.text
        XCTAssertTrue(BoardView.render(s).text.contains(last))
        _ = reduce(&s, .input(.resize(width: 80, height: 16)))
        XCTAssertTrue(BoardView.render(s).text.contains(String(last.prefix(20))), BoardView.render(s).text)
    }
}
