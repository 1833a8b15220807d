import Foundation
import JourneyKit
import XCTest
import JourneyTestSupport

/// Several writers on one board, with the real binary: a git conflict resolved on the board and committed,
/// two instances saving one file, saves killed with SIGKILL, the recovery file of a live and of
/// a dead session, reloading, and refusing to save over conflict markers.
final class ConcurrentEditingTests: XCTestCase {
    /// Opens the board on save-on-demand (`--no-live`): these are the promises of instances
    /// that save when told (LiveRoomEndToEndTests has the live room).
    func open(_ file: String, cwd: String, width: Int = 120, height: Int = 40) throws -> TmuxSession {
        let t = try TmuxSession("'\(JourneyBinary.path)' '\(file)' --no-live", width: width, height: height, cwd: cwd,
                                environment: ["SWIFT_BACKTRACE": "interactive=no"])
        t.waitFor(text: "? help")
        return t
    }

    func texts(_ path: String) throws -> Set<String> { Set(try BoardFile.load(path).cards.values.map(\.text)) }

    // (a) a real conflict stops `git merge`; resolved with `c` `t` on the board; committed
    func testGitConflictResolvedOnTheBoardAndCommitted() throws {
        let repo = MergeTestRepo("journey-resolve")
        XCTAssertEqual(repo.journey(["git-setup"]).status, 0)
        let board = "boards/onboarding.json"
        repo.dir.copyBoard("broadband-onboarding.json", as: board)
        XCTAssertEqual(repo.git("add -A && git commit -qm 'the board'").status, 0)
        let id = try repo.load(board).cards.keys.sorted()[5]
        repo.git("checkout -qb feature")
        try repo.edit(board) { $0.cards[id]!.text = "FEATWORD" }
        repo.git("commit -qam feature")
        repo.git("checkout -q main")
        try repo.edit(board) { $0.cards[id]!.text = "MAINWORD" }
        repo.git("commit -qam main")
        let m = repo.git("merge --no-edit feature")
        XCTAssertNotEqual(m.status, 0, "the merge stops on the conflict")
        XCTAssertEqual(repo.journey(["check", board]).status, 1)

        let t = try open(board, cwd: repo.path)
        t.waitFor(text: "‼ 1 conflict — c resolves")
        t.press(.conflicts)
        t.waitFor(text: "conflicts — 1 to resolve")
        let list = t.waitFor(text: "theirs · feature")
        XCTAssertTrue(list.contains("MAINWORD") && list.contains("FEATWORD"), list)
        t.keys("t")
        t.waitFor(text: "No conflicts left.")
        t.keys("Escape")
        t.waitForAbsence(of: "No conflicts left.")
        t.press(.save)
        t.waitFor(text: "saved \(board)")
        t.press(.quit)
        XCTAssertEqual(t.waitForExit(), 0)

        let check = repo.journey(["check", board])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        XCTAssertEqual(try repo.load(board).cards[id]!.text, "FEATWORD")
        XCTAssertEqual(repo.git("add \(board) && git commit -q --no-edit").status, 0)
        XCTAssertEqual(repo.git("status --porcelain").stdout, "", "nothing left over (sidecars are ignored)")
        XCTAssertEqual(repo.git("log -1 --format=%p").stdout.split(separator: " ").count, 2, "a merge commit")
    }

