import Foundation
import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// A scratch directory for file tests, removed at the end.
final class ScratchDir {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "journey-save-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { path + "/" + name }
    func write(_ name: String, _ text: String) {
        let p = file(name)
        try! FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! text.write(toFile: p, atomically: false, encoding: .utf8)
    }
}

/// The save path of an open board (docs/MERGING.md, "Merge on save"): changed-on-disk detection, merging into
/// the disk's version, refusals, the lock, and watching the file.
final class SaveCoordinatorTests: XCTestCase {
    let c1 = "cd_0000000001", c2 = "cd_0000000002"
    /// Kept alive for the test's length.
    var scratch: [ScratchDir] = []

    func setUpBoard() throws -> (ScratchDir, String) {
        let d = ScratchDir()
        scratch.append(d)
        let p = d.file("board.json")
        try BoardFile.save(MergeFixture.board(), to: p)
        return (d, p)
    }

    func testUnchangedFileIsSimplyWritten() throws {
        let (_, p) = try setUpBoard()
        var (sc, board) = try SaveCoordinator.load(p)
        board.cards[c1]!.text = "mine"
        XCTAssertEqual(try sc.save(board), .saved(note: nil))
        XCTAssertEqual(try BoardFile.load(p), board)
        XCTAssertEqual(sc.base, board, "what was written is the next base")
        // and again, after our own save: still no merge
        board.cards[c2]!.text = "mine too"
        XCTAssertEqual(try sc.save(board), .saved(note: nil))
        XCTAssertTrue(FileManager.default.fileExists(atPath: BoardFile.lockPath(for: p)), "the lock is a sidecar file")
    }

    func testFileChangedByAnotherInstanceIsMergedNotOverwritten() throws {
        let (_, p) = try setUpBoard()
        var (a, boardA) = try SaveCoordinator.load(p)
        var (b, boardB) = try SaveCoordinator.load(p)
        boardA.cards[c1]!.text = "edited in A"
        boardB.cards[c2]!.text = "edited in B"
        XCTAssertEqual(try a.save(boardA), .saved(note: nil))
        guard case .merged(let merged, let new)? = try? b.save(boardB) else { return XCTFail("B's save merges") }
        XCTAssertEqual(new, [])
        let disk = try BoardFile.load(p)
        XCTAssertEqual(disk, merged)
        XCTAssertEqual(disk.cards[c1]!.text, "edited in A")
        XCTAssertEqual(disk.cards[c2]!.text, "edited in B")
        XCTAssertEqual(b.base, merged)
        // A saves again without having seen B's edit: merged too, nothing lost
        boardA.cards[c1]!.owner = "squad A"
        guard case .merged(let again, _)? = try? a.save(boardA) else { return XCTFail("A's second save merges") }
        XCTAssertEqual(again.cards[c2]!.text, "edited in B")
        XCTAssertEqual(again.cards[c1]!.owner, "squad A")
    }

    func testSameFieldChangedOnDiskRecordsAConflictWithYourEditsLive() throws {
        let (_, p) = try setUpBoard()
        var (sc, board) = try SaveCoordinator.load(p)
        var other = board
        other.cards[c1]!.text = "theirs on disk"
        try BoardFile.save(other, to: p)
        board.cards[c1]!.text = "my edit"
        guard case .merged(let merged, let new)? = try? sc.save(board) else { return XCTFail("merges") }
        XCTAssertEqual(new.count, 1)
        XCTAssertEqual(new[0].path, "cards/\(c1)/text")
        XCTAssertEqual(new[0].labels, ["base": "as loaded", "ours": "your edits", "theirs": "on disk"])
        XCTAssertEqual(merged.cards[c1]!.text, "my edit")
        XCTAssertEqual(try BoardFile.load(p).conflicts.count, 1, "the record is in the file")
    }

    func testTouchedOrReformattedFileIsNotAChange() throws {
        let (_, p) = try setUpBoard()
        var (sc, board) = try SaveCoordinator.load(p)
        // same bytes, new inode and times
        let bytes = try BoardFile.readBytes(p)
        usleep(10_000)
        try BoardFile.writeAtomically(bytes, to: p)
        board.cards[c1]!.text = "mine"
        XCTAssertEqual(try sc.save(board), .saved(note: nil))
        // reformatted (tabs): the same board
        let tabbed = String(decoding: BoardCodec.write(board), as: UTF8.self).replacingOccurrences(of: "\n  ", with: "\n\t")
        try BoardFile.writeAtomically(Array(tabbed.utf8), to: p)
        board.cards[c2]!.text = "mine too"
        XCTAssertEqual(try sc.save(board), .saved(note: nil))
        XCTAssertEqual(try BoardFile.load(p), board)
    }

