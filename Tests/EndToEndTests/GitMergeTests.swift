import Foundation
import JourneyKit
import XCTest
import JourneyTestSupport

/// A scratch git repository in a temporary directory, isolated from the user's and the
/// system's git configuration (identity set locally).
final class MergeTestRepo {
    let dir: TemporaryDirectory
    var path: String { dir.path }
    static let env = ["GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0",
                      "GIT_AUTHOR_DATE": "2026-01-01T10:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T10:00:00Z", "LC_ALL": "C.UTF-8"]

    init(_ label: String = "journey-git") {
        dir = TemporaryDirectory(label)
        let r = git("init -q -b main && git config user.name 'Journey Test' && git config user.email test@journey.invalid && git config commit.gpgsign false")
        precondition(r.status == 0, r.stderr)
    }

    /// Runs `git ARGS…` (a shell line starting after "git ").
    @discardableResult
    func git(_ line: String) -> ProcessResult { JourneyBinary.sh("git " + line, cwd: path, environment: MergeTestRepo.env) }

    @discardableResult
    func journey(_ args: [String]) -> ProcessResult { JourneyBinary.run(args, cwd: path, environment: MergeTestRepo.env) }

    func load(_ name: String) throws -> Board { try BoardFile.load(dir.file(name)) }
    func save(_ b: Board, _ name: String) throws {
        try FileManager.default.createDirectory(atPath: (dir.file(name) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try BoardFile.save(b, to: dir.file(name))
    }
    func edit(_ name: String, _ change: (inout Board) -> Void) throws {
        var b = try load(name)
        change(&b)
        try save(b, name)
    }
}

/// `journey git-setup` and `journey merge` as git runs them, in real repositories
/// (docs/MERGING.md): clean merges, a real conflict, rebase, the fallback, and how often plain git
/// (no driver) merges non-overlapping edits cleanly thanks to the file format.
final class GitMergeTests: XCTestCase {
    let board = "boards/onboarding.json"

    /// A repository with the example board committed on main, set up with `journey git-setup`.
    func setUpRepo(driver: Bool = true) throws -> MergeTestRepo {
        let repo = MergeTestRepo()
        if driver {
            let r = repo.journey(["git-setup"])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        try FileManager.default.createDirectory(atPath: repo.dir.file("boards"), withIntermediateDirectories: true)
        repo.dir.copyBoard("broadband-onboarding.json", as: board)
        XCTAssertEqual(repo.git("add -A && git commit -qm 'the board'").status, 0)
        return repo
    }

    func cardIDs(_ repo: MergeTestRepo) throws -> [String] { try repo.load(board).cards.keys.sorted() }

    func testGitSetupWritesAttributesIgnoreAndConfigIdempotently() throws {
        let repo = MergeTestRepo()
        repo.dir.write(".gitattributes", "*.png binary\n")
        repo.dir.write(".gitignore", "build/\n")
        let r = repo.journey(["git-setup"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains(".gitattributes: added boards/**/*.json merge=journey diff=journey"), r.stdout)
        XCTAssertEqual(repo.dir.read(".gitattributes"), "*.png binary\nboards/**/*.json merge=journey diff=journey\n")
        XCTAssertEqual(repo.dir.read(".gitignore"), "build/\n# journey's lock, temp, recovery and presence files beside boards\n.*.journey-lock\n.*.journey-tmp*\n.*.journey-recover\n.*.journey-room/\n")
        XCTAssertEqual(repo.git("check-ignore -q boards/.b.json.journey-room/host-1.json").status, 0, "the presence sidecar is ignored")
        let driver = repo.git("config --get merge.journey.driver").stdout
        XCTAssertEqual(driver, "\(JourneyBinary.path) merge %O %A %B %P\n", "the binary as it was run, by its absolute path")
        XCTAssertEqual(repo.git("config --get diff.journey.textconv").stdout, "\(JourneyBinary.path) textconv\n")
        XCTAssertFalse(repo.git("config --get merge.journey.name").stdout.isEmpty)
        XCTAssertEqual(repo.git("check-attr merge diff -- boards/a/b.json").stdout,
                       "boards/a/b.json: merge: journey\nboards/a/b.json: diff: journey\n")
        // again: nothing changes
        let again = repo.journey(["git-setup"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("already has boards/**/*.json"), again.stdout)
        XCTAssertEqual(repo.dir.read(".gitattributes"), "*.png binary\nboards/**/*.json merge=journey diff=journey\n")
        XCTAssertEqual(repo.dir.read(".gitignore").components(separatedBy: ".*.journey-lock").count, 2)
        // other patterns
        let more = repo.journey(["git-setup", "*.journey.json", "maps/*.json"])
        XCTAssertEqual(more.status, 0, more.stderr)
        XCTAssertTrue(repo.dir.read(".gitattributes").hasSuffix("*.journey.json merge=journey diff=journey\nmaps/*.json merge=journey diff=journey\n"))
    }

    func testGitSetupOutsideARepository() {
        let d = TemporaryDirectory("journey-nogit")
        let r = JourneyBinary.run(["git-setup"], cwd: d.path, environment: MergeTestRepo.env.merging(["GIT_CEILING_DIRECTORIES": (d.path as NSString).deletingLastPathComponent]) { $1 })
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("not in a git repository"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: d.file(".gitattributes")))
    }

    func testBranchesEditingDifferentCardsMergeCleanly() throws {
        let repo = try setUpRepo()
        let ids = try cardIDs(repo)
        XCTAssertEqual(repo.git("checkout -qb feature/sms").status, 0)
        try repo.edit(board) { b in
            b.cards[ids[10]]!.text = "Edited on the feature branch"
            b.cards[ids[20]]!.owner = "install squad"            // a card main edits too, another field
            b.cards[ids[30]]!.votes["sam"] = 2
            let id = "cd_feature001"
            b.cards[id] = Card(id: id, lane: b.cards[ids[10]]!.lane, stage: b.cards[ids[10]]!.stage, order: "a0", text: "Added on the feature branch")
        }
        XCTAssertEqual(repo.git("commit -qam 'feature edits'").status, 0)
        XCTAssertEqual(repo.git("checkout -q main").status, 0)
        try repo.edit(board) { b in
            b.cards[ids[11]]!.text = "Edited on main"            // the card right after feature's
            b.cards[ids[20]]!.notes = "note from main"
            b.cards[ids[30]]!.votes["mei"] = 1
            let id = "cd_main000001"
            b.cards[id] = Card(id: id, lane: b.cards[ids[10]]!.lane, stage: b.cards[ids[10]]!.stage, order: "a0", text: "Added on main")
        }
        XCTAssertEqual(repo.git("commit -qam 'main edits'").status, 0)
        let m = repo.git("merge --no-edit feature/sms")
        XCTAssertEqual(m.status, 0, m.stdout + m.stderr)
        let merged = try repo.load(board)
        XCTAssertEqual(merged.cards[ids[10]]!.text, "Edited on the feature branch")
        XCTAssertEqual(merged.cards[ids[11]]!.text, "Edited on main")
        XCTAssertEqual(merged.cards[ids[20]]!.owner, "install squad")
        XCTAssertEqual(merged.cards[ids[20]]!.notes, "note from main")
        XCTAssertEqual(merged.cards[ids[30]]!.votes["sam"], 2)
        XCTAssertEqual(merged.cards[ids[30]]!.votes["mei"], 1)
        XCTAssertNotNil(merged.cards["cd_feature001"])
        XCTAssertNotNil(merged.cards["cd_main000001"])
        XCTAssertEqual(merged.conflicts, [])
        // canonical, valid, committed
        let bytes = try BoardFile.readBytes(repo.dir.file(board))
        XCTAssertEqual(BoardCodec.write(merged), bytes, "the merged file is canonical")
        let check = repo.journey(["check", board])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertEqual(repo.git("status --porcelain").stdout, "")
    }

    func testRealConflictStopsTheMergeWithAValidBoard() throws {
        let repo = try setUpRepo()
        let ids = try cardIDs(repo)
        repo.git("checkout -qb feature/sms")
        try repo.edit(board) { $0.cards[ids[5]]!.text = "Feature's wording" }
        repo.git("commit -qam feature")
        repo.git("checkout -q main")
        try repo.edit(board) { $0.cards[ids[5]]!.text = "Main's wording" }
        repo.git("commit -qam main")
        let m = repo.git("merge --no-edit feature/sms")
        XCTAssertNotEqual(m.status, 0, "a real conflict stops the merge")
        XCTAssertTrue(m.stdout.contains("CONFLICT"), m.stdout)
        XCTAssertTrue(m.stderr.contains("journey merge: \(board): 1 conflict recorded"), m.stderr)
        let text = repo.dir.read(board)
        XCTAssertFalse(text.contains("<<<<<<<"), "no conflict markers: the file stays a board")
        let b = try repo.load(board)
        XCTAssertEqual(b.cards[ids[5]]!.text, "Main's wording", "ours is live")
        XCTAssertEqual(b.conflicts.count, 1)
        let c = b.conflicts[0]
        XCTAssertEqual(c.path, "cards/\(ids[5])/text")
        XCTAssertEqual(c.ours, "Main's wording")
        XCTAssertEqual(c.theirs, "Feature's wording")
        XCTAssertEqual(c.labels, ["ours": "main", "theirs": "feature/sms"], "branch names from git")
        XCTAssertEqual(Array(text.utf8), BoardCodec.write(b), "canonical")
        let check = repo.journey(["check", board])
        XCTAssertEqual(check.status, 1)
        XCTAssertTrue(check.stderr.contains("unresolved merge conflict 1 of 1 at cards/\(ids[5])/text"), check.stderr)
        XCTAssertTrue(check.stdout.contains("(1 unresolved merge conflict)"), check.stdout)
        // resolved (as the board's c list does it), added and committed
        var resolved = b
        try resolved.resolveConflict(0, .theirs)
        try repo.save(resolved, board)
        XCTAssertEqual(repo.journey(["check", board]).status, 0)
        XCTAssertEqual(repo.git("add \(board) && git commit -qm merged --no-edit").status, 0)
        XCTAssertEqual(try repo.load(board).cards[ids[5]]!.text, "Feature's wording")
    }

    func testRebaseUsesTheDriver() throws {
        let repo = try setUpRepo()
        let ids = try cardIDs(repo)
        let id = ids[7]
        let base = try repo.load(board)
        let otherStage = base.stages(of: base.stages[base.cards[id]!.stage]!.journey).map(\.id).first { $0 != base.cards[id]!.stage }!
        repo.git("checkout -qb feature")
        try repo.edit(board) { $0.cards[id]!.text = "Reworded on the feature branch" }
        repo.git("commit -qam 'reword'")
        repo.git("checkout -q main")
        try repo.edit(board) { $0.cards[id]!.stage = otherStage }   // the line right before "text"
        repo.git("commit -qam 'move'")
        // a line merge of these three versions collides (adjacent lines) …
        repo.git("show main~1:\(board) > .b.json && git show main:\(board) > .o.json && git show feature:\(board) > .t.json")
        let plain = repo.git("merge-file -p .o.json .b.json .t.json > /dev/null")
        XCTAssertNotEqual(plain.status, 0, "plain git would stop here")
        try? FileManager.default.removeItem(atPath: repo.dir.file(".b.json"))
        try? FileManager.default.removeItem(atPath: repo.dir.file(".o.json"))
        try? FileManager.default.removeItem(atPath: repo.dir.file(".t.json"))
        // … the driver does not
        repo.git("checkout -q feature")
        let r = repo.git("rebase main")
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        let b = try repo.load(board)
        XCTAssertEqual(b.cards[id]!.text, "Reworded on the feature branch")
        XCTAssertEqual(b.cards[id]!.stage, otherStage)
        XCTAssertEqual(b.conflicts, [])
        XCTAssertEqual(repo.git("log --format=%s").stdout, "reword\nmove\nthe board\n")
    }

    func testMergeDriverDirectly() throws {
        let d = TemporaryDirectory("journey-merge")
        let base = try BoardFile.load(JourneyBinary.boardPath("holiday-booking.json"))
        let ids = base.cards.keys.sorted()
        var ours = base, theirs = base
        ours.cards[ids[0]]!.text = "ours"
        theirs.cards[ids[1]]!.text = "theirs"
        try BoardFile.save(base, to: d.file("base"))
        try BoardFile.save(ours, to: d.file("ours"))
        d.write("theirs", String(decoding: BoardCodec.write(theirs), as: UTF8.self).replacingOccurrences(of: "\n  ", with: "\n\t"))
        let r = JourneyBinary.run(["merge", "base", "ours", "theirs", "boards/holiday.json"], cwd: d.path)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        var expected = base
        expected.cards[ids[0]]!.text = "ours"
        expected.cards[ids[1]]!.text = "theirs"
        XCTAssertEqual(Array(d.bytes("ours")), BoardCodec.write(expected))

        // both added the file: an empty (or missing) base
        d.write("empty", "")
        var added = expected
        added.cards["cd_added00001"] = Card(id: "cd_added00001", lane: base.cards[ids[0]]!.lane, stage: base.cards[ids[0]]!.stage, order: "a0", text: "added")
        try BoardFile.save(added, to: d.file("ours2"))
        let e = JourneyBinary.run(["merge", "empty", "ours2", "ours"], cwd: d.path)
        XCTAssertEqual(e.status, 0, e.stderr)
        XCTAssertEqual(try BoardFile.load(d.file("ours2")), added)
        let missing = JourneyBinary.run(["merge", "no-such-file", "ours2", "ours"], cwd: d.path)
        XCTAssertEqual(missing.status, 0, missing.stderr)
        // both added it, differently: records, no base
        try BoardFile.save(ours, to: d.file("ours3"))
        let both = JourneyBinary.run(["merge", "empty", "ours3", "theirs", "boards/holiday.json"], cwd: d.path)
        XCTAssertEqual(both.status, 1)
        XCTAssertTrue(both.stderr.contains("journey merge: boards/holiday.json: 2 conflicts recorded"), both.stderr)
    }

    /// A merge never writes a board that check rejects: ours moved a stage to the future journey
    /// (its cards into a lane there), theirs added a card to that stage in a lane of the current
    /// journey. Merged field by field the new card would sit in two journeys; the driver records
    /// it instead (exit 1), and the written board passes check apart from that record.
    func testMergeDriverRecordsACardThatWouldSitInTwoJourneys() throws {
        let d = TemporaryDirectory("journey-merge-valid")
        let base = try BoardFile.load(JourneyBinary.boardPath("broadband-onboarding.json"))
        let current = try XCTUnwrap(base.journeys.values.first { $0.state == "current" }?.id)
        let future = try XCTUnwrap(base.journeys.values.first { $0.state == "future" }?.id)
        let stage = try XCTUnwrap(base.stages.values.filter { $0.journey == current }.map(\.id).sorted().first)
        let futureLane = try XCTUnwrap(base.lanes.values.filter { $0.journey == future }.map(\.id).sorted().first)
        let currentLane = try XCTUnwrap(base.lanes.values.filter { $0.journey == current }.map(\.id).sorted().first)
        var ours = base
        ours.stages[stage]!.journey = future
        for (id, c) in base.cards where c.stage == stage { ours.cards[id]!.lane = futureLane }
        var theirs = base
        theirs.cards["cd_new0000001"] = Card(id: "cd_new0000001", lane: currentLane, stage: stage, order: "z0", text: "Added on their branch")
        try BoardFile.save(base, to: d.file("base"))
        try BoardFile.save(ours, to: d.file("ours"))
        try BoardFile.save(theirs, to: d.file("theirs"))
        for side in ["ours", "theirs"] {
            XCTAssertEqual(JourneyBinary.run(["check", side], cwd: d.path).status, 0, "\(side) is a valid board")
        }

        let r = JourneyBinary.run(["merge", "base", "ours", "theirs", "boards/broadband.json"], cwd: d.path)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("1 conflict recorded"), r.stderr)
        XCTAssertTrue(r.stderr.contains("cards/cd_new0000001"), r.stderr)
        let merged = try BoardFile.load(d.file("ours"))
        XCTAssertEqual(merged.conflicts.map(\.path), ["cards/cd_new0000001"])
        XCTAssertEqual(merged.conflicts.first?.theirs, theirs.cards["cd_new0000001"]!.jsonObject, "the card is kept in the record")
        let check = JourneyBinary.run(["check", "ours"], cwd: d.path)
        XCTAssertEqual(check.status, 1)
        let problems = check.stderr.split(separator: "\n")
        XCTAssertEqual(problems.count, 1, check.stderr)
        XCTAssertTrue(problems.allSatisfy { $0.contains("unresolved merge conflict") }, "nothing but the record: \(check.stderr)")
    }

    func testNotABoardFallsBackToALineMerge() throws {
        let d = TemporaryDirectory("journey-merge")
        d.write("base", "one\ntwo\nthree\n")
        d.write("ours", "one\nTWO\nthree\n")
        d.write("theirs", "one\n2\nthree\n")
        let r = JourneyBinary.run(["merge", "base", "ours", "theirs", "boards/x.json"], cwd: d.path)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("boards/x.json"), r.stderr)
        XCTAssertTrue(r.stderr.contains("fell back to a line merge"), r.stderr)
        XCTAssertEqual(d.read("ours"), "one\n<<<<<<< ours\nTWO\n=======\n2\n>>>>>>> theirs\nthree\n")

        // one side a board with a syntax error (say, a bad hand merge): markers, exit 1, and why
        let good = String(decoding: BoardCodec.write(try BoardFile.load(JourneyBinary.boardPath("holiday-booking.json"))), as: UTF8.self)
        d.write("base", good)
        d.write("ours", good.replacingOccurrences(of: "\"title\": \"", with: "\"title\": \"Ours "))
        d.write("theirs", good.replacingOccurrences(of: "\"format\"", with: "\"format\",,"))
        let s = JourneyBinary.run(["merge", "base", "ours", "theirs", "boards/h.json"], cwd: d.path)
        XCTAssertEqual(s.status, 1)
        XCTAssertTrue(s.stderr.contains("their side is not a readable board"), s.stderr)
        XCTAssertTrue(s.stderr.contains("line "), s.stderr)
    }

    /// How often plain git — no driver, no attributes — merges two branches that each add a
    /// card and edit a different existing card, thanks to the format (maps keyed by random
    /// ids, one field per line, canonical order). Reported in the test log.
    func testPlainGitMergesMostNonOverlappingEditsCleanly() throws {
        let trials = 40
        var clean = 0, correct = 0
        let base = try BoardFile.load(JourneyBinary.boardPath("broadband-onboarding.json"))
        let ids = base.cards.keys.sorted()
        let baseText = String(decoding: BoardCodec.write(base), as: UTF8.self)
        var g = SeededGenerator(seed: 2026)
        for _ in 0..<trials {
            let repo = MergeTestRepo("journey-plain")
            let ea = Int(g.next() % UInt64(ids.count))
            var eb = Int(g.next() % UInt64(ids.count))
            if eb == ea { eb = (eb + 1) % ids.count }
            let na = IDs.make("cd", using: &g), nb = IDs.make("cd", using: &g)
            func changed(edit: String, new: String, tag: String) -> Board {
                var b = base
                b.cards[edit]!.text = "edited on \(tag)"
                let like = b.cards[ids[Int(g.next() % UInt64(ids.count))]]!
                b.cards[new] = Card(id: new, lane: like.lane, stage: like.stage, order: like.order, text: "added on \(tag)")
                return b
            }
            // plain writes (no fsync): these are scratch files
            repo.dir.write(".base.json", baseText)
            repo.dir.write(".other.json", String(decoding: BoardCodec.write(changed(edit: ids[ea], new: na, tag: "other")), as: UTF8.self))
            repo.dir.write(".main.json", String(decoding: BoardCodec.write(changed(edit: ids[eb], new: nb, tag: "main")), as: UTF8.self))
            // one shell per trial: commit the base, branch "other" and main each change it, merge
            let m = repo.git("""
                rev-parse -q --verify HEAD >/dev/null; mkdir -p boards && cp .base.json \(board) && git add \(board) && git commit -qm base \
                && git checkout -qb other && cp .other.json \(board) && git commit -qam other \
                && git checkout -q main && cp .main.json \(board) && git commit -qam main && git merge -q --no-edit other
                """)
            if m.status == 0 {
                clean += 1
                if let b = try? repo.load(board), b.cards[ids[ea]]?.text == "edited on other", b.cards[ids[eb]]?.text == "edited on main",
                   b.cards[na] != nil, b.cards[nb] != nil, Validator.validate(b).isEmpty {
                    correct += 1
                }
            }
        }
        print("FIGURE plain git (no driver): \(clean)/\(trials) merges clean, \(correct)/\(trials) clean with both edits and a valid board")
        XCTAssertGreaterThanOrEqual(correct, 30)
        XCTAssertEqual(correct, clean, "a clean line merge of this format never silently breaks the board")
    }
}

