import Foundation
import JourneyKit
import XCTest
import JourneyTestSupport

/// `journey import` with the real binary: a new board that passes `check`, `-o` that never
/// overwrites, `--dry-run` and no target writing nothing, an unreadable source writing nothing,
/// a board open in tmux showing the imported cards, and a rerun adding nothing.
final class ImportCommandTests: XCTestCase {
    let day = """
        journey
          title My working day
          section Go to work
            Make tea: 5: Me
            Go upstairs: 3: Me
            Do work: 9: Me, Cat
          section Go home
            Go downstairs: 5: Me
            Sit down: X: Me
        """

    func testANewBoardWithItsReport() throws {
        let dir = TemporaryDirectory()
        dir.write("day.mmd", day)
        let r = JourneyBinary.run(["import", "day.mmd", "-o", "day.json"], cwd: dir.path)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, """
            new journey “My working day”: 2 stages, 2 lanes (Steps: steps, Emotion: emotion), 9 cards
            new personas: “Me”, “Cat”
            day.mmd:6:14: changed: score 9 is outside 1…5: read as 5 (emotion +2)
            day.mmd:9:15: skipped: score “X” is not a number: no emotion for “Sit down”
            day.json: created 1 journey, 2 stages, 2 lanes, 9 cards, 2 personas; 1 skipped, 1 changed
            wrote day.json

            """)
        let check = JourneyBinary.run(["check", "day.json"], cwd: dir.path)
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        let board = try BoardFile.load(dir.file("day.json"))
        XCTAssertEqual(Set(board.cards.values.map(\.text)), ["Make tea", "Go upstairs", "Do work", "Go downstairs", "Sit down"])

