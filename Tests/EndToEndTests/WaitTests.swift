import XCTest
import JourneyTestSupport

/// The waits of the end-to-end tests fail the test when what they wait for never comes, and
/// the failure shows the screen as it was.
final class WaitTests: XCTestCase {
    final class Reports { var messages: [String] = [] }

    func testAScreenWaitThatTimesOutReportsAFailureWithTheScreen() throws {
        let dir = TemporaryDirectory()
        let t = try TmuxSession("echo 'what the terminal shows'; cat", width: 60, height: 5, cwd: dir.path)
        t.waitFor(text: "what the terminal shows")
        let reports = Reports()
        let screen = t.waitUntil("a line that never comes", timeout: 0.3,
                                 reportTimeout: { message, _, _ in reports.messages.append(message) }) { $0.contains("never") }
        XCTAssertEqual(reports.messages.count, 1, "a timed-out wait reports a failure")
        XCTAssertTrue(reports.messages.first?.contains("waiting for a line that never comes") == true, reports.messages.first ?? "")
        XCTAssertTrue(reports.messages.first?.contains("what the terminal shows") == true, "the failure shows the screen")
        XCTAssertTrue(screen.contains("what the terminal shows"))

        let met = Reports()
        t.waitUntil("the line that is there", reportTimeout: { message, _, _ in met.messages.append(message) }) { $0.contains("terminal") }
        XCTAssertEqual(met.messages, [], "a wait that is met reports nothing")
    }

    func testAFileWaitThatTimesOutReportsAFailure() {
        let dir = TemporaryDirectory()
        let reports = Reports()
        let appeared = waitForFile(dir.file("never.json"), timeout: 0.2, "a file nobody writes",
                                   reportTimeout: { message, _, _ in reports.messages.append(message) })
        XCTAssertFalse(appeared)
        XCTAssertEqual(reports.messages.count, 1)
        XCTAssertTrue(reports.messages.first?.contains("a file nobody writes") == true, reports.messages.first ?? "")
        XCTAssertTrue(waitForFile(dir.file("never.json"), exists: false, "a file that is not there to stay away"))
    }
}
