import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// The matrix plots what the table ranks by (CX score against cost), and points that fall in
/// one cell get distinct labels: every rank on the legend's page is either drawn once on the
/// plot or marked "no room" in its legend row — never two in one cell, one hiding the other.
final class MatrixLabelTests: XCTestCase {
    /// The holiday board with `n` opportunities that all score the same (one cell of the plot).
    func crowded(_ n: Int) -> BoardState {
        var b = exampleBoard("holiday-booking.json")
        let opp = b.cards.values.first { b.kind(of: $0) == .opportunities }!
        for id in b.cards.keys where b.kind(of: b.cards[id]!) == .opportunities { b.cards[id] = nil }
        for i in 0..<n {
            var c = opp
            c = Card(id: "cd_same\(1000 + i)", lane: opp.lane, stage: opp.stage, order: "a\(i)", text: "Same idea \(i)")
            c.impact = ["satisfaction": 5, "effort": -0.5, "engagement": 2]
            c.confidence = 60; c.reach = 50; c.cost = 5
            b.cards[c.id] = c
        }
        var s = BoardState(board: b, path: "boards/crowded.json", width: 120, height: 40, useColor: false)
        press(&s, .char("p"), .char("m"))
        return s
    }

    /// The numbers drawn on the plot (between the value axis and the legend).
    func plotted(_ screen: Screen, legendX: Int) -> [Int] {
        var out: [Int] = []
        for line in screen.lines.dropFirst(2).dropLast(5) {
            let cells = Array(line)
            let plot = String(cells[min(9, cells.count)..<min(legendX - 1, cells.count)])
            for token in plot.split(whereSeparator: { !$0.isNumber }) { out.append(Int(token)!) }
        }
        return out
    }

    func testPointsInOneCellGetDistinctLabels() {
        let s = crowded(10)
        let screen = BoardView.render(s)
        let labels = plotted(screen, legendX: 60)
        XCTAssertEqual(labels.sorted(), Array(1...10), screen.text)
        XCTAssertFalse(screen.text.contains("no room"), screen.text)
        XCTAssertTrue(screen.line(1).hasPrefix("CX score ↑"), "the axis says what it plots: \(screen.line(1))")
        XCTAssertTrue(screen.text.contains("cost (effort) →") || screen.text.contains("cost →"), screen.text)
        assertSnapshot(screen, "panel-matrix-crowded-120x40")
    }

    func testTooManyInOneCellAreListedNotHidden() {
        let s = crowded(60)
        let screen = BoardView.render(s)
        let labels = plotted(screen, legendX: 60)
        XCTAssertEqual(Set(labels).count, labels.count, "no label twice:\n\(screen.text)")
        let page = PrioritisationView.pageRows(s, { if case .prioritisation(let p) = s.mode { return p }; fatalError() }())
        let noRoom = screen.lines.filter { $0.contains("(no room on the plot)") }.count
        XCTAssertGreaterThan(noRoom, 0, screen.text)
        XCTAssertEqual(labels.count + noRoom, page, "every rank of the page is drawn or listed as not drawn:\n\(screen.text)")
    }
}
