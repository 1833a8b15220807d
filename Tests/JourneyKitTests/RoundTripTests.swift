import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// The canonical writer and the strict reader agree on every board: write → read → write is
/// byte-identical, read(write(b)) == b, and fields this version does not know survive — on
/// hundreds of seeded random boards full of awkward text, numbers and unknown fields, and on
/// every example board in boards/.
final class RoundTripTests: XCTestCase {
    static let seeds: [UInt64] = Array(1...300)

    func testGeneratedBoardsRoundTripByteForByte() throws {
        for seed in Self.seeds {
            var g = RandomBoards(seed: seed)
            let board = g.board()
            let first = BoardCodec.write(board)
            let read: Board
            do { read = try BoardCodec.read(first, file: "seed-\(seed).json") } catch {
                XCTFail("seed \(seed): the written board does not read back: \(error)")
                continue
            }
            XCTAssertEqual(read, board, "seed \(seed): read(write(b)) != b")
            let second = BoardCodec.write(read)
            XCTAssertEqual(second, first, "seed \(seed): write(read(write(b))) changed bytes")
            if read != board { return } // one detailed failure is enough
        }
    }

    /// The board writer writes entities field by field; the same board as one JSON value,
    /// written by the generic canonical writer, must give the very same bytes.
    func testTheWriterMatchesTheGenericJSONWriter() {
        for seed in Self.seeds.prefix(120) {
            var g = RandomBoards(seed: seed)
            var board = g.board()
            if seed % 3 == 0, let id = board.cards.keys.first {
                // unknown fields named like known ones: kept when the known one is not set
                board.cards[id]!.extra["notes"] = "from extra"
                board.cards[id]!.extra["text"] = "never written: text is always set"
                board.cards[id]!.extra["aaa"] = 1
                board.cards[id]!.extra["zzz"] = [1, 2]
            }
            let expected = writtenGenerically(board)
            let written = BoardCodec.write(board)
            XCTAssertEqual(written, expected, "seed \(seed)")
            if written != expected { return }
        }
    }

    func testUnknownFieldsSurviveAtEveryLevel() throws {
        var checked = 0
        for seed in Self.seeds.prefix(60) {
            var g = RandomBoards(seed: seed)
            let board = g.board()
            let read = try BoardCodec.read(BoardCodec.write(board))
            XCTAssertEqual(read.extra, board.extra, "seed \(seed): board")
            XCTAssertEqual(read.scoring.extra, board.scoring.extra, "seed \(seed): scoring")
            for (id, m) in board.heroMetrics { XCTAssertEqual(read.heroMetrics[id]?.extra, m.extra, "seed \(seed): \(id)") }
            for (id, p) in board.personas { XCTAssertEqual(read.personas[id]?.extra, p.extra, "seed \(seed): \(id)") }
            for (id, j) in board.journeys { XCTAssertEqual(read.journeys[id]?.extra, j.extra, "seed \(seed): \(id)") }
            for (id, s) in board.stages { XCTAssertEqual(read.stages[id]?.extra, s.extra, "seed \(seed): \(id)") }
            for (id, l) in board.lanes { XCTAssertEqual(read.lanes[id]?.extra, l.extra, "seed \(seed): \(id)") }
            for (id, c) in board.cards { XCTAssertEqual(read.cards[id]?.extra, c.extra, "seed \(seed): \(id)"); checked += c.extra.count }
            XCTAssertEqual(read.conflicts.map(\.extra), board.conflicts.map(\.extra), "seed \(seed): conflicts")
        }
        XCTAssertGreaterThan(checked, 100, "the generator should produce unknown card fields")
    }

    /// A hand-written file from a "newer build": unknown members at the top, in an entity,
    /// nested objects and arrays, numbers in every form; reading and writing keeps each of them.
    func testUnknownFieldsInAFileAreWrittenBack() throws {
        let text = """
            {
              "cards": {
                "cd_0000000001": {
                  "lane": "ln_0000000001",
                  "order": "a0",
                  "stage": "st_0000000001",
                  "text": "Waits",
                  "x-future": {
                    "deep": [
                      1,
                      0.1,
                      1e-07,
                      -3,
                      1e+21,
                      123456789012,
                      {
                        "k": null
                      },
                      [],
                      {}
                    ],
                    "flag": true
                  }
                }
              },
              "conflicts": [],
              "format": "journey-board",
              "heroMetrics": {},
              "journeys": {
                "jr_0000000001": {
                  "order": "a0",
                  "state": "current",
                  "title": "J",
                  "x-colour": "teal"
                }
              },
              "lanes": {
                "ln_0000000001": {
                  "journey": "jr_0000000001",
                  "kind": "steps",
                  "order": "a0",
                  "title": "Steps"
                }
              },
              "personas": {},
              "schemaVersion": 1,
              "scoring": {
                "gate": "all",
                "votesPerParticipant": 5,
                "x-rounds": 3
              },
              "stages": {
                "st_0000000001": {
                  "journey": "jr_0000000001",
                  "order": "a0",
                  "title": "S"
                }
              },
              "title": "Future",
              "x-plugins": [
                "timeline",
                "heatmap"
              ]
            }

            """
        let bytes = Fixture.bytes(text)
        let board = try BoardCodec.read(bytes)
        XCTAssertEqual(board.extra["x-plugins"], ["timeline", "heatmap"])
        XCTAssertEqual(board.scoring.extra["x-rounds"], 3)
        XCTAssertEqual(board.journeys["jr_0000000001"]?.extra["x-colour"], "teal")
        let deep = board.cards["cd_0000000001"]?.extra["x-future"]?.objectValue?["deep"]?.arrayValue
        XCTAssertEqual(deep?.compactMap(\.numberValue), [1, 0.1, 1e-7, -3, 1e21, 123456789012])
        XCTAssertEqual(BoardCodec.write(board), bytes, "a canonical file with unknown fields must be written back unchanged")
    }

