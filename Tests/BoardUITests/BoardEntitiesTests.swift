import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// Personas, a journey's own fields and a card's volume, measured results and source, edited
/// on the board: each change is undoable and checked with `journey check`'s rules.
final class BoardEntitiesTests: XCTestCase {
    func problems(_ s: BoardState) -> [String] { Validator.validate(s.board).map(\.message) }

    func testPersonaAddRenameDescribeAndUndo() {
        var s = Fixtures.state()
        command(&s, "persona add Busy parent")
        let added = s.board.orderedPersonas.last!
        XCTAssertEqual(added.name, "Busy parent")
        XCTAssertTrue(s.message?.hasPrefix("persona added: Busy parent") == true, s.message ?? "")
        command(&s, "persona rename \"Busy parent\" Working parent")
        XCTAssertEqual(s.board.personas[added.id]?.name, "Working parent")
        XCTAssertEqual(s.message, "persona renamed: Busy parent → Working parent")
        command(&s, "persona describe working\\ parent x")   // not a persona: says which there are
        XCTAssertTrue(s.message?.hasPrefix("no persona") == true, s.message ?? "")
        command(&s, "persona describe \"Working parent\" Two kids, one laptop")
        XCTAssertEqual(s.board.personas[added.id]?.description, "Two kids, one laptop")
        command(&s, "persona add Ana")
        XCTAssertEqual(s.message, "a persona named Ana exists already")
        XCTAssertEqual(problems(s), [])
        press(&s, .char("u"), .char("u"), .char("u"))
        XCTAssertNil(s.board.personas[added.id], "three undos take the three edits back")
        XCTAssertEqual(s.board, Fixtures.board())
    }

    func testDeletingAPersonaInUseAsksAndClearsItFromItsJourneys() {
        var s = Fixtures.state()
        command(&s, "persona delete Ana")
        guard case .confirm(let prompt) = s.mode else { return XCTFail("a persona a journey has: asks first") }
        XCTAssertTrue(prompt.message.contains("Get connected"), prompt.message)
        press(&s, .char("n"))
        XCTAssertNotNil(s.board.personas["pe_1"], "n keeps it")
        command(&s, "persona delete ana")
        press(&s, .char("y"))
        XCTAssertNil(s.board.personas["pe_1"])
        XCTAssertNil(s.board.journeys["jr_1"]?.persona, "the journey is left without a persona, not with a dangling one")
        XCTAssertEqual(problems(s), [])
        press(&s, .char("u"))
        XCTAssertEqual(s.board, Fixtures.board(), "one undo restores the persona and the journey's link to it")
        // a persona no journey has goes without asking
        command(&s, "persona add Spare")
        command(&s, "persona delete Spare")
        XCTAssertEqual(s.mode, .board)
        XCTAssertTrue(s.message?.hasPrefix("persona deleted: Spare") == true, s.message ?? "")
    }

    func testJourneyPersonaStateAndMetric() {
        var s = Fixtures.state()
        command(&s, "persona add Installer")
        command(&s, "journey persona Installer")
        let installer = s.board.orderedPersonas.first { $0.name == "Installer" }!
        XCTAssertEqual(s.board.journeys["jr_1"]?.persona, installer.id)
        XCTAssertEqual(s.message, "persona of Get connected: Installer")
        command(&s, "journey persona Nobody")
        XCTAssertEqual(s.board.journeys["jr_1"]?.persona, installer.id, "an unknown persona is refused")
        command(&s, "journey persona none")
        XCTAssertNil(s.board.journeys["jr_1"]?.persona)
        command(&s, "journey state future")
        XCTAssertEqual(s.board.journeys["jr_1"]?.state, "future")
        command(&s, "journey state later")
        XCTAssertEqual(s.board.journeys["jr_1"]?.state, "future")
        XCTAssertEqual(s.message, "journey jr_1: state must be \"current\" or \"future\", not \"later\"", "check's own words")
        command(&s, "journey metric satisfaction 72")
        XCTAssertEqual(s.board.journeys["jr_1"]?.metrics, ["satisfaction": 72])
        XCTAssertEqual(s.message, "satisfaction of Get connected: 72")
        command(&s, "journey metric nps 40")
        XCTAssertNil(s.board.journeys["jr_1"]?.metrics["nps"], "not a hero metric: refused as check refuses it")
        XCTAssertTrue(s.message?.contains("\"nps\", which is not a hero metric") == true, s.message ?? "")
        command(&s, "journey metric satisfaction lots")
        XCTAssertTrue(s.message?.hasPrefix("usage: :journey metric ID VALUE|-") == true, s.message ?? "")
        command(&s, "journey metric")
        XCTAssertEqual(s.message, "measured on this journey: satisfaction=72")
        command(&s, "journey metric satisfaction -")
        XCTAssertEqual(s.board.journeys["jr_1"]?.metrics, [:])
        XCTAssertEqual(problems(s), [])
        for _ in 0..<6 { press(&s, .char("u")) }
        XCTAssertEqual(s.board, Fixtures.board(), "each change is one undo step")
    }

