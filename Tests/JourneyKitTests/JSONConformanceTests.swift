import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// JSON conformance, in the categories of the public test suites (numbers, strings and escapes,
/// UTF-8 and surrogates, structure, nesting, white space), each case embedded as the value of an
/// unknown field of a board. Valid JSON is accepted and survives a write (read back, the same
/// value; written again, the same bytes) — except duplicate keys, refused on purpose. Invalid
/// JSON is refused with the line and column of the fault.
///
/// Choices where RFC 8259 leaves room: numbers beyond a double are refused (no JSON can write
/// infinity back); numbers below the smallest double read as 0; lone surrogates in `\u`
/// escapes are refused (a board's text is Unicode text); nesting deeper than 512 is refused.
final class JSONConformanceTests: XCTestCase {
    static let head = Array("{\n  \"format\": \"journey-board\",\n  \"schemaVersion\": 1,\n  \"title\": \"x\",\n  \"x-case\": ".utf8)
    static let tail = Array("\n}\n".utf8)

    func embed(_ fragment: [UInt8]) -> [UInt8] { JSONConformanceTests.head + fragment + JSONConformanceTests.tail }

    /// Line and column (columns in characters) of byte `offset` of `bytes`, counted here
    /// independently of the reader.
    func position(_ bytes: [UInt8], _ offset: Int) -> SourcePosition {
        var line = 1, column = 1
        for b in bytes[..<offset] {
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return SourcePosition(line: line, column: column)
    }

    func accepts(_ fragment: String, _ expected: JSONValue? = nil, file: StaticString = #filePath, line: UInt = #line) {
        accepts(bytes: Array(fragment.utf8), expected, file: file, line: line)
    }

    func accepts(bytes fragment: [UInt8], _ expected: JSONValue? = nil, file: StaticString = #filePath, line: UInt = #line) {
        let text = embed(fragment)
        do {
            let b = try BoardCodec.read(text)
            guard let v = b.extra["x-case"] else { return XCTFail("no value", file: file, line: line) }
            if let e = expected { XCTAssertEqual(v, e, file: file, line: line) }
            let written = BoardCodec.write(b)
            let again = try BoardCodec.read(written)
            XCTAssertEqual(again.extra["x-case"], v, "changed by a write", file: file, line: line)
            XCTAssertEqual(BoardCodec.write(again), written, "not a fixed point", file: file, line: line)
            XCTAssertFalse(String(decoding: written, as: UTF8.self).contains("null") && !String(decoding: fragment, as: UTF8.self).contains("null"),
                           "a number became null", file: file, line: line)
        } catch {
            XCTFail("refused valid JSON \(String(decoding: fragment, as: UTF8.self).debugDescription): \(error)", file: file, line: line)
        }
    }

    /// `at`: the byte of `fragment` (or of the text after it) where the fault is.
    func refuses(_ fragment: String, at offset: Int, _ fragmentOfMessage: String, file: StaticString = #filePath, line: UInt = #line) {
        refuses(bytes: Array(fragment.utf8), at: offset, fragmentOfMessage, file: file, line: line)
    }

    func refuses(bytes fragment: [UInt8], at offset: Int, _ fragmentOfMessage: String, file: StaticString = #filePath, line: UInt = #line) {
        let text = embed(fragment)
        guard let e = Fixture.readError(bytes: text, line: line) else { return }
        XCTAssertEqual(e.position, position(text, JSONConformanceTests.head.count + offset),
                       "\(String(decoding: fragment, as: UTF8.self).debugDescription): \(e.message)", file: file, line: line)
        XCTAssertTrue(e.message.contains(fragmentOfMessage), "\"\(e.message)\" should say \"\(fragmentOfMessage)\"", file: file, line: line)
    }

    // MARK: numbers

    func testValidNumbers() {
        accepts("0", 0)
        accepts("-0", 0)
        accepts("[1, -1, 12, -123456789]", [1, -1, 12, -123456789])
        accepts("1.5", 1.5)
        accepts("-0.000001", -0.000001)
        accepts("[1e2, 1E2, 1e+2, 1E-2, 1.5e3, -2.5E-3, 0e0, 0.0]", [100, 100, 100, 0.01, 1500, -0.0025, 0, 0])
        accepts("123456789012345678901234567890", .number(123456789012345678901234567890.0))
        accepts("0.1", 0.1)
        accepts("9007199254740993", .number(9007199254740992)) // nearest double
        accepts("1.7976931348623157e308", .number(.greatestFiniteMagnitude))
        accepts("5e-324", .number(5e-324))
        accepts("1e-400", 0) // below the smallest double: 0
        accepts("[0.1, 0.2, 0.30000000000000004, 1e21, 1e-7]", [0.1, 0.2, 0.30000000000000004, 1e21, 1e-7])
    }

    func testInvalidNumbers() {
        refuses("01", at: 0, "must not start with 0")
        refuses("-01", at: 0, "must not start with 0")
        refuses("1.", at: 2, "digits after its decimal point")
        refuses("1.e3", at: 2, "digits after its decimal point")
        refuses(".5", at: 0, "expected a value")
        refuses("+1", at: 0, "expected a value")
        refuses("-", at: 0, "expected a number")
        refuses("- 1", at: 0, "expected a number")
        refuses("1e", at: 2, "digits in its exponent")
        refuses("1e+", at: 3, "digits in its exponent")
        refuses("1E-x", at: 3, "digits in its exponent")
        refuses("0x1F", at: 1, "expected ',' or '}'")
        refuses("1_000", at: 1, "expected ',' or '}'")
        refuses("[1.5.2]", at: 4, "expected ',' or ']'")
        refuses("NaN", at: 0, "expected a value")
        refuses("Infinity", at: 0, "expected a value")
        refuses("-Infinity", at: 0, "expected a number")
        refuses("[1e400]", at: 1, "number too large")
        refuses("[-1e400]", at: 1, "number too large")
        refuses("1" + String(repeating: "9", count: 400), at: 0, "number too large")
        refuses("１", at: 0, "expected a value") // a fullwidth digit
    }

    // MARK: strings and escapes

    func testValidStrings() {
        accepts("\"\"", "")
        accepts("\"\\u0000\"", "\u{0}")
        accepts("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\u{8}\u{C}\n\r\t")
        accepts("\"\\u0061\\u00e9\\u00E9\\u4F1A\"", "aéé会")
        accepts("\"\\u001f\\u007f\"", "\u{1F}\u{7F}")
        accepts("\"\\ud834\\udd1e \\uD83D\\uDE80\"", "𝄞 🚀") // surrogate pairs
        accepts("\"€𝄞 raw\"", "€𝄞 raw")
        accepts("\"\\u2028\\u2029\u{2028}\"", "\u{2028}\u{2029}\u{2028}")
        let ffff = String(Unicode.Scalar(0xFFFF)!), fdd0 = String(Unicode.Scalar(0xFDD0)!)
        accepts("\"\\uffff \\ufdd0 \(ffff)\"", .string("\(ffff) \(fdd0) \(ffff)")) // noncharacters are characters
        accepts("\"\u{FEFF} inside\"", "\u{FEFF} inside")
        accepts("\"\u{7F} del and ~\"", "\u{7F} del and ~")
        accepts("\"/ and \\\\/\"", "/ and \\/")
        accepts("\"\\u0065\\u0301 and \\u00e9\"", "e\u{301} and é")
        accepts("\"\(String(repeating: "long ", count: 2000))\"")
    }

    func testInvalidStrings() {
        refuses("\"a\tb\"", at: 2, "control character 0x9")
        refuses("\"a\nb\"", at: 2, "unterminated string")
        refuses("\"a\u{1}\"", at: 2, "control character 0x1")
        refuses("\"\\x41\"", at: 1, "invalid escape \\x")
        refuses("\"\\a\"", at: 1, "invalid escape \\a")
        refuses("\"\\'\"", at: 1, "invalid escape \\'")
        refuses("\"\\U0041\"", at: 1, "invalid escape \\U")
        refuses("\"\\u12\"", at: 1, "invalid \\u escape")
        refuses("\"\\u12G4\"", at: 1, "invalid \\u escape")
        refuses("\"\\u\"", at: 1, "invalid \\u escape")
        refuses("\"ab\\", at: 3, "unterminated string (a backslash ends the line)")
        refuses("\"abc", at: 4, "unterminated string") // where the line ends
        refuses("'single'", at: 0, "expected a value")
        refuses("[\"a\" \"b\"]", at: 5, "expected ',' or ']'")
        refuses("\"\\\u{1}\"", at: 1, "invalid escape")
    }

    // MARK: UTF-8 and surrogates

    func testLoneSurrogatesInEscapesAreRefused() {
        refuses("\"\\ud800\"", at: 1, "lone surrogate \\ud800")
        refuses("\"x\\udc00\"", at: 2, "lone surrogate \\udc00")
        refuses("\"\\ud800\\u0041\"", at: 1, "lone surrogate \\ud800")
        refuses("\"\\ud800x\"", at: 1, "lone surrogate \\ud800")
        refuses("\"\\ud800\\ud800\"", at: 1, "lone surrogate \\ud800")
        refuses("\"\\udfff\\ud800\"", at: 1, "lone surrogate \\udfff")
        refuses("\"\\ud800\\\\\"", at: 1, "lone surrogate") // followed by an escaped backslash
    }

    func testInvalidUTF8IsRefusedAtItsByte() {
        let q = UInt8(ascii: "\"")
        let cases: [([UInt8], String)] = [
            ([0xC0, 0xAF], "overlong /"), ([0xC1, 0xBF], "overlong, two bytes"),
            ([0xE0, 0x80, 0xAF], "overlong, three bytes"), ([0xF0, 0x80, 0x80, 0xAF], "overlong, four bytes"),
            ([0xED, 0xA0, 0x80], "an encoded surrogate"), ([0xED, 0xBF, 0xBF], "an encoded low surrogate"),
            ([0xF4, 0x90, 0x80, 0x80], "beyond U+10FFFF"), ([0xF5, 0x80, 0x80, 0x80], "a byte never in UTF-8"),
            ([0x80], "a lone continuation byte"), ([0xBF], "another"), ([0xE2, 0x82], "a sequence cut short"),
            ([0xFF], "0xFF"), ([0xFE], "0xFE"), ([0xC3, 0x28], "a bad continuation"),
        ]
        for (bad, why) in cases {
            // inside a string, after two good characters
            refuses(bytes: [q] + Array("é1".utf8) + bad + [q], at: 4, "invalid UTF-8")
            // outside a string
            refuses(bytes: [UInt8(ascii: "[")] + bad + [UInt8(ascii: "]")], at: 1, "invalid UTF-8")
            _ = why
        }
        // the longest valid forms of each length are fine
        accepts(bytes: [q, 0x7F, 0xDF, 0xBF, 0xEF, 0xBF, 0xBF, 0xF4, 0x8F, 0xBF, 0xBF, q], .string("\u{7F}\u{7FF}" + String(Unicode.Scalar(0xFFFF)!) + String(Unicode.Scalar(0x10FFFF)!)))
        accepts(bytes: [q, 0xC2, 0x80, 0xE0, 0xA0, 0x80, 0xF0, 0x90, 0x80, 0x80, q], .string("\u{80}\u{800}\u{10000}"))
    }

    // MARK: structure

    func testValidStructures() {
        accepts("[]", [])
        accepts("{}", [:])
        accepts("[[], {}, [[]], [{}]]", [[], [:], [[]], [[:]]])
        accepts("{\"a\": [], \"b\": {}, \"\": 0}", ["a": [], "b": [:], "": 0])
        accepts("[null, true, false, \"null\"]", [nil, true, false, "null"])
        accepts("{\"\\u0061\": 1, \"b\\n\": 2, \"é\": 3}", ["a": 1, "b\n": 2, "é": 3])
        accepts("{\"z\": 1, \"a\": 2, \"M\": 3, \"é\": 4, \"e\": 5}") // written in code-point order
        accepts("[1, [2, [3, [4]]]]", [1, [2, [3, [4]]]])
        accepts("{\"a\": {\"a\": {\"a\": 1}}}", ["a": ["a": ["a": 1]]])
    }

    func testInvalidStructures() {
        refuses("[1,]", at: 2, "trailing comma before ']'")
        refuses("{\"a\": 1,}", at: 7, "trailing comma before '}'")
        refuses("[,1]", at: 1, "expected a value")
        refuses("[1 2]", at: 3, "expected ',' or ']'")
        refuses("{\"a\" 1}", at: 5, "expected ':' after the key \"a\"")
        refuses("{\"a\": }", at: 6, "expected a value")
        refuses("{a: 1}", at: 1, "expected a key in quotes")
        refuses("{1: 1}", at: 1, "expected a key in quotes")
        refuses("{\"a\": 1 \"b\": 2}", at: 8, "expected ',' or '}'")
        refuses("{\"a\": 1, \"a\": 2}", at: 9, "duplicate key \"a\"") // refused on purpose
        refuses("{\"a\"}", at: 4, "expected ':'")
        refuses("[}", at: 1, "expected a value")
        refuses("{]", at: 1, "expected a key in quotes")
        refuses("]", at: 0, "expected a value")
        refuses("[1]]", at: 3, "expected ',' or '}'")
        refuses("[1", at: 2 + 1, "expected ',' or ']'") // the next thing is the board's own '}'
        refuses("{\"a\": 1}}", at: 10, "after the end of the board") // closes the board; the board's '}' is left over
        refuses("[1] /* comment */", at: 4, "expected ',' or '}'")
        refuses("// comment\n1", at: 0, "expected a value")
        refuses("True", at: 0, "expected a value")
        refuses("[tru]", at: 1, "expected true or false")
        refuses("[nul]", at: 1, "expected a value")
        refuses("[null1]", at: 5, "expected ',' or ']'")
        refuses("[\"a\":1]", at: 4, "expected ',' or ']'")
    }

    // MARK: nesting

    func testNesting512DeepIsAcceptedAndWrittenBack() {
        let deepArray = String(repeating: "[", count: 512) + "1" + String(repeating: "]", count: 512)
        accepts(deepArray)
        let deepObject = String(repeating: "{\"k\": ", count: 512) + "0" + String(repeating: "}", count: 512)
        accepts(deepObject)
    }

    func testNestingDeeperThan512IsRefusedAtTheLevelTooMany() {
        refuses(String(repeating: "[", count: 513) + String(repeating: "]", count: 513), at: 512, "nesting deeper than 512 levels")
        refuses(String(repeating: "{\"k\":", count: 600) + "0" + String(repeating: "}", count: 600), at: 512 * 5, "nesting deeper than 512 levels")
        refuses(String(repeating: "[", count: 100_000), at: 512, "nesting deeper than 512 levels") // no stack overflow
    }

    // MARK: white space

    func testWhiteSpaceBetweenTokens() {
        accepts("\t[ 1 ,\n2\r\n,\t3 ]\r\n", [1, 2, 3])
        accepts("{ \"a\"\t:\r\n1 }", ["a": 1])
        accepts("\n\n\n  []", [])
    }

    func testOtherSpacesAreNotWhiteSpace() {
        refuses("[1,\u{C}2]", at: 3, "expected a value")       // form feed
        refuses("[1,\u{B}2]", at: 3, "expected a value")       // vertical tab
        refuses("[1,\u{A0}2]", at: 3, "expected a value")      // no-break space
        refuses("[1,\u{2060}2]", at: 3, "expected a value")    // word joiner
        refuses("[1,\u{FEFF}2]", at: 3, "expected a value")    // a byte-order mark inside the file
        refuses("[1,\u{3000}2]", at: 3, "expected a value")    // ideographic space
        refuses(bytes: [UInt8(ascii: "["), 0x00, UInt8(ascii: "]")], at: 1, "NUL byte")
    }
}

extension JSONConformanceTests {
    func testA512DeepValueInACardReadsAndASlipElsewhereIsStillFound() throws {
        let deep = String(repeating: "[", count: 512) + "1" + String(repeating: "]", count: 512)
        let card = "\"cd_1\": { \"lane\": \"l\", \"order\": \"a0\", \"stage\": \"s\", \"text\": \"t\", \"x-deep\": \(deep) }"
        let good = "{\n  \"cards\": {\n    \(card)\n  },\n  \"format\": \"journey-board\",\n  \"schemaVersion\": 1,\n  \"title\": \"x\"\n}\n"
        let b = try BoardCodec.read(Array(good.utf8))
        XCTAssertEqual(try BoardCodec.read(BoardCodec.write(b)), b)
        let slipped = good.replacingFirst("\"title\": \"x\"", with: "\"title\": \"x\",")
        guard let e = Fixture.readError(slipped) else { return }
        XCTAssertTrue(e.message.contains("trailing comma"), e.message)
        XCTAssertEqual(e.position, SourcePosition(line: 7, column: 15))
    }
}