    func testNumbersAreWrittenInShortestRoundTripForm() throws {
        let cases: [(Double, String)] = [
            (0, "0"), (-3, "-3"), (3, "3"), (0.1, "0.1"), (1e-7, "1e-07"), (123456789012, "123456789012"),
            (1e21, "1e+21"), (-0.3, "-0.3"), (2.5, "2.5"), (1.0 / 3.0, "0.3333333333333333"),
        ]
        for (n, text) in cases {
            XCTAssertEqual(CanonicalJSON.numberText(n), text)
            var c = Card(id: "cd_1", lane: "l", stage: "s", order: "a0", text: "t")
            c.cost = n
            var b = Board(title: "n")
            b.cards[c.id] = c
            let back = try BoardCodec.read(BoardCodec.write(b))
            XCTAssertEqual(back.cards["cd_1"]?.cost, n, text)
        }
    }

    func testControlCharactersAreEscapedAndComeBack() throws {
        let nasty = "nul\u{0}esc\u{1B}[31mcsi\u{9B}2Jrlo\u{202E}tab\tnl\nquote\"back\\slash\u{7F}del\u{1}\u{1F}"
        var b = Board(title: nasty)
        b.extra[nasty] = .string(nasty)
        let bytes = BoardCodec.write(b)
        XCTAssertFalse(bytes.contains(0), "NUL must be written as \\u0000")
        XCTAssertFalse(bytes.contains(0x1B), "ESC must be escaped")
        XCTAssertTrue(String(decoding: bytes, as: UTF8.self).contains(#"nul\u0000esc\u001b[31m"#))
        for b in bytes where b < 0x20 { XCTAssertEqual(b, 0x0A, "only newlines between lines") }
        let back = try BoardCodec.read(bytes)
        XCTAssertEqual(back.title, nasty)
        XCTAssertEqual(back.extra[nasty], .string(nasty))
    }

    func testExampleBoardsAreCanonicalAndValid() throws {
        let boards = Fixture.exampleBoards
        XCTAssertGreaterThanOrEqual(boards.count, 3, "boards/ should hold the example boards")
        for path in boards {
            let bytes = try BoardFile.readBytes(path)
            let board = try BoardCodec.read(bytes, file: path)
            XCTAssertEqual(BoardCodec.write(board), bytes, "\(path) is not canonical (run journey fmt)")
            XCTAssertEqual(Validator.validate(board, bytes: bytes, file: path).map(\.description), [], path)
            XCTAssertGreaterThanOrEqual(board.stages.count, 5, path)
            XCTAssertGreaterThanOrEqual(board.lanes.count, 5, path)
            XCTAssertGreaterThanOrEqual(board.cards.count, 30, path)
        }
    }

    func testNonCanonicalTextIsRewrittenCanonicallyAndMeansTheSame() throws {
        // compact, keys out of order, escapes that need not be escapes, CRLF line ends
        let text = "{\"title\":\"A\\u0041\\/\",\"schemaVersion\":1,\r\n\"format\":\"journey-board\",\"cards\":{\"cd_2\":{\"text\":\"x\",\"order\":\"a0\",\"stage\":\"s\",\"lane\":\"l\",\"tags\":[\"b\",\"a\",\"b\"]},\"cd_1\":{\"text\":\"y\",\"order\":\"a0\",\"stage\":\"s\",\"lane\":\"l\",\"cost\":2.50}}}"
        let board = try BoardCodec.read(Fixture.bytes(text))
        XCTAssertEqual(board.title, "AA/")
        XCTAssertEqual(board.cards["cd_2"]?.tags, ["a", "b"], "tags are a set: sorted, without repeats")
        let canonical = BoardCodec.write(board)
        XCTAssertNotEqual(canonical, Fixture.bytes(text))
        XCTAssertEqual(try BoardCodec.read(canonical), board)
        XCTAssertEqual(BoardCodec.write(try BoardCodec.read(canonical)), canonical)
        let s = String(decoding: canonical, as: UTF8.self)
        XCTAssertTrue(s.hasPrefix("{\n  \"cards\": {\n    \"cd_1\": {\n      \"cost\": 2.5,\n"), s)
        XCTAssertTrue(s.contains("\"conflicts\": [],\n"), s)
        XCTAssertTrue(s.hasSuffix("  \"title\": \"AA/\"\n}\n"), s)
        XCTAssertFalse(s.contains("\r"))
        XCTAssertFalse(s.contains(" :"), "no space before a colon")
    }
}

/// Random boards for the round trip: random shapes (empty maps, thousands of cards, deep
/// unknown values), text in English, Chinese and emoji, control characters (ESC, NUL, U+009B,
/// U+202E …), quotes and backslashes, awkward numbers, unknown fields at every level.
struct RandomBoards {
    var r: SeededRandom
    init(seed: UInt64) { r = SeededRandom(seed: seed) }

    static let pieces = [
        "Technician", "arrives", "late", "客户", "等待", "会员卡", "积分没有累计", "🙂", "👩‍👩‍👧", "🚀", "e\u{301}",
        "\u{1B}[31m", "\u{0}", "\u{9B}", "\u{202E}", "\u{7}", "\u{7F}", "\u{85}", "\t", "\n", "\r\n", "\"quoted\"", "back\\slash",
        "\\u0041", "/", "日本語", "한국어", "Ω", "½", " ", "  ", "", "{", "}", "[", ",", ":", "\u{FEFF}", "\u{2028}", "\u{10FFFF}",
    ]
    static let numbers: [Double] = [0, 1, -1, -3, 0.1, 0.5, -0.3, 1e-7, 1e21, 123456789012, 3.14159, 2.5, 100, 1e15, 999999999999999, 1e-300, Double.leastNonzeroMagnitude, 1.7976931348623157e308, -2, 2]

    mutating func text(max: Int = 6) -> String {
        (0..<r.int(0...max)).map { _ in r.pick(Self.pieces) }.joined(separator: r.chance(0.7) ? " " : "")
    }

    mutating func id(_ prefix: String) -> String {
        if r.chance(0.05) { return prefix + "_" + text(max: 2) } // ids are just keys: any text reads back
        return IDs.make(prefix, using: &r)
    }

    mutating func number() -> Double {
        r.chance(0.6) ? r.pick(Self.numbers) : Double(r.int(-1_000_000...1_000_000)) / Double(r.pick([1, 10, 100, 1000, 7]))
    }

    mutating func value(depth: Int = 0) -> JSONValue {
        switch r.int(0...(depth > 3 ? 3 : 5)) {
        case 0: return .null
        case 1: return .bool(r.chance(0.5))
        case 2: return .number(number())
        case 3: return .string(text())
        case 4: return .array((0..<r.int(0...4)).map { _ in value(depth: depth + 1) })
        default:
            var o: CodePointMap<JSONValue> = [:]
            for _ in 0..<r.int(0...4) { o[text(max: 2)] = value(depth: depth + 1) }
            return .object(o)
        }
    }

    /// Unknown fields, never named like a known one.
    mutating func extra(known: Set<String>) -> CodePointMap<JSONValue> {
        var e: CodePointMap<JSONValue> = [:]
        guard r.chance(0.5) else { return e }
        for _ in 0..<r.int(1...3) {
            let k = r.chance(0.5) ? "x-" + text(max: 2) : r.pick(["futureField", "颜色", "🎨", "with \"quote\"", "a\\b", "\u{1B}esc", "é"])
            if !known.contains(k) { e[k] = value() }
        }
        return e
    }

    mutating func order() -> String { r.chance(0.1) ? text(max: 1) : OrderKey.sequence(r.int(1...40)).last! }
    mutating func maybe<T>(_ p: Double = 0.4, _ make: (inout RandomBoards) -> T) -> T? { r.chance(p) ? make(&self) : nil }

    mutating func numberMap() -> [String: Double] {
        var m: [String: Double] = [:]
        for _ in 0..<r.int(0...3) { m[r.pick(["satisfaction", "effort", "engagement", text(max: 1)])] = number() }
        return m
    }

    mutating func board() -> Board {
        var b = Board(title: text())
        b.extra = extra(known: ["cards", "conflicts", "format", "heroMetrics", "journeys", "lanes", "personas", "schemaVersion", "scoring", "stages", "title"])
        b.scoring = Scoring(gate: r.pick(["all", "any", "none", text(max: 1)]), votesPerParticipant: r.int(-3...20))
        b.scoring.extra = extra(known: Scoring.declaration.names)
        for _ in 0..<r.int(0...4) {
            let id = r.chance(0.5) ? r.pick(["satisfaction", "effort", "engagement"]) : text(max: 1)
            var m = HeroMetric(id: id, label: text(), unit: text(max: 2), min: number(), max: number(), better: r.chance(0.5) ? .higher : .lower, weight: number(), order: order())
            if r.chance(0.1) { m.better = text(max: 1) }
            m.extra = extra(known: HeroMetric.declaration.names)
            b.heroMetrics[id] = m
        }
        var personas: [String] = []
        for _ in 0..<r.int(0...3) {
            let id = id("pe")
            var p = Persona(id: id, name: text(), description: r.chance(0.5) ? text() : "", order: order())
            p.extra = extra(known: Persona.declaration.names)
            b.personas[id] = p
            personas.append(id)
        }
        let journeyCount = r.int(0...4)
        var stages: [String] = [], lanes: [String] = []
        for _ in 0..<journeyCount {
            let jid = id("jr")
            var j = Journey(id: jid, title: text(), persona: personas.isEmpty ? nil : r.chance(0.8) ? r.pick(personas) : "pe_missing", state: r.chance(0.5) ? .current : .future, order: order())
            if r.chance(0.1) { j.state = text(max: 1) }
            j.metrics = numberMap()
            j.volume = maybe { $0.number() }
            j.extra = extra(known: Journey.declaration.names)
            b.journeys[jid] = j
            for _ in 0..<r.int(0...6) {
                let sid = id("st")
                var s = Stage(id: sid, journey: r.chance(0.95) ? jid : text(max: 1), title: text(), order: order())
                s.extra = extra(known: Stage.declaration.names)
                b.stages[sid] = s
                stages.append(sid)
            }
            for _ in 0..<r.int(0...6) {
                let lid = id("ln")
                var l = Lane(id: lid, journey: jid, kind: r.pick(LaneKind.allCases), title: r.chance(0.5) ? nil : text(), order: order())
                if r.chance(0.05) { l.kind = text(max: 1) }
                l.extra = extra(known: Lane.declaration.names)
                b.lanes[lid] = l
                lanes.append(lid)
            }
        }
        let cardCount = r.chance(0.05) ? r.int(500...2000) : r.int(0...40)
        var cardIDs: [String] = []
        for _ in 0..<cardCount {
            let cid = id("cd")
            var c = Card(id: cid, lane: lanes.isEmpty ? text(max: 1) : r.pick(lanes), stage: stages.isEmpty ? "" : r.pick(stages), order: order(), text: text(max: 12))
            c.notes = maybe(0.2) { $0.text() }
            c.channel = maybe(0.2) { $0.r.pick(["web", "app", "sms", $0.text(max: 1)]) }
            c.owner = maybe(0.2) { $0.text(max: 2) }
            if r.chance(0.2) { c.tags = StringSet.normalized((0..<r.int(1...4)).map { _ in text(max: 1) }) }
            c.status = maybe(0.2) { $0.r.pick(CardStatus.allCases.map(\.rawValue) + ["someday"]) }
            if r.chance(0.3) { c.metrics = numberMap() }
            c.volume = maybe(0.2) { $0.number() }
            c.value = maybe(0.2) { Double($0.r.int(-3...3)) }
            if r.chance(0.3) { c.impact = numberMap() }
            c.confidence = maybe(0.3) { $0.number() }
            c.reach = maybe(0.3) { $0.number() }
            c.cost = maybe(0.3) { $0.number() }
            if r.chance(0.2), !cardIDs.isEmpty { c.links = StringSet.normalized((0..<r.int(1...3)).map { _ in r.pick(cardIDs) }) }
            if r.chance(0.2) { for _ in 0..<r.int(1...4) { c.votes[text(max: 1)] = r.int(-2...9) } }
            if r.chance(0.1) { c.measured = numberMap() }
            c.source = maybe(0.1) { $0.text() }
            c.extra = extra(known: Card.declaration.names)
            b.cards[cid] = c
            cardIDs.append(cid)
        }
        for _ in 0..<(r.chance(0.2) ? r.int(1...3) : 0) {
            var cf = Conflict(path: "cards/" + (cardIDs.isEmpty ? "cd_x" : r.pick(cardIDs)) + "/text",
                              base: maybe(0.7) { $0.value() }, ours: maybe(0.8) { $0.value() }, theirs: maybe(0.8) { $0.value() },
                              labels: r.chance(0.5) ? ["ours": text(max: 2), "theirs": text(max: 2)] : [:])
            cf.extra = extra(known: ["path", "base", "ours", "theirs", "labels"])
            b.conflicts.append(cf)
        }
        return b
    }
}
