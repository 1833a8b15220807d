import Foundation
import XCTest
@testable import BoardUI
import JourneyTestSupport

/// README.zh-CN.md, the Chinese guide: linked from the README, and every key and `:` command it
/// names is one the key tables and the command table really have.
final class ChineseReadmeTests: XCTestCase {
    func read(_ name: String) throws -> String {
        try String(contentsOfFile: Fixture.packageRoot + "/" + name, encoding: .utf8)
    }

    func testTheReadmeLinksTheChineseGuide() throws {
        XCTAssertTrue(try read("README.md").contains("](README.zh-CN.md)"))
        XCTAssertTrue(try read("README.zh-CN.md").contains("](README.md)"))
    }

    func testEveryKeyInTheGuidesTableIsBound() throws {
        let guide = try read("README.zh-CN.md")
        let rows: [KeyRow] = KeyMode.allCases.flatMap(\.rows) + KeyMap.global.rows
        var known = Set<String>()
        for row in rows { for key in row.keys.split(separator: " ") { known.insert(String(key)) } }
        var checked = 0
        for line in guide.split(separator: "\n") where line.hasPrefix("| `") {
            let first = line.split(separator: "|", omittingEmptySubsequences: true).first.map(String.init) ?? ""
            for code in first.components(separatedBy: "`").enumerated().filter({ $0.offset % 2 == 1 }).map(\.element) {
                for key in code.split(separator: " ") {
                    XCTAssertTrue(known.contains(String(key)), "README.zh-CN.md names the key \(key), which no key table binds")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 20)
    }

    func testEveryCommandTheGuideNamesExists() throws {
        let guide = try read("README.zh-CN.md")
        let verbs = Set(Commands.all.flatMap(\.verbs))
        let regex = try NSRegularExpression(pattern: "`:([a-z!]+)")
        let matches = regex.matches(in: guide, range: NSRange(guide.startIndex..., in: guide))
        XCTAssertGreaterThan(matches.count, 5)
        for m in matches {
            let verb = String(guide[Range(m.range(at: 1), in: guide)!])
            XCTAssertTrue(verbs.contains(verb), "README.zh-CN.md names :\(verb), which is not a command")
        }
    }
}
