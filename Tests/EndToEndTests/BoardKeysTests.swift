import XCTest
import BoardUI

/// `press(.action)` sends the key the board's key table binds to the action, by tmux's name.
final class BoardKeysTests: XCTestCase {
    func testEveryBoundActionHasAKeyToPress() {
        for binding in KeyMap.bindings where !binding.keys.isEmpty {
            XCTAssertNotNil(BoardKeys.key(for: binding.action), "\(binding.keyLabel)")
        }
        XCTAssertEqual(BoardKeys.key(for: .save), .char("s"))
        XCTAssertEqual(BoardKeys.key(for: .redo), .ctrl("r"))
        XCTAssertEqual(BoardKeys.key(for: .moveCard(.right)), .char("L"))
    }

    func testKeysHaveTheirTmuxNames() {
        XCTAssertEqual(BoardKeys.tmuxName(.ctrl("z")), "C-z")
        XCTAssertEqual(BoardKeys.tmuxName(.shiftRight), "S-Right")
        XCTAssertEqual(BoardKeys.tmuxName(.pageDown), "NPage")
        XCTAssertEqual(BoardKeys.tmuxName(.enter), "Enter")
        XCTAssertNil(BoardKeys.tmuxName(.char("?")), "a character is typed literally")
    }
}
