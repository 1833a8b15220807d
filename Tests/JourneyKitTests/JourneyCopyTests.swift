import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// `JourneyCopy`: a journey's future-state variant, as one edit on the board.
final class JourneyCopyTests: XCTestCase {
    let source = "jr_0000000001"

    /// The small board with a card outside the journey that the opportunity links to as well,
    /// and votes on the opportunity.
    func board() -> Board {
        var board = Fixture.smallBoard()
        board.cards["cd_0000000002"]!.links = ["cd_0000000001", "cd_0000000003"]
        board.cards["cd_0000000002"]!.votes = ["Ann": 2]
        return board
    }

    func testTheCopyHasNewIdsAndPointsAtItsOwnCards() throws {
        let before = board()
        let copy = try XCTUnwrap(JourneyCopy.edit(copying: source, in: before, title: "Get connected in 10 days", state: .future))
        var after = before
        after.apply(copy.edit)
        XCTAssertTrue(Validator.validate(after).isEmpty, "\(Validator.validate(after))")

        let journey = try XCTUnwrap(after.journeys[copy.journey])
        XCTAssertEqual(journey.title, "Get connected in 10 days")
        XCTAssertEqual(journey.state, "future")
        XCTAssertEqual(journey.persona, "pe_0000000001")
        XCTAssertEqual(journey.extra["variantOf"], .string(source))
        XCTAssertEqual(after.orderedJourneys.map(\.id), [source, copy.journey, "jr_0000000002"], "right after its source")

        XCTAssertEqual(after.stages(of: copy.journey).map(\.title), before.stages(of: source).map(\.title))
        XCTAssertEqual(after.lanes(of: copy.journey).map(\.laneKind), before.lanes(of: source).map(\.laneKind))
        XCTAssertTrue(Set(after.stages(of: copy.journey).map(\.id)).isDisjoint(with: before.stages.keys))
        XCTAssertTrue(Set(after.lanes(of: copy.journey).map(\.id)).isDisjoint(with: before.lanes.keys))

        let copiedCards = after.cards.values.filter { after.stages[$0.stage]?.journey == copy.journey }
        XCTAssertEqual(copiedCards.map(\.text).sorted(), ["ETA by SMS", "Waits in for the technician"])
        XCTAssertTrue(copiedCards.allSatisfy { after.lanes[$0.lane]?.journey == copy.journey })
        let pain = try XCTUnwrap(copiedCards.first { $0.text == "Waits in for the technician" })
        let opportunity = try XCTUnwrap(copiedCards.first { $0.text == "ETA by SMS" })
        XCTAssertEqual(Set(opportunity.links), [pain.id, "cd_0000000003"],
                       "a link inside the journey points at the copy; one outside is kept")
        XCTAssertEqual(opportunity.votes, [:], "votes stay with the original")
        XCTAssertEqual(opportunity.impact, before.cards["cd_0000000002"]!.impact)

        for (id, card) in before.cards { XCTAssertEqual(after.cards[id], card, "the source is untouched") }
        XCTAssertEqual(after.cards.count, before.cards.count + 2)
    }

    func testOneEditOneUndo() throws {
        let before = board()
        let copy = try XCTUnwrap(JourneyCopy.edit(copying: source, in: before, index: CellIndex(before), title: "Copy", state: .current))
        XCTAssertEqual(copy.edit.label, "copy journey")
        var after = before
        after.apply(copy.edit)
        XCTAssertEqual(after.journeys[copy.journey]?.state, "current")
        after.apply(copy.edit.inverse)
        XCTAssertEqual(after, before)
    }

    func testNoSuchJourneyNoEdit() {
        XCTAssertNil(JourneyCopy.edit(copying: "jr_missing", in: board(), title: "X", state: .future))
    }
}
