import Foundation
import JourneyKit
import XCTest
import JourneyTestSupport

/// `journey show --linear`, `:linear` and `--theme high-contrast` through the real binary: the
/// reading printed to a pipe, the reading on the board in tmux with the terminal's cursor on
/// the focused card, and the projector theme with its marked, reversed, bold focus.
final class LinearAndThemeEndToEndTests: XCTestCase {
    func open(_ dir: TemporaryDirectory, _ arguments: String = "", width: Int = 60, height: Int = 24,
              environment: [String: String] = [:]) throws -> TmuxSession {
        let t = try TmuxSession("'\(JourneyBinary.path)' board.json --as ana \(arguments)", width: width, height: height, cwd: dir.path,
                                environment: ["SWIFT_BACKTRACE": "interactive=no"].merging(environment) { $1 })
        t.waitFor(text: "help")
        return t
    }

    /// The cursor as tmux sees it: column, row, and whether it is shown.
    func cursor(_ t: TmuxSession) -> (x: Int, y: Int, visible: Bool) {
        let parts = t.tmux(["display-message", "-p", "-t", t.name, "#{cursor_x} #{cursor_y} #{cursor_flag}"])
            .stdout.split(separator: " ").map { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1 }
        return (parts[0], parts[1], parts.count > 2 && parts[2] == 1)
    }

    func testShowLinearPrintsTheReadingOfTheChineseBoard() throws {
        let r = JourneyBinary.run(["show", "--linear", "--width", "40", Fixture.boardPath("membership-self-service.json")])
        XCTAssertEqual(r.status, 0, r.stderr)
        let golden = try String(contentsOfFile: Fixture.packageRoot + "/Tests/JourneyKitTests/Golden/membership-self-service.linear-40.txt", encoding: .utf8)
        XCTAssertEqual(r.stdout, golden)
        XCTAssertFalse(r.stdout.unicodeScalars.contains { (0x2500...0x257F).contains($0.value) })
        let narrow = JourneyBinary.run(["show", "--linear", "--width", "12", Fixture.boardPath("holiday-booking.json")])
        XCTAssertNotEqual(narrow.status, 0)
        XCTAssertTrue(narrow.stderr.contains("--width must be at least 20 columns with --linear"), narrow.stderr)
    }

    func testLinearReadingMovesCardByCardWithTheCursorOnTheCard() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        let t = try open(dir)
        XCTAssertFalse(cursor(t).visible, "the board hides the cursor")
        t.press(.commandLine)
        t.type("linear")
        t.keys("Enter")
        t.waitFor(text: "Stage 1 of 6: Enquiry")
        t.press(.readNext)
        let screen = t.waitFor(text: "card 2 of")
        t.waitUntil("the cursor to be shown") { _ in self.cursor(t).visible }
        let c = cursor(t)
        let rows = screen.components(separatedBy: "\n")
        XCTAssertTrue(rows[c.y].hasPrefix("▶") && rows[c.y].contains("- step: Retypes the enquiry"), "cursor row \(c.y): \(rows[c.y])\n\(screen)")
        XCTAssertEqual(Array(rows[c.y])[c.x], "-", rows[c.y])
        XCTAssertFalse(screen.unicodeScalars.contains { (0x2500...0x257F).contains($0.value) }, screen)
        t.keys("Escape")
        t.waitForAbsence(of: "Stage 1 of 6")
        t.waitUntil("the cursor to be hidden again") { _ in !self.cursor(t).visible }
    }

    func testHighContrastMarksTheFocusAndIsBoldWhiteOnBlack() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        let t = try open(dir, "--theme high-contrast", width: 100, height: 30)
        let screen = t.waitFor(text: "▶›")
        XCTAssertTrue(screen.contains("▶› Family enquiry"), screen)
        // the styles as tmux holds them: the focus reversed, text bold, white on black
        let styled = t.tmux(["capture-pane", "-p", "-e", "-t", t.name]).stdout
        XCTAssertNotNil(styled.range(of: #"\x1B\[[0-9;]*\b7[;m]"#, options: .regularExpression), "reverse video")
        XCTAssertNotNil(styled.range(of: #"\x1B\[[0-9;]*\b1[;m]"#, options: .regularExpression), "bold")
        XCTAssertNotNil(styled.range(of: #"\x1B\[[0-9;]*\b40[;m]"#, options: .regularExpression), "a black background")
        t.press(.commandLine)
        t.type("theme dark")
        t.keys("Enter")
        t.waitFor(text: "theme: dark")
        t.waitForAbsence(of: "▶›")
    }

    func testJourneyThemeChoosesTheThemeAndAnUnknownOneIsRefused() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        let t = try open(dir, width: 100, height: 30, environment: ["JOURNEY_THEME": "high-contrast"])
        t.waitFor(text: "▶›")
        let bad = JourneyBinary.run(["board.json"], cwd: dir.path, environment: ["JOURNEY_THEME": "pink"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("JOURNEY_THEME=pink is not a theme (dark, light, high-contrast)"), bad.stderr)
    }
}
