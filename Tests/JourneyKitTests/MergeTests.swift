import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// The merge engine, case by case (docs/MERGING.md): every clean case and every conflict case.
final class MergeTests: XCTestCase {
    let c1 = "cd_0000000001", c2 = "cd_0000000002", c3 = "cd_0000000003", c4 = "cd_0000000004", c5 = "cd_0000000005"
    let s1 = "st_0000000001", s2 = "st_0000000002", s3 = "st_0000000003"
    let l1 = "ln_0000000001", l2 = "ln_0000000002", l3 = "ln_0000000003"
    let labels = ["ours": "main", "theirs": "feature/sms"]

    func merge(_ base: Board?, _ ours: Board, _ theirs: Board, file: StaticString = #filePath, line: UInt = #line) -> (board: Board, conflicts: [Conflict]) {
        let r = BoardMerge.merge(base: base, ours: ours, theirs: theirs, labels: labels)
        XCTAssertEqual(MergeFixture.problems(r.board), [], "merged board must be valid apart from its records", file: file, line: line)
        XCTAssertEqual(try? MergeFixture.roundTrip(r.board), r.board, "merged board must survive writing and reading", file: file, line: line)
        XCTAssertEqual(Array(r.board.conflicts.suffix(r.conflicts.count)), r.conflicts, file: file, line: line)
        return r
    }

    // MARK: clean

