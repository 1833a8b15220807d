import Foundation
import JourneyKit
import XCTest
import JourneyTestSupport

/// `journey diff` and `journey textconv` as processes, and through git (`git diff`, `git log -p`).
final class GitDiffTests: XCTestCase {
    func testGitDiffAndLogReadLineByField() throws {
        let repo = MergeTestRepo()
        XCTAssertEqual(repo.journey(["git-setup"]).status, 0)
        try FileManager.default.createDirectory(atPath: repo.dir.file("boards"), withIntermediateDirectories: true)
        repo.dir.copyBoard("holiday-booking.json", as: "boards/holiday.json")
        repo.git("add -A && git commit -qm base")
        let b = try repo.load("boards/holiday.json")
        let id = b.cards.keys.sorted()[3]
        try repo.edit("boards/holiday.json") { $0.cards[id]!.text = "Reworded"; $0.cards[id]!.votes["mei"] = 2 }
        let d = repo.git("diff")
        XCTAssertEqual(d.status, 0, d.stderr)
        XCTAssertTrue(d.stdout.contains("\n-cards/\(id)/text: "), d.stdout)
        XCTAssertTrue(d.stdout.contains("\n+cards/\(id)/text: \"Reworded\"\n"), d.stdout)
        XCTAssertTrue(d.stdout.contains("\n+cards/\(id)/votes: {\"mei\":2}\n"), d.stdout)
        repo.git("commit -qam reword")
        let log = repo.git("log -p -1")
        XCTAssertTrue(log.stdout.contains("+cards/\(id)/text: \"Reworded\""), log.stdout)
        // git's own diff of the raw file is still there for those who want it
        XCTAssertTrue(repo.git("log -p -1 --no-textconv").stdout.contains("+      \"text\": \"Reworded\""))
    }

    func testDiffCommand() throws {
        let d = TemporaryDirectory("journey-diff")
        let old = try BoardFile.load(JourneyBinary.boardPath("holiday-booking.json"))
        var new = old
        let ids = old.cards.keys.sorted()
        new.cards[ids[0]]!.text = "New \u{1B}[2J text"
        new.cards[ids[1]] = nil
        try BoardFile.save(old, to: d.file("old.json"))
        try BoardFile.save(new, to: d.file("new.json"))
        let r = JourneyBinary.run(["diff", "old.json", "new.json"], cwd: d.path)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("cards\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("  - “"), r.stdout)
        XCTAssertTrue(r.stdout.contains("text: "), r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix("1 card removed, 1 changed\n"), r.stdout)
        XCTAssertFalse(r.stdout.contains("\u{1B}"), "no colour and no escape from the file when stdout is not a terminal")
        let j = JourneyBinary.run(["diff", "old.json", "new.json", "--format", "json"], cwd: d.path)
        XCTAssertEqual(j.status, 0, j.stderr)
        XCTAssertTrue(j.stdout.contains("\"kind\": \"removed\""), j.stdout)
        XCTAssertTrue(j.stdout.contains("New \\u001b[2J text"), j.stdout)
        XCTAssertEqual(JourneyBinary.run(["diff", "old.json", "old.json"], cwd: d.path).stdout, "no changes\n")
        XCTAssertEqual(JourneyBinary.run(["diff", "--exit-code", "old.json", "new.json"], cwd: d.path).status, 1)
        let bad = JourneyBinary.run(["diff", "old.json", "missing.json"], cwd: d.path)
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("missing.json"), bad.stderr)
    }

    func testTextconvPrintsWhatItCannotReadAsItIs() {
        let d = TemporaryDirectory("journey-textconv")
        d.write("x.json", "<<<<<<< ours\n{}\n")
        let r = JourneyBinary.run(["textconv", "x.json"], cwd: d.path)
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout, "<<<<<<< ours\n{}\n")
        let ok = JourneyBinary.run(["textconv", JourneyBinary.boardPath("holiday-booking.json")])
        XCTAssertEqual(ok.status, 0)
        let lines = ok.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines, lines.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        XCTAssertTrue(lines.contains("format: \"journey-board\""))
    }
}
