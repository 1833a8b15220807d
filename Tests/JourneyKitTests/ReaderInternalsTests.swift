import XCTest
@testable import JourneyKit
#if canImport(Glibc)
import Glibc
import JourneyTestSupport
#endif

/// The fast paths of the reader and validator give exactly the answers of the plain ways
/// they replace: field names by bytes, Clinger's number fast path, ids by bytes, the
/// already-sorted set check, and the mapped-file check.
final class ReaderInternalsTests: XCTestCase {
    func testFieldTablesMatchTheirDeclarations() {
        XCTAssertEqual(Card.declaration.table.names, Card.declaration.fields.map(\.name))
        XCTAssertEqual(HeroMetric.declaration.table.names, HeroMetric.declaration.fields.map(\.name))
        XCTAssertEqual(Persona.declaration.table.names, Persona.declaration.fields.map(\.name))
        XCTAssertEqual(Journey.declaration.table.names, Journey.declaration.fields.map(\.name))
        XCTAssertEqual(Stage.declaration.table.names, Stage.declaration.fields.map(\.name))
        XCTAssertEqual(Lane.declaration.table.names, Lane.declaration.fields.map(\.name))
        XCTAssertEqual(Scoring.declaration.table.names, Scoring.declaration.fields.map(\.name))
    }

    func testFieldTableFindsEachNameByItsBytesAndNothingElse() {
        let t = Card.declaration.table
        for (n, name) in t.names.enumerated() {
            for padding in [0, 20] { // near the end of the buffer and far from it
                let bytes = Array("\"\(name)\": 1".utf8) + Array(repeating: UInt8(ascii: " "), count: padding)
                bytes.withUnsafeBufferPointer { p in
                    XCTAssertEqual(t.index(p, 1, 1 + name.utf8.count), n, name)
                }
            }
        }
        for other in ["lan", "lanes", "Lane", "text ", "confidences", "", "measuredmeasured1", "tex\u{0}"] {
            let bytes = Array(other.utf8) + [0x22]
            bytes.withUnsafeBufferPointer { p in XCTAssertNil(t.index(p, 0, other.utf8.count), other) }
            XCTAssertNil(t.index(other), other)
        }
    }

    func testNumbersReadExactlyLikeStrtod() throws {
        var g = SeededRandom(seed: 7)
        var texts = ["0", "-0", "1", "0.1", "0.30000000000000004", "1e-7", "1E5", "1e+21", "123456789012", "999999999999999",
                     "9007199254740993", "1.7976931348623157e308", "5e-324", "2.2250738585072014e-308", "1e23", "8.5", "-3.25e-3",
                     "0.000001", "100000000000000000000000", "4.35", "3.1", "-0.3", "12345.6789e-3", "1e22", "1e-22"]
        for _ in 0..<3000 {
            let digits = String(g.int(0...999_999_999)) + (g.chance(0.5) ? String(g.int(0...999_999)) : "")
            let dot = g.int(0...digits.count)
            var t = String(digits.prefix(dot)) + (dot < digits.count ? "." + digits.dropFirst(dot) : "")
            if t.hasPrefix(".") { t = "0" + t }
            while t.hasPrefix("0") && t.count > 1 && !t.hasPrefix("0.") { t.removeFirst() }
            if g.chance(0.4) { t += "e" + (g.chance(0.5) ? "-" : "") + String(g.int(0...30)) }
            if g.chance(0.3) { t = "-" + t }
            texts.append(t)
        }
        for t in texts {
            let bytes = Array(t.utf8)
            let fast = try bytes.withUnsafeBufferPointer { p -> Double in
                var r = StrictJSONReader(p)
                return try r.readNumber()
            }
            let slow = strtod(t, nil)
            XCTAssertEqual(fast.bitPattern, slow.bitPattern, "\(t): \(fast) != \(slow)")
        }
    }

    func testIDTableAgreesWithADictionary() {
        var g = SeededRandom(seed: 11)
        let pieces = ["cd_", "st_", "K", "\u{212A}", "e\u{301}", "é", "会", "a", "b", "0123456789abcdef", "x"]
        for round in 0..<40 {
            var table = IDTable<Int>(capacity: 4)
            var dict: [String: Int] = [:]
            for n in 0..<(round < 20 ? 200 : 30) {
                let key = (0..<g.int(1...4)).map { _ in g.pick(pieces) }.joined()
                let inserted = table.insert(key, n)
                XCTAssertEqual(inserted, dict[key] == nil, "round \(round): insert \(key.debugDescription)")
                if dict[key] == nil { dict[key] = n }
            }
            for key in dict.keys { XCTAssertEqual(table.value(for: key), dict[key], key.debugDescription) }
            for _ in 0..<50 {
                let key = (0..<g.int(1...4)).map { _ in g.pick(pieces) }.joined()
                XCTAssertEqual(table.value(for: key), dict[key], key.debugDescription)
            }
            XCTAssertEqual(table.count, dict.count)
        }
        // String equality is canonical equivalence: the Kelvin sign is "K"
        var t = IDTable<Int>()
        XCTAssertTrue(t.insert("K", 1))
        XCTAssertFalse(t.insert("\u{212A}", 2))
        XCTAssertEqual(t.value(for: "\u{212A}"), 1)
    }