    func testDifferentCardsEdited() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        ours.cards[c1]!.text = "Order online in 3 clicks"
        theirs.cards[c2]!.text = "Confirmation email with date"
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts, [])
        XCTAssertEqual(r.board.cards[c1]!.text, "Order online in 3 clicks")
        XCTAssertEqual(r.board.cards[c2]!.text, "Confirmation email with date")
        var expected = base
        expected.cards[c1]!.text = "Order online in 3 clicks"
        expected.cards[c2]!.text = "Confirmation email with date"
        XCTAssertEqual(r.board, expected)
    }

    func testDifferentFieldsOfOneCard() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        ours.cards[c3]!.text = "Live ETA by SMS"
        ours.cards[c3]!.cost = 3
        theirs.cards[c3]!.owner = "install squad"
        theirs.cards[c3]!.confidence = 70
        theirs.cards[c3]!.extra["ticket"] = "JRN-12" // a field this version does not know
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts, [])
        let c = r.board.cards[c3]!
        XCTAssertEqual(c.text, "Live ETA by SMS")
        XCTAssertEqual(c.cost, 3)
        XCTAssertEqual(c.owner, "install squad")
        XCTAssertEqual(c.confidence, 70)
        XCTAssertEqual(c.extra["ticket"], "JRN-12")
    }

    func testBothAddCardsIntoTheSameCell() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        MergeFixture.add(&ours, "cd_00000000aa", s1, l1, "a2", "Chat with sales")
        MergeFixture.add(&theirs, "cd_00000000bb", s1, l1, "a2", "Call to order") // same order key
        MergeFixture.add(&theirs, "cd_00000000cc", s2, l2, "a1", "Self-install kit")
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts, [])
        XCTAssertEqual(r.board.cards.count, base.cards.count + 3)
        XCTAssertEqual(r.board.cards(stage: s1, lane: l1).map(\.id), [c1, c2, "cd_00000000aa", "cd_00000000bb"],
                       "equal order keys sort by id, the same everywhere")
    }

    func testMovedOnOneSideEditedOnTheOther() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        ours.cards[c4]!.stage = s1
        ours.cards[c4]!.lane = l2
        ours.cards[c4]!.order = "a5"
        theirs.cards[c4]!.text = "Technician visit (2h window)"
        theirs.cards[c4]!.tags = ["field"]
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts, [])
        let c = r.board.cards[c4]!
        XCTAssertEqual([c.stage, c.lane, c.order], [s1, l2, "a5"])
        XCTAssertEqual(c.text, "Technician visit (2h window)")
        XCTAssertEqual(c.tags, ["field"])
        // and the other way round
        let r2 = merge(base, theirs, ours)
        XCTAssertEqual(r2.board, r.board)
    }

    func testStageRenamedWhileCardsAddedToIt() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        ours.stages[s2]!.title = "Installation day"
        MergeFixture.add(&theirs, "cd_00000000aa", s2, l1, "a1", "Technician calls ahead")
        MergeFixture.add(&theirs, "cd_00000000bb", s2, l2, "a1", "Photo of the technician")
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts, [])
        XCTAssertEqual(r.board.stages[s2]!.title, "Installation day")
        XCTAssertEqual(r.board.cards(stage: s2, lane: l1).map(\.text), ["Technician visit", "Technician calls ahead"])
    }

    func testVotesByDifferentPeople() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        ours.cards[c3]!.votes["sam"] = 2
        theirs.cards[c3]!.votes["ana"] = 1
        theirs.cards[c3]!.votes["mei"] = 3  // mei changed her vote on one side only
        ours.cards[c1]!.votes = ["sam": 1]
        theirs.cards[c1]!.votes = ["ana": 2]
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts, [])
        XCTAssertEqual(r.board.cards[c3]!.votes, ["mei": 3, "sam": 2, "ana": 1])
        XCTAssertEqual(r.board.cards[c1]!.votes, ["sam": 1, "ana": 2])
    }

    func testTagsAndLinksMergeAsSets() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        ours.cards[c3]!.tags = ["sms", "quick-win"]
        theirs.cards[c3]!.tags = ["sms", "install"]
        ours.cards[c3]!.links = [c4, c1]
        theirs.cards[c3]!.links = [c4, c2]
        ours.cards[c1]!.tags = ["web"]
        theirs.cards[c1]!.tags = ["online"]
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts, [])
        XCTAssertEqual(r.board.cards[c3]!.tags, ["install", "quick-win", "sms"])
        XCTAssertEqual(r.board.cards[c3]!.links, [c1, c2, c4])
        XCTAssertEqual(r.board.cards[c1]!.tags, ["online", "web"])

        // a removal on one side and an addition on the other both apply
        var o2 = base, t2 = base
        o2.cards[c3]!.tags = []
        t2.cards[c3]!.tags = ["sms", "later"]
        o2.cards[c3]!.links = []
        t2.cards[c3]!.links = [c4, c5]
        let r2 = merge(base, o2, t2)
        XCTAssertEqual(r2.conflicts, [])
        XCTAssertEqual(r2.board.cards[c3]!.tags, ["later"])
        XCTAssertEqual(r2.board.cards[c3]!.links, [c5])
    }

    func testMetricsAndImpactMergeKeyByKey() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        ours.cards[c4]!.metrics = ["satisfaction": 61]
        theirs.cards[c4]!.metrics = ["effort": 4.2]
        ours.cards[c3]!.impact["effort"] = -1
        theirs.cards[c3]!.impact["engagement"] = 4
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts, [])
        XCTAssertEqual(r.board.cards[c4]!.metrics, ["satisfaction": 61, "effort": 4.2])
        XCTAssertEqual(r.board.cards[c3]!.impact, ["satisfaction": 5, "effort": -1, "engagement": 4])
    }

    func testBoardMembersAndUnknownFieldsMerge() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        ours.title = "Broadband onboarding"
        theirs.scoring.gate = "any"
        ours.scoring.votesPerParticipant = 3
        ours.extra["owner"] = "cx team"
        theirs.extra["workshop"] = ["date": "2026-03-01"]
        ours.stages[s1]!.extra["colour"] = "blue"
        theirs.stages[s1]!.extra["wip"] = true
        theirs.lanes[l1]!.title = "Channels"
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts, [])
        XCTAssertEqual(r.board.title, "Broadband onboarding")
        XCTAssertEqual(r.board.scoring, { var s = Scoring(gate: "any", votesPerParticipant: 3); s.extra = [:]; return s }())
        XCTAssertEqual(r.board.extra, ["owner": "cx team", "workshop": ["date": "2026-03-01"]])
        XCTAssertEqual(r.board.stages[s1]!.extra, ["colour": "blue", "wip": true])
        XCTAssertEqual(r.board.lanes[l1]!.title, "Channels")
    }

    func testSameChangeOnBothSidesIsClean() {
        let base = MergeFixture.board()
        var ours = base
        ours.cards[c1]!.text = "Same"
        ours.cards[c2] = nil
        let r = merge(base, ours, ours)
        XCTAssertEqual(r.conflicts, [])
        XCTAssertEqual(r.board, ours)
    }

    func testBothDeleteOrOneDeletesUnchanged() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        ours.cards[c1] = nil
        theirs.cards[c1] = nil
        theirs.cards[c2] = nil
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts, [])
        XCTAssertNil(r.board.cards[c1])
        XCTAssertNil(r.board.cards[c2])
    }

    func testStageDeletedWithItsCardsWhileOtherSideLeftThemAlone() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        ours.stages[s1] = nil
        ours.cards[c1] = nil
        ours.cards[c2] = nil
        theirs.cards[c4]!.text = "elsewhere"
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts, [])
        XCTAssertNil(r.board.stages[s1])
        XCTAssertEqual(r.board.cards[c4]!.text, "elsewhere")
    }

    func testEmptyBaseBothAddedTheFile() {
        var ours = MergeFixture.board()
        var theirs = MergeFixture.board()
        ours.cards[c1]!.text = "ours"
        theirs.cards[c2]!.text = "theirs"
        let r = merge(nil, ours, theirs)
        // equal content is kept; different content conflicts (no base says who changed it)
        XCTAssertEqual(Set(r.conflicts.map(\.path)), ["cards/\(c1)/text", "cards/\(c2)/text"])
        XCTAssertEqual(r.board.cards[c2]!.text, "Confirmation email")
        XCTAssertEqual(r.conflicts.first { $0.path == "cards/\(c2)/text" }!.base, nil)
        // a board added on one side only: merge(empty, empty, b) = b
        let r2 = merge(nil, BoardMerge.emptyBase, theirs)
        XCTAssertEqual(r2.board, theirs)
        XCTAssertEqual(r2.conflicts, [])
        // entirely different boards added on both sides merge when they share nothing but the defaults
        var a = Board(title: "T"), b = Board(title: "T")
        a.heroMetrics = Board.defaultHeroMetrics; b.heroMetrics = Board.defaultHeroMetrics
        a.journeys["jr_000000000a"] = Journey(id: "jr_000000000a", title: "A", order: "a0")
        b.journeys["jr_000000000b"] = Journey(id: "jr_000000000b", title: "B", order: "a0")
        let r3 = merge(nil, a, b)
        XCTAssertEqual(r3.conflicts, [])
        XCTAssertEqual(r3.board.journeys.count, 2)
    }

    // MARK: conflicts

    func testFieldChangedTwoWays() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        ours.cards[c3]!.text = "Live ETA by SMS"
        theirs.cards[c3]!.text = "Text the technician's ETA"
        theirs.cards[c3]!.owner = "install squad"
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts.count, 1)
        let c = r.conflicts[0]
        XCTAssertEqual(c.path, "cards/\(c3)/text")
        XCTAssertEqual(c.base, "SMS with technician ETA")
        XCTAssertEqual(c.ours, "Live ETA by SMS")
        XCTAssertEqual(c.theirs, "Text the technician's ETA")
        XCTAssertEqual(c.labels, labels)
        XCTAssertEqual(r.board.cards[c3]!.text, "Live ETA by SMS", "ours stays live")
        XCTAssertEqual(r.board.cards[c3]!.owner, "install squad", "the other field still merges")
        XCTAssertEqual(r.board.conflicts, [c])
        XCTAssertTrue(Validator.validate(r.board).contains { $0.message.contains("unresolved merge conflict 1 of 1 at cards/\(c3)/text") })
    }

    func testSameVoterChangedTwoWays() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        ours.cards[c3]!.votes["mei"] = 2
        theirs.cards[c3]!.votes["mei"] = 3
        theirs.cards[c3]!.votes["sam"] = 1
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts.map(\.path), ["cards/\(c3)/votes/mei"])
        XCTAssertEqual(r.conflicts[0].base, 1)
        XCTAssertEqual(r.board.cards[c3]!.votes, ["mei": 2, "sam": 1])
    }

    func testDeletedOnOneSideEditedOnTheOther() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        ours.cards[c1] = nil
        theirs.cards[c1]!.text = "Order online, now with a live chat"
        theirs.cards[c2] = nil
        ours.cards[c2]!.owner = "sales"
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts.map(\.path), ["cards/\(c1)", "cards/\(c2)"])
        // the edited entity is kept live, whichever side edited it: nothing is lost
        XCTAssertEqual(r.board.cards[c1]!.text, "Order online, now with a live chat")
        XCTAssertEqual(r.board.cards[c2]!.owner, "sales")
        let k1 = r.conflicts[0], k2 = r.conflicts[1]
        XCTAssertEqual(k1.base, base.cards[c1]!.jsonObject)
        XCTAssertNil(k1.ours)
        XCTAssertEqual(k1.theirs, theirs.cards[c1]!.jsonObject)
        XCTAssertEqual(k2.ours, ours.cards[c2]!.jsonObject)
        XCTAssertNil(k2.theirs)
        XCTAssertEqual(k1.reason, "deleted on main, edited on feature/sms: kept as edited on feature/sms")
    }

    func testStageDeletedWhileCardsAddedToIt() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        // theirs deletes stage Install with its cards
        theirs.stages[s2] = nil
        theirs.cards[c3] = nil
        theirs.cards[c4] = nil
        // ours adds two cards to it
        MergeFixture.add(&ours, "cd_00000000aa", s2, l1, "a1", "Technician calls ahead")
        MergeFixture.add(&ours, "cd_00000000bb", s2, l2, "a1", "Photo of the technician")
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts.map(\.path), ["stages/\(s2)"])
        XCTAssertNotNil(r.board.stages[s2], "the stage is kept: nothing is lost")
        XCTAssertNotNil(r.board.cards["cd_00000000aa"])
        XCTAssertNotNil(r.board.cards["cd_00000000bb"])
        XCTAssertNil(r.board.cards[c4], "cards nobody touched go with their stage")
        let k = r.conflicts[0]
        XCTAssertEqual(k.base, base.stages[s2]!.jsonObject)
        XCTAssertEqual(k.ours, base.stages[s2]!.jsonObject)
        XCTAssertNil(k.theirs)
        XCTAssertEqual(k.reason, "stage kept: deleted on feature/sms, but still used by 2 cards (cd_00000000aa, cd_00000000bb)")
    }

    func testLaneDeletedWhileCardsAddedToItOnTheOtherSide() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        ours.lanes[l2] = nil
        ours.cards[c3] = nil
        MergeFixture.add(&theirs, "cd_00000000aa", s1, l2, "a0", "Order by chat")
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts.map(\.path), ["lanes/\(l2)"])
        XCTAssertEqual(r.board.lanes[l2], base.lanes[l2])
        XCTAssertNil(r.conflicts[0].ours)
        XCTAssertNil(r.board.cards[c3])
    }

    func testJourneyDeletedWhileACardWasAddedToIt() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        let j2 = "jr_0000000002"
        theirs.journeys[j2] = nil
        theirs.stages[s3] = nil
        theirs.lanes[l3] = nil
        theirs.cards[c5] = nil
        MergeFixture.add(&ours, "cd_00000000aa", s3, l3, "a1", "Call back promised, never came")
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts.map(\.path), ["journeys/\(j2)", "lanes/\(l3)", "stages/\(s3)"])
        XCTAssertNotNil(r.board.journeys[j2])
        XCTAssertNil(r.board.cards[c5])
    }

    func testCardDeletedWhileLinkedOnTheOtherSide() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        ours.cards[c1] = nil
        theirs.cards[c3]!.links = [c1, c4]
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts.map(\.path), ["cards/\(c1)"])
        XCTAssertEqual(r.board.cards[c1], base.cards[c1])
        XCTAssertEqual(r.board.cards[c3]!.links, [c1, c4])
    }

    func testHeroMetricDeletedWhileImpactAddedOnTheOtherSide() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        ours.heroMetrics["engagement"] = nil
        theirs.cards[c3]!.impact["engagement"] = 6
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts.map(\.path), ["heroMetrics/engagement"])
        XCTAssertNotNil(r.board.heroMetrics["engagement"])
    }

    func testMovedToDifferentPlacesKeepsOnePlace() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        ours.cards[c1]!.stage = s2          // ours: another stage, same lane
        theirs.cards[c1]!.stage = s3        // theirs: into the other journey
        theirs.cards[c1]!.lane = l3
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts.map(\.path), ["cards/\(c1)/lane", "cards/\(c1)/stage"])
        XCTAssertEqual([r.board.cards[c1]!.stage, r.board.cards[c1]!.lane], [s2, l1], "ours' place, whole")
        let r2 = merge(base, theirs, ours)
        XCTAssertEqual([r2.board.cards[c1]!.stage, r2.board.cards[c1]!.lane], [s3, l3])
        // the lane changed on one side and the stage on the other: still one place
        var o3 = base, t3 = base
        o3.cards[c1]!.stage = s2
        t3.cards[c1]!.lane = l2
        let r3 = merge(base, o3, t3)
        XCTAssertEqual(r3.conflicts.map(\.path), ["cards/\(c1)/lane", "cards/\(c1)/stage"])
    }

    func testHeroMetricEditsThatDoNotFitTogether() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        ours.heroMetrics["satisfaction"]!.min = 60
        theirs.heroMetrics["satisfaction"]!.max = 50
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts.map(\.path), ["heroMetrics/satisfaction"])
        XCTAssertEqual(r.board.heroMetrics["satisfaction"], ours.heroMetrics["satisfaction"])
    }

    func testTitleAndScoringConflicts() {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        ours.title = "A"; theirs.title = "B"
        ours.scoring.gate = "any"; theirs.scoring.gate = "none"
        ours.extra["x"] = 1; theirs.extra["x"] = 2
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts.map(\.path), ["scoring/gate", "title", "x"])
        XCTAssertEqual(r.board.title, "A")
        XCTAssertEqual(r.board.scoring.gate, "any")
    }

    func testExistingRecordsMergeAsASet() {
        var base = MergeFixture.board()
        let old1 = Conflict(path: "cards/\(c1)/text", base: "a", ours: "b", theirs: "c")
        let old2 = Conflict(path: "cards/\(c2)/text", base: "a", ours: "b", theirs: "c")
        base.conflicts = [old1, old2]
        var ours = base, theirs = base
        ours.conflicts = [old2]                       // ours resolved old1
        let newOnTheirs = Conflict(path: "title", base: "x", ours: "y", theirs: "z")
        theirs.conflicts.append(newOnTheirs)          // theirs got another one
        ours.cards[c4]!.text = "o"; theirs.cards[c4]!.text = "t"
        let r = BoardMerge.merge(base: base, ours: ours, theirs: theirs)
        XCTAssertEqual(r.board.conflicts.map(\.path), ["cards/\(c2)/text", "title", "cards/\(c4)/text"])
        XCTAssertEqual(r.conflicts.map(\.path), ["cards/\(c4)/text"])
    }

    func testPathsEscapeSlashes() {
        XCTAssertEqual(ConflictPath.join(["cards", "cd_x", "votes", "a/b~c"]), "cards/cd_x/votes/a~1b~0c")
        XCTAssertEqual(ConflictPath.split("cards/cd_x/votes/a~1b~0c"), ["cards", "cd_x", "votes", "a/b~c"])
        let base = MergeFixture.board()
        var ours = base, theirs = base
        ours.cards[c3]!.votes["team/a"] = 1
        theirs.cards[c3]!.votes["team/a"] = 2
        let r = merge(base, ours, theirs)
        XCTAssertEqual(r.conflicts.map(\.path), ["cards/\(c3)/votes/team~1a"])
        XCTAssertEqual(r.board.value(at: "cards/\(c3)/votes/team~1a"), 1)
    }
}
