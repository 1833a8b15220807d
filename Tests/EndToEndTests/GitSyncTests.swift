import Foundation
import JourneyKit
import XCTest
import JourneyTestSupport

/// A bare repository ("the remote") and clones of it, each set up with `journey git-setup`,
/// in one temporary directory, isolated from the user's and the system's git configuration.
final class SyncRemote {
    let root = TemporaryDirectory("journey-sync")
    static let board = "boards/onboarding.json"

    init() {
        let r = sh("git init -q --bare -b main remote.git", in: root.path)
        precondition(r.status == 0, r.stderr)
    }

    @discardableResult
    func sh(_ line: String, in dir: String) -> ProcessResult { JourneyBinary.sh(line, cwd: dir, environment: MergeTestRepo.env) }

    /// A clone as `name` (its git identity too), with the merge driver set up.
    func clone(_ name: String) -> String {
        let r = sh("git clone -q remote.git \(name) 2>&1 && cd \(name) && git config user.name \(name) && git config user.email \(name)@journey.invalid && git config commit.gpgsign false", in: root.path)
        precondition(r.status == 0, r.stdout + r.stderr)
        let dir = root.file(name)
        let setup = JourneyBinary.run(["git-setup"], cwd: dir, environment: MergeTestRepo.env)
        precondition(setup.status == 0, setup.stderr)
        return dir
    }

    /// The first clone, with the example board and the setup committed and pushed.
    func seeded(_ name: String = "ana") throws -> String {
        let dir = clone(name)
        try FileManager.default.createDirectory(atPath: dir + "/boards", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixture.boardPath("broadband-onboarding.json"), toPath: dir + "/" + SyncRemote.board)
        let r = sh("git add -A && git commit -qm 'the board' && git push -q -u origin main 2>&1", in: dir)
        precondition(r.status == 0, r.stdout + r.stderr)
        return dir
    }

    func sync(_ dir: String, _ args: [String] = [board]) -> ProcessResult {
        JourneyBinary.run(["sync"] + args, cwd: dir, environment: MergeTestRepo.env)
    }

    func load(_ dir: String) throws -> Board { try BoardFile.load(dir + "/" + SyncRemote.board) }

    func edit(_ dir: String, _ change: (inout Board) -> Void) throws {
        var b = try load(dir)
        change(&b)
        try BoardFile.save(b, to: dir + "/" + SyncRemote.board)
    }

    /// The board as the remote's main holds it.
    func remoteBoard() throws -> Board {
        let r = sh("git --git-dir=remote.git show main:\(SyncRemote.board)", in: root.path)
        XCTAssertEqual(r.status, 0, r.stderr)
        return try BoardCodec.read(Array(r.stdout.utf8))
    }

    func inMiddleOfRebase(_ dir: String) -> Bool {
        FileManager.default.fileExists(atPath: dir + "/.git/rebase-merge") || FileManager.default.fileExists(atPath: dir + "/.git/rebase-apply")
    }
}

/// `journey sync` between two clones of one remote, and `journey log`, with real git.
final class GitSyncTests: XCTestCase {
    static let t0 = "2026-12-06T22:50:00Z"

