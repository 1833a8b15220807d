import Foundation
import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// The recovery file (docs/MERGING.md): who wrote it, on top of what, what opening offers,
/// and who may write over or delete it.
final class RecoveryFileTests: XCTestCase {
    let c1 = "cd_0000000001", c2 = "cd_0000000002"
    /// A pid no process has (above Linux's pid_max).
    let deadPID: Int32 = 0x3FFF_FFF0

    func owner(pid: Int32, started: UInt64? = nil) -> RecoveryFile.Owner {
        RecoveryFile.Owner(pid: pid, started: started, host: RecoveryFile.hostName(), savedAt: "2026-01-01T10:00:00Z")
    }

    func testWrittenWithOwnerAndBaseReadBackWithoutTheMember() throws {
        let d = ScratchDir()
        let p = d.file(".b.json.journey-recover")
        let base = MergeFixture.board()
        var edited = base
        edited.cards[c1]!.text = "unsaved"
        edited.extra["x-kept"] = "unknown members survive"
        try RecoveryFile.write(edited: edited, base: base, to: p, owner: owner(pid: 4242, started: 99))
        // the file is a board (readable by anything that reads boards) with the member
        let raw = try BoardFile.load(p)
        let meta = try XCTUnwrap(raw.extra[RecoveryFile.member]?.objectValue)
        XCTAssertEqual(meta["pid"], 4242)
        XCTAssertEqual(meta["started"], 99)
        XCTAssertNotNil(meta["base"]?.objectValue?["cards"])
        let c = try RecoveryFile.read(p)
        XCTAssertEqual(c.board, edited, "the member is stripped")
        XCTAssertEqual(c.base, base)
        XCTAssertEqual(c.owner, owner(pid: 4242, started: 99))
        var st = stat()
        XCTAssertEqual(stat(p, &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o600)
        // without a base, and a file from before owners were recorded
        try RecoveryFile.write(edited: edited, base: nil, to: p, owner: owner(pid: 7))
        XCTAssertNil(try RecoveryFile.read(p).base)
        try BoardFile.save(edited, to: p)
        XCTAssertNil(try RecoveryFile.read(p).owner)
    }

    func testOwnerIsRunning() {
        XCTAssertTrue(RecoveryFile.Owner.current().isRunning)
        XCTAssertFalse(owner(pid: deadPID).isRunning)
        let me = RecoveryFile.Owner.current()
        if let s = me.started {
            XCTAssertFalse(owner(pid: me.pid, started: s + 1).isRunning, "a reused pid is not the writer")
        }
        var remote = owner(pid: deadPID)
        remote.host = "another-host-\(UUID().uuidString.prefix(4))"
        XCTAssertTrue(remote.isRunning, "another host cannot be told: taken as running")
    }

    func testOfferAtOpening() {
        let base = MergeFixture.board()
        var edited = base
        edited.cards[c1]!.text = "recovered"
        let r = RecoveryFile.Contents(board: edited, base: base, owner: owner(pid: deadPID))
        // running writer: nothing offered
        XCTAssertEqual(RecoveryFile.offer(r, disk: base, ownerRunning: true), .ownerRunning(owner(pid: deadPID)))
        // the disk is still the base: the edits as they are
        XCTAssertEqual(RecoveryFile.offer(r, disk: base, ownerRunning: false), .offer(board: edited, merged: false, conflicts: 0))
        // the disk changed since: merged into it
        var disk = base
        disk.cards[c2]!.text = "changed on disk"
        guard case .offer(let m, true, 0) = RecoveryFile.offer(r, disk: disk, ownerRunning: false) else { return XCTFail("merged offer") }
        XCTAssertEqual(m.cards[c1]!.text, "recovered")
        XCTAssertEqual(m.cards[c2]!.text, "changed on disk")
        // the disk changed the same text: a conflict, the recovered edit live
        disk.cards[c1]!.text = "other wording on disk"
        guard case .offer(let m2, true, 1) = RecoveryFile.offer(r, disk: disk, ownerRunning: false) else { return XCTFail("one conflict") }
        XCTAssertEqual(m2.cards[c1]!.text, "recovered")
        XCTAssertEqual(m2.conflicts.first?.labels["ours"], "recovered edits")
        // the disk already holds the edits (saved before the crash)
        XCTAssertEqual(RecoveryFile.offer(r, disk: edited, ownerRunning: false), .nothingNew)
        // no base recorded: a plain offer
        let old = RecoveryFile.Contents(board: edited, base: nil, owner: nil)
        XCTAssertEqual(RecoveryFile.offer(old, disk: disk, ownerRunning: false), .offer(board: edited, merged: false, conflicts: 0))
    }

    func testKeeperNeverWritesOverOrDeletesAnotherSessionsFile() throws {
        let d = ScratchDir()
        let board = d.file("b.json")
        try BoardFile.save(MergeFixture.board(), to: board)
        var edited = MergeFixture.board()
        edited.cards[c1]!.text = "mine"
        var k = RecoveryKeeper(boardPath: board)
        // none yet: written, then its own file again, then deleted
        XCTAssertEqual(k.write(edited: edited, base: MergeFixture.board()), .written)
        XCTAssertEqual(try RecoveryFile.read(k.path).owner?.pid, getpid())
        XCTAssertEqual(k.write(edited: edited, base: MergeFixture.board()), .written)
        XCTAssertTrue(k.delete())
        XCTAssertFalse(FileManager.default.fileExists(atPath: k.path))

        // a running instance's file (pid 1 always runs)
        let other = owner(pid: 1, started: RecoveryFile.processStart(1))
        var theirs = MergeFixture.board()
        theirs.cards[c2]!.text = "theirs"
        try RecoveryFile.write(edited: theirs, base: nil, to: k.path, owner: other)
        let before = try BoardFile.readBytes(k.path)
        XCTAssertEqual(k.write(edited: edited, base: nil), .keptOthers(other))
        XCTAssertFalse(k.delete())
        XCTAssertEqual(try BoardFile.readBytes(k.path), before)

        // an ended session's file that was not offered here (it ended while this one ran): kept
        let dead = owner(pid: deadPID)
        try RecoveryFile.write(edited: theirs, base: nil, to: k.path, owner: dead)
        XCTAssertEqual(k.write(edited: edited, base: nil), .keptOthers(dead))
        // … but once offered at opening (and answered), it may be replaced
        var k2 = RecoveryKeeper(boardPath: board)
        k2.offeredAtOpen = true
        k2.offeredOwner = dead
        XCTAssertEqual(k2.write(edited: edited, base: nil), .written)
        XCTAssertEqual(try RecoveryFile.read(k.path).board, edited)
        XCTAssertTrue(k2.delete())
    }

    func testNoRecoveryFileOutlivesItsEdits() throws {
        let d = ScratchDir()
        let board = d.file("b.json")
        let saved = MergeFixture.board()
        try BoardFile.save(saved, to: board)
        var edited = saved
        edited.cards[c1]!.text = "unsaved"
        var k = RecoveryKeeper(boardPath: board)
        XCTAssertEqual(k.write(edited: edited, base: saved), .written)
        XCTAssertTrue(FileManager.default.fileExists(atPath: k.path))
        // the edits undone: the board equals the file on disk, so the recovery file goes
        XCTAssertEqual(k.write(edited: saved, base: saved), .nothingToKeep)
        XCTAssertFalse(FileManager.default.fileExists(atPath: k.path))
        // and nothing is written for a board that equals the disk
        XCTAssertEqual(k.write(edited: saved, base: saved), .nothingToKeep)
        XCTAssertFalse(FileManager.default.fileExists(atPath: k.path))
    }

    func testDeleteOwnRemovesOnlyThisInstancesFile() throws {
        let d = ScratchDir()
        let board = d.file("b.json")
        try BoardFile.save(MergeFixture.board(), to: board)
        var edited = MergeFixture.board()
        edited.cards[c1]!.text = "unsaved"
        var k = RecoveryKeeper(boardPath: board)
        XCTAssertEqual(k.write(edited: edited, base: MergeFixture.board()), .written)
        XCTAssertTrue(k.deleteOwn())
        XCTAssertFalse(FileManager.default.fileExists(atPath: k.path))
        XCTAssertTrue(k.deleteOwn(), "no file: nothing of this instance's is left")

        // an ended session's file offered at opening (the user opened without it): it stays
        let dead = owner(pid: deadPID)
        try RecoveryFile.write(edited: edited, base: nil, to: k.path, owner: dead)
        var k2 = RecoveryKeeper(boardPath: board)
        k2.offeredAtOpen = true
        k2.offeredOwner = dead
        XCTAssertFalse(k2.deleteOwn())
        XCTAssertTrue(FileManager.default.fileExists(atPath: k.path))
        // a running instance's file stays too
        try RecoveryFile.write(edited: edited, base: nil, to: k.path, owner: owner(pid: 1, started: RecoveryFile.processStart(1)))
        XCTAssertFalse(k.deleteOwn())
        XCTAssertTrue(FileManager.default.fileExists(atPath: k.path))
        // a file this process wrote (its owner is this process) goes, even when rewritten since
        try RecoveryFile.write(edited: edited, base: nil, to: k.path, owner: k.me)
        XCTAssertTrue(k.deleteOwn())
        XCTAssertFalse(FileManager.default.fileExists(atPath: k.path))
    }
}
