import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// The conflict list and resolutions the terminal board calls (docs/MERGING.md, "Conflict records").
final class MergeResolutionTests: XCTestCase {
    let c1 = "cd_0000000001", c2 = "cd_0000000002", c3 = "cd_0000000003", c4 = "cd_0000000004"
    let s1 = "st_0000000001", s2 = "st_0000000002", s3 = "st_0000000003"
    let l1 = "ln_0000000001", l2 = "ln_0000000002", l3 = "ln_0000000003"

    func merged(_ edit: (inout Board, inout Board) -> Void) -> Board {
        let base = MergeFixture.board()
        var ours = base, theirs = base
        edit(&ours, &theirs)
        return BoardMerge.merge(base: base, ours: ours, theirs: theirs, labels: ["ours": "main", "theirs": "feature"]).board
    }

    func testInfoReadsLikeABoard() {
        let b = merged { o, t in
            o.cards[c3]!.text = "Live ETA by SMS"
            t.cards[c3]!.text = "Text the ETA\u{1B}[31m"
            o.cards[c1] = nil
            t.cards[c1]!.owner = "web squad"
            o.cards[c4]!.stage = s1
            t.cards[c4]!.lane = l2
        }
        let infos = b.conflictInfos
        XCTAssertEqual(infos.map(\.path), ["cards/\(c1)", "cards/\(c3)/text", "cards/\(c4)/lane", "cards/\(c4)/stage"])
        let whole = infos[0]
        XCTAssertTrue(whole.isWholeEntity)
        XCTAssertEqual(whole.what, "whole card")
        XCTAssertEqual(whole.ours, "(deleted)")
        XCTAssertEqual(whole.theirs, "“Order online” in Get connected › Order / Touchpoints")
        XCTAssertEqual(whole.liveSide, .theirs)
        XCTAssertEqual(whole.cardIDs, [c1])
        XCTAssertEqual(whole.reason, "deleted on main, edited on feature: kept as edited on feature")
        let text = infos[1]
        XCTAssertEqual(text.subject, "card “Live ETA by SMS” (Get connected › Install / Opportunities)")
        XCTAssertEqual(text.what, "text")
        XCTAssertEqual([text.base, text.ours, text.theirs, text.current], ["SMS with technician ETA", "Live ETA by SMS", "Text the ETA␛[31m", "Live ETA by SMS"])
        XCTAssertEqual([text.oursLabel, text.theirsLabel, text.baseLabel], ["main", "feature", "base"])
        XCTAssertEqual(text.liveSide, .ours)
        XCTAssertEqual(infos[3].ours, "Order (\(s1))")
        XCTAssertEqual(infos[3].theirs, "Install (\(s2))")
        XCTAssertEqual(b.cardsWithConflicts, [c1, c3, c4])
        XCTAssertTrue(ConflictDisplay.lines(b.conflicts[0].theirs).contains("owner: web squad"))
    }

    func testKeepOursTakeTheirsOrOwnValue() throws {
        let b = merged { o, t in
            o.cards[c3]!.text = "ours"; t.cards[c3]!.text = "theirs"
            o.cards[c2]!.text = "ours 2"; t.cards[c2]!.text = "theirs 2"
            o.cards[c1]!.notes = "n1"; t.cards[c1]!.notes = "n2"
        }
        XCTAssertEqual(b.conflicts.count, 3)
        var x = b
        try x.resolveConflict(x.conflicts.firstIndex { $0.path.hasPrefix("cards/\(c3)") }!, .theirs)
        XCTAssertEqual(x.cards[c3]!.text, "theirs")
        try x.resolveConflict(x.conflicts.firstIndex { $0.path.hasPrefix("cards/\(c2)") }!, .ours)
        XCTAssertEqual(x.cards[c2]!.text, "ours 2")
        try x.resolveConflict(0, .value("both: n1 and n2"))
        XCTAssertEqual(x.cards[c1]!.notes, "both: n1 and n2")
        XCTAssertEqual(x.conflicts, [])
        XCTAssertEqual(MergeFixture.problems(x), [])
        XCTAssertTrue(Validator.validate(x).isEmpty)
        // a field removed by choosing nothing
        var y = b
        try y.resolveConflict(0, .value(nil))
        XCTAssertNil(y.cards[c1]!.notes)
        // the original board value is untouched: the app keeps it for undo
        XCTAssertEqual(b.conflicts.count, 3)
    }

    func testRestoreOrDeleteAnEntityDeletedOnOneSide() throws {
        let b = merged { o, t in
            o.cards[c1] = nil
            t.cards[c1]!.owner = "web squad"
        }
        // live: the edited card; "ours" deletes it
        var del = b
        try del.resolveConflict(0, .ours)
        XCTAssertNil(del.cards[c1])
        XCTAssertEqual(del.conflicts, [])
        var keep = b
        try keep.resolveConflict(0, .theirs)
        XCTAssertEqual(keep.cards[c1]!.owner, "web squad")
        // restoring the base version
        var base = b
        try base.resolveConflict(0, .base)
        XCTAssertEqual(base.cards[c1], MergeFixture.board().cards[c1])
        // a deleted card that was deleted on the live side is brought back by choosing the editor's side
        var deletedLive = b
        try deletedLive.setValue(nil, at: "cards/\(c1)")
        try deletedLive.resolveConflict(0, .theirs)
        XCTAssertEqual(deletedLive.cards[c1]!.owner, "web squad")
    }