    func testDeletingAJourneyAsksRemovesEverythingInItAndUndoBringsItBack() {
        var s = Fixtures.state()
        // a card of the other journey links into this one: the link goes with it
        s.perform(BoardEdit("link", [.card("cd_h", s.board.cards["cd_h"]!, { var c = s.board.cards["cd_h"]!; c.links = ["cd_a"]; return c }())]))
        let before = s.board
        command(&s, "journey delete")
        guard case .confirm(let prompt) = s.mode else { return XCTFail("asks first") }
        XCTAssertEqual(prompt.message, "Delete journey \"Get connected\" with its 3 stages, 3 lanes and 6 cards?")
        press(&s, .escape)
        XCTAssertEqual(s.board, before)
        command(&s, "journey delete")
        press(&s, .char("y"))
        XCTAssertNil(s.board.journeys["jr_1"])
        XCTAssertEqual(s.journeyID, "jr_2", "the board shows the next journey")
        XCTAssertTrue(s.board.stages.values.allSatisfy { $0.journey == "jr_2" })
        XCTAssertTrue(s.board.lanes.values.allSatisfy { $0.journey == "jr_2" })
        XCTAssertEqual(Array(s.board.cards.values.map(\.id)), ["cd_h"])
        XCTAssertEqual(s.board.cards["cd_h"]?.links, [])
        XCTAssertEqual(problems(s), [])
        press(&s, .char("u"))
        XCTAssertEqual(s.board, before)
        XCTAssertEqual(s.journeyID, "jr_1", "undo shows the journey it brought back")
        XCTAssertNotNil(s.focusCard)
    }

    func testFormEditsVolumeMeasuredAndSourceValidatedAsCheckDoes() {
        var s = Fixtures.state()
        // an opportunity card: measured and source are in its form
        let opportunityLane = Lane(id: "ln_opp", journey: "jr_1", kind: .opportunities, order: "a3")
        s.perform(BoardEdit("lane", [.lane("ln_opp", nil, opportunityLane)]))
        let card = Card(id: "cd_x", lane: "ln_opp", stage: "st_0", order: "a0", text: "Text the arrival time")
        s.perform(BoardEdit("card", [.card("cd_x", nil, card)]))
        s.focus(card: "cd_x")
        press(&s, .char("e"))
        guard case .form(let form) = s.mode else { return XCTFail("the form opens") }
        XCTAssertEqual(form.fields, [.text, .notes, .channel, .owner, .tags, .status, .metrics, .measured, .source, .comment])
        while case .form(let f) = s.mode, f.focusedField != .measured { press(&s, .tab) }
        type(&s, "satisfaction=80, nps=3")
        press(&s, .enter)
        guard case .form(let refused) = s.mode else { return XCTFail("an unknown metric is refused") }
        XCTAssertTrue(refused.error?.hasPrefix("measured names \"nps\", which is not a hero metric") == true, refused.error ?? "")
        press(&s, .ctrl("u")); type(&s, "satisfaction=80, effort=2")
        press(&s, .tab); type(&s, "survey, May")
        press(&s, .enter)
        XCTAssertEqual(s.mode, .board)
        XCTAssertEqual(s.board.cards["cd_x"]?.measured, ["satisfaction": 80, "effort": 2])
        XCTAssertEqual(s.board.cards["cd_x"]?.source, "survey, May")
        press(&s, .char("u"))
        XCTAssertEqual(s.board.cards["cd_x"], card)
    }

