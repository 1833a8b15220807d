import Foundation
import XCTest

/// Polls the file system until `path` exists (or, with `exists: false`, is gone): the program
/// writes on its own clock. When that never happens within `timeout`, the test fails saying
/// `what` was awaited (through `reportTimeout`: XCTFail unless a test of the waits records it).
/// Returns whether it happened.
@discardableResult
func waitForFile(_ path: String, exists: Bool = true, timeout: TimeInterval = 20, _ what: String,
                 file: StaticString = #filePath, line: UInt = #line,
                 reportTimeout: (String, StaticString, UInt) -> Void = { XCTFail($0, file: $1, line: $2) }) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while FileManager.default.fileExists(atPath: path) != exists {
        if Date() > deadline {
            reportTimeout("timed out after \(timeout) s waiting for \(what) (\(path) \(exists ? "to appear" : "to go"))", file, line)
            return false
        }
        usleep(50_000)
    }
    return true
}