    // (b) two instances on one file edit different cards and save one after the other
    func testTwoInstancesSavingOneFileKeepBothEdits() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("broadband-onboarding.json", as: "board.json")
        let a = try open("board.json", cwd: dir.path)
        let b = try open("board.json", cwd: dir.path)
        // B edits the second card first (so it has unsaved edits when A saves)
        b.press(.move(.down)); b.press(.editCard); b.keys("C-u"); b.type("BRAVO EDIT"); b.keys("Enter")
        b.waitFor(text: "BRAVO EDIT")
        a.press(.editCard); a.keys("C-u"); a.type("ALPHA EDIT"); a.keys("Enter")
        a.waitFor(text: "ALPHA EDIT")
        a.press(.save)
        a.waitFor(text: "saved board.json")
        XCTAssertTrue(try texts(dir.file("board.json")).contains("ALPHA EDIT"))
        // B saves without reloading: its edits are merged into A's
        b.press(.save)
        b.waitFor(text: "merged with changes")
        let both = try texts(dir.file("board.json"))
        XCTAssertTrue(both.contains("ALPHA EDIT"), "A's edit survives B's save")
        XCTAssertTrue(both.contains("BRAVO EDIT"))
        let screenB = b.waitFor(text: "ALPHA EDIT")   // B shows the merge
        XCTAssertFalse(screenB.contains("[+]"), "B counts as saved")
        // A has no unsaved edits: it reloads B's
        a.waitFor(text: "reloaded: board.json changed on disk")
        a.waitFor(text: "BRAVO EDIT")
        a.press(.quit); b.press(.quit)
        XCTAssertEqual(a.waitForExit(), 0)
        XCTAssertEqual(b.waitForExit(), 0)
        let check = JourneyBinary.run(["check", dir.file("board.json")])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertEqual(try BoardFile.load(dir.file("board.json")).conflicts, [])
    }

    // (c) SIGKILL at any moment of a save leaves the old file or the new one, never a mix.
    // Kills at seeded moments spread over the run (the seed is printed; JOURNEY_KILL_SEED=N
    // runs the same delays again, though the machine's timing still varies); then kills aimed
    // at each side of the rename: as soon as the temporary file appears (before the rename: the
    // old file must be intact), and as soon as the board's file is a new inode (after the
    // rename, while the program still runs: the new file must be whole). Each kill is recorded
    // by the side it landed on, and both sides must have been hit.
    func testSaveKilledAtAnyMomentLeavesOldOrNewFile() throws {
        let dir = TemporaryDirectory()
        var b = try BoardFile.load(JourneyBinary.boardPath("broadband-onboarding.json"))
        let j = b.orderedJourneys[0].id
        let stages = b.stages(of: j).map(\.id), lanes = b.lanes(of: j).map(\.id)
        var cards = SeededGenerator(seed: 55)
        for i in 0..<6000 {
            let id = IDs.make("cd", using: &cards)
            b.cards[id] = Card(id: id, lane: lanes[i % lanes.count], stage: stages[i % stages.count], order: "b\(i)",
                               text: "Generated card \(i) with some words to make the file larger 第\(i)张")
        }
        let new = BoardCodec.write(b)
        // the same board, not canonical (tabs): `journey fmt` rewrites it
        let old = Array(String(decoding: new, as: UTF8.self).replacingOccurrences(of: "\n  ", with: "\n\t").utf8)
        let file = dir.file("big.json")
        let seed = ProcessInfo.processInfo.environment["JOURNEY_KILL_SEED"].flatMap { UInt64($0) } ?? 20_261_206
        print("kill-during-save seed \(seed) (JOURNEY_KILL_SEED=\(seed) runs the same delays)")
        var delays = SeededGenerator(seed: seed)

        /// Runs `journey fmt` on the old file and SIGKILLs it after `delay`, or once `due` says
        /// so (polled while it runs, to kill within microseconds of a moment). Returns whether
        /// the signal ended it: a kill after it exited does nothing.
        func runFmt(killAfter delay: TimeInterval? = nil, killWhen due: (() -> Bool)? = nil) -> Bool {
            FileManager.default.createFile(atPath: file, contents: Data(old))
            let p = Process()
            p.executableURL = URL(fileURLWithPath: JourneyBinary.path)
            p.arguments = ["fmt", file]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try! p.run()
            if let delay = delay {
                usleep(UInt32(delay * 1_000_000))
                kill(p.processIdentifier, SIGKILL)
            } else if let due = due {
                while p.isRunning {
                    if due() { kill(p.processIdentifier, SIGKILL); break }
                }
            }
            p.waitUntilExit()
            return p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL
        }
        func temporaryFiles() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasPrefix(".big.json.journey-tmp-") }
        }
        func inode() -> UInt64 {
            var st = stat()
            return stat(file, &st) == 0 ? UInt64(st.st_ino) : 0
        }

        enum Side: String { case beforeRename = "before the rename", afterRename = "after the rename", finished = "after the program ended" }
        var landed: [Side: Int] = [:]
        var midWrite = 0
        /// Runs one save killed when `due` says so, checks the file is the old or the new one
        /// (and says which side of the rename the kill landed on), and tidies up.
        func killedSave(_ label: String, killAfter delay: TimeInterval? = nil, killWhen due: (() -> Bool)? = nil) -> Side? {
            let killed = runFmt(killAfter: delay, killWhen: due)
            let leftovers = temporaryFiles()
            for name in leftovers { try? FileManager.default.removeItem(atPath: dir.file(name)) }
            let after = Array(dir.bytes("big.json"))
            XCTAssertNoThrow(try BoardFile.load(file))
            if after == old {
                XCTAssertTrue(killed, "\(label): a run that was not killed formats the file")
                if !leftovers.isEmpty { midWrite += 1 }
                landed[.beforeRename, default: 0] += 1
                return .beforeRename
            } else if after == new {
                XCTAssertEqual(leftovers, [], "\(label): after the rename no temporary file is left")
                let side: Side = killed ? .afterRename : .finished
                landed[side, default: 0] += 1
                return side
            }
            XCTFail("\(label): a killed save left a mix: \(after.count) bytes (old \(old.count), new \(new.count)); seed \(seed)")
            return nil
        }

        // how long one whole run takes here
        let t0 = Date()
        XCTAssertFalse(runFmt())
        let whole = Date().timeIntervalSince(t0)
        XCTAssertEqual(Array(dir.bytes("big.json")), new)

        // kills at seeded moments over the whole run
        for run in 1...40 {
            let delay = Double.random(in: 0...(whole * 1.2), using: &delays)
            if killedSave("seeded kill \(run) after \(Int(delay * 1000)) ms", killAfter: delay) == nil { break }
        }
        // a kill aimed before the rename: as soon as the temporary file is there
        var aimedBefore: Side? = nil, attemptsBefore = 0
        for attempt in 1...10 where aimedBefore != .beforeRename {
            attemptsBefore = attempt
            aimedBefore = killedSave("kill \(attempt) aimed before the rename", killWhen: { !temporaryFiles().isEmpty })
        }
        // a kill aimed after the rename: as soon as the board's file is another inode
        var aimedAfter: Side? = nil, attemptsAfter = 0
        for attempt in 1...40 where aimedAfter != .afterRename {
            attemptsAfter = attempt
            var original: UInt64 = 0
            aimedAfter = killedSave("kill \(attempt) aimed after the rename", killWhen: {
                if original == 0 { original = inode() }
                return inode() != original
            })
        }
        let report = [Side.beforeRename, .afterRename, .finished].map { "\(landed[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        print("FIGURE SIGKILL during journey fmt (\(new.count) bytes, one run \(Int(whole * 1000)) ms, seed \(seed)): kills landed "
              + "\(report); \(midWrite) mid-write (a temporary file left); aimed kills landed before the rename "
              + "in \(attemptsBefore) attempt(s), after it in \(attemptsAfter); the file was always the old or the new one")
        XCTAssertEqual(aimedBefore, .beforeRename, "a kill landed before the rename and left the old file")
        XCTAssertEqual(aimedAfter, .afterRename, "a kill landed after the rename, while the program ran, and left the new file")
    }

    // (d) a recovery file of a running instance is not offered; of a dead one it is, merged
    // with what changed on disk since
    func testRecoveryOfALiveInstanceIsNotOfferedOfADeadOneIs() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("broadband-onboarding.json", as: "board.json")
        let recovery = dir.file(".board.json.journey-recover")
        let t1 = try open("board.json", cwd: dir.path)
        t1.press(.addCard); t1.type("LIVE EDIT"); t1.keys("Enter")
        t1.waitFor(text: "LIVE EDIT")
        waitForFile(recovery, "autosave after a few idle seconds")
        let pid1 = try XCTUnwrap(t1.programPID())
        XCTAssertEqual(try RecoveryFile.read(recovery).owner?.pid, pid1)
        let kept = dir.bytes(".board.json.journey-recover")

        // another instance: told, not offered; and it never writes over or deletes t1's file
        let t2 = try open("board.json", cwd: dir.path)
        let s2 = t2.waitFor(text: "another journey (pid \(pid1)")
        XCTAssertFalse(s2.contains("Unsaved edits from an earlier session"), s2)
        t2.press(.addCard); t2.type("SECOND"); t2.keys("Enter")
        t2.waitFor(text: "not autosaving: the recovery file belongs to another journey", timeout: 20)
        t2.press(.commandLine); t2.type("q!"); t2.keys("Enter")
        XCTAssertEqual(t2.waitForExit(), 0)
        XCTAssertEqual(dir.bytes(".board.json.journey-recover"), kept, "t1's recovery file is untouched")

        // t1 dies without a chance to clean up; meanwhile the board changes on disk
        kill(pid1, SIGKILL)
        // (the shell's "Killed" line can push the wrapper's status line to wrap anywhere, even
        // between two words: compare without any white space)
        t1.waitUntil("the killed program's exit status") { screen in
            screen.filter { !$0.isWhitespace }.contains("[journeyexitedwithstatus\(128 + SIGKILL)]")
        }
        var disk = try BoardFile.load(dir.file("board.json"))
        let other = disk.cards.keys.sorted()[3]
        disk.cards[other]!.text = "DISK EDIT"
        try BoardFile.save(disk, to: dir.file("board.json"))

        let t3 = try TmuxSession("'\(JourneyBinary.path)' board.json --no-live", cwd: dir.path)
        t3.waitFor(text: "Unsaved edits from an earlier session were kept (pid \(pid1)")
        t3.waitFor(text: "merged with later changes")
        t3.keys("r")
        t3.waitFor(text: "recovered unsaved edits")
        t3.press(.save)
        t3.waitFor(text: "saved board.json")
        t3.press(.quit)
        XCTAssertEqual(t3.waitForExit(), 0)
        let all = try texts(dir.file("board.json"))
        XCTAssertTrue(all.contains("LIVE EDIT"), "the recovered edit")
        XCTAssertTrue(all.contains("DISK EDIT"), "the change made on disk meanwhile")
        XCTAssertFalse(all.contains("SECOND"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: recovery), "a clean save removes it")
        XCTAssertEqual(JourneyBinary.run(["check", dir.file("board.json")]).status, 0)
        XCTAssertNil(try BoardFile.load(dir.file("board.json")).extra[RecoveryFile.member], "the owner record never reaches the board")
    }

    // an open board with no unsaved edits shows a change made on disk
    func testUnchangedBoardReloadsWhenTheFileChangesOnDisk() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        let t = try open("board.json", cwd: dir.path)
        var b = try BoardFile.load(dir.file("board.json"))
        let focused = b.cards.values.filter { $0.stage == b.stages(of: b.orderedJourneys[0].id)[0].id }
        XCTAssertFalse(focused.isEmpty)
        for c in focused { b.cards[c.id]!.text = "RELOADED" }
        try BoardFile.save(b, to: dir.file("board.json"))
        t.waitFor(text: "reloaded: board.json changed on disk")
        t.waitFor(text: "RELOADED")
        t.press(.quit)
        XCTAssertEqual(t.waitForExit(), 0, "a reload is not an unsaved edit")
    }

    // a file with conflict markers is never saved over; the edits are kept
    func testSaveRefusesToWriteOverConflictMarkers() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        let t = try open("board.json", cwd: dir.path)
        t.press(.addCard); t.type("KEEP ME"); t.keys("Enter")
        t.waitFor(text: "KEEP ME")
        let text = dir.read("board.json")
        let marked = text.replacingOccurrences(of: "\n  \"format\"", with: "\n<<<<<<< HEAD\n=======\n>>>>>>> other\n  \"format\"")
        XCTAssertNotEqual(marked, text)
        dir.write("board.json", marked)
        t.press(.save)
        t.waitFor(text: "not saved: the board on disk has git conflict markers")
        XCTAssertEqual(dir.read("board.json"), marked, "not written over")
        let rec = try RecoveryFile.read(dir.file(".board.json.journey-recover"))
        XCTAssertTrue(rec.board.cards.values.contains { $0.text == "KEEP ME" }, "the edits are in the recovery file")
        t.press(.commandLine); t.type("q!"); t.keys("Enter")
        XCTAssertEqual(t.waitForExit(), 0)
    }
}
