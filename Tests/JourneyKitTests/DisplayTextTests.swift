import XCTest
@testable import JourneyKit

/// The pure functions every subcommand uses to put file text on a terminal.
final class DisplayTextTests: XCTestCase {
    static let hostile = "a\u{1B}[2J\u{9B}9B\u{202E}\u{2066}\nFILE:1:1: error: x\r\u{0}\u{7F}\tb"

    func testSanitizeLeavesNoControlAndNoLineBreak() {
        let s = DisplayText.sanitize(Self.hostile)
        XCTAssertEqual(s, "a␛[2J�9B�� FILE:1:1: error: x �� b")
        XCTAssertFalse(s.unicodeScalars.contains { DisplayText.isUnsafe($0.value) })
    }

    func testADiagnosticIsOneSafeLine() {
        let d = Diagnostic(file: "f\u{1B}]0;t\u{07}\n.json", position: SourcePosition(line: 3, column: 7),
                           message: "card " + Self.hostile + " does not exist")
        let line = d.terminalLine
        XCTAssertTrue(line.hasPrefix("f␛]0;t� .json:3:7: error: card a␛[2J"), line)
        XCTAssertFalse(line.unicodeScalars.contains { DisplayText.isUnsafe($0.value) }, line)
    }

    func testEscapeUnsafeWritesJSONEscapesAndKeepsTheJSON() throws {
        XCTAssertEqual(DisplayText.escapeUnsafe("x\u{1B}y\u{202E}\n"), "x\\u001by\\u202e\\u000a")
        XCTAssertEqual(DisplayText.escapeUnsafe("plain"), "plain")
        // on JSON text: the same value, no raw unsafe character, its own line breaks kept
        let value: JSONValue = .object(["k\u{9B}": .array([.string("v\u{202E}\u{7F}\u{2066}")])])
        let text = DisplayText.terminalSafeJSON(value.canonicalText)
        XCTAssertFalse(text.unicodeScalars.contains { $0 != "\n" && DisplayText.isUnsafe($0.value) }, text)
        XCTAssertTrue(text.contains("\n"))
        let back = try Array(text.utf8).withUnsafeBufferPointer { p -> JSONValue in
            var r = StrictJSONReader(p, at: 0)
            return try r.readValue()
        }
        XCTAssertEqual(back, value)
    }
}
