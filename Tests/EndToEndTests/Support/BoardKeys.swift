import XCTest
import BoardUI

/// Pressing keys by what they do: the key comes from BoardUI's key tables (`KeyMap.keys(for:)`:
/// the board layer, link mode, then the global layer), so a test reads `press(.save)` and
/// follows the tables when a key changes.
enum BoardKeys {
    /// The first single key the key tables bind to `action`, if any (chords are sent key by key
    /// by the tests that use them).
    static func key(for action: Action) -> Key? {
        KeyMap.keys(for: action).first { $0.count == 1 }?.first
    }

    /// tmux's name for a key (send-keys); nil for a printable character, which is sent literally.
    static func tmuxName(_ key: Key) -> String? {
        switch key {
        case .char: return nil
        case .ctrl(let letter): return "C-\(letter)"
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        case .shiftUp: return "S-Up"
        case .shiftDown: return "S-Down"
        case .shiftLeft: return "S-Left"
        case .shiftRight: return "S-Right"
        case .enter: return "Enter"
        case .escape: return "Escape"
        case .tab: return "Tab"
        case .backTab: return "BTab"
        case .backspace: return "BSpace"
        case .delete: return "DC"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PPage"
        case .pageDown: return "NPage"
        case .function(let number): return "F\(number)"
        }
    }
}

extension TmuxSession {
    /// Presses the key the board's key table binds to `action` (in board mode); fails the test
    /// when no key is bound to it.
    func press(_ action: Action, file: StaticString = #filePath, line: UInt = #line) {
        guard let key = BoardKeys.key(for: action) else {
            XCTFail("no key in the board's key table does \(action)", file: file, line: line)
            return
        }
        if case .char(let character) = key {
            type(String(character))
        } else if let name = BoardKeys.tmuxName(key) {
            keys(name)
        }
    }
}
