import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// Validation beyond syntax: every problem is reported with the position of the field
/// concerned and the id of the entity, and all of them are listed, in file order.
final class ValidationTests: XCTestCase {
    /// Where `field`'s value of the entity `entity` (a key in one of the maps) starts in the
    /// canonical `text`; with no field, where the entity's object starts.
    func at(_ text: String, _ entity: String, _ field: String? = nil, file: StaticString = #filePath, line: UInt = #line) -> SourcePosition {
        guard let e = text.range(of: "\"\(entity)\": {") else { XCTFail("no \(entity)", file: file, line: line); return SourcePosition(line: 0, column: 0) }
        var idx = text.index(before: e.upperBound) // the '{'
        if let f = field {
            guard let r = text.range(of: "\"\(f)\": ", range: e.upperBound..<text.endIndex) else { XCTFail("no \(f)", file: file, line: line); return SourcePosition(line: 0, column: 0) }
            idx = r.upperBound
        }
        let before = text[..<idx]
        let l = before.filter { $0 == "\n" }.count + 1
        let lastLine = before.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        return SourcePosition(line: l, column: lastLine.unicodeScalars.count + 1)
    }

    func validate(_ b: Board) -> (String, [Diagnostic]) {
        let bytes = BoardCodec.write(b)
        let text = String(decoding: bytes, as: UTF8.self)
        // the file reads back (these are validation problems, not syntax ones)
        let read = try! BoardCodec.read(bytes, file: "b.json")
        return (text, Validator.validate(read, bytes: bytes, file: "b.json"))
    }

    /// Validates a board with one problem and checks the one diagnostic.
    func assertOne(_ b: Board, _ fragment: String, entity: String, field: String?, file: StaticString = #filePath, line: UInt = #line) {
        let (text, ds) = validate(b)
        XCTAssertEqual(ds.count, 1, ds.map(\.description).joined(separator: "\n"), file: file, line: line)
        guard let d = ds.first else { return }
        XCTAssertTrue(d.message.contains(fragment), "\"\(d.message)\" should say \"\(fragment)\"", file: file, line: line)
        XCTAssertTrue(d.message.contains(entity), "\"\(d.message)\" should name \(entity)", file: file, line: line)
        XCTAssertEqual(d.position, at(text, entity, field), d.message, file: file, line: line)
        XCTAssertEqual(d.severity, .error, file: file, line: line)
        XCTAssertTrue(d.description.hasPrefix("b.json:\(d.position!.line):\(d.position!.column): error: "), d.description, file: file, line: line)
    }

    let card1 = "cd_0000000001", card2 = "cd_0000000002", card3 = "cd_0000000003"

    func testTheSmallBoardIsValid() {
        XCTAssertEqual(validate(Fixture.smallBoard()).1, [])
    }

    func testCardWithAMissingStage() {
        var b = Fixture.smallBoard()
        b.cards[card1]!.stage = "st_missing000"
        assertOne(b, "card cd_0000000001: stage st_missing000 does not exist", entity: card1, field: "stage")
    }

    func testCardWithAMissingLane() {
        var b = Fixture.smallBoard()
        b.cards[card1]!.lane = "ln_missing000"
        assertOne(b, "lane ln_missing000 does not exist", entity: card1, field: "lane")
    }

    func testCardWhoseStageAndLaneAreInDifferentJourneys() {
        var b = Fixture.smallBoard()
        b.cards[card1]!.stage = "st_0000000002" // journey 2, while its lane is in journey 1
        assertOne(b, "its stage st_0000000002 belongs to journey jr_0000000002 but its lane ln_0000000001 to journey jr_0000000001", entity: card1, field: "lane")
    }

    func testJourneyWithAMissingPersona() {
        var b = Fixture.smallBoard()
        b.journeys["jr_0000000002"]!.persona = "pe_gone000000"
        assertOne(b, "journey jr_0000000002: persona pe_gone000000 does not exist", entity: "jr_0000000002", field: "persona")
    }

