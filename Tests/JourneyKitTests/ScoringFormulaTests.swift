import XCTest
import Foundation
@testable import JourneyKit
import JourneyTestSupport

/// The CX score formula (docs/SCORING.md) on hand-computed examples.
final class ScoringFormulaTests: XCTestCase {
    let eps = 1e-12

    /// Effort is better when lower: an effort impact of −1.5 on a 1–7 scale is +0.25.
    func testLowerIsBetterEffort() {
        var f = ScoringFixture()
        f.card("cd_a", impact: ["satisfaction": 0, "effort": -1.5, "engagement": 0], confidence: 80, reach: 60, cost: 2)
        let s = f.score("cd_a")
        let effort = s.terms.first { $0.metric == "effort" }!
        XCTAssertEqual(effort.improvement, 0.25, accuracy: eps)
        XCTAssertEqual(effort.contribution, 0.25 / 3, accuracy: eps)
        XCTAssertEqual(s.value, 0.25 / 3, accuracy: eps)               // (0 + 0.25 + 0) / 3
        XCTAssertEqual(s.cxScore, 4, accuracy: 1e-9)                    // 100 · 0.0833 · 0.6 · 0.8
        XCTAssertEqual(s.priority!, 2, accuracy: 1e-9)                  // 4 / 2
        XCTAssertEqual(s.improvements, ["satisfaction": 0, "effort": 0.25, "engagement": 0])
        XCTAssertTrue(s.incomplete.isEmpty)
        XCTAssertTrue(s.isValid)

        // more effort is worse
        f.card("cd_b", impact: ["effort": 1.5])
        XCTAssertEqual(f.score("cd_b").terms.first { $0.metric == "effort" }!.improvement, -0.25, accuracy: eps)
    }

    func testHigherIsBetterScaledByRange() {
        let m = ScoringFixture.metric("nps", min: -100, max: 100)
        XCTAssertEqual(CXScore.improvement(20, m), 0.1, accuracy: eps)
        let lower = ScoringFixture.metric("wait", min: 0, max: 10, better: .lower)
        XCTAssertEqual(CXScore.improvement(-2, lower), 0.2, accuracy: eps)
        XCTAssertEqual(CXScore.improvement(2, lower), -0.2, accuracy: eps)
        // an empty or inverted scale (a check error) never divides
        XCTAssertEqual(CXScore.improvement(5, ScoringFixture.metric("x", min: 3, max: 3)), 0)
    }

    /// Weights 3, 1, 0: value = (3·0.1 + 1·0.1) / 4; the weight-0 metric neither counts nor gates.
    func testUnequalAndZeroWeights() {
        var f = ScoringFixture(metrics: [
            "satisfaction": ScoringFixture.metric("satisfaction", weight: 3, order: "a0"),
            "effort": ScoringFixture.metric("effort", min: 1, max: 7, better: .lower, weight: 1, order: "a1"),
            "engagement": ScoringFixture.metric("engagement", weight: 0, order: "a2"),
        ])
        f.card("cd_a", impact: ["satisfaction": 10, "effort": -0.6, "engagement": -50], confidence: 100, reach: 100, cost: 4)
        let s = f.score("cd_a")
        XCTAssertEqual(s.value, 0.1, accuracy: eps)
        XCTAssertEqual(s.cxScore, 10, accuracy: 1e-9)
        XCTAssertEqual(s.priority!, 2.5, accuracy: 1e-9)
        XCTAssertEqual(s.terms.map(\.metric), ["satisfaction", "effort", "engagement"])
        XCTAssertEqual(s.terms[0].contribution, 0.075, accuracy: eps)
        XCTAssertEqual(s.terms[1].contribution, 0.025, accuracy: eps)
        XCTAssertEqual(s.terms[2].contribution, 0)
        XCTAssertEqual(s.terms[2].improvement, -0.5, accuracy: eps) // shown, not counted
        XCTAssertEqual(s.terms.map(\.contribution).reduce(0, +), s.value, accuracy: eps)
        XCTAssertTrue(s.passesGate, "engagement has weight 0, so its drop does not fail the gate")
        XCTAssertTrue(f.score("cd_a", gate: .any).passesGate)
        // a missing engagement impact is not incomplete either: it does not steer
        f.card("cd_b", impact: ["satisfaction": 10, "effort": -0.6], confidence: 100, reach: 100, cost: 4)
        XCTAssertTrue(f.score("cd_b").incomplete.isEmpty)
    }

