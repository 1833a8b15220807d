import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// Each malformed file is refused with its own message at the exact LINE:COLUMN (columns count
/// Unicode scalars), never half-read and never silently "fixed" the way Foundation's decoders do.
final class ReaderErrorTests: XCTestCase {
    func assertError(_ text: String, _ line: Int, _ column: Int, _ fragment: String, file: StaticString = #filePath, at l: UInt = #line) {
        assertError(bytes: Fixture.bytes(text), line, column, fragment, file: file, at: l)
    }

    func assertError(bytes: [UInt8], _ line: Int, _ column: Int, _ fragment: String, file: StaticString = #filePath, at l: UInt = #line) {
        guard let e = Fixture.readError(bytes: bytes, file: "b.json", line: l) else { return }
        XCTAssertEqual(e.position, SourcePosition(line: line, column: column), "wrong position for: \(e.message)", file: file, line: l)
        XCTAssertTrue(e.message.contains(fragment), "message \"\(e.message)\" should say \"\(fragment)\"", file: file, line: l)
        XCTAssertEqual(e.description, "b.json:\(e.position.line):\(e.position.column): error: \(e.message)", file: file, line: l)
    }

    /// A valid header around `body` (members after "format" and "schemaVersion").
    func board(_ body: String) -> String {
        "{\n  \"format\": \"journey-board\",\n  \"schemaVersion\": 1,\n" + body + "\n}\n"
    }

    func testAValidSmallBoardReads() throws {
        let b = try BoardCodec.read(Fixture.bytes(board("  \"title\": \"ok\"")))
        XCTAssertEqual(b.title, "ok")
    }

    // MARK: trailing commas

    func testTrailingCommaInTheBoardObject() {
        assertError(board("  \"title\": \"x\","), 4, 15, "trailing comma before '}'")
    }

    func testTrailingCommaInANestedObject() {
        let text = board("""
              "cards": {
                "cd_1": {
                  "lane": "l",
                  "order": "a0",
                  "stage": "s",
                  "text": "t",
                }
              },
              "title": "x"
            """)
        assertError(text, 9, 18, "trailing comma before '}'")
    }

    func testTrailingCommaInAnArray() {
        let text = board("""
              "cards": {
                "cd_1": {
                  "lane": "l",
                  "links": ["cd_2", "cd_3",],
                  "order": "a0",
                  "stage": "s",
                  "text": "t"
                }
              },
              "title": "x"
            """)
        assertError(text, 7, 31, "trailing comma before ']'")
    }

    func testTrailingCommaInAnUnknownArray() {
        assertError(board("  \"x-list\": [1, 2,\n  ],\n  \"title\": \"x\""), 4, 18, "trailing comma before ']'")
    }

    // MARK: duplicate keys

    func testDuplicateKeyNamesBothPositions() {
        let text = "{\n  \"title\": \"a\",\n  \"format\": \"journey-board\",\n  \"schemaVersion\": 1,\n  \"title\": \"b\"\n}\n"
        assertError(text, 5, 3, "duplicate key \"title\" (first at line 2, column 3)")
    }

    func testDuplicateCardIDNamesBothPositions() {
        let text = board("""
              "cards": {
                "cd_1": { "lane": "l", "order": "a0", "stage": "s", "text": "ours" },
                "cd_2": { "lane": "l", "order": "a1", "stage": "s", "text": "x" },
                "cd_1": { "lane": "l", "order": "a0", "stage": "s", "text": "theirs" }
              },
              "title": "x"
            """)
        assertError(text, 7, 5, "duplicate key \"cd_1\" (first at line 5, column 5)")
    }

    func testDuplicateCardIDInALargeBoard() {
        // past the first few hundred cards the map is re-made at its likely size: a duplicate
        // of an early card is still found, with both places named
        var b = Board(title: "Large")
        for n in 0..<600 {
            let id = "cd_" + String(1_000_000 + n)
            b.cards[id] = Card(id: id, lane: "l", stage: "s", order: "a0", text: "Card \(n)")
        }
        var text = String(decoding: BoardCodec.write(b), as: UTF8.self)
        let late = "\"cd_1000590\": {"
        text = text.replacingFirst(late, with: "\"cd_1000003\": {")
        guard let e = Fixture.readError(text) else { return }
        XCTAssertEqual(e.position, Fixture.position(of: "\"cd_1000003\": {", in: text, occurrence: 2))
        let first = Fixture.position(of: "\"cd_1000003\": {", in: text)
        XCTAssertTrue(e.message.contains("duplicate key \"cd_1000003\" (first at line \(first.line), column \(first.column))"), e.message)
    }

