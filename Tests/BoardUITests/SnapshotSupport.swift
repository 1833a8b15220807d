import XCTest
@testable import BoardUI
import JourneyKit

/// Screen snapshots: the rendered grid as text, compared with a golden file in Snapshots/.
/// Set UPDATE_SNAPSHOTS=1 to (re)write the golden files; review them like code.
func assertSnapshot(_ screen: Screen, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    let dir = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Snapshots")
    let url = dir.appendingPathComponent("\(name).txt")
    let actual = screen.lines.joined(separator: "\n") + "\n"
    if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try! actual.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("no snapshot \(name).txt (run with UPDATE_SNAPSHOTS=1 to record it)", file: file, line: line)
        return
    }
    if expected != actual {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
        XCTFail("snapshot \(name) differs from line \(first + 1):\nexpected: \(first < e.count ? String(e[first]) : "<none>")\nactual:   \(first < a.count ? String(a[first]) : "<none>")\n--- actual screen ---\n\(actual)", file: file, line: line)
    }
}

func exampleBoard(_ name: String) -> Board {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return try! BoardFile.load(root.appendingPathComponent("boards/\(name)").path)
}