    func testStringSetNormalizedMatchesTheDefinition() {
        var g = SeededRandom(seed: 5)
        let pieces = ["cd_1", "cd_2", "cd_10", "a", "B", "é", "e\u{301}", "会", "Z", ""]
        for _ in 0..<2000 {
            let a = (0..<g.int(0...5)).map { _ in g.pick(pieces) }
            // repeats by code points: "é" and "e\u{301}" are both kept
            var seen = Set<[UInt8]>()
            let expected = a.filter { seen.insert(Array($0.utf8)).inserted }.sorted(by: CanonicalJSON.keyPrecedes)
            XCTAssertEqual(StringSet.normalized(a), expected, "\(a)")
        }
    }

    func testTheMappedCheckGivesTheSameAnswersAsTheCopyingOne() throws {
        let dir = Fixture.temporaryDirectory(self)
        var cases = Fixture.exampleBoards
        var bad = Fixture.smallBoard()
        bad.cards["cd_0000000001"]!.stage = "st_missing000"
        bad.cards["cd_0000000002"]!.cost = 0
        let invalid = dir + "/invalid.json"
        _ = FileManager.default.createFile(atPath: invalid, contents: Data(BoardCodec.write(bad)))
        let broken = dir + "/broken.json"
        _ = FileManager.default.createFile(atPath: broken, contents: Data("{\n  \"format\": \"journey-board\",\n}\n".utf8))
        let empty = dir + "/empty.json"
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        cases += [invalid, broken, empty, dir, dir + "/missing.json"]
        for path in cases {
            let mapped = BoardChecker.check(file: path, keepBytes: false)
            let copied = BoardChecker.check(file: path)
            XCTAssertEqual(mapped.diagnostics, copied.diagnostics, path)
            XCTAssertEqual(mapped.board, copied.board, path)
            if mapped.diagnostics.isEmpty { XCTAssertNil(mapped.bytes, "no copy of a good file: \(path)") }
        }
        XCTAssertEqual(BoardChecker.check(file: invalid, keepBytes: false).diagnostics.count, 2)
    }

    func testAnEscapedKeyIsTheSameKey() {
        let text = "{\n  \"cards\": {\n    \"cd_1\": { \"lane\": \"l\", \"l\\u0061ne\": \"m\", \"order\": \"a0\", \"stage\": \"s\", \"text\": \"t\" }\n  },\n  \"format\": \"journey-board\",\n  \"schemaVersion\": 1,\n  \"title\": \"x\"\n}\n"
        guard let e = Fixture.readError(text) else { return }
        XCTAssertEqual(e.position, SourcePosition(line: 3, column: 28))
        XCTAssertTrue(e.message.contains("duplicate key \"lane\" (first at line 3, column 15)"), e.message)
    }

    func testCanonicallyEquivalentUnknownKeysAreTwoKeys() throws {
        // keys compare by code points: both are kept, in code-point order
        let text = "{\n  \"format\": \"journey-board\",\n  \"schemaVersion\": 1,\n  \"title\": \"x\",\n  \"x\": { \"é\": 1, \"e\u{301}\": 2 },\n  \"x-é\": 3,\n  \"x-e\u{301}\": 4\n}\n"
        let b = try BoardCodec.read(Array(text.utf8))
        XCTAssertEqual(b.extra["x"], .object(["é": 1, "e\u{301}": 2]))
        XCTAssertNotEqual(b.extra["x"], .object(["é": 1, "e\u{301}": 1]))
        XCTAssertEqual(b.extra["x-é"], 3); XCTAssertEqual(b.extra["x-e\u{301}"], 4)
        XCTAssertEqual(b.extra.count, 3)
        XCTAssertEqual(try BoardCodec.write(BoardCodec.read(BoardCodec.write(b))), BoardCodec.write(b))
    }

    func testEntitiesFromJSONValuesUseTheSameFields() throws {
        let c = try Card(id: "cd_1", json: ["lane": "l", "stage": "s", "order": "a0", "text": "t", "cost": 2, "x-y": [1, 2]])
        XCTAssertEqual(c.cost, 2)
        XCTAssertEqual(c.extra, ["x-y": [1, 2]])
        XCTAssertEqual(try Card(id: "cd_1", json: c.jsonObject), c)
    }