    func testDuplicateFieldInACard() {
        let text = board("""
              "cards": {
                "cd_1": {
                  "lane": "l",
                  "order": "a0",
                  "stage": "s",
                  "text": "ours",
                  "text": "theirs"
                }
              },
              "title": "x"
            """)
        assertError(text, 10, 7, "duplicate key \"text\" (first at line 9, column 7)")
    }

    func testDuplicateUnknownFieldInACard() {
        let text = board("""
              "cards": {
                "cd_1": { "lane": "l", "order": "a0", "stage": "s", "text": "t", "x-y": 1, "x-y": 2 }
              },
              "title": "x"
            """)
        assertError(text, 5, 80, "duplicate key \"x-y\" (first at line 5, column 70)")
    }

    func testDuplicateKeyInsideAnUnknownValue() {
        assertError(board("  \"x\": { \"a\": 1, \"b\": 2, \"a\": 3 },\n  \"title\": \"x\""), 4, 26, "duplicate key \"a\" (first at line 4, column 10)")
    }

    func testDuplicateKeyAfterManyKeys() {
        // objects with many members check duplicates through a dictionary, not a list
        let members = (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        let text = board("  \"x\": { \(members), \"k7\": 0 },\n  \"title\": \"x\"")
        let col = Fixture.position(of: "\"k7\": 0 }", in: text).column
        assertError(text, 4, col, "duplicate key \"k7\" (first at line 4, column \(Fixture.position(of: "\"k7\"", in: text).column))")
    }

    // MARK: bytes: UTF-8, NUL, conflict markers

    func testInvalidUTF8() {
        var bytes = Fixture.bytes(board("  \"title\": \"caf\u{E9} X\""))
        let x = bytes.lastIndex(of: UInt8(ascii: "X"))!
        bytes[x] = 0xFF
        assertError(bytes: bytes, 4, 18, "invalid UTF-8 (byte 0xFF)")
    }

    func testTruncatedUTF8Sequence() {
        var bytes = Fixture.bytes(board("  \"title\": \"会X\""))
        let x = bytes.lastIndex(of: UInt8(ascii: "X"))!
        bytes[x] = 0xE4 // the start of a three-byte sequence followed by '"'
        assertError(bytes: bytes, 4, 14, "invalid UTF-8")
    }

    func testOverlongUTF8() {
        var bytes = Fixture.bytes(board("  \"title\": \"XY\""))
        let x = bytes.firstIndex(of: UInt8(ascii: "X"))!
        bytes[x] = 0xC0; bytes[x + 1] = 0xAF // an overlong '/'
        assertError(bytes: bytes, 4, 13, "invalid UTF-8 (byte 0xC0)")
    }

    func testEncodedSurrogateIsInvalidUTF8() {
        var bytes = Fixture.bytes(board("  \"title\": \"XYZ\""))
        let x = bytes.firstIndex(of: UInt8(ascii: "X"))!
        bytes[x] = 0xED; bytes[x + 1] = 0xA0; bytes[x + 2] = 0x80 // U+D800 encoded
        assertError(bytes: bytes, 4, 13, "invalid UTF-8 (byte 0xED)")
    }

    func testNULInAString() {
        assertError(board("  \"title\": \"a\u{0}b\""), 4, 14, "NUL byte")
    }

    func testNULBetweenValues() {
        assertError(board("  \"title\": \"ab\"\u{0}"), 4, 16, "NUL byte")
    }

    func testEachConflictMarker() {
        for marker in ["<<<<<<< HEAD", "=======", ">>>>>>> feature/sms-eta", "||||||| merged common ancestors"] {
            let text = board("  \"title\": \"x\",\n\(marker)\n  \"x\": 1")
            assertError(text, 5, 1, "unresolved git conflict markers (a line starts with \(marker.prefix(7)))")
        }
    }

    func testRealGitConflictIsNamedAtItsFirstMarker() {
        let text = """
            {
              "cards": {
                "cd_1": {
                  "lane": "l",
                  "order": "a0",
                  "stage": "s",
            <<<<<<< HEAD
                  "text": "Technician arrives late"
            =======
                  "text": "Technician arrives outside the window"
            >>>>>>> theirs
                }
              },
              "format": "journey-board",
              "schemaVersion": 1,
              "title": "x"
            }

            """
        assertError(text, 7, 1, "unresolved git conflict markers (a line starts with <<<<<<<)")
    }

    func testSevenMarkerCharactersInsideALineAreNotAMarker() throws {
        let b = try BoardCodec.read(Fixture.bytes(board("  \"title\": \"<<<<<<< not a marker =======\"")))
        XCTAssertEqual(b.title, "<<<<<<< not a marker =======")
    }

    // MARK: truncated input

    func testTruncatedInputAtSeveralCutPoints() throws {
        let full = Fixture.smallBoardText()
        let bytes = Fixture.bytes(full)
        XCTAssertNoThrow(try BoardCodec.read(bytes))
        // cut points that exercise each place a file can end early
        let cuts: [(String, String)] = [
            ("\"cards\": {", "unexpected end of file"),          // right after an opening brace
            ("\"lane\": \"ln_00", "unterminated string"),       // inside a string
            ("\"confidence\": 7", "unexpected end of file"),    // after a number
            ("\"effort\": -", "unexpected end of file"),        // after a minus sign
            ("\"links\": [", "unexpected end of file"),         // inside an array
            ("\"conflicts\": []", "unexpected end of file"),    // between members
            ("\"title\": \"Small\"\n", "unexpected end of file"), // before the last brace
        ]
        for (prefix, fragment) in cuts {
            guard let r = full.range(of: prefix) else { XCTFail("no \(prefix)"); continue }
            let cut = String(full[..<r.upperBound])
            let end = Fixture.position(of: "\u{0}", in: cut + "\u{0}")
            guard let e = Fixture.readError(cut) else { continue }
            XCTAssertTrue(e.message.contains(fragment), "cut after \(prefix): \(e.message)")
            XCTAssertTrue(e.message.contains("truncated"), "cut after \(prefix): \(e.message)")
            if fragment == "unterminated string" {
                // points at the string that never ends
                XCTAssertEqual(e.position, Fixture.position(of: "\"ln_00", in: cut), "cut after \(prefix)")
            } else {
                XCTAssertEqual(e.position, end, "cut after \(prefix): the end of the file")
            }
        }
    }

    func testEveryPrefixOfABoardIsRefusedWithAPosition() {
        // no cut point crashes, reads, or gives a position outside the file
        let bytes = Fixture.bytes(Fixture.smallBoardText())
        var lastLine = 1
        for i in stride(from: 0, to: bytes.count - 2, by: 7) {
            let cut = Array(bytes[0..<i])
            do {
                _ = try BoardCodec.read(cut, file: "b.json")
                XCTFail("a cut at \(i) read as a board")
            } catch let e as BoardReadError {
                XCTAssertGreaterThanOrEqual(e.position.line, 1)
                XCTAssertLessThanOrEqual(e.position.line, cut.filter { $0 == 0x0A }.count + 1)
                lastLine = e.position.line
            } catch { XCTFail("\(error)") }
        }
        XCTAssertGreaterThan(lastLine, 10)
    }

    func testTruncatedInsideAnEscape() {
        // the string never ends: named at its opening quote, like every cut-off string
        assertError("{\n  \"title\": \"ab\\u00", 2, 12, "unterminated string at end of file (is the file truncated?)")
        assertError("{\n  \"title\": \"ab\\", 2, 12, "unterminated string at end of file (is the file truncated?)")
    }

    // MARK: header: schemaVersion and format

    func testNewerSchemaVersionIsRefused() {
        let text = "{\n  \"cards\": {},\n  \"format\": \"journey-board\",\n  \"schemaVersion\": 2,\n  \"title\": \"From the future\"\n}\n"
        assertError(text, 4, 20, "schemaVersion 2 was written by a newer version of journey")
    }

    func testNewerSchemaVersionIsRefusedEvenWhenTheRestIsUnreadable() {
        // a newer version may change what fields mean: say "newer", not the first field that looks wrong
        let text = "{\n  \"cards\": { \"cd_1\": { \"text\": [\"rich\", \"text\"] } },\n  \"format\": \"journey-board\",\n  \"schemaVersion\": 3,\n  \"title\": 7\n}\n"
        assertError(text, 4, 20, "schemaVersion 3 was written by a newer version of journey")
    }

    func testWrongFormatIsRefused() {
        let text = "{\n  \"format\": \"kanban-board\",\n  \"schemaVersion\": 1,\n  \"title\": \"x\"\n}\n"
        assertError(text, 2, 13, "\"format\" is \"kanban-board\", not \"journey-board\"")
    }

    func testMissingFormatIsRefused() {
        assertError("{\n  \"schemaVersion\": 1,\n  \"title\": \"x\"\n}\n", 1, 1, "not a journey board")
    }

    func testMissingSchemaVersionIsRefused() {
        assertError("{\n  \"format\": \"journey-board\",\n  \"title\": \"x\"\n}\n", 1, 1, "no \"schemaVersion\"")
    }

    func testFractionalSchemaVersionIsRefused() {
        assertError(board("  \"title\": \"x\"").replacingFirst("\"schemaVersion\": 1", with: "\"schemaVersion\": 1.5"), 3, 20, "whole number")
        assertError(board("  \"title\": \"x\"").replacingFirst("\"schemaVersion\": 1", with: "\"schemaVersion\": 0.5"), 3, 20, "whole number")
    }

    // MARK: not a board at all

    func testEmptyFile() {
        assertError("", 1, 1, "empty file")
    }

    func testWhitespaceOnlyFile() {
        assertError("\n  \n", 3, 1, "expected a journey board")
    }

    func testNotAnObject() {
        assertError("[\n  1\n]\n", 1, 1, "expected a journey board (a JSON object), found an array")
        assertError("  \"board\"", 1, 3, "found a string")
        assertError("\n\n  42", 3, 3, "found a number")
    }

    func testTrailingGarbageAfterTheBoard() {
        assertError(board("  \"title\": \"x\"") + "{}", 6, 1, "after the end of the board")
    }

    // MARK: numbers, escapes, surrogates

    func testBadNumbers() {
        assertError(board("  \"title\": \"x\",\n  \"x\": 012"), 5, 8, "a number must not start with 0")
        assertError(board("  \"title\": \"x\",\n  \"x\": 1."), 5, 10, "digits after its decimal point")
        assertError(board("  \"title\": \"x\",\n  \"x\": 1e+"), 5, 11, "digits in its exponent")
        assertError(board("  \"title\": \"x\",\n  \"x\": -x"), 5, 8, "expected a number")
        assertError(board("  \"title\": \"x\",\n  \"x\": .5"), 5, 8, "expected a value")
        assertError(board("  \"title\": \"x\",\n  \"x\": +1"), 5, 8, "expected a value")
        assertError(board("  \"title\": \"x\",\n  \"x\": NaN"), 5, 8, "expected a value")
    }

    func testKnownNumberFieldOfTheWrongKind() {
        let text = board("""
              "cards": {
                "cd_1": { "cost": "3", "lane": "l", "order": "a0", "stage": "s", "text": "t" }
              },
              "title": "x"
            """)
        assertError(text, 5, 23, "cards.cd_1.cost must be a number, not a string")
    }

    func testBadEscapes() {
        assertError(board("  \"title\": \"a\\qb\""), 4, 14, "invalid escape \\q")
        assertError(board("  \"title\": \"a\\u12G4\""), 4, 14, "invalid \\u escape")
        assertError(board("  \"title\": \"a\\x41\""), 4, 14, "invalid escape \\x")
    }

    func testRawControlCharacterInAString() {
        assertError(board("  \"title\": \"a\u{1}b\""), 4, 14, "control character 0x1")
        assertError(board("  \"title\": \"a\nb\""), 4, 14, "unterminated string")
    }

    func testLoneSurrogates() {
        assertError(board("  \"title\": \"ab\\ud800\""), 4, 15, "lone surrogate \\ud800")
        assertError(board("  \"title\": \"ab\\udc00x\""), 4, 15, "lone surrogate \\udc00")
        assertError(board("  \"title\": \"\\ud83d\\u0041\""), 4, 13, "lone surrogate \\ud83d")
    }

    func testEscapedSurrogatePairReads() throws {
        let b = try BoardCodec.read(Fixture.bytes(board("  \"title\": \"\\ud83d\\ude80 \\u4f1a\\u5458 \\u0000\"")))
        XCTAssertEqual(b.title, "🚀 会员 \u{0}")
    }

    func testColumnsCountCharactersNotBytes() {
        // the error comes after four Chinese characters (12 bytes) and an emoji (4 bytes)
        assertError(board("  \"title\": \"会员服务🚀\", 1"), 4, 21, "expected a key in quotes, found '1'")
        assertError(board("  \"title\": \"会员服务🚀\" oops"), 4, 20, "expected ',' or '}'")
    }

    func testDeepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        guard let e = Fixture.readError(board("  \"title\": \"x\",\n  \"x\": \(deep)")) else { return }
        XCTAssertTrue(e.message.contains("nesting deeper than 512"), e.message)
        XCTAssertEqual(e.position.line, 5)
    }

    // MARK: wrong kinds in known places

    func testMapsMustBeObjects() {
        assertError(board("  \"cards\": [],\n  \"title\": \"x\""), 4, 12, "\"cards\" must be an object keyed by id, not an array")
        assertError(board("  \"stages\": { \"st_1\": \"Install\" },\n  \"title\": \"x\""), 4, 23, "stages.st_1 must be an object, not a string")
    }
}
