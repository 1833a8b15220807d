import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// The reader says what is wrong and where: numbers beyond a double, syntax slips of a hand
/// merge, a byte-order mark, versions, required fields, statuses; and it keeps text that
/// differs only in Unicode normalisation as the different text it is.
final class ReaderTruthTests: XCTestCase {
    func board(_ body: String) -> String {
        "{\n  \"format\": \"journey-board\",\n  \"schemaVersion\": 1,\n" + body + "\n}\n"
    }

    func assertError(_ text: String, at needle: String, occurrence: Int = 1, _ fragment: String,
                     file: StaticString = #filePath, line: UInt = #line) {
        assertError(bytes: Array(text.utf8), Fixture.position(of: needle, in: text, occurrence: occurrence, file: file, line: line),
                    fragment, file: file, line: line)
    }

    func assertError(bytes: [UInt8], _ position: SourcePosition, _ fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let e = Fixture.readError(bytes: bytes, file: "b.json", line: line) else { return }
        XCTAssertEqual(e.position, position, "wrong position for: \(e.message)", file: file, line: line)
        XCTAssertTrue(e.message.contains(fragment), "message \"\(e.message)\" should say \"\(fragment)\"", file: file, line: line)
    }

    /// The canonical text of the small board, with one card more to slip around.
    func smallText() -> String {
        var b = Fixture.smallBoard()
        b.cards["cd_0000000002"] = Card(id: "cd_0000000002", lane: "ln_0000000001", stage: "st_0000000001", order: "a1", text: "Second")
        b.cards["cd_0000000003"] = Card(id: "cd_0000000003", lane: "ln_0000000001", stage: "st_0000000001", order: "a2", text: "Third")
        return String(decoding: BoardCodec.write(b), as: UTF8.self)
    }

    // MARK: numbers beyond a double

    func testNumbersBeyondADoubleAreRefusedWhereTheyAre() {
        let huge = "1" + String(repeating: "0", count: 400)
        for n in ["1e400", "-1e400", huge, "-" + huge, "1.5E+309", "0.000001e315"] {
            assertError(board("  \"title\": \"x\",\n  \"x-big\": [1, \(n)]"), at: n, "number too large")
        }
        // a known field too
        let text = board("  \"cards\": { \"cd_1\": { \"cost\": 1e999, \"lane\": \"l\", \"order\": \"a0\", \"stage\": \"s\", \"text\": \"t\" } },\n  \"title\": \"x\"")
        assertError(text, at: "1e999", "number too large")
    }

    func testTheLargestDoublesAndTinyNumbersRead() throws {
        let b = try BoardCodec.read(Array(board("  \"title\": \"x\",\n  \"x\": [1.7976931348623157e308, -1.7976931348623157e308, 1e-400, 4.9e-324]").utf8))
        XCTAssertEqual(b.extra["x"], [.number(.greatestFiniteMagnitude), .number(-.greatestFiniteMagnitude), .number(0), .number(4.9e-324)])
        // and they write back as numbers that read the same
        let again = try BoardCodec.read(BoardCodec.write(b))
        XCTAssertEqual(again.extra["x"], b.extra["x"])
    }

    func testTheWriterNeverWritesNullForANumber() throws {
        for v in [Double.infinity, -.infinity, .nan] {
            var w = CanonicalJSON()
            w.write(.array([.number(v)]), indent: 0)
            XCTAssertFalse(w.text.contains("null"), w.text)
            var b = Fixture.smallBoard()
            b.cards["cd_0000000001"]!.cost = v
            b.cards["cd_0000000001"]!.impact = ["effort": v]
            b.extra["x-n"] = .number(v)
            let bytes = BoardCodec.write(b)
            XCTAssertFalse(String(decoding: bytes, as: UTF8.self).contains("null"))
            let back = try BoardCodec.read(bytes) // still a board
            XCTAssertTrue(back.cards["cd_0000000001"]!.cost!.isFinite)
        }
        XCTAssertEqual(CanonicalJSON.numberText(.infinity), "infinity")
        XCTAssertEqual(CanonicalJSON.numberText(.nan), "NaN")
    }

    // MARK: syntax slips of a hand merge, where they are

