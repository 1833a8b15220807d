import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// A merge never writes a board that `journey check` rejects: what a field-by-field merge
/// would break across entities becomes a recorded conflict with both sides kept.
final class MergeValidityTests: XCTestCase {
    typealias F = MergeFixture

    /// What `journey check` says about the written result: the board it read, and every
    /// problem that is not one of its conflict records.
    func checked(_ b: Board, file: String = #filePath, line: UInt = #line) -> (board: Board?, problems: [String]) {
        let r = BoardChecker.check(bytes: BoardCodec.write(b), file: "merged.json")
        let problems = r.diagnostics.map(\.message).filter { !$0.hasPrefix("unresolved merge conflict") }
        return (r.board, problems)
    }

    /// Ours moved stage Install (with its cards) to the other journey; theirs added a card to
    /// Install in a lane of the first journey. Merged as fields, the new card would sit in a
    /// stage of one journey and a lane of another.
    func testACardAddedToAStageTheOtherSideMovedToAnotherJourneyIsRecorded() throws {
        let base = F.board()
        var ours = base
        ours.stages["st_0000000002"]!.journey = "jr_0000000002"
        ours.cards["cd_0000000003"]!.lane = "ln_0000000003"
        ours.cards["cd_0000000004"]!.lane = "ln_0000000003"
        XCTAssertEqual(F.problems(ours), [])
        var theirs = base
        F.add(&theirs, "cd_0000000009", "st_0000000002", "ln_0000000001", "a5", "Router arrives")
        F.add(&theirs, "cd_0000000010", "st_0000000001", "ln_0000000001", "a5", "Tracking link")
        theirs.cards["cd_0000000010"]!.links = ["cd_0000000009"]
        XCTAssertEqual(F.problems(theirs), [])

        let r = BoardMerge.merge(base: base, ours: ours, theirs: theirs, labels: ["ours": "main", "theirs": "feature"])
        let c = checked(r.board)
        XCTAssertEqual(c.problems, [], "the merged board must pass check apart from its records")
        XCTAssertNotNil(c.board)
        // the card is not lost: kept whole in a record (no side's place holds in the merged board)
        let rec = try XCTUnwrap(r.conflicts.first { $0.path == "cards/cd_0000000009" })
        XCTAssertNil(rec.ours)
        XCTAssertEqual(rec.theirs, theirs.cards["cd_0000000009"]!.jsonObject)
        XCTAssertTrue(rec.reason?.contains("different journeys") == true, rec.reason ?? "")
        XCTAssertNil(r.board.cards["cd_0000000009"])
        // a link to it would dangle: dropped from the live card, and the record says so
        XCTAssertEqual(r.board.cards["cd_0000000010"]?.links, [])
        XCTAssertTrue(rec.reason?.contains("links to it dropped from cd_0000000010") == true, rec.reason ?? "")
        // ours' move stands
        XCTAssertEqual(r.board.stages["st_0000000002"]!.journey, "jr_0000000002")
        XCTAssertEqual(c.board?.conflicts.count, r.board.conflicts.count)
    }

    /// Theirs moved stage Order to the other journey with its cards; ours moved one of those
    /// cards to another lane of the first journey. The card goes where a side had it and that
    /// place still holds (theirs), with a record of the whole card.
    func testACardMovedOnOneSideWhileItsStageMovedJourneyTakesAPlaceThatHolds() throws {
        let base = F.board()
        var ours = base
        ours.cards["cd_0000000001"]!.lane = "ln_0000000002"
        var theirs = base
        theirs.stages["st_0000000001"]!.journey = "jr_0000000002"
        theirs.cards["cd_0000000001"]!.lane = "ln_0000000003"
        theirs.cards["cd_0000000002"]!.lane = "ln_0000000003"
        XCTAssertEqual(F.problems(ours), [])
        XCTAssertEqual(F.problems(theirs), [])

        let r = BoardMerge.merge(base: base, ours: ours, theirs: theirs)
        XCTAssertEqual(checked(r.board).problems, [])
        let card = try XCTUnwrap(r.board.cards["cd_0000000001"])
        XCTAssertEqual(card.stage, "st_0000000001")
        XCTAssertEqual(card.lane, "ln_0000000003")
        let rec = try XCTUnwrap(r.conflicts.first { $0.path == "cards/cd_0000000001" })
        XCTAssertEqual(rec.ours, ours.cards["cd_0000000001"]!.jsonObject)
        XCTAssertEqual(rec.theirs, theirs.cards["cd_0000000001"]!.jsonObject)
        XCTAssertTrue(rec.reason?.contains("placed as on theirs") == true, rec.reason ?? "")
    }