    func testNoMetricWithWeightScoresZero() {
        var f = ScoringFixture(metrics: ["satisfaction": ScoringFixture.metric("satisfaction", weight: 0)])
        f.card("cd_a", impact: ["satisfaction": 40], confidence: 90, reach: 90, cost: 2)
        let s = f.score("cd_a")
        XCTAssertEqual(s.value, 0)
        XCTAssertEqual(s.cxScore, 0)
        XCTAssertEqual(s.priority, 0)
        XCTAssertTrue(s.passesGate, "all: no steered metric fails")
        XCTAssertFalse(f.score("cd_a", gate: .any).passesGate, "any: nothing steered improves")
        var empty = ScoringFixture(metrics: [:])
        empty.card("cd_a", impact: [:], confidence: 90, reach: 90, cost: 2)
        XCTAssertEqual(empty.score("cd_a").cxScore, 0)
    }

    func testGates() {
        var f = ScoringFixture()
        f.card("cd_all", impact: ["satisfaction": 5, "effort": -1, "engagement": 2])
        f.card("cd_some", impact: ["satisfaction": 5, "effort": 0, "engagement": 2])
        f.card("cd_mixed", impact: ["satisfaction": 5, "effort": 0.5, "engagement": 2])
        f.card("cd_nothing", impact: ["satisfaction": 0])
        f.card("cd_worse", impact: ["satisfaction": -5, "effort": 1, "engagement": -2])
        func passes(_ gate: Gate) -> [String] {
            ["cd_all", "cd_some", "cd_mixed", "cd_nothing", "cd_worse"].filter { f.score($0, gate: gate).passesGate }
        }
        XCTAssertEqual(passes(.all), ["cd_all"])
        XCTAssertEqual(passes(.any), ["cd_all", "cd_some"])
        XCTAssertEqual(passes(.none), ["cd_all", "cd_some", "cd_mixed", "cd_nothing", "cd_worse"])
        // the board's own gate is the default, and shows in the score
        f.board.scoring.gate = "any"
        XCTAssertEqual(f.score("cd_some").gate, .any)
        XCTAssertTrue(f.score("cd_some").passesGate)
        XCTAssertFalse(f.score("cd_some", gate: .all).passesGate)
        // gate-passing ranks first even with a lower priority
        XCTAssertEqual(Array(f.rankedIDs(gate: .all).prefix(1)), ["cd_all"])
        XCTAssertEqual(Set(f.rankedIDs(gate: .any).prefix(2)), ["cd_all", "cd_some"])
    }

    /// Missing confidence → 50, reach → 100, cost → 1, impact → 0; each is reported incomplete.
    func testMissingFieldsUseDefaultsAndAreIncomplete() {
        var f = ScoringFixture()
        f.card("cd_a", impact: ["satisfaction": 20])
        let s = f.score("cd_a")
        XCTAssertEqual(s.value, 0.2 / 3, accuracy: eps)
        XCTAssertEqual(s.confidence, 50); XCTAssertTrue(s.confidenceIsDefault)
        XCTAssertEqual(s.reach, 100); XCTAssertTrue(s.reachIsDefault)
        XCTAssertEqual(s.cost, 1); XCTAssertTrue(s.costIsDefault)
        XCTAssertEqual(s.cxScore, 100 * (0.2 / 3) * 1 * 0.5, accuracy: 1e-9)
        XCTAssertEqual(s.priority!, s.cxScore, accuracy: 1e-12)
        XCTAssertEqual(s.incomplete, ["impact.effort", "impact.engagement", "confidence", "reach", "cost"])
        XCTAssertNil(s.terms[1].impact)
        XCTAssertTrue(s.isIncomplete)
        XCTAssertTrue(s.isValid, "incomplete is not invalid")
        XCTAssertFalse(s.passesGate, "a missing impact is 0, which does not improve")

        f.card("cd_b", impact: ["satisfaction": 1, "effort": -1, "engagement": 1], confidence: 0, reach: 0, cost: 3)
        let b = f.score("cd_b")
        XCTAssertEqual(b.incomplete, [])
        XCTAssertEqual(b.cxScore, 0)
        XCTAssertFalse(b.confidenceIsDefault || b.reachIsDefault || b.costIsDefault)
    }