    func testAStrayClosingBraceInsideCardsIsReportedAtTheBrace() {
        let text = smallText()
        // after the first card: `},` closes "cards"; the other cards fall out of it
        let firstCardEnd = text.range(of: "\n    },\n    \"cd_0000000002\"")!
        let slipped = text.replacingCharacters(in: firstCardEnd, with: "\n    }\n  },\n    \"cd_0000000002\"")
        let stray = Fixture.position(of: "  },\n    \"cd_0000000002\"", in: slipped)
        guard let e = Fixture.readError(slipped) else { return }
        XCTAssertEqual(e.position, SourcePosition(line: stray.line, column: stray.column + 2), e.message)
        XCTAssertTrue(e.message.contains("stray '}' closes \"cards\""), e.message)
        XCTAssertTrue(e.message.contains("\"cd_0000000002\" at line \(stray.line + 1), column 5"), e.message)
        XCTAssertFalse(e.message.contains("format"), e.message)
    }

    func testAStrayBraceInAnotherMapToo() {
        let text = smallText()
        let r = text.range(of: "\n    },\n    \"st_0000000002\"")!
        let slipped = text.replacingCharacters(in: r, with: "\n    }},\n    \"st_0000000002\"")
        guard let e = Fixture.readError(slipped) else { return }
        XCTAssertTrue(e.message.contains("stray '}' closes \"stages\""), e.message)
        XCTAssertEqual(e.position, Fixture.position(of: "}},\n    \"st_0000000002\"", in: slipped).advanced(1))
    }

    func testAMissingCommaBetweenCards() {
        let text = smallText().replacingFirst("\n    },\n    \"cd_0000000002\"", with: "\n    }\n    \"cd_0000000002\"")
        assertError(text, at: "\"cd_0000000002\"", "expected ',' or '}' after a member")
    }

    func testAnExtraClosingBraceAtTheEnd() {
        let text = smallText() + "}\n"
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        assertError(bytes: Array(text.utf8), SourcePosition(line: lines - 1, column: 1), "unexpected '}' after the end of the board")
    }

    func testAnUnclosedStringInACard() {
        let text = smallText().replacingFirst("\"text\": \"Second\"", with: "\"text\": \"Second")
        assertError(bytes: Array(text.utf8), Fixture.position(of: "Second", in: text).advanced(6), "unterminated string")
    }

    func testASlipBeforeTheHeaderIsStillASyntaxError() {
        // "format" and "schemaVersion" follow "cards" in canonical order: a slip in cards hides
        // them, and the slip is what is reported
        let text = smallText().replacingFirst("\"text\": \"Third\"", with: "\"text\": \"Third\",")
        assertError(bytes: Array(text.utf8), Fixture.position(of: "\"Third\",", in: text).advanced(7), "trailing comma before '}'")
    }

    // MARK: byte-order mark

    func testAByteOrderMarkIsSkippedAndDroppedOnWrite() throws {
        let plain = Array(smallText().utf8)
        let withBOM = [0xEF, 0xBB, 0xBF] + plain
        let b = try BoardCodec.read(withBOM)
        XCTAssertEqual(b, try BoardCodec.read(plain))
        XCTAssertEqual(BoardCodec.write(b), plain) // fmt and save drop it
        // check finds nothing more to say about it
        XCTAssertEqual(BoardChecker.check(bytes: withBOM, file: "b.json").diagnostics, [])
    }

    func testPositionsInAFileWithAByteOrderMarkDoNotCountIt() {
        let text = "\u{FEFF}{\"format\": \"journey-board\", \"schemaVersion\": 1, \"title\": 7}\n"
        // the 7 is the 58th character after the mark
        assertError(bytes: Array(text.utf8), SourcePosition(line: 1, column: 58), "title must be a string")
        // a board with a BOM that check validates: the same positions as without it
        var b = Fixture.smallBoard()
        b.cards["cd_0000000001"]!.stage = "st_gone"
        let plain = BoardCodec.write(b)
        let d1 = BoardChecker.check(bytes: plain, file: "b.json").diagnostics
        let d2 = BoardChecker.check(bytes: [0xEF, 0xBB, 0xBF] + plain, file: "b.json").diagnostics
        XCTAssertEqual(d1.count, 1)
        XCTAssertEqual(d1, d2)
    }

