import XCTest

/// The subcommands as processes: exit codes, stdout, stderr, --help.
final class SubcommandTests: XCTestCase {
    func testCheckPassesOnExampleBoards() {
        let boards = ["broadband-onboarding.json", "holiday-booking.json", "membership-self-service.json"].map(JourneyBinary.boardPath)
        let r = JourneyBinary.run(["check"] + boards)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("3 boards OK"), r.stdout)
    }
}
