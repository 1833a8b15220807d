import Foundation
import JourneyKit
import XCTest
import JourneyTestSupport

/// The real binary in a real terminal (tmux): keys in, screen and file out.
final class TerminalBoardTests: XCTestCase {
    func open(_ dir: TemporaryDirectory, _ file: String, width: Int = 120, height: Int = 40, args: String = "") throws -> TmuxSession {
        let t = try TmuxSession("'\(JourneyBinary.path)' \(args) '\(file)'", width: width, height: height, cwd: dir.path,
                                environment: ["SWIFT_BACKTRACE": "interactive=no"])
        t.waitFor(text: "? help")
        return t
    }

    func testAddEnglishAndChineseCardsMoveSaveQuit() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("broadband-onboarding.json", as: "board.json")
        let t = try open(dir, "board.json")
        t.press(.addCard); t.type("Live ETA by SMS"); t.keys("Enter")
        t.waitFor(text: "Live ETA by SMS")
        t.press(.addCard); t.type("技术员到达前短信通知"); t.keys("Enter")
        t.waitFor(text: "技术员到达前短信通知")
        t.press(.moveCard(.right))   // move the Chinese card to the next stage
        t.waitFor(text: "2/6")
        t.press(.save)
        t.waitFor(text: "saved board.json")
        t.press(.quit)
        XCTAssertEqual(t.waitForExit(), 0)

        let board = try BoardFile.load(dir.file("board.json"))
        let english = board.cards.values.first { $0.text == "Live ETA by SMS" }
        let chinese = board.cards.values.first { $0.text == "技术员到达前短信通知" }
        XCTAssertNotNil(english)
        XCTAssertNotNil(chinese)
        let stages = board.stages(of: board.orderedJourneys[0].id)
        XCTAssertEqual(english?.stage, stages[0].id)
        XCTAssertEqual(chinese?.stage, stages[1].id, "the Chinese card was moved one stage right")
        let check = JourneyBinary.run(["check", dir.file("board.json")])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file(".board.json.journey-recover")))
    }

    func testQuitWithUnsavedChangesAsksAndQBangLeavesFileUntouched() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        let before = dir.bytes("board.json")
        let t = try open(dir, "board.json")
        t.press(.deleteCard)
        t.waitFor(text: "deleted")
        t.press(.quit)
        t.waitFor(text: "Unsaved changes.")
        t.keys("Escape")
        t.waitForAbsence(of: "Unsaved changes.")
        t.press(.commandLine); t.type("q!"); t.keys("Enter")
        XCTAssertEqual(t.waitForExit(), 0)
        XCTAssertEqual(dir.bytes("board.json"), before, ":q! leaves the file byte for byte as it was")
    }

    func testResizeRedrawsAndKeepsWorking() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("membership-self-service.json", as: "board.json")
        let t = try open(dir, "board.json", width: 120, height: 40)
        t.resize(width: 60, height: 20)
        t.waitUntil("the board laid out again for 60 columns after a resize to 60×20") { screen in
            screen.contains("会员行为") && !screen.contains("│ 3.") // two stages fit in 60 columns, not three
                && screen.split(separator: "\n").allSatisfy { DisplayText.width(String($0)) <= 60 }
        }
        t.resize(width: 30, height: 8)
        t.waitFor(text: "(now 30×8)")
        t.resize(width: 100, height: 30)
        t.waitUntil("the board drawn again back at 100×30") { $0.contains("会员行为") && !$0.contains("enlarge the terminal") }
        t.press(.quit)
        XCTAssertEqual(t.waitForExit(), 0)
    }

    func testSIGTERMKeepsOriginalAndWritesRecoveryThatReopeningOffers() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("broadband-onboarding.json", as: "board.json")
        let before = dir.bytes("board.json")
        let t = try open(dir, "board.json")
        t.press(.addCard); t.type("Must survive"); t.keys("Enter")
        t.waitFor(text: "Must survive")
        guard let pid = t.programPID() else { return XCTFail("journey is not running") }
        kill(pid, SIGTERM)
        XCTAssertEqual(t.waitForExit(), 128 + SIGTERM)
        XCTAssertEqual(dir.bytes("board.json"), before, "the original is untouched")
        let recovery = dir.file(".board.json.journey-recover")
        let kept = try BoardFile.load(recovery)
        XCTAssertTrue(kept.cards.values.contains { $0.text == "Must survive" })

        let t2 = try TmuxSession("'\(JourneyBinary.path)' board.json", cwd: dir.path)
        t2.waitFor(text: "Unsaved edits from an earlier session were kept")
        t2.keys("r")
        t2.waitFor(text: "Must survive")
        t2.press(.save)
        t2.waitFor(text: "saved board.json")
        t2.press(.quit)
        XCTAssertEqual(t2.waitForExit(), 0)
        XCTAssertTrue(try BoardFile.load(dir.file("board.json")).cards.values.contains { $0.text == "Must survive" })
        XCTAssertFalse(FileManager.default.fileExists(atPath: recovery), "a clean save removes the recovery file")
    }

    func testBarePickerOpensABoardAndMissingFileIsCreatedFromTemplate() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "boards/holiday.json")
        let t = try TmuxSession("'\(JourneyBinary.path)'", cwd: dir.path)
        t.waitFor(text: "boards/holiday.json")
        t.keys("Enter")
        t.waitFor(text: "? help")
        t.press(.quit)
        XCTAssertEqual(t.waitForExit(), 0)

        let t2 = try TmuxSession("'\(JourneyBinary.path)' new.json", cwd: dir.path)
        t2.waitFor(text: "new.json does not exist yet")
        t2.keys("Enter")          // lifecycle, the first template
        t2.waitFor(text: "Reach")
        t2.keys("q")
        XCTAssertEqual(t2.waitForExit(), 0)
        XCTAssertEqual(JourneyBinary.run(["check", dir.file("new.json")]).status, 0)
    }

    func testNoColorStillShowsTheBoard() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        let t = try open(dir, "board.json", args: "--no-color")
        t.press(.help)
        t.waitFor(text: "journey — help")
        t.keys("Escape")
        t.waitForAbsence(of: "journey — help")
        t.press(.quit)
        XCTAssertEqual(t.waitForExit(), 0)
    }
}
