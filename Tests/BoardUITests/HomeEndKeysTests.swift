import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// Home and End as each terminal sends them, when the terminal library has not decoded them
/// itself (TERM names another terminal than the one the keys come from): tmux and screen
/// ESC[1~ / ESC[4~, rxvt ESC[7~ / ESC[8~, xterm ESC[H / ESC[F and, in application keypad
/// mode, ESC O H / ESC O F. Decoded, they act as Home and End do: first and last stage on the
/// board, start and end of a text being typed.
final class HomeEndKeysTests: XCTestCase {
    func decode(_ text: String) -> [InputEvent] {
        var d = InputDecoder()
        var out: [InputEvent] = []
        for u in text.unicodeScalars { out += d.feed(.scalar(u.value)) }
        XCTAssertEqual(d.waitingFor, .nothing, "the sequence is complete: \(text.debugDescription)")
        return out
    }

    static let home = ["\u{1b}[1~", "\u{1b}[7~", "\u{1b}[H", "\u{1b}OH"]
    static let end = ["\u{1b}[4~", "\u{1b}[8~", "\u{1b}[F", "\u{1b}OF"]

    func testEveryTerminalsHomeAndEndSequenceDecodes() {
        for sequence in Self.home { XCTAssertEqual(decode(sequence), [.key(.home)], sequence.debugDescription) }
        for sequence in Self.end { XCTAssertEqual(decode(sequence), [.key(.end)], sequence.debugDescription) }
        // other sequences stay dropped, and keys after them are keys
        XCTAssertEqual(decode("\u{1b}[2~x"), [.key(.char("x"))])
        XCTAssertEqual(decode("\u{1b}OQy"), [.key(.char("y"))])
    }

    func testDecodedHomeAndEndMoveOnTheBoardAndInText() {
        for (home, end) in zip(Self.home, Self.end) {
            var s = Fixtures.state()
            for event in decode(end) { reduce(&s, .input(event)) }
            XCTAssertEqual(s.stageIndex, s.stages.count - 1, "End (\(end.debugDescription)) goes to the last stage")
            for event in decode(home) { reduce(&s, .input(event)) }
            XCTAssertEqual(s.stageIndex, 0, "Home (\(home.debugDescription)) goes to the first stage")
            press(&s, .char("/"))
            type(&s, "abc")
            for event in decode(home) { reduce(&s, .input(event)) }
            type(&s, "<")
            for event in decode(end) { reduce(&s, .input(event)) }
            type(&s, ">")
            guard case .search(let editor) = s.mode else { return XCTFail("\(s.mode)") }
            XCTAssertEqual(editor.text, "<abc>")
        }
    }
}
