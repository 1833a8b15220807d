import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// The reducer tests' starting state: the two-journey board (`Fixture.twoJourneyBoard`) in a terminal.
enum Fixtures {
    static func board() -> Board { Fixture.twoJourneyBoard() }

    static func state(width: Int = 100, height: Int = 30, color: Bool = false) -> BoardState {
        BoardState(board: board(), path: "test.json", width: width, height: height, useColor: color)
    }
}

/// Sends keys through the reducer, collecting the effects.
@discardableResult
func press(_ s: inout BoardState, _ keys: Key...) -> [Effect] {
    var out: [Effect] = []
    for k in keys { out += reduce(&s, .input(.key(k))) }
    return out
}

@discardableResult
func type(_ s: inout BoardState, _ text: String) -> [Effect] {
    var out: [Effect] = []
    for c in text { out += reduce(&s, .input(.key(.char(c)))) }
    return out
}

@discardableResult
func command(_ s: inout BoardState, _ line: String) -> [Effect] {
    press(&s, .char(":"))
    type(&s, line)
    return press(&s, .enter)
}