    /// The deepest unknown value the reader accepts in a card (512 levels) still reads back
    /// when a delete/edit conflict keeps the whole card in a record (one object deeper).
    func testADeleteEditRecordOfACardWithTheDeepestLegalValueReadsBack() throws {
        var deep: JSONValue = .array([])
        for _ in 1..<512 { deep = .array([deep]) }
        var base = F.board()
        base.cards["cd_0000000001"]!.extra["x-deep"] = deep
        // the value is legal in a card, and one level more is not
        XCTAssertNoThrow(try BoardCodec.read(BoardCodec.write(base)))
        var tooDeep = base
        tooDeep.cards["cd_0000000001"]!.extra["x-deep"] = .array([deep])
        XCTAssertThrowsError(try BoardCodec.read(BoardCodec.write(tooDeep)))

        var ours = base
        ours.cards["cd_0000000001"] = nil
        var theirs = base
        theirs.cards["cd_0000000001"]!.text = "Order online, edited"
        let r = BoardMerge.merge(base: base, ours: ours, theirs: theirs)
        XCTAssertEqual(r.conflicts.map(\.path), ["cards/cd_0000000001"])
        let back = try BoardCodec.read(BoardCodec.write(r.board))
        XCTAssertEqual(back.conflicts.first?.theirs, theirs.cards["cd_0000000001"]!.jsonObject)
        XCTAssertEqual(back.conflicts.first?.base, base.cards["cd_0000000001"]!.jsonObject)
        XCTAssertEqual(checked(r.board).problems, [])
    }

    /// Random three-way merges, including edits that move a stage or a lane (with its cards) to
    /// another journey: the written result always passes `journey check` apart from its records,
    /// and reads back as the same board.
    func testRandomMergesAlwaysPassCheck() {
        var repaired = 0
        for seed in 0..<UInt64(500) {
            var g = MergeTestRandom(seed &+ 90_000)
            let base = MergeRandomBoards.board(&g)
            let a = Self.edited(base, &g), b = Self.edited(base, &g)
            XCTAssertEqual(F.problems(a), [], "seed \(seed): the generator makes valid sides")
            XCTAssertEqual(F.problems(b), [], "seed \(seed): the generator makes valid sides")
            let r = BoardMerge.merge(base: base, ours: a, theirs: b)
            let c = checked(r.board)
            XCTAssertNotNil(c.board, "seed \(seed): the result reads back")
            XCTAssertEqual(c.problems, [], "seed \(seed): the result passes check apart from its records")
            XCTAssertEqual(BoardMerge.problemsBesidesConflicts(r.board).map(\.message), c.problems, "seed \(seed)")
            if r.conflicts.contains(where: { $0.reason?.contains("different journeys") == true }) { repaired += 1 }
        }
        // the generator must reach the case the repair is for
        XCTAssertGreaterThan(repaired, 5)
    }

    /// MergeRandomBoards' edits, plus moving a stage or a lane to another journey (its cards
    /// follow it into a lane or stage of that journey, so the side stays valid).
    static func edited<G: RandomNumberGenerator>(_ base: Board, _ g: inout G) -> Board {
        var b = base
        for _ in 0..<(1 + Int(g.next() % 10)) {
            if g.next() % 100 < 25 { moveAcrossJourneys(&b, &g) } else { MergeRandomBoards.edit(&b, &g) }
        }
        return b
    }

    static func moveAcrossJourneys<G: RandomNumberGenerator>(_ b: inout Board, _ g: inout G) {
        let journeys = b.journeys.keys.sorted()
        guard journeys.count > 1 else { return }
        if g.next() % 2 == 0, let s = b.stages.keys.sorted().randomElement(using: &g) {
            let to = journeys.filter { $0 != b.stages[s]!.journey }.randomElement(using: &g)!
            guard let lane = b.lanes.values.filter({ $0.journey == to }).map(\.id).sorted().randomElement(using: &g) else { return }
            b.stages[s]!.journey = to
            for (k, c) in b.cards where c.stage == s { b.cards[k]!.lane = lane }
        } else if let l = b.lanes.keys.sorted().randomElement(using: &g) {
            let to = journeys.filter { $0 != b.lanes[l]!.journey }.randomElement(using: &g)!
            guard let stage = b.stages.values.filter({ $0.journey == to }).map(\.id).sorted().randomElement(using: &g) else { return }
            b.lanes[l]!.journey = to
            for (k, c) in b.cards where c.lane == l { b.cards[k]!.stage = stage }
        }
    }
}
