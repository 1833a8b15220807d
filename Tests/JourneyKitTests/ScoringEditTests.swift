import XCTest
@testable import JourneyKit

/// The edits the prioritisation panel and `:metric` make: checked, applied, or refused with a reason.
final class ScoringEditTests: XCTestCase {
    func fixture() -> ScoringFixture {
        var f = ScoringFixture()
        f.board.journeys[ScoringFixture.journey]!.metrics = ["satisfaction": 54, "effort": 5.3]
        f.card("cd_opp", impact: ["satisfaction": 8, "effort": -1, "engagement": 5], confidence: 70, reach: 80, cost: 3,
               status: "measured", measured: ["effort": -0.7])
        f.card("cd_tp", kind: .touchpoints, metrics: ["satisfaction": 90, "effort": 3.1], volume: 10)
        return f
    }

    /// A refused edit leaves the board exactly as it was.
    func refused(_ edit: ScoringEdit, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        var b = fixture().board
        let before = b
        switch b.apply(edit) {
        case .success(let m): XCTFail("accepted: \(m)", file: file, line: line)
        case .failure(let e): XCTAssertEqual(e.message, message, file: file, line: line)
        }
        XCTAssertEqual(b, before, file: file, line: line)
    }

    func applied(_ edit: ScoringEdit, to board: Board? = nil, file: StaticString = #filePath, line: UInt = #line) -> Board {
        switch (board ?? fixture().board).applying(edit) {
        case .success(let b):
            XCTAssertTrue(Validator.validate(b).isEmpty, "an accepted edit passes check: \(Validator.validate(b))", file: file, line: line)
            return b
        case .failure(let e):
            XCTFail("refused: \(e)", file: file, line: line)
            return board ?? fixture().board
        }
    }

    func testCardNumbers() {
        var b = applied(.confidence(card: "cd_opp", 90))
        XCTAssertEqual(b.cards["cd_opp"]!.confidence, 90)
        b = applied(.reach(card: "cd_opp", 0), to: b)
        b = applied(.cost(card: "cd_opp", 0.5), to: b)
        b = applied(.impact(card: "cd_opp", metric: "engagement", -2), to: b)
        XCTAssertEqual(b.cards["cd_opp"]!.reach, 0)
        XCTAssertEqual(b.cards["cd_opp"]!.cost, 0.5)
        XCTAssertEqual(b.cards["cd_opp"]!.impact["engagement"], -2)
        // nil removes: the field falls back to its default and shows as incomplete
        b = applied(.confidence(card: "cd_opp", nil), to: b)
        b = applied(.impact(card: "cd_opp", metric: "satisfaction", nil), to: b)
        XCTAssertNil(b.cards["cd_opp"]!.confidence)
        let s = OpportunityScorer(b).score(b.cards["cd_opp"]!)
        XCTAssertEqual(s.incomplete, ["impact.satisfaction", "confidence"])
        // re-ranks immediately: the edit is in the board the next score reads
        var f = fixture()
        f.card("cd_rival", impact: ["satisfaction": 8, "effort": -1, "engagement": 5], confidence: 70, reach: 80, cost: 3)
        XCTAssertEqual(f.rankedIDs(), ["cd_opp", "cd_rival"]) // equal scores: id decides
        _ = f.board.apply(.confidence(card: "cd_rival", 71))
        XCTAssertEqual(f.rankedIDs(), ["cd_rival", "cd_opp"])
    }

    func testCardNumbersRefused() {
        refused(.confidence(card: "cd_opp", 101), "confidence must be between 0 and 100, not 101")
        refused(.confidence(card: "cd_opp", -1), "confidence must be between 0 and 100, not -1")
        refused(.reach(card: "cd_opp", 250), "reach must be between 0 and 100, not 250")
        refused(.cost(card: "cd_opp", 0), "cost must be greater than 0, not 0")
        refused(.cost(card: "cd_opp", -3), "cost must be greater than 0, not -3")
        refused(.cost(card: "cd_opp", .infinity), "cost must be greater than 0, not infinity")
        refused(.confidence(card: "cd_opp", .nan), "confidence must be between 0 and 100, not NaN")
        refused(.impact(card: "cd_opp", metric: "nps", 3), "nps is not a hero metric of this board (satisfaction, effort, engagement)")
        refused(.impact(card: "cd_opp", metric: "effort", .nan), "impact must be a number")
        refused(.confidence(card: "cd_missing", 50), "no card cd_missing")
    }

    func testAddMetric() {
        var nps = ScoringFixture.metric("nps", min: -100, max: 100, weight: 2, order: "")
        nps.label = "NPS"
        let b = applied(.addMetric(nps))
        XCTAssertEqual(b.orderedHeroMetrics.map(\.id), ["satisfaction", "effort", "engagement", "nps"])
        XCTAssertEqual(b.heroMetrics["nps"]!.weight, 2)
        // the new metric takes part at once: every opportunity is now incomplete on it
        XCTAssertTrue(OpportunityScorer(b).score(b.cards["cd_opp"]!).incomplete.contains("impact.nps"))
        let again = applied(.impact(card: "cd_opp", metric: "nps", 20), to: b)
        XCTAssertEqual(OpportunityScorer(again).score(again.cards["cd_opp"]!).improvements["nps"]!, 0.1, accuracy: 1e-12)
        var empty = Board(title: "x")
        _ = empty.apply(.addMetric(ScoringFixture.metric("conversion", order: "")))
        XCTAssertEqual(empty.heroMetrics["conversion"]!.order, OrderKey.first)
    }

