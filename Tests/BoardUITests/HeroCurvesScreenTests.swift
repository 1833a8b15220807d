import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// Hero metrics on the board: the curves under the emotion lane and journey vs touchpoints on
/// the message line.
final class HeroCurvesScreenTests: XCTestCase {
    func state(_ board: String, _ w: Int = 120, _ h: Int = 40) -> BoardState {
        BoardState(board: exampleBoard(board), path: "boards/\(board)", width: w, height: h, useColor: true)
    }

    func testHeroMetricCurvesUnderTheEmotionLane() {
        let s = state("holiday-booking.json")
        let screen = BoardView.render(s)
        let f = Layout.layout(s)
        guard let emo = f.lanes.first(where: { $0.lane.laneKind == .emotion }) else { return XCTFail("no emotion lane") }
        XCTAssertEqual(emo.heroRows, 3)
        let curves = HeroMetricCurve.curves(s.board, journey: s.journeyID)
        for (r, curve) in curves.enumerated() {
            let y = emo.y + emo.curveRows + r
            let line = screen.line(y)
            XCTAssertTrue(line.hasPrefix(" " + String(curve.label.prefix(10))), line)
            // each visible stage shows the bar for its position and the mean from HeroMetricCurve
            for (col, point) in zip(f.columns, curve.points) {
                let cell = (col.x..<(col.x + col.width)).map { screen[$0, y].text }.joined()
                if let pos = curve.position(point), let mean = point.mean {
                    XCTAssertTrue(cell.contains(String(HeroCurves.bar(pos))), "\(cell) for \(curve.metric)")
                    XCTAssertTrue(cell.contains(HeroCurves.format(mean, range: curve.max - curve.min)), "\(cell) for \(curve.metric)")
                } else {
                    XCTAssertTrue(cell.contains("·"))
                }
            }
        }
        let rows = (emo.y + emo.curveRows..<(emo.y + emo.curveRows + emo.heroRows)).map { screen.line($0) }
        assertSnapshotLines(rows, "hero-curves-holiday-booking-120x40")
    }

    func testNoCurveRowsWithoutATouchpointsLane() {
        let s = Fixtures.state()
        let emo = Layout.layout(s).lanes.first { $0.lane.laneKind == .emotion }
        XCTAssertEqual(emo?.heroRows, 0)
        XCTAssertEqual(emo?.curveRows, 5)
        // nor a comparison: the hints stay
        XCTAssertTrue(BoardView.render(s).line(s.height - 1).hasPrefix("hjkl/arrows move"))
    }

    func testCurvesCostOnlyTheVisibleStagesAndMatchTheWholeJourney() {
        let b = exampleBoard("broadband-onboarding.json")
        let j = b.orderedJourneys[0].id
        let whole = HeroMetricCurve.curves(b, journey: j)
        let stages = b.stages(of: j).map(\.id)
        let some = Array(stages.suffix(2))
        let part = HeroMetricCurve.curves(b, journey: j, stages: some, index: CellIndex(b))
        for (w, p) in zip(whole, part) {
            XCTAssertEqual(p.points.map(\.stage), some)
            for (a, c) in zip(w.points.suffix(2), p.points) {
                XCTAssertEqual(a.cards, c.cards)
                XCTAssertEqual(a.mean ?? .nan, c.mean ?? .nan, accuracy: 1e-9)
            }
        }
        let full = JourneyComparison.of(b, journey: j)!, fast = JourneyComparison.of(b, journey: j, index: CellIndex(b))!
        for (a, c) in zip(full.metrics, fast.metrics) {
            XCTAssertEqual(a.touchpointCards, c.touchpointCards)
            XCTAssertEqual(a.gap ?? .nan, c.gap ?? .nan, accuracy: 1e-9)
        }
    }

    func testJourneyVsTouchpointsOnTheMessageLine() {
        var s = state("broadband-onboarding.json")
        let c = JourneyComparison.of(s.board, journey: s.journeyID)!
        let line = BoardView.render(s).line(s.height - 1)
        for m in c.metrics where m.gap != nil {
            XCTAssertTrue(line.contains(m.label) || line.contains(m.metric), "\(m.label) missing: \(line)")
            let g = m.gap!
            if g < -0.05 { XCTAssertTrue(line.contains("(−"), "a worse journey reads as worse: \(line)") }
        }
        assertSnapshotLines([line], "journey-vs-touchpoints-broadband-120x40")
        // a message takes the line; the next key gives it back
        press(&s, .char("x"))
        XCTAssertTrue(BoardView.render(s).line(s.height - 1).contains("vs"))
        // the Chinese board: labels in Chinese, the compact wording
        let zh = state("membership-self-service.json")
        let zl = BoardView.render(zh).line(zh.height - 1)
        XCTAssertTrue(zl.contains("满意度 61 vs 80 (−19)"), zl)
    }

    func testEffortGapIsWorseWhenTheJourneyIsHarderThanItsTouchpoints() {
        var b = Fixtures.board()
        b.lanes["ln_tp"] = Lane(id: "ln_tp", journey: "jr_1", kind: .touchpoints, order: "a05")
        var c = Card(id: "cd_t", lane: "ln_tp", stage: "st_0", order: "a0", text: "App")
        c.metrics = ["effort": 2.3, "satisfaction": 92]
        b.cards["cd_t"] = c
        b.journeys["jr_1"]!.metrics = ["effort": 5.3, "satisfaction": 54]
        let s = BoardState(board: b, path: "x.json", width: 120, height: 30, useColor: false)
        let line = BoardView.render(s).line(29)
        XCTAssertTrue(line.contains("Satisfaction journey 54 vs touchpoints 92 (−38)"), line)
        XCTAssertTrue(line.contains("Effort journey 5.3 vs touchpoints 2.3 (−3.0)"), line)
    }
}

/// Snapshot of a few lines (a part of the screen).
func assertSnapshotLines(_ lines: [String], _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    var screen = Screen(width: lines.map { DisplayText.width($0) }.max() ?? 0, height: lines.count)
    for (y, l) in lines.enumerated() { screen.put(l, x: 0, y: y) }
    assertSnapshot(screen, name, file: file, line: line)
}
