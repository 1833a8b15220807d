/// The timebox's countdown in block digits three rows high, for presentation mode: a room
/// reads it from the back of the projector's wall.
enum BigClock {
    /// Rows of each glyph (three columns wide; the colon one).
    static let glyphs: [Character: [String]] = [
        "0": ["█▀█", "█ █", "▀▀▀"],
        "1": ["▀█ ", " █ ", "▀▀▀"],
        "2": ["▀▀█", "█▀▀", "▀▀▀"],
        "3": ["▀▀█", " ▀█", "▀▀▀"],
        "4": ["█ █", "▀▀█", "  ▀"],
        "5": ["█▀▀", "▀▀█", "▀▀▀"],
        "6": ["█▀▀", "█▀█", "▀▀▀"],
        "7": ["▀▀█", "  █", "  ▀"],
        "8": ["█▀█", "█▀█", "▀▀▀"],
        "9": ["█▀█", "▀▀█", "▀▀▀"],
        ":": ["▄", "▄", " "],
        "–": ["   ", "▀▀▀", "   "],
    ]

    /// The three rows of `clock` ("4:59", "1:02:03"), glyphs one column apart; characters
    /// without a glyph are left out.
    static func rows(_ clock: String) -> [String] {
        (0..<3).map { row in clock.compactMap { glyphs[$0]?[row] }.joined(separator: " ") }
    }

    /// Rows the big clock takes under the board in presentation mode (0 without a timebox).
    static func height(_ state: BoardState) -> Int {
        state.workshop.presenting && state.workshop.timerRemaining != nil ? 3 : 0
    }
}