    func testMissingLinkTarget() {
        var b = Fixture.smallBoard()
        b.cards[card2]!.links = ["cd_0000000001", "cd_deleted000"]
        assertOne(b, "link target cd_deleted000 does not exist", entity: card2, field: "links")
    }

    func testStageAndLaneOfAJourneyThatDoesNotExist() {
        var b = Fixture.smallBoard()
        b.stages["st_0000000009"] = Stage(id: "st_0000000009", journey: "jr_nowhere000", title: "Lost", order: "a9")
        assertOne(b, "stage st_0000000009: journey jr_nowhere000 does not exist", entity: "st_0000000009", field: "journey")
        b = Fixture.smallBoard()
        b.lanes["ln_0000000009"] = Lane(id: "ln_0000000009", journey: "jr_nowhere000", kind: .steps, order: "a9")
        assertOne(b, "lane ln_0000000009: journey jr_nowhere000 does not exist", entity: "ln_0000000009", field: "journey")
    }

    func testTheSameIDInTwoMaps() {
        var b = Fixture.smallBoard()
        // a stage and a card share an id (a bad hand edit or a copy-paste)
        b.cards["st_0000000001"] = Card(id: "st_0000000001", lane: "ln_0000000001", stage: "st_0000000001", order: "a5", text: "Twin")
        assertOne(b, "id st_0000000001 is used in both stages and cards", entity: "st_0000000001", field: nil) // cards come first in the file: the card is the second claim
    }

    func testEmotionValueOutOfRange() {
        for v in [3.0, -2.5, 100] {
            var b = Fixture.smallBoard()
            b.cards[card3]!.value = v
            assertOne(b, "emotion value must be between -2 and 2, not \(CanonicalJSON.numberText(v))", entity: card3, field: "value")
        }
        var ok = Fixture.smallBoard()
        ok.cards[card3]!.value = -2
        XCTAssertEqual(validate(ok).1, [])
    }

    func testConfidenceAndReachOutOfRange() {
        var b = Fixture.smallBoard()
        b.cards[card2]!.confidence = 101
        assertOne(b, "confidence must be between 0 and 100, not 101", entity: card2, field: "confidence")
        b = Fixture.smallBoard()
        b.cards[card2]!.reach = -1
        assertOne(b, "reach must be between 0 and 100, not -1", entity: card2, field: "reach")
        b = Fixture.smallBoard()
        b.cards[card2]!.confidence = 0
        b.cards[card2]!.reach = 100
        XCTAssertEqual(validate(b).1, [], "0 and 100 are in range")
    }

    func testCostMustBePositive() {
        for v in [0.0, -2] {
            var b = Fixture.smallBoard()
            b.cards[card2]!.cost = v
            assertOne(b, "cost must be greater than 0, not \(CanonicalJSON.numberText(v))", entity: card2, field: "cost")
        }
    }

    func testHeroMetricMinNotBelowMax() {
        var b = Fixture.smallBoard()
        b.heroMetrics["effort"]!.min = 7
        assertOne(b, "hero metric effort: min (7) must be less than max (7)", entity: "effort", field: "min")
        b.heroMetrics["effort"]!.min = 9
        assertOne(b, "min (9) must be less than max (7)", entity: "effort", field: "min")
    }

    func testHeroMetricNegativeWeight() {
        var b = Fixture.smallBoard()
        b.heroMetrics["engagement"]!.weight = -1
        assertOne(b, "hero metric engagement: weight must not be negative (-1)", entity: "engagement", field: "weight")
        b.heroMetrics["engagement"]!.weight = 0
        XCTAssertEqual(validate(b).1, [], "weight 0 switches a metric off")
    }

    func testImpactKeyThatIsNotAHeroMetric() {
        var b = Fixture.smallBoard()
        b.cards[card2]!.impact["delight"] = 3
        assertOne(b, "card cd_0000000002: impact names \"delight\", which is not a hero metric of this board", entity: card2, field: "impact")
    }

