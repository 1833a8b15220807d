import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// Setting a declared field by name (what the board's details form writes through), and the
/// per-entity rules `check` and the board share.
final class FieldEditTests: XCTestCase {
    func testEveryCardFieldSetsAndReadsBackByItsDeclaredType() {
        var card = Card(id: "cd_1", lane: "ln", stage: "st", order: "a0", text: "x")
        XCTAssertTrue(card.setField("volume", .number(12)))
        XCTAssertEqual(card.volume, 12)
        XCTAssertEqual(card.field("volume"), .number(12))
        XCTAssertTrue(card.setField("volume", nil))
        XCTAssertNil(card.volume)
        XCTAssertNil(card.field("volume"))
        XCTAssertTrue(card.setField("measured", .object(["satisfaction": .number(80)])))
        XCTAssertEqual(card.measured, ["satisfaction": 80])
        XCTAssertTrue(card.setField("source", .string("survey")))
        XCTAssertEqual(card.source, "survey")
        XCTAssertTrue(card.setField("tags", .array([.string("b"), .string("a"), .string("b")])))
        XCTAssertEqual(card.tags, ["a", "b"], "a set: sorted, no repeats")
        XCTAssertTrue(card.setField("votes", .object(["ana": .number(2)])))
        XCTAssertEqual(card.votes["ana"], 2)
        XCTAssertTrue(card.setField("notes", .string("a\nb")))
        XCTAssertEqual(card.notes, "a\nb")
        // a value of another type, or a field not declared, changes nothing
        let before = card
        XCTAssertFalse(card.setField("volume", .string("many")))
        XCTAssertFalse(card.setField("votes", .object(["ana": .number(1.5)])))
        XCTAssertFalse(card.setField("nonsense", .number(1)))
        XCTAssertEqual(card, before)
        // a shared card box is copied, not changed under another value
        let copy = card
        card.setField("text", .string("changed"))
        XCTAssertEqual(copy.text, "x")
    }

    func testJourneyFieldsSetByName() {
        var j = Journey(id: "jr_1", title: "T", order: "a0")
        XCTAssertTrue(j.setField("metrics", .object(["effort": .number(3)])))
        XCTAssertEqual(j.metrics, ["effort": 3])
        XCTAssertTrue(j.setField("persona", nil))
        XCTAssertNil(j.persona)
    }

    func testTheBoardsRulesAreCheckRules() {
        var board = Fixture.twoJourneyBoard()
        board.journeys["jr_1"]!.state = "later"
        board.journeys["jr_1"]!.metrics = ["nps": 3]
        board.journeys["jr_1"]!.persona = "pe_gone"
        board.cards["cd_a"]!.volume = -1
        board.cards["cd_a"]!.measured = ["nps": 1]
        let checked = Set(Validator.validate(board).map(\.message))
        let shared = Set(Validator.problems(of: board.journeys["jr_1"]!, in: board) + Validator.problems(of: board.cards["cd_a"]!, in: board))
        XCTAssertEqual(shared.count, 5)
        XCTAssertEqual(checked, shared, "the board refuses exactly what check reports")
    }
}