    /// cost ≤ 0 never divides: the score is invalid, has no priority and ranks last.
    func testCostZeroOrNegativeIsInvalidAndRanksLast() {
        var f = ScoringFixture(gate: "all")
        f.card("cd_free", impact: ["satisfaction": 50, "effort": -3, "engagement": 50], confidence: 100, reach: 100, cost: 0)
        f.card("cd_neg", impact: ["satisfaction": 50, "effort": -3, "engagement": 50], confidence: 100, reach: 100, cost: -2)
        f.card("cd_weak", impact: ["satisfaction": 1, "effort": -0.1, "engagement": 1], confidence: 10, reach: 10, cost: 100)
        f.card("cd_failing", impact: ["satisfaction": -1], confidence: 10, reach: 10, cost: 100)
        let free = f.score("cd_free")
        XCTAssertNil(free.priority)
        XCTAssertFalse(free.isValid)
        XCTAssertEqual(free.problems, ["cost must be greater than 0, not 0"])
        XCTAssertGreaterThan(free.cxScore, 0, "the CX score is still computed and shown")
        XCTAssertTrue(free.passesGate)
        XCTAssertEqual(f.score("cd_neg").problems, ["cost must be greater than 0, not -2"])
        XCTAssertEqual(f.rankedIDs(), ["cd_weak", "cd_failing", "cd_free", "cd_neg"])
    }

    func testOutOfRangeAndUnknownMetricAreInvalidNotFatal() {
        var f = ScoringFixture()
        f.card("cd_conf", impact: ["satisfaction": 5, "effort": -1, "engagement": 5], confidence: 150, reach: -1, cost: 1)
        f.card("cd_nps", impact: ["satisfaction": 5, "effort": -1, "engagement": 5, "nps": 40], cost: 2)
        f.card("cd_ok", impact: ["satisfaction": 1, "effort": -0.1, "engagement": 1], cost: 9)
        XCTAssertEqual(f.score("cd_conf").problems, ["confidence must be between 0 and 100, not 150", "reach must be between 0 and 100, not -1"])
        let nps = f.score("cd_nps")
        XCTAssertEqual(nps.problems, ["impact names \"nps\", which is not a hero metric of this board"])
        XCTAssertEqual(nps.terms.count, 3, "the unknown metric counts 0")
        XCTAssertEqual(f.rankedIDs().first, "cd_ok")
    }

    /// Shipped or measured cards score their measured deltas beside the prediction.
    func testPredictedAgainstMeasured() {
        var f = ScoringFixture()
        f.card("cd_m", impact: ["satisfaction": 12, "effort": -1.2, "engagement": 6], confidence: 80, reach: 50, cost: 2,
               status: "measured", measured: ["satisfaction": 6, "effort": -0.6, "engagement": 3])
        let s = f.score("cd_m")
        // predicted: (0.12 + 0.2 + 0.06) / 3 = 0.12666…; · 100 · 0.5 · 0.8
        XCTAssertEqual(s.cxScore, 100 * (0.38 / 3) * 0.5 * 0.8, accuracy: 1e-9)
        XCTAssertEqual(s.measuredValue!, 0.19 / 3, accuracy: eps)
        XCTAssertEqual(s.measuredCxScore!, s.cxScore / 2, accuracy: 1e-9)
        XCTAssertEqual(s.terms[1].measuredImprovement!, 0.1, accuracy: eps)

        f.card("cd_s", impact: ["satisfaction": 10], status: "shipped", measured: ["satisfaction": 4])
        XCTAssertEqual(f.score("cd_s").measuredCxScore!, 100 * (0.04 / 3) * 1 * 0.5, accuracy: 1e-9)
        // only for shipped / measured, and only with measured deltas
        f.card("cd_idea", impact: ["satisfaction": 10], status: "in-progress", measured: ["satisfaction": 4])
        f.card("cd_nomeasure", impact: ["satisfaction": 10], status: "shipped")
        XCTAssertNil(f.score("cd_idea").measuredCxScore)
        XCTAssertNil(f.score("cd_nomeasure").measuredCxScore)
        XCTAssertNil(f.score("cd_nomeasure").terms[0].measuredImprovement)
    }