    func testConflictMarkersOnDiskRefuseTheSave() throws {
        let (_, p) = try setUpBoard()
        var (sc, board) = try SaveCoordinator.load(p)
        let text = String(decoding: try BoardFile.readBytes(p), as: UTF8.self)
        let marked = text.replacingOccurrences(of: "  \"title\": \"Fixture\"\n", with: "<<<<<<< ours\n  \"title\": \"A\"\n=======\n  \"title\": \"B\"\n>>>>>>> theirs\n")
        XCTAssertNotEqual(marked, text)
        try marked.write(toFile: p, atomically: false, encoding: .utf8)
        board.cards[c1]!.text = "mine"
        guard case .refused(let why) = try sc.save(board) else { return XCTFail("refused") }
        XCTAssertTrue(why.contains("git conflict markers (line"), why)
        XCTAssertEqual(String(decoding: try BoardFile.readBytes(p), as: UTF8.self), marked, "not written over")
        XCTAssertEqual(ConflictMarkers.firstLine(in: Array(marked.utf8)), marked.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("<<<<<<<") }! + 1)
        XCTAssertNil(ConflictMarkers.firstLine(in: Array(text.utf8)))
    }

    func testUnreadableDiskFileRefusesTheSave() throws {
        let (_, p) = try setUpBoard()
        var (sc, board) = try SaveCoordinator.load(p)
        let text = String(decoding: try BoardFile.readBytes(p), as: UTF8.self)
        try text.replacingOccurrences(of: "\"format\"", with: "\"format\",,").write(toFile: p, atomically: false, encoding: .utf8)
        board.cards[c1]!.text = "mine"
        guard case .refused(let why) = try sc.save(board) else { return XCTFail("refused") }
        XCTAssertTrue(why.contains("cannot be read"), why)
    }

    func testMidMergeRefusesOnlyWhenTheFileChangedUnderTheApp() throws {
        let d = ScratchDir()
        d.write(".git/HEAD", "ref: refs/heads/main\n")
        let p = d.file("boards/team/board.json")
        try FileManager.default.createDirectory(atPath: d.file("boards/team"), withIntermediateDirectories: true)
        try BoardFile.save(MergeFixture.board(), to: p)
        XCTAssertEqual(GitState.gitDirectory(containing: p).map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path },
                       URL(fileURLWithPath: d.file(".git")).resolvingSymlinksInPath().path)
        XCTAssertNil(GitState.operationInProgress(forFileAt: p))
        d.write(".git/MERGE_HEAD", "0123456789012345678901234567890123456789\n")
        XCTAssertEqual(GitState.operationInProgress(forFileAt: p), "merge")

        // opened mid-merge (to resolve what the driver recorded): saves normally
        var (sc, board) = try SaveCoordinator.load(p)
        board.cards[c1]!.text = "resolved"
        XCTAssertEqual(try sc.save(board), .saved(note: nil))

        // changed on disk while mid-merge: refused, file untouched
        var other = board
        other.cards[c2]!.text = "written by git"
        try BoardFile.save(other, to: p)
        let before = try BoardFile.readBytes(p)
        board.cards[c1]!.text = "more"
        guard case .refused(let why) = try sc.save(board) else { return XCTFail("refused") }
        XCTAssertTrue(why.contains("middle of a merge"), why)
        XCTAssertEqual(try BoardFile.readBytes(p), before)

        // the merge finished: the same save merges
        try FileManager.default.removeItem(atPath: d.file(".git/MERGE_HEAD"))
        guard case .merged(let m, _) = try sc.save(board) else { return XCTFail("merges once the merge is over") }
        XCTAssertEqual(m.cards[c2]!.text, "written by git")
        XCTAssertEqual(m.cards[c1]!.text, "more")
    }

    func testGitDirectoryOfALinkedWorktreeAndOtherOperations() throws {
        let d = ScratchDir()
        // a worktree: .git is a file naming the real git directory (relative here)
        d.write("main/.git/worktrees/wt/HEAD", "ref: refs/heads/x\n")
        d.write("wt/.git", "gitdir: ../main/.git/worktrees/wt\n")
        let p = d.file("wt/boards/b.json")
        try FileManager.default.createDirectory(atPath: d.file("wt/boards"), withIntermediateDirectories: true)
        try BoardFile.save(MergeFixture.board(), to: p)
        let g = try XCTUnwrap(GitState.gitDirectory(containing: p))
        XCTAssertTrue(g.hasSuffix("/wt/../main/.git/worktrees/wt"), g)
        XCTAssertNil(GitState.operationInProgress(forFileAt: p))
        d.write("main/.git/worktrees/wt/MERGE_HEAD", "x\n")
        XCTAssertEqual(GitState.operationInProgress(forFileAt: p), "merge")
        XCTAssertNil(GitState.operationInProgress(gitDirectory: d.file("main/.git")), "the main worktree is not mid-merge")
        try FileManager.default.removeItem(atPath: d.file("main/.git/worktrees/wt/MERGE_HEAD"))
        try FileManager.default.createDirectory(atPath: d.file("main/.git/worktrees/wt/rebase-merge"), withIntermediateDirectories: true)
        XCTAssertEqual(GitState.operationInProgress(forFileAt: p), "rebase")
        // absolute gitdir
        d.write("wt/.git", "gitdir: \(d.file("main/.git/worktrees/wt"))\n")
        XCTAssertEqual(GitState.gitDirectory(containing: p), d.file("main/.git/worktrees/wt"))
        // outside any repository
        let bare = ScratchDir()
        XCTAssertNil(GitState.gitDirectory(containing: bare.file("x.json")).flatMap { $0.hasPrefix(bare.path) ? $0 : nil })
    }

    func testDeletedFileIsWrittenAgainWithANote() throws {
        let (_, p) = try setUpBoard()
        var (sc, board) = try SaveCoordinator.load(p)
        try FileManager.default.removeItem(atPath: p)
        XCTAssertEqual(sc.checkDisk(hasUnsavedEdits: false), .deleted)
        XCTAssertEqual(sc.checkDisk(hasUnsavedEdits: false), .none, "reported once")
        board.cards[c1]!.text = "mine"
        guard case .saved(let note) = try sc.save(board) else { return XCTFail("saved") }
        XCTAssertNotNil(note)
        XCTAssertEqual(try BoardFile.load(p), board)
    }

    func testTheLockIsHeldOnTheSidecarWhileSaving() throws {
        let (_, p) = try setUpBoard()
        var (sc, board) = try SaveCoordinator.load(p)
        sc.lockTimeoutMs = 200
        let fd = open(BoardFile.lockPath(for: p), O_RDWR | O_CREAT, 0o644)
        XCTAssertEqual(flock(fd, LOCK_EX), 0)
        board.cards[c1]!.text = "mine"
        XCTAssertThrowsError(try sc.save(board)) { e in
            XCTAssertTrue("\(e)".contains("another journey has been saving this board"), "\(e)")
        }
        XCTAssertEqual(try BoardFile.load(p), MergeFixture.board(), "nothing written while another holds the lock")
        // the lock is taken inside save: a second lock attempt from here fails while body runs
        close(fd)
        var inside = false
        try sc.withLock {
            let fd2 = open(BoardFile.lockPath(for: p), O_RDWR)
            defer { close(fd2) }
            inside = flock(fd2, LOCK_EX | LOCK_NB) != 0
        }
        XCTAssertTrue(inside, "withLock holds an exclusive flock")
        XCTAssertEqual(try sc.save(board), .saved(note: nil))
    }

    func testWatchingReloadsOnlyWithoutUnsavedEdits() throws {
        let (_, p) = try setUpBoard()
        var (sc, _) = try SaveCoordinator.load(p)
        XCTAssertEqual(sc.checkDisk(hasUnsavedEdits: false), .none)
        var other = MergeFixture.board()
        other.cards[c1]!.text = "from elsewhere"
        try BoardFile.save(other, to: p)
        XCTAssertEqual(sc.checkDisk(hasUnsavedEdits: true), .changedUnderEdits)
        XCTAssertEqual(sc.checkDisk(hasUnsavedEdits: true), .none, "reported once")
        XCTAssertEqual(sc.base, MergeFixture.board(), "the base stays what the edits were made on")
        // the edits were undone: now it reloads
        XCTAssertEqual(sc.checkDisk(hasUnsavedEdits: false), .reloaded(other))
        XCTAssertEqual(sc.base, other)
        XCTAssertEqual(sc.checkDisk(hasUnsavedEdits: false), .none)
        // a touch is not a change
        try BoardFile.writeAtomically(try BoardFile.readBytes(p), to: p)
        XCTAssertEqual(sc.checkDisk(hasUnsavedEdits: false), .none)
        // half-written or marked: reported once, the base stays
        try "{\"cards\": {".write(toFile: p, atomically: false, encoding: .utf8)
        guard case .unreadable = sc.checkDisk(hasUnsavedEdits: false) else { return XCTFail("unreadable") }
        XCTAssertEqual(sc.checkDisk(hasUnsavedEdits: false), .none)
        XCTAssertEqual(sc.base, other)
        // written completely: reloads
        var third = other
        third.cards[c2]!.text = "third"
        try BoardFile.save(third, to: p)
        XCTAssertEqual(sc.checkDisk(hasUnsavedEdits: false), .reloaded(third))
    }

    func testBoardEditBetweenCarriesUnknownTopLevelMembers() {
        var a = MergeFixture.board()
        a.extra["x-team"] = "growth"
        var b = a
        b.extra["x-team"] = nil
        b.extra["x-new"] = ["k": 1]
        b.cards[c1]!.text = "changed"
        let e = BoardEdit.between(a, b, label: "t")
        var applied = a
        applied.apply(e)
        XCTAssertEqual(applied, b)
        applied.apply(e.inverse)
        XCTAssertEqual(applied, a)
    }
}