    func testShortStringsGiveEachStringsOwnTextEvenWhenSlotsCollide() {
        // more strings than slots: some must share a slot, and a shared slot never answers
        // with the other string's text
        var g = SeededRandom(seed: 11)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789_".utf8)
        var words: [String] = []
        for n in 0..<3000 {
            let length = 1 + n % ShortStrings.maxLength
            words.append(String(decoding: (0..<length).map { _ in g.pick(alphabet) }, as: UTF8.self))
        }
        let joined = Array(words.joined().utf8)
        let strings = ShortStrings()
        for _ in 0..<2 { // the second round finds some in their slots, others replaced
            joined.withUnsafeBufferPointer { p in
                var at = 0
                for w in words {
                    XCTAssertEqual(strings.text(p, at, w.utf8.count), w)
                    at += w.utf8.count
                }
            }
        }
    }

    func testABoardReadsTheSameWithAndWithoutReusedStrings() throws {
        XCTAssertFalse(Fixture.exampleBoards.isEmpty)
        for path in Fixture.exampleBoards {
            let board = try BoardFile.load(path)
            // the same entities decoded one by one, by readers that make every string afresh
            for (id, card) in board.cards {
                XCTAssertEqual(try Card(id: id, json: card.jsonObject), card, path)
            }
        }
    }

    func testIndentationOfAnyLengthAndMixedWhiteSpaceIsSkipped() throws {
        // runs of spaces shorter and longer than a word, tabs and CRs among them, and a
        // problem after them still reported at its own line and column
        let pad = { (n: Int) in String(repeating: " ", count: n) }
        let json = "{\(pad(17))\"a\"\(pad(3)):\t \r\n\(pad(9))[1,\(pad(8))2 ,\n\(pad(7))\t\(pad(1))3]\(pad(16))}\(pad(5))"
        let value = try Array(json.utf8).withUnsafeBufferPointer { p -> JSONValue in
            var r = StrictJSONReader(p)
            let v = try r.readValue()
            try r.expectEnd()
            return v
        }
        XCTAssertEqual(value, .object(["a": .array([.number(1), .number(2), .number(3)])]))
        let broken = Array("{\n\(pad(12))\"a\": 1,\n\(pad(12))}".utf8)
        XCTAssertThrowsError(try BoardCodec.read(broken, file: "b.json")) { error in
            XCTAssertEqual("\(error)", "b.json:2:19: error: trailing comma before '}'")
        }
    }

    func testStringsFindTheirEndAndTheirProblemsAtEveryPlaceInAWord() throws {
        // the string scan jumps over plain bytes a word at a time and straight to the first
        // quote, backslash or control byte: each is found at every offset, and a byte that is
        // not ASCII just before it is still checked
        func read(_ bytes: [UInt8]) throws -> String {
            try bytes.withUnsafeBufferPointer { p in
                var r = StrictJSONReader(p)
                return try r.readString()
            }
        }
        for before in 0..<20 {
            for after in [0, 1, 7, 8, 9, 30] {
                let a = [UInt8](repeating: UInt8(ascii: "a"), count: before)
                let z = [UInt8](repeating: UInt8(ascii: "z"), count: after)
                let quote = UInt8(ascii: "\""), tail = Array("   \u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}".utf8)
                XCTAssertEqual(try read([quote] + a + [quote] + z + tail), String(decoding: a, as: UTF8.self))
                XCTAssertEqual(try read([quote] + a + Array("\\\"".utf8) + z + [quote] + tail),
                               String(decoding: a, as: UTF8.self) + "\"" + String(decoding: z, as: UTF8.self))
                XCTAssertEqual(try read([quote] + a + Array("\u{e9}".utf8) + [quote] + tail), String(decoding: a, as: UTF8.self) + "\u{e9}")
                XCTAssertThrowsError(try read([quote] + a + [0x01] + z + [quote] + tail)) { error in
                    XCTAssertEqual((error as? ReadFailure)?.offset, 1 + before)
                    XCTAssertEqual((error as? ReadFailure)?.message, "control character 0x1 in a string must be escaped")
                }
                XCTAssertThrowsError(try read([quote] + a + [0xFF] + [quote] + tail)) { error in
                    XCTAssertEqual((error as? ReadFailure)?.offset, 1 + before)
                }
                XCTAssertThrowsError(try read([quote] + a + z)) { error in
                    XCTAssertEqual((error as? ReadFailure)?.offset, 0)
                }
            }
        }
    }
}
