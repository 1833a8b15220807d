import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// Screen snapshots of the prioritisation panel and its matrix, and what every such frame must show.
final class PrioritisationScreenTests: XCTestCase {
    func state(_ board: String, _ w: Int = 120, _ h: Int = 40) -> BoardState {
        BoardState(board: exampleBoard(board), path: "boards/\(board)", width: w, height: h, useColor: true)
    }

    func testPanelOnHolidayBooking() {
        var s = state("holiday-booking.json")
        press(&s, .char("p"))
        let screen = BoardView.render(s)
        assertSnapshot(screen, "panel-holiday-booking-120x40")
        let text = screen.text
        // the ranked table, in `journey score` order, with its marks
        let order = CXScore.ranked(s.board, journey: s.journeyID).map { $0.text }
        var last = text.startIndex
        for t in order.prefix(5) {
            let short = String(t.prefix(30))
            guard let r = text.range(of: short, range: last..<text.endIndex) else { return XCTFail("\(short) missing or out of order:\n\(text)") }
            last = r.upperBound
        }
        XCTAssertTrue(text.contains("✓ ?"), "incomplete rows are marked")
        XCTAssertTrue(text.contains("✗"), "a row failing the gate is marked")
        // the breakdown of the focused (first) row, with predicted vs measured
        XCTAssertTrue(text.contains("impact  → improvement  × weight  =     weighted"), text)
        // the normalisation is its own step: the weighted sum, divided by the sum of the weights
        XCTAssertTrue(text.contains("value = Σ weight·improvement +0.3333 ÷ Σ weight 3 = 0.1111"), text)
        XCTAssertTrue(text.contains("CX score = 100 × value"))
        XCTAssertTrue(text.contains("predicted CX score 8.50  │  measured 6.89"), text)
    }

    func testPanelBreakdownOfAnIncompleteRowMarksDefaults() {
        var s = state("holiday-booking.json")
        press(&s, .char("p"), .char("j"), .char("j"))
        let screen = BoardView.render(s)
        assertSnapshot(screen, "panel-holiday-booking-incomplete-120x40")
        XCTAssertTrue(screen.text.contains("50*"), "confidence fell back to its default")
        XCTAssertTrue(screen.text.contains("* not on the card, scored with the default"))
    }

    func testMatrixOnHolidayBooking() {
        var s = state("holiday-booking.json")
        press(&s, .char("p"), .char("m"))
        let screen = BoardView.render(s)
        assertSnapshot(screen, "panel-matrix-holiday-booking-120x40")
        for q in ["quick wins", "big bets", "fill-ins", "time sinks"] { XCTAssertTrue(screen.text.contains(q), q) }
        // every ranked opportunity is plotted by its rank number, inside the plot
        let n = CXScore.ranking(s.board, journey: s.journeyID).count
        let plot = screen.lines[2..<(s.height - 5)].map { DisplayText.prefix($0, columns: s.width - 48) }.joined(separator: "\n")
        for k in 1...n { XCTAssertTrue(plot.contains(String(k)), "rank \(k) is not plotted:\n\(plot)") }
    }

    func testPanelOnTheChineseBoardLinesUp() {
        var s = state("membership-self-service.json")
        press(&s, .char("p"))
        let screen = BoardView.render(s)
        assertSnapshot(screen, "panel-membership-self-service-120x40")
        // the CX score column ends at the same display column on every row
        let header = screen.line(1)
        let col = DisplayText.width(String(header[..<header.range(of: "CX score")!.upperBound]))
        for y in 2..<12 {
            let cell = screen[col - 1, y].text
            XCTAssertTrue(cell.first?.isNumber ?? false, "row \(y) has \(cell.debugDescription) at column \(col - 1):\n\(screen.line(y))")
        }
        for y in 0..<screen.height { for x in 0..<screen.width where DisplayText.width(screen[x, y].text) == 2 {
            XCTAssertTrue(x + 1 < screen.width && screen[x + 1, y].isContinuation)
        } }
    }

    func testPanelEditingAFieldShowsTheEditor() {
        var s = state("holiday-booking.json", 100, 30)
        press(&s, .char("p"), .tab, .tab, .tab, .char("e"))
        type(&s, "9")
        let screen = BoardView.render(s)
        assertSnapshot(screen, "panel-editing-100x30")
        XCTAssertNotNil(screen.cursor)
        XCTAssertTrue(screen.text.contains("editing confidence"))
    }

    func testARunningTimeboxStaysInSightInThePanel() {
        var s = state("holiday-booking.json")
        s.workshop.now = 1000
        s.workshop.timerEnd = 1000 + 272
        press(&s, .char("p"))
        s.message = "gate: any"
        let last = BoardView.render(s).line(s.height - 1)
        XCTAssertTrue(last.hasPrefix("gate: any"), last)
        XCTAssertTrue(last.contains("⏱ 4:32"), last)
    }

    func testPanelAndMatrixFitASmallTerminal() {
        for (w, h) in [(80, 24), (40, 12), (60, 14)] {
            var s = state("holiday-booking.json", w, h)
            press(&s, .char("p"))
            let table = BoardView.render(s)
            press(&s, .char("m"))
            let matrix = BoardView.render(s)
            for screen in [table, matrix] {
                XCTAssertEqual(screen.lines.count, h)
                for l in screen.lines { XCTAssertLessThanOrEqual(DisplayText.width(l), w) }
            }
            if w == 80 { assertSnapshot(table, "panel-holiday-booking-80x24") }
        }
    }
}