    func testFormVolumeOnATouchpointRefusesANegativeNumber() {
        var s = Fixtures.state()
        let lane = Lane(id: "ln_tp", journey: "jr_1", kind: .touchpoints, order: "a3")
        let card = Card(id: "cd_t", lane: "ln_tp", stage: "st_0", order: "a0", text: "Order page")
        s.perform(BoardEdit("setup", [.lane("ln_tp", nil, lane), .card("cd_t", nil, card)]))
        s.focus(card: "cd_t")
        press(&s, .char("e"))
        while case .form(let f) = s.mode, f.focusedField != .volume { press(&s, .tab) }
        type(&s, "-4"); press(&s, .enter)
        guard case .form(let f) = s.mode else { return XCTFail("refused") }
        XCTAssertEqual(f.error, "volume must not be negative")
        press(&s, .ctrl("u")); type(&s, "many"); press(&s, .enter)
        guard case .form(let g) = s.mode else { return XCTFail("refused") }
        XCTAssertEqual(g.error, "volume: a number, not many")
        press(&s, .ctrl("u")); type(&s, "12000"); press(&s, .enter)
        XCTAssertEqual(s.board.cards["cd_t"]?.volume, 12000)
        press(&s, .char("e"))
        while case .form(let f) = s.mode, f.focusedField != .volume { press(&s, .tab) }
        press(&s, .ctrl("u")); press(&s, .enter)
        XCTAssertNil(s.board.cards["cd_t"]?.volume, "an empty field clears it")
    }

    func testNotesAreSeveralLinesEnterBreaksCtrlSKeeps() {
        var s = Fixtures.state()
        press(&s, .char("e"), .tab)                 // Text → Notes
        type(&s, "first line"); press(&s, .enter); type(&s, "second line")
        guard case .form = s.mode else { return XCTFail("Enter in Notes keeps the form open") }
        assertSnapshot(BoardView.render(s), "form-notes-lines")
        // ↑ ↓ move between the lines; past the first line ↑ goes to the previous field
        press(&s, .up); type(&s, "!")
        guard case .form(let f) = s.mode else { return XCTFail() }
        XCTAssertEqual(f.editors[.notes]?.text, "first line!\nsecond line", "the same column, or the end of a shorter line")
        XCTAssertEqual(f.focusedField, .notes)
        press(&s, .down, .down)
        guard case .form(let g) = s.mode else { return XCTFail() }
        XCTAssertEqual(g.focusedField, .channel, "↓ on the last line: the next field")
        press(&s, .up)                              // back to the notes
        press(&s, .ctrl("s"))
        XCTAssertEqual(s.mode, .board)
        XCTAssertEqual(s.board.cards["cd_a"]?.notes, "first line!\nsecond line")
        // Tab leaves the notes too; Enter in another field keeps the edit
        press(&s, .char("e"), .tab, .tab); type(&s, "web"); press(&s, .enter)
        XCTAssertEqual(s.board.cards["cd_a"]?.channel, "web")
        XCTAssertEqual(s.board.cards["cd_a"]?.notes, "first line!\nsecond line")
    }

    func testPersonaCommandsCompleteNamesAndSayUsage() {
        var s = Fixtures.state()
        command(&s, "persona")
        XCTAssertEqual(s.message, "personas: Ana (1 journey)")
        command(&s, "persona frobnicate")
        XCTAssertTrue(s.message?.hasPrefix("usage: :persona add NAME | rename PERSONA NAME") == true, s.message ?? "")
        XCTAssertEqual(Commands.personaNames(s), ["Ana"])
        // Tab completes a persona's name (and none) after :journey persona
        press(&s, .char(":")); type(&s, "journey persona A"); press(&s, .tab)
        guard case .command(let editor) = s.mode else { return XCTFail("the command line stays open") }
        XCTAssertEqual(editor.text, "journey persona Ana ")
    }

    func testJourneyHeaderShowsPersonaAndState() {
        var s = Fixtures.state()
        command(&s, "persona add Installer")
        command(&s, "journey persona Installer")
        command(&s, "journey state future")
        assertSnapshot(BoardView.render(s), "journey-persona-future")
    }
}
