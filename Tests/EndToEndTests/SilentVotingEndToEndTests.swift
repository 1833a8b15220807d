import Foundation
import JourneyKit
import XCTest
import JourneyTestSupport

/// Silent voting across instances, and a board that fails `journey check` opening with its
/// problems listed — the real binary in tmux.
final class SilentVotingEndToEndTests: XCTestCase {
    /// Save on demand (`--no-live`): the hidden state travels by save and reload here;
    /// LiveRoomEndToEndTests has it shared live.
    func open(_ file: String, cwd: String, as who: String) throws -> TmuxSession {
        let t = try TmuxSession("'\(JourneyBinary.path)' '\(file)' --as \(who) --no-live", width: 120, height: 40, cwd: cwd,
                                environment: ["SWIFT_BACKTRACE": "interactive=no"])
        t.waitFor(text: "? help")
        return t
    }

    /// A hides the votes and saves; B, on the same file, reloads and hides the counts too
    /// (its panel shows only its own votes); `journey score` hides them; `:votes show` undoes it.
    func testHidingVotesInOneInstanceHidesThemInTheOther() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        let a = try open("board.json", cwd: dir.path, as: "claire")
        let b = try open("board.json", cwd: dir.path, as: "jo")
        b.press(.prioritisation)
        b.waitFor(text: "votes  status")
        b.keys("Escape")
        b.waitForAbsence(of: "Prioritisation")

        a.press(.commandLine)
        a.type("votes hide")
        a.keys("Enter")
        a.waitFor(text: "vote counts hidden")
        a.press(.save)
        a.waitFor(text: "saved board.json")
        XCTAssertTrue(try BoardFile.load(dir.file("board.json")).scoring.votesHidden, "saved in the board")
        XCTAssertTrue(dir.read("board.json").contains("\"votesHidden\": true"))

        b.waitFor(text: "reloaded: board.json changed on disk")
        b.press(.prioritisation)
        let panel = b.waitFor(text: "mine  status")
        XCTAssertFalse(panel.contains("votes  status"), panel)
        // jo's own votes: 1 on the clone card (rank 1), none on the status panel (rank 2)
        XCTAssertNotNil(panel.range(of: #"2\.833\s+1\s+measured"#, options: .regularExpression), panel)
        XCTAssertNotNil(panel.range(of: #"0\.794\s+0\s+in-progress"#, options: .regularExpression), panel)

        let score = JourneyBinary.run(["score", dir.file("board.json")])
        XCTAssertEqual(score.status, 0, score.stderr)
        XCTAssertTrue(score.stdout.contains("votes hidden: silent"), score.stdout)
        XCTAssertFalse(score.stdout.contains("  3  measured"), score.stdout)

        // back on the board before A saves again: the reload's message shows there
        b.keys("Escape")
        b.waitForAbsence(of: "mine  status")
        a.press(.commandLine)
        a.type("votes show")
        a.keys("Enter")
        a.waitFor(text: "vote counts shown")
        a.press(.save)
        a.waitFor(text: "saved board.json")
        XCTAssertFalse(dir.read("board.json").contains("votesHidden"), "omitted when shown")
        b.waitFor(text: "reloaded: board.json changed on disk")
        b.press(.prioritisation)
        b.waitFor(text: "votes  status")
        b.keys("Escape")
        b.waitForAbsence(of: "Prioritisation")
        for t in [a, b] { t.press(.quit); XCTAssertEqual(t.waitForExit(), 0) }
    }

    func testABoardThatFailsCheckOpensWithItsProblemsListed() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        let original = dir.read("board.json")
        // cost 0 is a check error the board can still show
        let broken = original.replacingOccurrences(of: "\"cost\": 13", with: "\"cost\": 0")
        XCTAssertNotEqual(broken, original)
        _ = dir.write("board.json", broken)
        let t = try TmuxSession("'\(JourneyBinary.path)' board.json", width: 120, height: 40, cwd: dir.path,
                                environment: ["SWIFT_BACKTRACE": "interactive=no"])
        let screen = t.waitFor(text: "this board fails journey check: 1 problem")
        XCTAssertNotNil(screen.range(of: #"board\.json:\d+:\d+: error: card cd_gcr2refj1m: cost must be greater than 0"#, options: .regularExpression), screen)
        t.keys("Escape")
        let after = t.waitForAbsence(of: "j/k scroll, Esc closes")
        XCTAssertTrue(after.contains("⚠ 1 check problem"), "the warning stays in the status line:\n\(after)")
        t.press(.quit)
        XCTAssertEqual(t.waitForExit(), 0)
        XCTAssertEqual(dir.read("board.json"), broken, "opening and quitting never rewrites the file")

        // a file that cannot be parsed is still refused with its error, and left as it is
        _ = dir.write("bad.json", "{\"format\": \"journey-board\",\n  \"cards\": {},,\n}\n")
        let r = JourneyBinary.run(["open", "bad.json"], cwd: dir.path)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("bad.json:2:"), r.stderr)
        XCTAssertEqual(dir.read("bad.json"), "{\"format\": \"journey-board\",\n  \"cards\": {},,\n}\n")
    }
}