    func testDeletingACardTakesLinksToItAway() throws {
        let b = merged { o, t in
            o.cards[c4] = nil
            o.cards[c3]!.links = []
            t.cards[c4]!.text = "Technician visit, 2h window"
        }
        XCTAssertEqual(b.conflicts.map(\.path), ["cards/\(c4)"])
        var x = b
        try x.resolveConflict(0, .ours)
        XCTAssertNil(x.cards[c4])
        XCTAssertEqual(MergeFixture.problems(x), [])
    }

    func testDeletingAStageStillInUseIsRefused() throws {
        let b = merged { o, t in
            t.stages[s2] = nil
            t.cards[c3] = nil; t.cards[c4] = nil
            MergeFixture.add(&o, "cd_00000000aa", s2, l1, "a1", "Technician calls ahead")
        }
        XCTAssertEqual(b.conflicts.map(\.path), ["stages/\(s2)"])
        XCTAssertEqual(b.conflictInfo(0).cardIDs, [c3, c4, "cd_00000000aa"].filter { b.cards[$0] != nil })
        var x = b
        XCTAssertThrowsError(try x.resolveConflict(0, .theirs)) { e in
            XCTAssertTrue("\(e)".contains("stage \(s2) would be missing but is still used by card “Technician calls ahead”"), "\(e)")
        }
        XCTAssertEqual(x, b, "a refused resolution changes nothing")
        try x.resolveConflict(0, .ours)
        XCTAssertNotNil(x.stages[s2])
        XCTAssertEqual(x.conflicts, [])
    }

    func testPlaceIsResolvedWhole() throws {
        let b = merged { o, t in
            o.cards[c1]!.stage = s2
            t.cards[c1]!.stage = s3
            t.cards[c1]!.lane = l3
        }
        XCTAssertEqual(b.conflicts.map(\.path), ["cards/\(c1)/lane", "cards/\(c1)/stage"])
        var x = b
        try x.resolveConflict(1, .theirs) // stage: theirs → the lane comes along
        XCTAssertEqual([x.cards[c1]!.stage, x.cards[c1]!.lane], [s3, l3])
        XCTAssertEqual(x.conflicts, [])
        XCTAssertEqual(MergeFixture.problems(x), [])
        // an own value that splits the place over two journeys is refused
        var y = b
        XCTAssertThrowsError(try y.resolveConflict(1, .value(.string(s3)))) { e in
            XCTAssertTrue("\(e)".contains("different journeys"), "\(e)")
        }
    }

    func testWrongValuesAreRefused() {
        let b = merged { o, t in o.cards[c3]!.text = "a"; t.cards[c3]!.text = "b" }
        var x = b
        XCTAssertThrowsError(try x.resolveConflict(0, .value(42)))
        XCTAssertThrowsError(try x.resolveConflict(5, .ours))
        XCTAssertEqual(x, b)
    }

    func testVoteAndBoardMemberRecords() throws {
        let b = merged { o, t in
            o.cards[c3]!.votes["mei"] = 2; t.cards[c3]!.votes["mei"] = 4
            o.title = "A"; t.title = "B"
            o.scoring.votesPerParticipant = 3; t.scoring.votesPerParticipant = 7
            o.extra["x"] = ["a": 1]; t.extra["x"] = ["a": 2]
        }
        XCTAssertEqual(b.conflicts.map(\.path), ["cards/\(c3)/votes/mei", "scoring/votesPerParticipant", "title", "x"])
        XCTAssertEqual(b.conflictInfo(0).what, "votes of mei")
        var x = b
        try x.resolveConflict(0, .theirs)
        XCTAssertEqual(x.cards[c3]!.votes["mei"], 4)
        try x.resolveConflict(0, .theirs)
        XCTAssertEqual(x.scoring.votesPerParticipant, 7)
        try x.resolveConflict(0, .theirs)
        XCTAssertEqual(x.title, "B")
        try x.resolveConflict(0, .theirs)
        XCTAssertEqual(x.extra["x"], ["a": 2])
        XCTAssertTrue(Validator.validate(x).isEmpty)
    }

    func testUnsavedEditsMergedWithTheFileOnDisk() {
        let loaded = MergeFixture.board()
        var edited = loaded, disk = loaded
        edited.cards[c1]!.text = "mine"
        disk.cards[c2]!.text = "someone else's"
        disk.cards[c3]!.text = "theirs"
        edited.cards[c3]!.text = "mine too"
        let r = BoardMerge.mergeUnsavedEdits(loaded: loaded, edited: edited, onDisk: disk)
        XCTAssertEqual(r.board.cards[c1]!.text, "mine")
        XCTAssertEqual(r.board.cards[c2]!.text, "someone else's")
        XCTAssertEqual(r.conflicts.map(\.path), ["cards/\(c3)/text"])
        XCTAssertEqual(r.board.conflictInfo(0).oursLabel, "your edits")
        XCTAssertEqual(r.board.conflictInfo(0).theirsLabel, "on disk")
    }
}
