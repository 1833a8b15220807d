import Foundation
import JourneyKit
import XCTest
import JourneyTestSupport

/// Editing what used to need a text editor — personas, a journey's persona and its own
/// measured metrics — on the board, in the real binary in tmux; the saved file passes
/// `journey check`.
final class BoardEditingEndToEndTests: XCTestCase {
    func command(_ t: TmuxSession, _ line: String, expect: String) {
        t.press(.commandLine)
        t.type(line)
        t.keys("Enter")
        t.waitFor(text: expect)
    }

    func testPersonaAndJourneyMetricEditedOnTheBoardSaveToAFileCheckAccepts() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        let t = try TmuxSession("'\(JourneyBinary.path)' board.json", width: 140, height: 40, cwd: dir.path,
                                environment: ["SWIFT_BACKTRACE": "interactive=no"])
        t.waitFor(text: "? help")
        command(t, "persona add Night owl", expect: "persona added: Night owl")
        command(t, "persona describe \"Night owl\" Books after ten, on a phone", expect: "persona Night owl described")
        command(t, "journey persona \"Night owl\"", expect: "persona of Counsellor books a family holiday")
        t.waitUntil("the header to name the persona") { $0.split(separator: "\n").first?.contains("Night owl") == true }
        command(t, "persona rename \"Night owl\" Late booker", expect: "persona renamed: Night owl → Late booker")
        command(t, "journey metric satisfaction 74", expect: "satisfaction of Counsellor books a family holiday")
        // a metric the board does not have is refused with check's words, and nothing changes
        command(t, "journey metric nps 30", expect: "which is not a hero metric of this board")
        t.press(.save)
        t.waitFor(text: "saved board.json")
        t.press(.quit)
        XCTAssertEqual(t.waitForExit(), 0)

        let check = JourneyBinary.run(["check", dir.file("board.json")])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        let board = try BoardFile.load(dir.file("board.json"))
        let journey = try XCTUnwrap(board.orderedJourneys.first)
        XCTAssertEqual(journey.metrics["satisfaction"], 74)
        XCTAssertNil(journey.metrics["nps"])
        let persona = try XCTUnwrap(journey.persona.flatMap { board.personas[$0] })
        XCTAssertEqual(persona.name, "Late booker")
        XCTAssertEqual(persona.description, "Books after ten, on a phone")
        XCTAssertEqual(board.personas.count, 2, "the old persona stays, no journey has it now")
    }

    /// Notes of several lines typed in the form (Enter a new line, Ctrl-S keeps: the terminal's
    /// flow control must not swallow it), `:stage N` and `'` back, and the timebox paused in
    /// presentation mode with its large digits.
    func testNotesLinesStageJumpAndThePausedTimerInTheRealTerminal() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        let t = try TmuxSession("'\(JourneyBinary.path)' board.json", width: 140, height: 40, cwd: dir.path,
                                environment: ["SWIFT_BACKTRACE": "interactive=no"])
        t.waitFor(text: "? help")
        t.press(.editCard)
        t.waitFor(text: "Enter: a new line")
        t.keys("Tab")
        t.type("seen twice")
        t.keys("Enter")
        t.type("in May")
        t.waitFor(text: "in May")
        t.keys("C-s")
        t.waitForAbsence(of: "Enter: a new line")
        command(t, "stage 4", expect: "stage 4/")
        t.press(.jumpBack)
        t.waitFor(text: "back to where you were")
        command(t, "timer 10m", expect: "timer: 10:00")
        command(t, "timer pause", expect: "timer paused at")
        t.press(.present)
        // "paused" is on screen already (the message line): wait for presentation mode itself
        let screen = t.waitFor(text: "Esc leaves presentation mode")
        XCTAssertTrue(screen.contains("▀▀▀ ▀▀▀"), "the countdown in block digits:\n\(screen)")
        t.keys("Escape")
        // Esc and the next key read together are Alt plus that key: wait for Esc to land first
        t.waitForAbsence(of: "Esc leaves presentation mode")
        t.press(.save)
        t.waitFor(text: "saved board.json")
        t.press(.quit)
        XCTAssertEqual(t.waitForExit(), 0)
        let board = try BoardFile.load(dir.file("board.json"))
        XCTAssertEqual(board.cards.values.filter { $0.notes == "seen twice\nin May" }.count, 1, "the notes kept their line break")
        XCTAssertEqual(JourneyBinary.run(["check", dir.file("board.json")]).status, 0)
    }
}