    func testEditsInTwoClonesReachBothClonesAndTheRemote() throws {
        let remote = SyncRemote()
        let ana = try remote.seeded("ana")
        let ben = remote.clone("ben")
        let ids = try remote.load(ana).cards.keys.sorted()
        let discussed = ids[0]
        // ana adds a card and comments on a card; ben comments on the same card and moves another
        try remote.edit(ana) { b in
            let c = b.cards[ids[1]]!
            b.cards["cd_anaaddedit"] = Card(id: "cd_anaaddedit", lane: c.lane, stage: c.stage, order: "zz", text: "Added by ana")
            b.cards[discussed]!.comments["cm_anaaaaaaaa"] = CardComment(author: "ana", time: Self.t0, text: "who says so?")
        }
        let b0 = try remote.load(ben)
        let moved = ids[2]
        let targetStage = b0.stages(of: b0.journeyID(ofCard: b0.cards[moved]!)!).first { $0.id != b0.cards[moved]!.stage }!.id
        try remote.edit(ben) { b in
            b.cards[discussed]!.comments["cm_benbbbbbbb"] = CardComment(author: "ben", time: "2026-12-06T22:51:00Z", text: "the NPS verbatims")
            b.cards[moved]!.stage = targetStage
        }

        let first = remote.sync(ana)
        XCTAssertEqual(first.status, 0, first.stdout + first.stderr)
        XCTAssertTrue(first.stdout.contains("commit: 1 card added, 1 comment ("), first.stdout)
        XCTAssertTrue(first.stdout.contains("push: origin main"), first.stdout)
        XCTAssertEqual(remote.sh("git log -1 --format=%s", in: ana).stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                       "Broadband onboarding: 1 card added, 1 comment")

        let second = remote.sync(ben)
        XCTAssertEqual(second.status, 0, second.stdout + second.stderr)
        XCTAssertTrue(second.stdout.contains("commit: 1 card moved, 1 comment ("), second.stdout)
        XCTAssertTrue(second.stdout.contains("pull: 1 commit from origin/main: 1 card added, 1 comment"), second.stdout)
        XCTAssertEqual(second.stdout.split(separator: "\n").count, 4, "one line per step: " + second.stdout)

        let third = remote.sync(ana)
        XCTAssertEqual(third.status, 0, third.stdout + third.stderr)
        XCTAssertTrue(third.stdout.contains("commit: nothing to commit"), third.stdout)
        XCTAssertTrue(third.stdout.contains("pull: 1 commit from origin/main: 1 card moved, 1 comment"), third.stdout)

        let a = try remote.load(ana), b = try remote.load(ben), r = try remote.remoteBoard()
        XCTAssertEqual(a, b)
        XCTAssertEqual(a, r)
        XCTAssertEqual(a.cards[discussed]!.comments.sortedKeys, ["cm_anaaaaaaaa", "cm_benbbbbbbb"], "both comments kept")
        XCTAssertNotNil(a.cards["cd_anaaddedit"])
        XCTAssertEqual(a.cards[moved]!.stage, targetStage)
        XCTAssertEqual(a.conflicts, [])
        for dir in [ana, ben] {
            XCTAssertEqual(remote.sh("git status --porcelain", in: dir).stdout, "", "clean after sync")
            XCTAssertFalse(remote.inMiddleOfRebase(dir))
        }

        // nothing left to do: said so, exit 0
        let idle = remote.sync(ben)
        XCTAssertEqual(idle.status, 0)
        XCTAssertTrue(idle.stdout.contains("in sync: nothing to commit, pull or push"), idle.stdout)

        // the history, as semantic changes per commit; --card keeps the commits touching that card
        let log = JourneyBinary.run(["log", SyncRemote.board], cwd: ana, environment: MergeTestRepo.env)
        XCTAssertEqual(log.status, 0, log.stderr)
        let entries = log.stdout.components(separatedBy: "\n\n")
        XCTAssertEqual(entries.count, 3, log.stdout)
        XCTAssertTrue(entries[0].contains("  ben  1 card moved, 1 comment"), entries[0])
        XCTAssertTrue(entries[0].contains("    comment added by ben on “"), entries[0])
        XCTAssertTrue(entries[1].contains("  ana  1 card added, 1 comment"), entries[1])
        XCTAssertTrue(entries[1].contains("    + card “Added by ana” in "), entries[1])
        let cardLog = JourneyBinary.run(["log", SyncRemote.board, "--card", "cd_anaaddedit"], cwd: ana, environment: MergeTestRepo.env)
        XCTAssertEqual(cardLog.stdout.components(separatedBy: "\n\n").count, 1, "one commit touched it: " + cardLog.stdout)
        XCTAssertTrue(cardLog.stdout.contains("+ card “Added by ana”"), cardLog.stdout)
        XCTAssertFalse(cardLog.stdout.contains("comment added"), cardLog.stdout)
    }