    func testAByteOrderMarkAloneIsAnEmptyFileAndOneElsewhereIsAnError() {
        assertError(bytes: [0xEF, 0xBB, 0xBF], SourcePosition(line: 1, column: 1), "empty file")
        let text = board("  \"title\": \"x\",\n  \u{FEFF}\"x\": 1")
        assertError(text, at: "\u{FEFF}", "expected a key in quotes, found byte 0xef")
    }

    // MARK: schemaVersion

    func testSchemaVersionsBelowOneAreRefused() {
        for v in ["0", "-1", "-0"] {
            let text = "{\n  \"format\": \"journey-board\",\n  \"schemaVersion\": \(v),\n  \"title\": \"x\"\n}\n"
            assertError(text, at: "\(v),", "versions start at 1")
        }
        let text = "{\n  \"format\": \"journey-board\",\n  \"schemaVersion\": 1.5,\n  \"title\": \"x\"\n}\n"
        assertError(text, at: "1.5", "schemaVersion must be a whole number, not 1.5")
        // also when the rest of the board is broken
        let broken = "{\n  \"cards\": [},\n  \"format\": \"journey-board\",\n  \"schemaVersion\": 0\n}\n"
        XCTAssertNotNil(Fixture.readError(broken))
    }

    // MARK: required fields

    func testRequiredFieldsMissingAreErrorsAtTheEntity() {
        let cases: [(map: String, id: String, entity: String, missing: String)] = [
            ("cards", "cd_1", "{ \"lane\": \"l\", \"order\": \"a0\", \"stage\": \"s\" }", "\"text\""),
            ("stages", "st_1", "{ \"journey\": \"j\", \"order\": \"a0\" }", "\"title\""),
            ("stages", "st_1", "{ \"journey\": \"j\", \"title\": \"T\" }", "\"order\""),
            ("lanes", "ln_1", "{ \"journey\": \"j\", \"kind\": \"pains\", \"order\": \"a0\" }", "\"title\""),
            ("lanes", "ln_1", "{ \"journey\": \"j\", \"kind\": \"pains\", \"title\": \"P\" }", "\"order\""),
            ("journeys", "jr_1", "{ \"order\": \"a0\", \"state\": \"current\" }", "\"title\""),
            ("journeys", "jr_1", "{ \"title\": \"T\", \"state\": \"current\" }", "\"order\""),
            ("journeys", "jr_1", "{ \"order\": \"a0\", \"title\": \"T\" }", "\"state\""),
            ("journeys", "jr_1", "{ \"persona\": \"p\" }", "\"title\", \"state\" or \"order\""),
            ("heroMetrics", "nps", "{ \"better\": \"higher\", \"label\": \"NPS\", \"max\": 100, \"order\": \"a0\" }", "\"min\""),
            ("heroMetrics", "nps", "{ \"better\": \"higher\", \"label\": \"NPS\", \"min\": -100, \"order\": \"a0\" }", "\"max\""),
            ("heroMetrics", "nps", "{ \"better\": \"higher\", \"max\": 100, \"min\": -100, \"order\": \"a0\" }", "\"label\""),
        ]
        for c in cases {
            let text = board("  \"\(c.map)\": {\n    \"\(c.id)\": \(c.entity)\n  },\n  \"title\": \"x\"")
            assertError(text, at: c.entity, "\(c.map).\(c.id) has no \(c.missing)")
        }
        let scoring = board("  \"scoring\": { \"votesPerParticipant\": 3 },\n  \"title\": \"x\"")
        assertError(scoring, at: "{ \"votes", "scoring has no \"gate\"")
    }

    func testExampleBoardsAndEveryTemplateHaveTheirRequiredFields() throws {
        XCTAssertFalse(Fixture.exampleBoards.isEmpty)
        for path in Fixture.exampleBoards {
            XCTAssertEqual(BoardChecker.check(file: path).diagnostics, [], path)
        }
        for t in BoardTemplate.all {
            let bytes = BoardCodec.write(t.makeBoard(title: "T"))
            XCTAssertEqual(BoardChecker.check(bytes: bytes, file: t.name).diagnostics, [], t.name)
        }
    }

