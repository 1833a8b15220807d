import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// `:compare` on the example broadband board, whose future journey was drawn from scratch:
/// stages pair by position, and the journeys' own metrics show with their changes.
final class CompareScreenTests: XCTestCase {
    func testBroadbandCompareHasNoHalfEmptyColumns() {
        var s = BoardState(board: exampleBoard("broadband-onboarding.json"), path: "boards/broadband-onboarding.json", width: 140, height: 45, useColor: false)
        command(&s, "compare")
        XCTAssertEqual(s.mode, .compare)
        let screen = BoardView.render(s)
        let text = screen.text
        XCTAssertTrue(text.contains("↔ Choose with cer"), "the future's first stage pairs with the current's first:\n\(text)")
        XCTAssertTrue(text.contains("Journey metrics (measured)"), text)
        // satisfaction 54 → 78, effort 5.3 → 3.4 (lower is better)
        XCTAssertNotNil(text.range(of: #"Satisfaction\s+54\s+78\s+\+24\s+better"#, options: .regularExpression), text)
        XCTAssertNotNil(text.range(of: #"Effort\s+5\.3\s+3\.4\s+-1\.9\s+better"#, options: .regularExpression), text)
        // the future row of the emotion curve has values under the paired stages, not dashes
        XCTAssertNotNil(text.range(of: #"future\s+\+1\s+\+1\s+\+1\s+\+2\s+\+1\s+—"#, options: .regularExpression), text)
        assertSnapshot(screen, "compare-broadband-140x45")
    }
}