    /// Two branches comment on one card and `git merge` runs the driver: both threads kept, no
    /// conflict; the same comment edited on both branches is one record, not markers.
    func testCommentsOnTwoBranchesMergeWithTheDriver() throws {
        let repo = MergeTestRepo()
        XCTAssertEqual(repo.journey(["git-setup"]).status, 0)
        repo.dir.copyBoard("broadband-onboarding.json", as: "boards/onboarding.json")
        let board = "boards/onboarding.json"
        let id = try repo.load(board).cards.keys.sorted()[0]
        try repo.edit(board) { $0.cards[id]!.comments["cm_base000000"] = CardComment(author: "cy", time: Self.t0, text: "base") }
        XCTAssertEqual(repo.git("add -A && git commit -qm base").status, 0)
        XCTAssertEqual(repo.git("checkout -qb ops").status, 0)
        try repo.edit(board) { $0.cards[id]!.comments["cm_opsaaaaaaa"] = CardComment(author: "ana", time: Self.t0, text: "ops view") }
        XCTAssertEqual(repo.git("commit -qam ops").status, 0)
        XCTAssertEqual(repo.git("checkout -q main").status, 0)
        try repo.edit(board) { $0.cards[id]!.comments["cm_salesbbbbb"] = CardComment(author: "ben", time: Self.t0, text: "sales view") }
        XCTAssertEqual(repo.git("commit -qam sales").status, 0)
        let m = repo.git("merge --no-edit ops")
        XCTAssertEqual(m.status, 0, m.stdout + m.stderr)
        let merged = try repo.load(board)
        XCTAssertEqual(merged.cards[id]!.comments.sortedKeys, ["cm_base000000", "cm_opsaaaaaaa", "cm_salesbbbbb"])
        XCTAssertEqual(merged.conflicts, [])
        XCTAssertEqual(repo.journey(["check", board]).status, 0)

        // the same comment edited on both branches: a record for that comment, ours live
        XCTAssertEqual(repo.git("checkout -qb ops2").status, 0)
        try repo.edit(board) { $0.cards[id]!.comments["cm_base000000"]!.text = "base (ops)" }
        XCTAssertEqual(repo.git("commit -qam ops2").status, 0)
        XCTAssertEqual(repo.git("checkout -q main").status, 0)
        try repo.edit(board) { $0.cards[id]!.comments["cm_base000000"]!.text = "base (sales)" }
        XCTAssertEqual(repo.git("commit -qam sales2").status, 0)
        XCTAssertNotEqual(repo.git("merge --no-edit ops2").status, 0, "git stops as for any conflict")
        let text = try String(contentsOfFile: repo.dir.file(board), encoding: .utf8)
        XCTAssertFalse(text.contains("<<<<<<<"))
        let conflicted = try repo.load(board)
        XCTAssertEqual(conflicted.conflicts.map(\.path), ["cards/\(id)/comments/cm_base000000"])
        XCTAssertEqual(conflicted.cards[id]!.comments["cm_base000000"]!.text, "base (sales)")
    }