    func testMetricsKeyThatIsNotAHeroMetric() {
        var b = Fixture.smallBoard()
        b.cards[card1]!.metrics = ["nps": 40]
        assertOne(b, "metrics names \"nps\"", entity: card1, field: "metrics")
        b = Fixture.smallBoard()
        b.journeys["jr_0000000001"]!.metrics = ["satisfaction": 54, "csat": 3]
        assertOne(b, "journey jr_0000000001: metrics names \"csat\"", entity: "jr_0000000001", field: "metrics")
    }

    func testUnknownLaneKind() {
        var b = Fixture.smallBoard()
        b.lanes["ln_0000000001"]!.kind = "feelings"
        assertOne(b, "lane ln_0000000001: unknown kind \"feelings\"", entity: "ln_0000000001", field: "kind")
    }

    func testUnknownGate() {
        var b = Fixture.smallBoard()
        b.scoring.gate = "most"
        let (text, ds) = validate(b)
        XCTAssertEqual(ds.count, 1)
        XCTAssertTrue(ds.first?.message.contains("scoring.gate must be one of all, any, none — not \"most\"") ?? false, "\(ds)")
        XCTAssertEqual(ds.first?.position, Fixture.position(of: "\"most\"", in: text))
    }

    func testUnresolvedConflicts() {
        var b = Fixture.smallBoard()
        b.conflicts = [
            Conflict(path: "cards/cd_0000000001/text", base: "Waits", ours: "Waits in", theirs: "Waits all day", labels: ["ours": "main", "theirs": "feature"]),
            Conflict(path: "cards/cd_0000000002", base: nil, ours: nil, theirs: ["text": "ETA"]),
        ]
        let (text, ds) = validate(b)
        XCTAssertEqual(ds.map(\.message), [
            "unresolved merge conflict 1 of 2 at cards/cd_0000000001/text: open the board and press c to resolve it",
            "unresolved merge conflict 2 of 2 at cards/cd_0000000002: open the board and press c to resolve it",
        ])
        XCTAssertEqual(ds.first?.position, Fixture.position(of: "{\n      \"base\": \"Waits\"", in: text))
        XCTAssertEqual(ds.last?.position, Fixture.position(of: "{\n      \"path\": \"cards/cd_0000000002\"", in: text))
    }

