import XCTest
@testable import BoardUI
import JourneyTestSupport

/// The README's key table is the key table: the one the board and its help overlay use.
/// `UPDATE_SNAPSHOTS=1 swift test` rewrites that section.
final class ReadmeTests: XCTestCase {
    func testReadmeKeysAreTheKeyTable() throws {
        let url = URL(fileURLWithPath: Fixture.packageRoot).appendingPathComponent("README.md")
        let readme = try String(contentsOf: url, encoding: .utf8)
        let begin = "<!-- keys:begin -->\n", end = "<!-- keys:end -->"
        guard let b = readme.range(of: begin), let e = readme.range(of: end) else { return XCTFail("README lacks the keys markers") }
        let current = String(readme[b.upperBound..<e.lowerBound])
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
            try (String(readme[..<b.upperBound]) + KeyMap.markdown + String(readme[e.lowerBound...])).write(to: url, atomically: true, encoding: .utf8)
            return
        }
        XCTAssertEqual(current, KeyMap.markdown, "README keys differ from the key table: run UPDATE_SNAPSHOTS=1 swift test")
    }
}
