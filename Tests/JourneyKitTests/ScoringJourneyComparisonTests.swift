import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// Journey against touchpoints, and the per-stage hero-metric curves.
final class ScoringJourneyComparisonTests: XCTestCase {
    func fixture() -> ScoringFixture {
        var f = ScoringFixture()
        f.addSecondJourney()
        f.board.journeys[ScoringFixture.journey]!.metrics = ["satisfaction": 50, "effort": 5]
        // stage 1: satisfaction 90 × 100 and 60 × 300; effort 2 × 100 and 4 × 300
        f.card("cd_t1", kind: .touchpoints, stage: "st_s1", metrics: ["satisfaction": 90, "effort": 2], volume: 100)
        f.card("cd_t2", kind: .touchpoints, stage: "st_s1", metrics: ["satisfaction": 60, "effort": 4], volume: 300)
        // stage 2: a touchpoint with no volume weighs 1
        f.card("cd_t3", kind: .touchpoints, stage: "st_s2", metrics: ["satisfaction": 80])
        // not touchpoints, or another journey: ignored
        f.card("cd_step", kind: .steps, stage: "st_s3", metrics: ["satisfaction": 0], volume: 1000)
        f.card("cd_other", kind: .touchpoints, stage: "st2_a", metrics: ["satisfaction": 10], volume: 1000, journey: "jr_test000002")
        return f
    }

    func testVolumeWeightedMeanAndSignedGap() throws {
        let f = fixture()
        let c = try XCTUnwrap(JourneyComparison.of(f.board, journey: ScoringFixture.journey))
        XCTAssertEqual(c.metrics.map(\.metric), ["satisfaction", "effort", "engagement"])
        let sat = c.metrics[0], effort = c.metrics[1], eng = c.metrics[2]
        // (90·100 + 60·300 + 80·1) / 401
        XCTAssertEqual(sat.touchpoints!, (9000 + 18000 + 80) / 401, accuracy: 1e-9)
        XCTAssertEqual(sat.touchpointCards, 3)
        XCTAssertEqual(sat.cardsWithoutVolume, 1)
        XCTAssertEqual(sat.journey, 50)
        XCTAssertEqual(sat.gap!, 50 - (27080.0 / 401), accuracy: 1e-9)   // negative: the journey is worse
        XCTAssertLessThan(sat.gap!, 0)
        // effort: lower is better; (2·100 + 4·300) / 400 = 3.5; the journey at 5 is worse: gap −1.5
        XCTAssertEqual(effort.touchpoints!, 3.5, accuracy: 1e-12)
        XCTAssertEqual(effort.gap!, -1.5, accuracy: 1e-12)
        XCTAssertEqual(effort.scaledGap!, -0.25, accuracy: 1e-12)
        // nothing measured
        XCTAssertNil(eng.touchpoints); XCTAssertNil(eng.journey); XCTAssertNil(eng.gap)
        XCTAssertEqual(eng.touchpointCards, 0)
        // a better journey reads positive
        var g = f
        g.board.journeys[ScoringFixture.journey]!.metrics["effort"] = 3
        XCTAssertEqual(JourneyComparison.of(g.board, journey: ScoringFixture.journey)!.metrics[1].gap!, 0.5, accuracy: 1e-12)
    }

    func testAllJourneysInOrderAndZeroVolumes() {
        var f = fixture()
        let all = JourneyComparison.all(f.board)
        XCTAssertEqual(all.map(\.journey), [ScoringFixture.journey, "jr_test000002"])
        XCTAssertEqual(all[1].metrics[0].touchpoints, 10)
        XCTAssertNil(all[1].metrics[0].gap, "the second journey has no measured satisfaction of its own")
        XCTAssertNil(JourneyComparison.of(f.board, journey: "jr_nope"))
        // volume 0 weighs nothing; when every volume is 0 there is no mean
        f.board.cards["cd_other"]!.volume = 0
        XCTAssertNil(JourneyComparison.of(f.board, journey: "jr_test000002")!.metrics[0].touchpoints)
        XCTAssertEqual(JourneyComparison.of(f.board, journey: "jr_test000002")!.metrics[0].touchpointCards, 1)
    }

    func testPerStageCurves() {
        let f = fixture()
        let curves = HeroMetricCurve.curves(f.board, journey: ScoringFixture.journey)
        XCTAssertEqual(curves.map(\.metric), ["satisfaction", "effort", "engagement"])
        let sat = curves[0]
        XCTAssertEqual(sat.points.map(\.stage), ["st_s1", "st_s2", "st_s3"])
        XCTAssertEqual(sat.points[0].mean!, 67.5, accuracy: 1e-12)   // (9000 + 18000) / 400
        XCTAssertEqual(sat.points[1].mean, 80)
        XCTAssertNil(sat.points[2].mean, "a steps card is not a touchpoint")
        XCTAssertEqual(sat.points.map(\.cards), [2, 1, 0])
        XCTAssertEqual(curves[1].points[0].mean!, 3.5, accuracy: 1e-12)
        XCTAssertNil(curves[1].points[1].mean)
        // position on the scale: 0 worst … 1 best, whichever way the metric points
        XCTAssertEqual(sat.position(sat.points[1])!, 0.8, accuracy: 1e-12)
        XCTAssertEqual(curves[1].position(curves[1].points[0])!, 1 - 2.5 / 6, accuracy: 1e-12)
        XCTAssertNil(sat.position(sat.points[2]))
        XCTAssertEqual(HeroMetricCurve.curves(f.board, journey: "jr_test000002")[0].points.map(\.mean), [10])
    }

    func testExampleBoardJourneyIsWorseThanItsTouchpoints() throws {
        let b = try Fixture.exampleBoard("broadband-onboarding.json")
        let c = JourneyComparison.all(b)[0]
        XCTAssertEqual(c.title, "New customer gets connected (current state)")
        XCTAssertTrue(c.metrics.allSatisfy { ($0.gap ?? 0) < 0 }, "every touchpoint ≥ 90% yet the journey at 54")
        XCTAssertEqual(c.metrics[0].touchpointCards, 18)
    }

    func testShowListsJourneyAgainstTouchpoints() {
        let f = fixture()
        let text = SwimlaneText.render(f.board, journey: ScoringFixture.journey, width: 60)
        XCTAssertTrue(text.contains("Journey vs touchpoints"), text)
        XCTAssertTrue(text.contains("  Effort: journey 5 · touchpoints 3.5 · gap -1.5"), text)
        XCTAssertTrue(text.split(separator: "\n").allSatisfy { DisplayText.width(String($0)) <= 60 })
        // touchpoints measured but not the journey: says so
        XCTAssertTrue(SwimlaneText.render(f.board, journey: "jr_test000002", width: 60).contains("  Satisfaction: journey – · touchpoints 10.0"))
        // no touchpoint measured anything: no section
        var g = f
        g.board.cards["cd_other"] = nil
        XCTAssertFalse(SwimlaneText.render(g.board, journey: "jr_test000002", width: 60).contains("Journey vs touchpoints"))
    }
}

extension ScoringJourneyComparisonTests {
    func testAllCurvesInOnePassMatchEachJourney() {
        let f = fixture()
        let all = HeroMetricCurve.all(f.board)
        XCTAssertEqual(Set(all.keys), [ScoringFixture.journey, "jr_test000002"])
        for (j, curves) in all { XCTAssertEqual(curves, HeroMetricCurve.curves(f.board, journey: j)) }
        XCTAssertEqual(HeroMetricCurve.curves(f.board, journey: "jr_nope"), [])
    }
}
