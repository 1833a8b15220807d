import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// `JourneyPair`: stages pair by title, then by position; the journeys' own metrics with deltas.
final class JourneyPairTests: XCTestCase {
    func testBroadbandFutureDrawnFromScratchPairsByPosition() throws {
        let b = try Fixture.exampleBoard("broadband-onboarding.json")
        let p = JourneyPair(b, "jr_60hyh8k118", "jr_m9pvd3znhd")
        XCTAssertEqual(p.stages.map { $0.a?.title }, ["Research & choose", "Order & line check", "Waiting for install",
                                                        "Technician visit", "First bill", "Settling in (weeks 6–12)"])
        XCTAssertEqual(p.stages.map { $0.b?.title }, ["Choose with certainty", "Order with a confirmed date", "Get ready (tracked)",
                                                        "Install in a one-hour window", "First bill, no surprises", nil])
        XCTAssertFalse(p.stages.contains { $0.byTitle })
        let sat = p.metrics.first { $0.metric == "satisfaction" }!
        XCTAssertEqual(sat.a, 54); XCTAssertEqual(sat.b, 78); XCTAssertEqual(sat.delta, 24); XCTAssertEqual(sat.improves, true)
        let effort = p.metrics.first { $0.metric == "effort" }!
        XCTAssertEqual(effort.delta!, -1.9, accuracy: 1e-9)
        XCTAssertEqual(effort.improves, true, "lower effort is better")
    }

    func testTitlesFirstThenPositions() {
        var b = Board(title: "t")
        b.heroMetrics = Board.defaultHeroMetrics
        b.journeys["jr_a"] = Journey(id: "jr_a", title: "Now", order: "a0")
        b.journeys["jr_b"] = Journey(id: "jr_b", title: "Later", state: .future, order: "a1")
        for (i, t) in ["Order", "Wait", "Install", "Use"].enumerated() {
            b.stages["st_a\(i)"] = Stage(id: "st_a\(i)", journey: "jr_a", title: t, order: "a\(i)")
        }
        for (i, t) in ["order ", "Track", "Use", "Install", "Extra"].enumerated() {
            b.stages["st_b\(i)"] = Stage(id: "st_b\(i)", journey: "jr_b", title: t, order: "a\(i)")
        }
        b.journeys["jr_a"]!.metrics = ["effort": 4]
        let p = JourneyPair(b, "jr_a", "jr_b")
        XCTAssertEqual(p.stages.map { $0.a?.title }, ["Order", "Wait", "Install", "Use", nil])
        XCTAssertEqual(p.stages.map { $0.b?.title }, ["order ", "Track", "Install", "Use", "Extra"])
        XCTAssertEqual(p.stages.map(\.byTitle), [true, false, true, true, false])
        XCTAssertNil(p.metrics.first { $0.metric == "effort" }!.delta, "only one side measured")
    }
}