    // MARK: card status

    func testAStatusOutsideTheListIsAnErrorAtTheField() throws {
        var b = Fixture.smallBoard()
        b.cards["cd_0000000001"]!.status = "done"
        let bytes = BoardCodec.write(b)
        let text = String(decoding: bytes, as: UTF8.self)
        let ds = BoardChecker.check(bytes: bytes, file: "b.json").diagnostics
        XCTAssertEqual(ds.count, 1)
        XCTAssertEqual(ds.first?.position, Fixture.position(of: "\"done\"", in: text))
        XCTAssertEqual(ds.first?.message, "card cd_0000000001: status must be one of idea, planned, in-progress, shipped, measured, parked, not \"done\"")
        for s in CardStatus.allCases {
            b.cards["cd_0000000001"]!.status = s.rawValue
            XCTAssertEqual(BoardChecker.check(bytes: BoardCodec.write(b), file: "b.json").diagnostics, [], s.rawValue)
        }
    }

    // MARK: many problems, one pass

    func testThousandsOfProblemsEachAtItsOwnPosition() {
        var b = Fixture.smallBoard()
        for n in 0..<3000 {
            let id = "cd_9" + String(n).leftPadded(to: 9)
            b.cards[id] = Card(id: id, lane: "ln_0000000001", stage: "st_gone\(n % 7)", order: "a0", text: "t")
        }
        let bytes = BoardCodec.write(b)
        let text = String(decoding: bytes, as: UTF8.self)
        let ds = BoardChecker.check(bytes: bytes, file: "b.json").diagnostics
        XCTAssertEqual(ds.count, 3000)
        // in file order, each at its card's "stage" value (checked on a sample by the slow way)
        for d in ds.enumerated() where d.offset % 397 == 0 {
            let id = String(d.element.message.dropFirst(5).prefix(13))
            let card = Fixture.position(of: "\"\(id)\": {", in: text)
            XCTAssertEqual(d.element.position, SourcePosition(line: card.line + 3, column: 16), d.element.message)
        }
        XCTAssertEqual(ds.map { $0.position!.line }, ds.map { $0.position!.line }.sorted())
    }

    // MARK: Unicode normalisation: different code points, different text

    func testTagsDifferingOnlyInNormalisationSurviveAndPassCheck() throws {
        let text = board("""
              "cards": {
                "cd_0000000001": {
                  "lane": "ln_0000000001",
                  "order": "a0",
                  "stage": "st_0000000001",
                  "tags": ["é", "e\\u0301", "e\u{301}", "x"],
                  "text": "t"
                }
              },
              "title": "x"
            """)
        let b = try BoardCodec.read(Array(text.utf8))
        XCTAssertEqual(b.cards["cd_0000000001"]!.tags.map { Array($0.unicodeScalars) }, [["e", "\u{301}"], ["x"], ["é"]]) // code-point order
        let written = BoardCodec.write(b)
        XCTAssertEqual(try BoardCodec.write(BoardCodec.read(written)), written) // byte-identical from here
        let tagLines = String(decoding: written, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("        \"") }
        XCTAssertEqual(tagLines.map { Array($0.utf8) }, ["        \"e\u{301}\",", "        \"x\",", "        \"é\""].map { Array($0.utf8) })
        XCTAssertEqual(BoardChecker.check(bytes: written, file: "b.json").diagnostics.map(\.message).filter { $0.contains("tags") }, [])
    }

