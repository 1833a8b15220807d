import Foundation
import XCTest

extension XCTestCase {
    /// Compares `actual` with the file Golden/NAME beside the calling test file, or records it
    /// with UPDATE_SNAPSHOTS=1; a difference is reported at its first line (long lines cut).
    func assertGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let dir = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Golden")
        let url = dir.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
            try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try! Data(actual.utf8).write(to: url)
            return
        }
        guard let data = try? Data(contentsOf: url) else {
            XCTFail("no golden file \(name) (run with UPDATE_SNAPSHOTS=1 to record it)", file: file, line: line)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != actual {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
            XCTFail("\(name) differs from line \(first + 1):\nexpected: \(first < e.count ? String(e[first].prefix(400)) : "<none>")\nactual:   \(first < a.count ? String(a[first].prefix(400)) : "<none>")", file: file, line: line)
        }
    }
}