    func testARealConflictEndsAsAConflictRecordNotMarkers() throws {
        let remote = SyncRemote()
        let ana = try remote.seeded("ana")
        let ben = remote.clone("ben")
        let id = try remote.load(ana).cards.keys.sorted()[0]
        try remote.edit(ana) { $0.cards[id]!.text = "ana's wording" }
        try remote.edit(ben) { $0.cards[id]!.text = "ben's wording" }
        XCTAssertEqual(remote.sync(ana).status, 0)
        let r = remote.sync(ben)
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("the merge recorded conflicts in the board"), r.stdout)
        XCTAssertTrue(r.stdout.contains("the board holds 1 conflict record"), r.stdout)
        let text = try String(contentsOfFile: ben + "/" + SyncRemote.board, encoding: .utf8)
        XCTAssertFalse(text.contains("<<<<<<<"))
        let b = try remote.load(ben)
        XCTAssertEqual(b.conflicts.map(\.path), ["cards/\(id)/text"])
        XCTAssertEqual([b.conflicts[0].ours, b.conflicts[0].theirs].compactMap { $0?.stringValue }.sorted(), ["ana's wording", "ben's wording"])
        XCTAssertFalse(remote.inMiddleOfRebase(ben))
        XCTAssertEqual(remote.sh("git status --porcelain", in: ben).stdout, "")
        XCTAssertEqual(try remote.remoteBoard().conflicts.count, 1, "the record travels, for anyone to resolve")
        // `journey check` fails until it is resolved; ana gets the record too, and sync says so
        let a = remote.sync(ana)
        XCTAssertEqual(a.status, 1, a.stdout)
        XCTAssertEqual(try remote.load(ana).conflicts.count, 1)
    }

    func testOtherStagedChangesStayStagedAndUncommitted() throws {
        let remote = SyncRemote()
        let ana = try remote.seeded("ana")
        let ben = remote.clone("ben")
        let ids = try remote.load(ana).cards.keys.sorted()
        // ben has pushed something, so ana's sync rebases with her other changes set aside
        try remote.edit(ben) { $0.cards[ids[1]]!.text = "ben was here" }
        XCTAssertEqual(remote.sync(ben).status, 0)
        try "staged note\n".write(toFile: ana + "/notes.txt", atomically: true, encoding: .utf8)
        try "not staged\n".write(toFile: ana + "/README.txt", atomically: true, encoding: .utf8)
        remote.sh("git add notes.txt README.txt && git commit -qm readme README.txt && echo changed >> README.txt", in: ana)
        try remote.edit(ana) { $0.cards[ids[0]]!.comments["cm_anaaaaaaaa"] = CardComment(author: "ana", time: Self.t0, text: "hm") }
        let r = remote.sync(ana)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertEqual(remote.sh("git status --porcelain", in: ana).stdout, " M README.txt\nA  notes.txt\n", "staged stays staged, unstaged stays unstaged")
        XCTAssertEqual(remote.sh("git show --name-only --format= HEAD", in: ana).stdout, SyncRemote.board + "\n", "the commit holds the board only")
        XCTAssertFalse(remote.sh("git --git-dir=remote.git ls-tree -r --name-only main", in: remote.root.path).stdout.contains("notes.txt"))
        XCTAssertEqual(try remote.remoteBoard().cards[ids[1]]!.text, "ben was here")
        XCTAssertNotNil(try remote.remoteBoard().cards[ids[0]]!.comments["cm_anaaaaaaaa"])
    }

    func testNotARepositoryAndNoRemoteExit2() throws {
        let dir = TemporaryDirectory("journey-sync-plain")
        let path = dir.copyBoard("broadband-onboarding.json", as: "b.json")
        let outside = JourneyBinary.run(["sync", path], environment: MergeTestRepo.env)
        XCTAssertEqual(outside.status, 2)
        XCTAssertTrue(outside.stdout.contains("is not in a git repository"), outside.stdout)

        let repo = MergeTestRepo()
        repo.dir.copyBoard("broadband-onboarding.json", as: "b.json")
        let local = repo.journey(["sync", "b.json"])
        XCTAssertEqual(local.status, 2)
        XCTAssertTrue(local.stdout.contains("has no remote"), local.stdout)
        XCTAssertEqual(repo.git("rev-parse --verify -q HEAD").status, 1, "nothing committed")
    }

    func testAFailedFetchLeavesTheRepositoryAsItWas() throws {
        let remote = SyncRemote()
        let ana = try remote.seeded("ana")
        let head = remote.sh("git rev-parse HEAD", in: ana).stdout
        remote.sh("git remote set-url origin /nonexistent/remote.git", in: ana)
        try remote.edit(ana) { $0.title = "Renamed" }
        let r = remote.sync(ana)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stdout.contains("sync failed: git fetch origin: "), r.stdout)
        XCTAssertTrue(r.stdout.contains("/nonexistent/remote.git"), "git's message is shown: " + r.stdout)
        XCTAssertEqual(remote.sh("git rev-parse HEAD", in: ana).stdout, head, "the commit was undone")
        XCTAssertEqual(remote.sh("git status --porcelain", in: ana).stdout, " M \(SyncRemote.board)\n", "the edit is back, unstaged")
        XCTAssertEqual(try remote.load(ana).title, "Renamed")
    }

    func testWithoutTheDriverAConflictAbortsAndRestores() throws {
        let remote = SyncRemote()
        let ana = try remote.seeded("ana")
        let ben = remote.clone("ben")
        remote.sh("git config --unset merge.journey.driver", in: ben)
        let id = try remote.load(ana).cards.keys.sorted()[0]
        try remote.edit(ana) { $0.cards[id]!.text = "ana's wording" }
        try remote.edit(ben) { $0.cards[id]!.text = "ben's wording" }
        XCTAssertEqual(remote.sync(ana).status, 0)
        let head = remote.sh("git rev-parse HEAD", in: ben).stdout
        let r = remote.sync(ben)
        XCTAssertEqual(r.status, 2, r.stdout)
        XCTAssertTrue(r.stdout.contains("note: git does not merge this board with journey here"), r.stdout)
        XCTAssertTrue(r.stdout.contains("the rebase was aborted and the repository is as it was"), r.stdout)
        XCTAssertFalse(remote.inMiddleOfRebase(ben))
        XCTAssertEqual(remote.sh("git rev-parse HEAD", in: ben).stdout, head)
        XCTAssertEqual(remote.sh("git status --porcelain", in: ben).stdout, " M \(SyncRemote.board)\n")
        XCTAssertEqual(try remote.load(ben).cards[id]!.text, "ben's wording")
    }
}