    func testVotesStatusAndPlace() {
        var f = ScoringFixture()
        f.card("cd_a", "Live ETA", stage: "st_s2", impact: ["satisfaction": 1], status: "planned", votes: ["mei": 2, "sam": 1])
        let s = f.score("cd_a")
        XCTAssertEqual(s.votes, 3)
        XCTAssertEqual(s.status, "planned")
        XCTAssertEqual(s.journey, ScoringFixture.journey)
        XCTAssertEqual(s.stage, "st_s2")
        XCTAssertEqual(s.text, "Live ETA")
    }

    /// Only cards in Opportunities lanes are ranked; solutions and touchpoints are not.
    func testOnlyOpportunitiesAreScored() {
        var f = ScoringFixture()
        f.addSecondJourney()
        f.card("cd_opp", impact: ["satisfaction": 1])
        f.card("cd_sol", kind: .solutions, impact: ["satisfaction": 9])
        f.card("cd_tp", kind: .touchpoints, impact: ["satisfaction": 9], metrics: ["satisfaction": 90])
        f.card("cd_opp2", stage: "st2_a", impact: ["satisfaction": 2], journey: "jr_test000002")
        XCTAssertEqual(f.rankedIDs(), ["cd_opp2", "cd_opp"])
        XCTAssertEqual(CXScore.ranked(f.board, journey: ScoringFixture.journey).map(\.card), ["cd_opp"])
        XCTAssertEqual(CXScore.ranked(f.board, journey: "jr_test000002").map(\.journey), ["jr_test000002"])
        XCTAssertFalse(OpportunityScorer(f.board).isScored(f.board.cards["cd_sol"]!))
    }

    /// The example boards score as computed by hand.
    func testExampleBoardByHand() throws {
        let b = try Fixture.exampleBoard("broadband-onboarding.json")
        let ranked = CXScore.ranked(b)
        XCTAssertEqual(ranked.count, 11)
        // Explain-my-first-bill: effort −1.2 → 0.2, engagement 6 → 0.06, satisfaction 10 → 0.1;
        // value 0.12; CX 100 · 0.12 · 0.95 · 0.8 = 9.12; priority 9.12 / 5 = 1.824
        let bill = ranked.first { $0.card == "cd_srf7hcntkf" }!
        XCTAssertEqual(bill.value, 0.12, accuracy: eps)
        XCTAssertEqual(bill.cxScore, 9.12, accuracy: 1e-9)
        XCTAssertEqual(bill.priority!, 1.824, accuracy: 1e-9)
        XCTAssertEqual(bill.votes, 5)
        // the day-14 check-in has no cost: it scores with the median of the board's ten costs
        // (2 3 3 3 5 | 5 5 8 8 13 → 5), not 1, says so, and no longer ranks first
        let checkIn = ranked.first { $0.card == "cd_jxbnbp1gmj" }!
        XCTAssertEqual(checkIn.incomplete, ["cost"])
        XCTAssertEqual(checkIn.cost, 5)
        XCTAssertEqual(checkIn.costDefaultNote, "default: median of 10 estimates")
        XCTAssertEqual(ranked.firstIndex { $0.card == "cd_jxbnbp1gmj" }, 4)
        // the letterbox pack has no engagement impact: it fails the "all" gate and ranks last
        XCTAssertEqual(ranked.last?.card, "cd_pmv1cby4jb")
        XCTAssertFalse(ranked.last!.passesGate)
        for b in ["holiday-booking.json", "membership-self-service.json"] {
            let r = CXScore.ranked(try Fixture.exampleBoard(b))
            XCTAssertEqual(r.count, 10)
            XCTAssertTrue(r.allSatisfy(\.isValid))
        }
    }