        // -o never overwrites
        let before = dir.bytes("day.json")
        let again = JourneyBinary.run(["import", "day.mmd", "-o", "day.json"], cwd: dir.path)
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("day.json: error: already exists"), again.stderr)
        XCTAssertEqual(dir.bytes("day.json"), before)
    }

    func testDryRunAndNoTargetWriteNothing() {
        let dir = TemporaryDirectory()
        dir.write("day.md", "# Day\n\n```mermaid\n" + day + "\n```\n")
        let dry = JourneyBinary.run(["import", "day.md", "-o", "new.json", "--dry-run"], cwd: dir.path)
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertTrue(dry.stdout.contains("new.json: created 1 journey, 2 stages, 2 lanes, 9 cards"), dry.stdout)
        XCTAssertTrue(dry.stdout.hasSuffix("dry run: nothing written\n"), dry.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("new.json")))
        let none = JourneyBinary.run(["import", "day.md"], cwd: dir.path)
        XCTAssertEqual(none.status, 0, none.stderr)
        XCTAssertTrue(none.stdout.contains("nothing written: -o NEW.json creates a board of it, --into BOARD.json adds it to a board"), none.stdout)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["day.md"])
    }

    func testUsageErrors() {
        let dir = TemporaryDirectory()
        dir.write("day.mmd", day)
        for args in [["import"], ["import", "day.mmd", "-o", "a.json", "--into", "b.json"], ["import", "day.mmd", "--map", "text"],
                     ["import", "day.mmd", "--from", "visio"], ["import", "day.mmd", "-o", "day.mmd"]] {
            let r = JourneyBinary.run(args, cwd: dir.path)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
        }
    }

    func testRandomBytesAndARejectedDiagramWriteNothing() throws {
        let dir = TemporaryDirectory()
        var g = SeededRandom(seed: 99)
        let noise = Data((0..<4096).map { _ in UInt8(truncatingIfNeeded: g.next()) })
        FileManager.default.createFile(atPath: dir.file("noise.mmd"), contents: noise)
        dir.write("bad.mmd", "journey\n  section Go\n    Eat; drink: 5: Me\n")
        dir.copyBoard("holiday-booking.json", as: "board.json")
        let before = dir.bytes("board.json")
        let r = JourneyBinary.run(["import", "noise.mmd", "bad.mmd", "--into", "board.json"], cwd: dir.path)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("noise.mmd:1:") && r.stderr.contains(": error: not UTF-8 text"), r.stderr)
        XCTAssertTrue(r.stderr.contains("bad.mmd:3:8: error: “;” is an error in a Mermaid journey (write #59; for a semicolon)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("nothing imported, nothing written"), r.stderr)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(dir.bytes("board.json"), before)
        let o = JourneyBinary.run(["import", "noise.mmd", "-o", "new.json", "--from", "mermaid"], cwd: dir.path)
        XCTAssertEqual(o.status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("new.json")))
    }

    func testHostileTextInTheReportIsSanitised() {
        let dir = TemporaryDirectory()
        dir.write("evil.mmd", "journey\n  title \u{1B}]0 owned\u{07}\u{202E}x\n  section S\n    \u{1B}[31mred: NaN\u{1B}[0m: Me\n")
        let r = JourneyBinary.run(["import", "evil.mmd"], cwd: dir.path)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(r.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E }, r.stdout)
        XCTAssertTrue(r.stdout.contains("␛"), r.stdout)
    }

    func testTwoThousandTasksImportWhole() throws {
        let dir = TemporaryDirectory()
        var text = "journey\n  title Big\n"
        for s in 0..<40 {
            text += "  section Stage \(s)\n"
            for t in 0..<50 { text += "    Task \(s)-\(t): \(1 + (s + t) % 5): Ann\n" }
        }
        dir.write("big.mmd", text)
        let r = JourneyBinary.run(["import", "big.mmd", "-o", "big.json"], cwd: dir.path)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("big.json: created 1 journey, 40 stages, 2 lanes, 4000 cards, 1 persona; 0 skipped, 0 changed"), r.stdout)
        let board = try BoardFile.load(dir.file("big.json"))
        let j = board.orderedJourneys[0].id
        let steps = board.lanes(of: j).first { $0.laneKind == .steps }!
        let last = board.stages(of: j).last!
        XCTAssertEqual(last.title, "Stage 39")
        XCTAssertEqual(board.cards(stage: last.id, lane: steps.id).map(\.text), (0..<50).map { "Task 39-\($0)" })
        XCTAssertEqual(JourneyBinary.run(["check", "big.json"], cwd: dir.path).status, 0)
        let again = JourneyBinary.run(["import", "big.mmd", "--into", "big.json"], cwd: dir.path)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("4000 already there, not added again"), again.stdout)
    }

    /// A board open in a terminal; `journey import --into` it from another process: the cards
    /// appear on the open board; the same import again adds nothing.
    func testImportIntoABoardOpenInATerminal() throws {
        let dir = TemporaryDirectory()
        XCTAssertEqual(JourneyBinary.run(["new", "board.json", "--template", "blank"], cwd: dir.path).status, 0)
        dir.write("more.mmd", "journey\n  title Journey\n  section Stage 1\n    IMPORTED ALPHA: 4: Ann\n    IMPORTED BRAVO: 2: Ann\n  section Stage 2\n    IMPORTED CHARLIE: 3: Ann\n")
        let t = try TmuxSession("'\(JourneyBinary.path)' board.json", width: 140, height: 40, cwd: dir.path,
                                environment: ["SWIFT_BACKTRACE": "interactive=no"])
        t.waitFor(text: "? help")
        XCTAssertFalse(t.capture().contains("IMPORTED"))

        let r = JourneyBinary.run(["import", "more.mmd", "--into", "board.json"], cwd: dir.path)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("journey “Journey”: 1 stage, 0 lanes, 6 cards"), r.stdout)
        let screen = t.waitFor(text: "IMPORTED BRAVO")
        XCTAssertTrue(screen.contains("IMPORTED ALPHA"), screen)
        XCTAssertTrue(screen.contains("Stage 2"), screen)
        let shown = screen.components(separatedBy: "IMPORTED").count
        XCTAssertEqual(JourneyBinary.run(["check", "board.json"], cwd: dir.path).status, 0)

        let before = dir.bytes("board.json")
        let again = JourneyBinary.run(["import", "more.mmd", "--into", "board.json"], cwd: dir.path)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("nothing new: board.json already holds all of it; not written"), again.stdout)
        XCTAssertEqual(dir.bytes("board.json"), before)
        XCTAssertEqual(t.capture().components(separatedBy: "IMPORTED").count, shown)
        t.press(.quit)
        XCTAssertEqual(t.waitForExit(), 0)
    }

    // MARK: CSV and Trello through the command (their readers have their own tests)

    func testACSVOfStickiesIntoANewBoardThenAgainAddsNothing() throws {
        let dir = TemporaryDirectory()
        let csv = "\u{FEFF}Phase;Category;Sticky;Dots\r\nOrder;Pain points;\"Checkout asks twice; for the address\";3\r\n" +
            "Order;Steps;Pick a plan;\r\nInstall;Pain points;\"Engineer late,\r\nno call\";5\r\nInstall;Steps;;\r\n"
        dir.write("stickies.csv", csv)
        let r = JourneyBinary.run(["import", "stickies.csv", "-o", "board.json"], cwd: dir.path)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("(Pain points: pains, Steps: steps)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("stickies.csv:6:1: skipped: row without text"), r.stdout)   // at its physical line, after a quoted line break
        XCTAssertTrue(r.stdout.contains("board.json: created 1 journey, 2 stages, 2 lanes, 3 cards"), r.stdout)
        XCTAssertEqual(JourneyBinary.run(["check", "board.json"], cwd: dir.path).status, 0)
        let board = try BoardFile.load(dir.file("board.json"))
        XCTAssertEqual(Set(board.cards.values.map(\.text)), ["Checkout asks twice; for the address", "Pick a plan", "Engineer late,\nno call"])
        XCTAssertEqual(board.cards.values.first { $0.text == "Pick a plan" }?.votes, [:])
        XCTAssertEqual(board.cards.values.first { $0.text.hasPrefix("Engineer") }?.votes.values.reduce(0, +), 5)

        let before = dir.bytes("board.json")
        let again = JourneyBinary.run(["import", "stickies.csv", "--into", "board.json"], cwd: dir.path)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("3 already there, not added again"), again.stdout)
        XCTAssertEqual(dir.bytes("board.json"), before)

        // --map names a column whose header no synonym knows
        dir.write("sheet.txt", "When,What\nOrder,Compare plans\n")
        let mapped = JourneyBinary.run(["import", "sheet.txt", "--into", "board.json", "--map", "stage=When", "--map", "text=What"], cwd: dir.path)
        XCTAssertEqual(mapped.status, 0, mapped.stderr)
        XCTAssertTrue(try BoardFile.load(dir.file("board.json")).cards.values.contains { $0.text == "Compare plans" })
    }

    func testATrelloExportIntoABoard() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        dir.write("claim.json", """
            {"name": "Home insurance claim",
             "lists": [{"id": "l1", "name": "Report the damage", "closed": false, "pos": 1},
                       {"id": "l2", "name": "Old ideas", "closed": true, "pos": 2}],
             "labels": [{"id": "b1", "name": "Pain point", "color": "red"}],
             "members": [{"id": "m1", "fullName": "Ana Lima"}],
             "cards": [{"id": "c1", "name": "Calls the hotline", "idList": "l1", "closed": false, "pos": 1, "desc": "Waits 40 minutes",
                        "idLabels": ["b1"], "labels": [{"id": "b1", "name": "Pain point", "color": "red"}], "idMembers": ["m1"]},
                       {"id": "c2", "name": "Sends photos", "idList": "l1", "closed": false, "pos": 2, "desc": "", "labels": [], "idMembers": []},
                       {"id": "c3", "name": "Archived card", "idList": "l1", "closed": true, "pos": 3, "desc": "", "labels": [], "idMembers": []}]}
            """)
        let r = JourneyBinary.run(["import", "claim.json", "--into", "board.json"], cwd: dir.path)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("new journey “Home insurance claim”: 1 stage"), r.stdout)
        XCTAssertTrue(r.stdout.contains("claim.json:") && r.stdout.contains("skipped"), r.stdout)
        XCTAssertEqual(JourneyBinary.run(["check", "board.json"], cwd: dir.path).status, 0)
        let board = try BoardFile.load(dir.file("board.json"))
        XCTAssertEqual(board.orderedJourneys.count, 2)
        let hotline = try XCTUnwrap(board.cards.values.first { $0.text == "Calls the hotline" })
        XCTAssertEqual(board.kind(of: hotline), .pains)
        XCTAssertEqual(hotline.notes, "Waits 40 minutes")
        XCTAssertEqual(hotline.owner, "Ana Lima")
        XCTAssertFalse(board.cards.values.contains { $0.text == "Archived card" })
    }
}
