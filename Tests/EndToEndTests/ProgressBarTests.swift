import Foundation
import XCTest
import JourneyTestSupport

/// Work over many files shows a progress bar on a terminal's stderr, and nowhere else: not in
/// a pipe, not with TERM=dumb, not under CI. (`JOURNEY_PROGRESS_DELAY=0` shows it at once,
/// where a real run waits half a second first.)
final class ProgressBarTests: XCTestCase {
    var boards: [String] { Array(repeating: Fixture.exampleBoards, count: 3).flatMap { $0 } }
    let shownAtOnce = ["JOURNEY_PROGRESS_DELAY": "0", "TERM": "xterm", "CI": ""]

    /// `journey ARGS` with stderr on a pseudo-terminal (util-linux `script`); what it wrote there.
    func onTerminal(_ args: [String], environment: [String: String]) -> ProcessResult {
        let quoted = ([JourneyBinary.path] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return JourneyBinary.run(["-qec", quoted.joined(separator: " ") + " 2>&1 >/dev/null", "/dev/null"],
                                 environment: environment, executable: "/usr/bin/script")
    }

    func testCheckOverManyFilesShowsABarOnATerminalAndWipesIt() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux script")
        XCTAssertGreaterThan(Fixture.exampleBoards.count, 1)
        let n = boards.count
        let r = onTerminal(["check"] + boards, environment: shownAtOnce)
        XCTAssertEqual(r.status, 0, r.stdout)
        XCTAssertTrue(r.stdout.contains("checking ["), r.stdout.debugDescription)
        XCTAssertTrue(r.stdout.contains("] \(n)/\(n) boards"), r.stdout.debugDescription)
        XCTAssertTrue(r.stdout.hasSuffix("\r\u{1B}[K"), "the bar is wiped at the end: \(r.stdout.debugDescription)")
        let score = onTerminal(["score"] + boards, environment: shownAtOnce)
        XCTAssertTrue(score.stdout.contains("reading ["), score.stdout.debugDescription)
    }

    func testNoBarInAPipeWithTermDumbOrUnderCI() throws {
        let piped = JourneyBinary.run(["check"] + boards, environment: shownAtOnce)
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertEqual(piped.stderr, "")
        XCTAssertTrue(piped.stdout.hasPrefix("\(boards.count) boards OK ("), piped.stdout)
        XCTAssertEqual(JourneyBinary.run(["score"] + boards, environment: shownAtOnce).stderr, "")
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux script")
        for env in [["TERM": "dumb"], ["CI": "true"], ["TERM": ""]] {
            let r = onTerminal(["check"] + boards, environment: shownAtOnce.merging(env) { $1 })
            XCTAssertEqual(r.status, 0, r.stdout)
            XCTAssertFalse(r.stdout.contains("["), "\(env): \(r.stdout.debugDescription)")
        }
        // one file is not work over many files
        let one = onTerminal(["check", boards[0]], environment: shownAtOnce)
        XCTAssertFalse(one.stdout.contains("["), one.stdout.debugDescription)
    }
}