    func testFixedNumberText() {
        XCTAssertEqual(CXScore.fixed(9.12, decimals: 2), "9.12")
        XCTAssertEqual(CXScore.fixed(-3.05, decimals: 1), "-3.1")
        XCTAssertEqual(CXScore.fixed(-0.0001, decimals: 2), "0.00")
        XCTAssertEqual(CXScore.fixed(4, decimals: 0), "4")
        XCTAssertEqual(CXScore.fixed(0.5, decimals: 3), "0.500")
        XCTAssertEqual(CXScore.fixed(.nan, decimals: 1), "–")
        XCTAssertEqual(CXScore.rounded(9.120000000000001), 9.12)
        XCTAssertEqual(CXScore.rounded(-1e-9), 0)
    }
}

/// Small hand-made boards for the scoring tests: one journey, stages s1…s3, one lane per kind.
struct ScoringFixture {
    var board: Board
    static let journey = "jr_test000001"

    init(metrics: [String: HeroMetric] = Board.defaultHeroMetrics, gate: String = "all") {
        var b = Board(title: "Scoring fixture")
        b.heroMetrics = metrics
        b.scoring.gate = gate
        b.journeys[Self.journey] = Journey(id: Self.journey, title: "Test journey", order: "a0")
        for (i, s) in ["s1", "s2", "s3"].enumerated() {
            b.stages["st_" + s] = Stage(id: "st_" + s, journey: Self.journey, title: "Stage \(i + 1)", order: "a\(i)")
        }
        for (i, k) in LaneKind.allCases.enumerated() {
            b.lanes["ln_" + k.rawValue] = Lane(id: "ln_" + k.rawValue, journey: Self.journey, kind: k, order: "a\(i)")
        }
        board = b
    }

    /// Adds an opportunity card (or a card of another kind) and returns its id.
    @discardableResult
    mutating func card(_ id: String, _ text: String = "", kind: LaneKind = .opportunities, stage: String = "st_s1",
                       impact: [String: Double] = [:], confidence: Double? = nil, reach: Double? = nil,
                       cost: Double? = nil, status: String? = nil, measured: [String: Double] = [:],
                       votes: [String: Int] = [:], metrics: [String: Double] = [:], volume: Double? = nil,
                       journey: String = ScoringFixture.journey) -> String {
        var c = Card(id: id, lane: journey == Self.journey ? "ln_" + kind.rawValue : "ln2_" + kind.rawValue,
                     stage: stage, order: "a0", text: text.isEmpty ? id : text)
        c.impact = impact; c.confidence = confidence; c.reach = reach; c.cost = cost
        c.status = status; c.measured = measured; c.votes = CodePointMap(votes); c.metrics = metrics; c.volume = volume
        board.cards[id] = c
        return id
    }

    /// A second journey with its own stage and lanes (ids `ln2_KIND`, stage `st2_a`).
    mutating func addSecondJourney(_ id: String = "jr_test000002") {
        board.journeys[id] = Journey(id: id, title: "Second journey", order: "a1")
        board.stages["st2_a"] = Stage(id: "st2_a", journey: id, title: "Only stage", order: "a0")
        for (i, k) in LaneKind.allCases.enumerated() {
            board.lanes["ln2_" + k.rawValue] = Lane(id: "ln2_" + k.rawValue, journey: id, kind: k, order: "a\(i)")
        }
    }

    func score(_ id: String, gate: Gate? = nil) -> OpportunityScore {
        OpportunityScorer(board, gate: gate).score(board.cards[id]!)
    }

    func rankedIDs(gate: Gate? = nil) -> [String] { CXScore.ranked(board, gate: gate).map(\.card) }

    static func metric(_ id: String, min: Double = 0, max: Double = 100, better: Better = .higher,
                       weight: Double = 1, order: String = "a0") -> HeroMetric {
        HeroMetric(id: id, label: id.capitalized, min: min, max: max, better: better, weight: weight, order: order)
    }
}