/// `:sync` and `:comment` in the real board, in tmux: the board commits its comment, pulls
/// another clone's edit, pushes, and says so on its status line; the form shows the card's
/// last change from git.
final class BoardSyncEndToEndTests: XCTestCase {
    func testSyncFromTheBoard() throws {
        let remote = SyncRemote()
        let ana = try remote.seeded("ana")
        let ben = remote.clone("ben")
        let ids = try remote.load(ana).cards.keys.sorted()
        try remote.edit(ana) { $0.cards[ids[1]]!.text = "Renamed by ana" }
        XCTAssertEqual(remote.sync(ana).status, 0)

        let t = try TmuxSession("'\(JourneyBinary.path)' --as ben \(SyncRemote.board)", width: 120, height: 40, cwd: ben,
                                environment: MergeTestRepo.env)
        t.waitFor(text: "? help")
        t.press(.commandLine); t.type("comment from the board"); t.keys("Enter")
        t.waitFor(text: "comment added as ben")
        t.press(.commandLine); t.type("sync"); t.keys("Enter")
        t.waitFor(text: "synced: committed: 1 comment; pulled 1 commit: 1 card changed; pushed")

        let r = try remote.remoteBoard()
        XCTAssertEqual(r.cards[ids[1]]!.text, "Renamed by ana")
        XCTAssertEqual(r.cards.values.flatMap { $0.comments.values.map(\.author) }, ["ben"])
        XCTAssertEqual(remote.sh("git status --porcelain", in: ben).stdout, "")

        // the board shows what the pull brought, and the card's form its last change, from git
        t.press(.search); t.type("Renamed by ana"); t.keys("Enter")
        t.press(.editCard)
        t.waitFor(text: "last change: ")
        t.waitFor(text: "ana: ~ card “Renamed by ana”: text")
        t.keys("Escape")
        t.waitFor(text: "edit cancelled")   // (keys right after Esc could read as Alt-key)
        t.press(.commandLine); t.type("q"); t.keys("Enter")
        XCTAssertEqual(t.waitForExit(), 0)
    }
}