    func testAddMetricRefused() {
        refused(.addMetric(ScoringFixture.metric("effort")), "there is already a hero metric effort")
        refused(.addMetric(ScoringFixture.metric("net promoter")), "a hero metric id is 1–40 letters, digits, - or _ (e.g. nps, conversion), not \"net promoter\"")
        refused(.addMetric(ScoringFixture.metric("")), "a hero metric id is 1–40 letters, digits, - or _ (e.g. nps, conversion), not \"\"")
        refused(.addMetric(ScoringFixture.metric("nps", min: 10, max: 10)), "min (10) must be less than max (10)")
        refused(.addMetric(ScoringFixture.metric("nps", weight: -1)), "weight must be 0 or more, not -1")
        var blank = ScoringFixture.metric("nps"); blank.label = "  "
        refused(.addMetric(blank), "a hero metric needs a label")
        var odd = ScoringFixture.metric("nps"); odd.better = "up"
        refused(.addMetric(odd), "better must be \"higher\" or \"lower\", not \"up\"")
    }

    /// Removing a metric removes its values everywhere, so the board still passes check.
    func testRemoveMetricRemovesItsData() {
        var b = fixture().board
        guard case .success(let message) = b.apply(.removeMetric("effort")) else { return XCTFail() }
        XCTAssertEqual(message, "removed hero metric Effort and its 4 values") // impact, measured, touchpoint metrics, journey metrics
        XCTAssertNil(b.heroMetrics["effort"])
        XCTAssertNil(b.cards["cd_opp"]!.impact["effort"])
        XCTAssertTrue(b.cards["cd_opp"]!.measured.isEmpty)
        XCTAssertEqual(b.cards["cd_tp"]!.metrics, ["satisfaction": 90])
        XCTAssertEqual(b.journeys[ScoringFixture.journey]!.metrics, ["satisfaction": 54])
        XCTAssertEqual(b.cards["cd_opp"]!.impact, ["satisfaction": 8, "engagement": 5])
        XCTAssertTrue(Validator.validate(b).isEmpty)
        let s = OpportunityScorer(b).score(b.cards["cd_opp"]!)
        XCTAssertEqual(s.value, (0.08 + 0.05) / 2, accuracy: 1e-12)
        refused(.removeMetric("nps"), "no hero metric nps (satisfaction, effort, engagement)")
    }

    func testChangeMetric() {
        var b = applied(.metricLabel("effort", "Customer effort"))
        XCTAssertEqual(b.heroMetrics["effort"]!.label, "Customer effort")
        XCTAssertEqual(b.cards["cd_opp"]!.impact["effort"], -1, "the id and data stay")
        b = applied(.metricUnit("effort", "CES 1–5"), to: b)
        b = applied(.metricScale("effort", min: 1, max: 5), to: b)
        XCTAssertEqual(OpportunityScorer(b).score(b.cards["cd_opp"]!).improvements["effort"]!, 0.25, accuracy: 1e-12)
        // a vendor's flipped CES: higher is better, so the same −1 is now worse
        b = applied(.metricDirection("effort", .higher), to: b)
        XCTAssertEqual(OpportunityScorer(b).score(b.cards["cd_opp"]!).improvements["effort"]!, -0.25, accuracy: 1e-12)
        b = applied(.metricWeight("effort", 0), to: b)
        let s = OpportunityScorer(b).score(b.cards["cd_opp"]!)
        XCTAssertTrue(s.passesGate, "weight 0: effort no longer gates")
        XCTAssertEqual(s.value, (0.08 + 0.05) / 2, accuracy: 1e-12)

        refused(.metricLabel("effort", ""), "a hero metric needs a label")
        refused(.metricScale("effort", min: 7, max: 1), "min (7) must be less than max (1)")
        refused(.metricScale("effort", min: -.infinity, max: 1), "min and max must be numbers")
        refused(.metricWeight("effort", -0.5), "weight must be 0 or more, not -0.5")
        refused(.metricWeight("nps", 1), "no hero metric nps (satisfaction, effort, engagement)")
    }

    func testGate() {
        var f = fixture()
        f.board.cards["cd_opp"]!.impact["engagement"] = 0
        XCTAssertFalse(f.score("cd_opp").passesGate)
        guard case .success(let m) = f.board.apply(.gate(.any)) else { return XCTFail() }
        XCTAssertEqual(m, "gate: any — improves some hero metric and worsens none")
        XCTAssertEqual(f.board.scoring.gate, "any")
        XCTAssertTrue(f.score("cd_opp").passesGate)
        XCTAssertEqual(BoardCodec.write(f.board).count > 0, true)
        XCTAssertTrue(String(decoding: BoardCodec.write(f.board), as: UTF8.self).contains("\"gate\": \"any\""))
    }

    /// `applying` never changes the board it is called on.
    func testApplyingIsPure() {
        let b = fixture().board
        _ = b.applying(.removeMetric("effort"))
        XCTAssertEqual(b, fixture().board)
    }
}