    /// One board with every kind of problem at once: all are listed, each once, in file order.
    func testAllProblemsAreListedInFileOrder() {
        var b = Fixture.smallBoard()
        b.heroMetrics["effort"]!.min = 8
        b.heroMetrics["engagement"]!.weight = -0.5
        b.scoring.gate = "most"
        b.journeys["jr_0000000002"]!.persona = "pe_gone000000"
        b.lanes["ln_0000000003"]!.kind = "feelings"
        b.cards[card1]!.stage = "st_missing000"
        b.cards[card1]!.metrics = ["nps": 1]
        b.cards[card2]!.links = ["cd_deleted000"]
        b.cards[card2]!.confidence = 120
        b.cards[card2]!.reach = 101
        b.cards[card2]!.cost = 0
        b.cards[card2]!.impact["delight"] = 2
        b.cards[card3]!.value = -3
        b.cards["cd_0000000004"] = Card(id: "cd_0000000004", lane: "ln_0000000003", stage: "st_0000000001", order: "a1", text: "Crossed")
        b.cards["cd_0000000005"] = Card(id: "cd_0000000005", lane: "ln_gone000000", stage: "st_0000000002", order: "a1", text: "Lost lane")
        b.stages["ln_0000000002"] = Stage(id: "ln_0000000002", journey: "jr_0000000001", title: "Twin", order: "a5")
        b.conflicts = [Conflict(path: "title", base: "a", ours: "b", theirs: "c")]
        let (text, ds) = validate(b)
        let expected: [(String, SourcePosition)] = [
            ("card cd_0000000001: stage st_missing000 does not exist", at(text, card1, "stage")),
            ("card cd_0000000001: metrics names \"nps\"", at(text, card1, "metrics")),
            ("card cd_0000000002: confidence must be between 0 and 100, not 120", at(text, card2, "confidence")),
            ("card cd_0000000002: cost must be greater than 0, not 0", at(text, card2, "cost")),
            ("card cd_0000000002: impact names \"delight\"", at(text, card2, "impact")),
            ("card cd_0000000002: link target cd_deleted000 does not exist", at(text, card2, "links")),
            ("card cd_0000000002: reach must be between 0 and 100, not 101", at(text, card2, "reach")),
            ("card cd_0000000003: emotion value must be between -2 and 2, not -3", at(text, card3, "value")),
            ("card cd_0000000004: its stage st_0000000001 belongs to journey jr_0000000001 but its lane ln_0000000003 to journey jr_0000000002", at(text, "cd_0000000004", "lane")),
            ("card cd_0000000005: lane ln_gone000000 does not exist", at(text, "cd_0000000005", "lane")),
            ("unresolved merge conflict 1 of 1 at title", Fixture.position(of: "{\n      \"base\": \"a\"", in: text)),
            ("hero metric effort: min (8) must be less than max (7)", at(text, "effort", "min")),
            ("hero metric engagement: weight must not be negative (-0.5)", at(text, "engagement", "weight")),
            ("journey jr_0000000002: persona pe_gone000000 does not exist", at(text, "jr_0000000002", "persona")),
            ("lane ln_0000000003: unknown kind \"feelings\"", at(text, "ln_0000000003", "kind")),
            ("scoring.gate must be one of all, any, none — not \"most\"", Fixture.position(of: "\"most\"", in: text)),
            ("id ln_0000000002 is used in both stages and lanes", Fixture.position(of: "{\n      \"journey\": \"jr_0000000001\",\n      \"kind\": \"opportunities\"", in: text)),
        ]
        XCTAssertEqual(ds.count, expected.count, "\n" + ds.map(\.description).joined(separator: "\n"))
        var lastPosition = SourcePosition(line: 0, column: 0)
        for (d, (fragment, position)) in zip(ds, expected.sorted { ($0.1.line, $0.1.column) < ($1.1.line, $1.1.column) }) {
            XCTAssertTrue(d.message.contains(fragment), "\"\(d.message)\" should say \"\(fragment)\"")
            XCTAssertEqual(d.position, position, d.message)
            if let p = d.position {
                XCTAssertTrue((p.line, p.column) >= (lastPosition.line, lastPosition.column), "file order")
                lastPosition = p
            }
        }
    }

    func testDiagnosticsWithoutTheFileHaveNoPositionButTheSameMessages() {
        var b = Fixture.smallBoard()
        b.cards[card1]!.stage = "st_missing000"
        b.cards[card2]!.cost = -1
        let ds = Validator.validate(b, file: "mem")
        XCTAssertEqual(Set(ds.map(\.message)), ["card cd_0000000001: stage st_missing000 does not exist", "card cd_0000000002: cost must be greater than 0, not -1"])
        XCTAssertTrue(ds.allSatisfy { $0.position == nil })
        XCTAssertTrue(ds.allSatisfy { $0.description.hasPrefix("mem: error: ") })
        XCTAssertEqual(ds, Validator.validate(b, file: "mem"), "the same order every time")
    }

    func testCheckerReportsASyntaxErrorAsOneDiagnosticWithItsPosition() {
        let r = BoardChecker.check(bytes: Fixture.bytes("{\n  \"format\": \"journey-board\",\n}\n"), file: "x.json")
        XCTAssertNil(r.board)
        XCTAssertEqual(r.diagnostics.map(\.description), ["x.json:2:28: error: trailing comma before '}'"])
    }

    func testCheckerOnAMissingFile() {
        let r = BoardChecker.check(file: "/nonexistent/board.json")
        XCTAssertEqual(r.diagnostics.count, 1)
        XCTAssertTrue(r.diagnostics[0].description.hasPrefix("/nonexistent/board.json: error: cannot read: No such file"), r.diagnostics[0].description)
    }
}
