import Foundation
import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// The files of a live room: merging what another instance wrote into an instance's board
/// (with its unshared edits, base = the version last synced), and the presence sidecar (one
/// file per instance, stale entries dropped, the directory gone when the last one leaves).
final class LiveRoomFileTests: XCTestCase {
    func testAnotherInstancesWriteIsMergedWithUnsharedEdits() throws {
        let dir = TemporaryDirectory()
        let p = dir.file("board.json")
        try BoardFile.save(Fixture.twoJourneyBoard(), to: p)
        var (mine, board) = try SaveCoordinator.load(p)
        var (theirs, other) = try SaveCoordinator.load(p)
        XCTAssertEqual(mine.mergeFromDisk(ours: board, me: "ana"), .none, "nothing new")
        board.cards["cd_a"]!.votes["ana"] = 1                       // unshared
        other.cards["cd_a"]!.votes["ben"] = 1
        other.cards["cd_c"]!.text = "ben's text"
        XCTAssertEqual(try theirs.save(other), .saved(note: nil))
        guard case .merged(let merged, let new) = mine.mergeFromDisk(ours: board, me: "ana") else { return XCTFail("merged") }
        XCTAssertEqual(new, [])
        XCTAssertEqual(merged.cards["cd_a"]!.votes, ["ana": 1, "ben": 1])
        XCTAssertEqual(merged.cards["cd_c"]!.text, "ben's text")
        XCTAssertEqual(mine.base, other, "the file as read is the new base")
        XCTAssertEqual(mine.mergeFromDisk(ours: merged, me: "ana"), .none, "each change is merged once")
        // this instance's write of the merge: the file has not changed since, so it is written as it is
        XCTAssertEqual(try mine.save(merged), .saved(note: nil))
        XCTAssertEqual(try BoardFile.load(p), merged)
    }

    func testTheSameFieldFromTwoInstancesIsARecordOursLive() throws {
        let dir = TemporaryDirectory()
        let p = dir.file("board.json")
        try BoardFile.save(Fixture.twoJourneyBoard(), to: p)
        var (mine, board) = try SaveCoordinator.load(p)
        var (theirs, other) = try SaveCoordinator.load(p)
        board.cards["cd_a"]!.text = "ana's"
        other.cards["cd_a"]!.text = "ben's"
        _ = try theirs.save(other)
        guard case .merged(let merged, let new) = mine.mergeFromDisk(ours: board, me: "ana") else { return XCTFail("merged") }
        XCTAssertEqual(new.map(\.path), ["cards/cd_a/text"])
        XCTAssertEqual(new.first?.labels, ["base": "last shared", "ours": "ana", "theirs": "another participant"])
        XCTAssertEqual(merged.cards["cd_a"]!.text, "ana's")
    }

    func testAFileWithConflictMarkersIsNotMergedIn() throws {
        let dir = TemporaryDirectory()
        let p = dir.file("board.json")
        try BoardFile.save(Fixture.twoJourneyBoard(), to: p)
        var (mine, board) = try SaveCoordinator.load(p)
        dir.write("board.json", "<<<<<<< ours\n{}\n=======\n{}\n>>>>>>> theirs\n")
        guard case .unreadable = mine.mergeFromDisk(ours: board, me: "ana") else { return XCTFail("unreadable") }
        XCTAssertEqual(mine.mergeFromDisk(ours: board, me: "ana"), .none, "reported once")
        board.title = "x"
        XCTAssertEqual(mine.base, Fixture.twoJourneyBoard(), "the base stays the last good version")
    }

    func testPresenceFilesOnePerInstanceStaleOnesDropAndTheLastToLeaveRemovesTheRoom() throws {
        let dir = TemporaryDirectory()
        let board = dir.file("board.json")
        let me = PresenceRoom(boardPath: board)
        XCTAssertEqual(me.directory, dir.file(".board.json.journey-room"))
        XCTAssertTrue(me.announce(Presence(name: "ana", stage: "st_0", heartbeat: 100)))
        XCTAssertEqual(me.others(now: 101), [], "one's own file is not someone else")
        // another instance: this test process (so its pid runs) seen from another "host" id
        let running = RecoveryFile.Owner(pid: getppid(), started: RecoveryFile.processStart(getppid()), host: RecoveryFile.hostName(), savedAt: "")
        let ben = PresenceRoom(boardPath: board, me: running)
        XCTAssertTrue(ben.announce(Presence(name: "ben", card: "cd_a", heartbeat: 100)))
        XCTAssertEqual(me.others(now: 105).map(\.name), ["ben"])
        XCTAssertEqual(me.others(now: 105).first?.card, "cd_a")
        XCTAssertEqual(me.others(now: 100 + PresenceRoom.staleAfter + 1), [], "no heartbeat for too long: gone")
        XCTAssertFalse(FileManager.default.fileExists(atPath: ben.ownFile), "and its file removed")
        // an instance whose process has ended is gone at once
        let dead = PresenceRoom(boardPath: board, me: RecoveryFile.Owner(pid: 999_999_999, started: 1, host: RecoveryFile.hostName(), savedAt: ""))
        XCTAssertTrue(dead.announce(Presence(name: "cy", heartbeat: 104)))
        XCTAssertEqual(me.others(now: 105), [])
        // junk in the directory is ignored
        dir.write(".board.json.journey-room/junk.json", "{\"name\": 3}")
        XCTAssertEqual(me.others(now: 105), [])
        try FileManager.default.removeItem(atPath: dir.file(".board.json.journey-room/junk.json"))
        me.leave()
        XCTAssertFalse(FileManager.default.fileExists(atPath: me.directory), "the last to leave removes the room")
    }
}