    func testTagsAndLinksMergeAndDiffByCodePoints() {
        var base = MergeFixture.board()
        base.cards["cd_0000000001"]!.tags = ["é"]
        var ours = base, theirs = base
        ours.cards["cd_0000000001"]!.tags = ["é", "e\u{301}"]   // adds the decomposed one
        theirs.cards["cd_0000000001"]!.tags = ["é", "café"]
        let merged = BoardMerge.merge(base: base, ours: ours, theirs: theirs)
        XCTAssertEqual(merged.conflicts, [])
        XCTAssertEqual(merged.board.cards["cd_0000000001"]!.tags.map { Array($0.utf8) },
                       ["e\u{301}", "café", "é"].map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) })
        // one side replaces é by e + ◌́: a change, seen by diff and kept by merge
        var changed = base
        changed.cards["cd_0000000001"]!.tags = ["e\u{301}"]
        XCTAssertNotEqual(changed, base)
        XCTAssertFalse(BoardDiff.between(base, changed).changes.isEmpty)
        let m2 = BoardMerge.merge(base: base, ours: changed, theirs: base)
        XCTAssertEqual(m2.board.cards["cd_0000000001"]!.tags.map { Array($0.utf8) }, [Array("e\u{301}".utf8)])
    }

    func testTextChangedOnlyInNormalisationIsAChange() {
        var a = Fixture.smallBoard()
        a.cards["cd_0000000001"]!.text = "café"
        var b = a
        b.cards["cd_0000000001"]!.text = "cafe\u{301}"
        XCTAssertNotEqual(a, b)
        XCTAssertNotEqual(JSONValue.string("é"), JSONValue.string("e\u{301}"))
        XCTAssertFalse(CanonicalJSON.sameText("é", "e\u{301}"))
        XCTAssertTrue(CanonicalJSON.sameText("café", "caf" + "é"))
        XCTAssertFalse(CanonicalJSON.sameText("ab", "abc"))
        XCTAssertTrue(CanonicalJSON.sameText("", ""))
        XCTAssertEqual(JSONValue.string("é"), JSONValue.string("\u{E9}"))
        XCTAssertNotEqual(BoardCodec.write(a), BoardCodec.write(b))
    }

    /// A board whose card has votes by "é" and by "e" + U+0301, and an unknown field with both keys.
    func boardWithNormalisationKeys() -> Board {
        var b = Fixture.smallBoard()
        b.cards["cd_0000000001"]!.votes = ["é": 1, "e\u{301}": 1]
        b.cards["cd_0000000001"]!.extra["x-notes"] = .object(["é": 1, "e\u{301}": 2])
        return b
    }

    func testKeysDifferingOnlyInNormalisationAreTwoKeys() throws {
        // as a file spells them: both in one object of votes and of an unknown field
        for (field, value) in [("votes", "{ \"é\": 1, \"e\\u0301\": 1 }"), ("x-notes", "{ \"é\": 1, \"e\u{301}\": 2 }")] {
            let text = board("""
                  "cards": {
                    "cd_1": { "lane": "l", "order": "a0", "stage": "s", "text": "t", "\(field)": \(value) }
                  },
                  "title": "x"
                """)
            let b = try BoardCodec.read(Array(text.utf8))
            let c = b.cards["cd_1"]!
            if field == "votes" {
                XCTAssertEqual(c.votes.count, 2)
                XCTAssertEqual(c.votes["é"], 1); XCTAssertEqual(c.votes["e\u{301}"], 1)
                XCTAssertEqual(c.totalVotes, 2)
            } else {
                guard case .object(let o)? = c.extra["x-notes"] else { return XCTFail("x-notes not kept") }
                XCTAssertEqual(o.count, 2)
                XCTAssertEqual(o["é"], 1); XCTAssertEqual(o["e\u{301}"], 2)
            }
        }
        // written in code-point order ("e" + U+0301 before U+E9), byte-identical from then on
        let written = BoardCodec.write(boardWithNormalisationKeys())
        let text = String(decoding: written, as: UTF8.self)
        XCTAssertEqual(try BoardCodec.write(BoardCodec.read(written)), written)
        let keyLines = text.split(separator: "\n").filter { $0.contains("\"e\u{301}\":") || $0.contains("\"é\":") }
        XCTAssertEqual(keyLines.map { Array($0.utf8) },
                       ["        \"e\u{301}\": 1,", "        \"é\": 1", "        \"e\u{301}\": 2,", "        \"é\": 1"].map { Array($0.utf8) })
        XCTAssertEqual(try BoardCodec.read(written), boardWithNormalisationKeys())
        XCTAssertEqual(BoardChecker.check(bytes: written, file: "b.json").diagnostics.map(\.message), [])
    }

    func testKeysDifferingOnlyInNormalisationDiffAndMergeAsTwoKeys() {
        let base = Fixture.smallBoard()
        var ours = base, theirs = base
        ours.cards["cd_0000000001"]!.votes["é"] = 1
        theirs.cards["cd_0000000001"]!.votes["e\u{301}"] = 1
        XCTAssertNotEqual(ours, theirs)
        // the diff names the key that changed, with its own code points
        let diff = BoardDiff.between(ours, BoardMerge.merge(base: base, ours: ours, theirs: theirs).board)
        XCTAssertEqual(diff.changes.count, 1)
        let field = diff.changes.first?.fields.first
        XCTAssertEqual(field?.field, "votes")
        guard case .object(let old)? = field?.old, case .object(let new)? = field?.new else { return XCTFail("votes diff: \(diff.changes)") }
        XCTAssertEqual(old.sortedKeys.map { Array($0.utf8) }, [Array("é".utf8)])
        XCTAssertEqual(new.sortedKeys.map { Array($0.utf8) }, [Array("e\u{301}".utf8), Array("é".utf8)])
        // both participants' votes are kept, with no conflict
        let merged = BoardMerge.merge(base: base, ours: ours, theirs: theirs)
        XCTAssertEqual(merged.conflicts, [])
        XCTAssertEqual(merged.board.cards["cd_0000000001"]!.votes, ["é": 1, "e\u{301}": 1])
        // an unknown field merges whole: one side's change to the other key is a change, and
        // the two sides setting it to different keys is a conflict, not the same edit
        var b2 = base
        b2.cards["cd_0000000001"]!.extra["x-notes"] = .object(["é": 1])
        var o2 = b2
        o2.cards["cd_0000000001"]!.extra["x-notes"] = .object(["é": 1, "e\u{301}": 2])
        let m2 = BoardMerge.merge(base: b2, ours: b2, theirs: o2)
        XCTAssertEqual(m2.conflicts, [])
        XCTAssertEqual(m2.board.cards["cd_0000000001"]!.extra["x-notes"], .object(["é": 1, "e\u{301}": 2]))
        var t3 = base, o3 = base
        o3.cards["cd_0000000001"]!.extra["x-notes"] = .object(["é": 1])
        t3.cards["cd_0000000001"]!.extra["x-notes"] = .object(["e\u{301}": 1])
        XCTAssertEqual(BoardMerge.merge(base: base, ours: o3, theirs: t3).conflicts.map(\.path), ["cards/cd_0000000001/x-notes"])
    }

    func testIdsDifferingOnlyInNormalisationAreStillNamedAsSuch() {
        // entity ids (and the metric ids that name them) are keys of String-keyed maps, and a
        // board cannot hold two such ids: refused, the message saying why rather than "duplicate"
        for (field, value) in [("impact", "{ \"é\": 1, \"e\\u0301\": 1 }")] {
            let text = board("""
                  "cards": {
                    "cd_1": { "lane": "l", "order": "a0", "stage": "s", "text": "t", "\(field)": \(value) }
                  },
                  "title": "x"
                """)
            guard let e = Fixture.readError(text) else { continue }
            XCTAssertTrue(e.message.contains("differ only in Unicode normalisation"), e.message)
            XCTAssertTrue(e.message.contains("U+65 U+301"), e.message)
            XCTAssertTrue(e.message.contains("U+E9"), e.message)
            XCTAssertEqual(e.position.line, 5)
        }
        let ids = board("""
              "personas": {
                "pe_é": { "name": "a", "order": "a0" },
                "pe_e\u{301}": { "name": "b", "order": "a1" }
              },
              "title": "x"
            """)
        XCTAssertTrue(Fixture.readError(ids)?.message.contains("differ only in Unicode normalisation") ?? false,
                      Fixture.readError(ids)?.message ?? "read")
        // a plain duplicate is still called one, in a code-point map too
        let dup = board("  \"title\": \"x\",\n  \"x\": { \"é\": 1, \"e\u{301}\": 1, \"é\": 2 }")
        XCTAssertTrue(Fixture.readError(dup)?.message.contains("duplicate key \"é\" (first at line 5, column 10)") ?? false,
                      Fixture.readError(dup)?.message ?? "read")
    }
}

extension SourcePosition {
    func advanced(_ columns: Int) -> SourcePosition { SourcePosition(line: line, column: column + columns) }
}

extension String {
    func leftPadded(to n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
