import Foundation
import JourneyKit
import XCTest
import JourneyTestSupport

/// The prioritisation panel in the real binary in a real terminal (tmux): open a board, `p`,
/// change an opportunity's confidence, see it re-rank, save, quit; `journey score` agrees.
final class PrioritisationEndToEndTests: XCTestCase {
    /// `journey score FILE --format json`: the opportunities' ids in rank order.
    func scoredOrder(_ file: String) throws -> [String] {
        let r = JourneyBinary.run(["score", file, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let opportunities = doc?["opportunities"] as? [[String: Any]] ?? []
        XCTAssertEqual(opportunities.map { ($0["rank"] as? NSNumber)?.intValue ?? 0 }, Array(1...max(1, opportunities.count)))
        return opportunities.compactMap { $0["id"] as? String }
    }

    func testChangeConfidenceInThePanelReRanksSavesAndScoreAgrees() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        let before = try scoredOrder(dir.file("board.json"))
        let hold = "cd_gcr2refj1m" // "Hold prices for 24 hours with key suppliers": rank 9, confidence 40
        XCTAssertEqual(before.firstIndex(of: hold), 8)

        let t = try TmuxSession("'\(JourneyBinary.path)' board.json", width: 120, height: 40, cwd: dir.path,
                                environment: ["SWIFT_BACKTRACE": "interactive=no"])
        t.waitFor(text: "? help")
        t.press(.prioritisation)
        t.waitFor(text: "gate: all — improves every hero metric")
        for _ in 0..<8 { t.keys("j") }
        t.waitFor(text: "★ #9  Hold prices")
        for _ in 0..<3 { t.keys("Tab") }   // impact ×3 hero metrics, then confidence
        t.waitFor(text: "chosen: confidence")
        t.keys("e")
        t.waitFor(text: "editing confidence")
        t.type("100")
        t.keys("Enter")
        // wait for the whole frame: a capture can fall between the message line and the breakdown
        let screen = t.waitUntil("the focus to follow the card to #8") { $0.contains("now #8 (was #9)") && $0.contains("★ #8  Hold prices") }
        // the table shows it at rank 8 now
        let row8 = screen.split(separator: "\n").first { $0.hasPrefix("  8  ") } ?? ""
        XCTAssertTrue(row8.contains("Hold prices"), "row 8: \(row8)\n\(screen)")
        t.keys("s")
        t.waitFor(text: "saved board.json")
        t.keys("Escape")
        t.waitFor(text: "? help")
        t.press(.quit)
        XCTAssertEqual(t.waitForExit(), 0, "no unsaved changes: q quits at once")

        let board = try BoardFile.load(dir.file("board.json"))
        XCTAssertEqual(board.cards[hold]?.confidence, 100)
        let after = try scoredOrder(dir.file("board.json"))
        XCTAssertEqual(after.firstIndex(of: hold), 7, "journey score ranks it 8th too")
        var expected = before
        expected.remove(at: 8)
        expected.insert(hold, at: 7)
        XCTAssertEqual(after, expected, "only that card moved")
        XCTAssertEqual(JourneyBinary.run(["check", dir.file("board.json")]).status, 0)
    }
}
