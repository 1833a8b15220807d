import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// Themes (`--theme`, `:theme`): each one's snapshot (text and style runs), and the promises —
/// high contrast is bold white on black with the focus reversed and marked ▶; light has no
/// yellow or cyan text; without colour every theme drops its colours and keeps its cues.
final class ThemeTests: XCTestCase {
    func state(_ theme: ThemeName, color: Bool = true) -> BoardState {
        var s = BoardState(board: exampleBoard("broadband-onboarding.json"), path: "boards/broadband-onboarding.json",
                           width: 100, height: 30, useColor: color)
        s.theme = theme
        return s
    }

    func testThemeCommand() {
        var s = Fixtures.state()
        XCTAssertEqual(s.theme, .dark)
        command(&s, "theme high-contrast")
        XCTAssertEqual(s.theme, .highContrast)
        XCTAssertEqual(s.message, "theme: high-contrast")
        command(&s, "theme")
        XCTAssertEqual(s.message, "theme: high-contrast (no colours: NO_COLOR or --no-color)")
        XCTAssertEqual(command(&s, "theme pink"), [.bell])
        XCTAssertEqual(s.message, "usage: :theme dark|light|high-contrast")
        XCTAssertEqual(s.theme, .highContrast)
        command(&s, "theme light")
        XCTAssertEqual(s.theme, .light)
    }

    func testTheDarkThemeIsTheBoardAsBefore() throws {
        let expected = try String(contentsOf: snapshotURL("broadband-onboarding-120x40"), encoding: .utf8)
        var s = state(.dark)
        s.width = 120; s.height = 40
        XCTAssertNil(SnapshotFormat.difference(expected: expected, actual: SnapshotFormat.text(of: BoardView.render(s))))
    }

    func testHighContrastIsBoldWhiteOnBlackWithAMarkedFocus() {
        let screen = BoardView.render(state(.highContrast))
        var focusRows: Set<Int> = []
        for y in 0..<screen.height {
            for x in 0..<screen.width {
                let st = screen[x, y].style
                XCTAssertTrue(st.bold, "cell \(x),\(y) is bold")
                XCTAssertNotEqual(st.fg, .default, "cell \(x),\(y) has its colour")
                XCTAssertNotEqual(st.bg, .default, "cell \(x),\(y) has its background")
                if st.reverse && y > 2 && y < screen.height - 2 { focusRows.insert(y) }
            }
        }
        let first = try! XCTUnwrap(focusRows.min())
        XCTAssertTrue(screen.lines[first].contains("▶"), "the focus is marked, not only reversed: \(screen.lines[first])")
        XCTAssertFalse(BoardView.render(state(.dark)).lines[first].contains("▶"), "the other themes show the focus by reverse video")
    }

    /// The picker (bare `journey`) draws in the board's theme and honours NO_COLOR.
    func testThePickerFollowsTheThemeAndNoColor() {
        var p = PickerState(entries: [.init(path: "boards/a.json", summary: "A — 1 journey, 3 cards", readable: true)], width: 80, height: 20)
        p.theme = .highContrast
        let screen = Picker.render(p)
        for y in 0..<screen.height { for x in 0..<screen.width { XCTAssertTrue(screen[x, y].style.bold, "cell \(x),\(y) is bold") } }
        p.theme = .dark
        p.useColor = false
        let plain = Picker.render(p)
        for y in 0..<plain.height {
            for x in 0..<plain.width {
                XCTAssertEqual(plain[x, y].style.fg, .default, "cell \(x),\(y) has no colour")
                XCTAssertEqual(plain[x, y].style.bg, .default, "cell \(x),\(y) has no background")
            }
        }
    }

    /// `:filter dim` sets the cards outside the filter apart by dim alone: high contrast keeps it.
    func testHighContrastKeepsTheFilterDim() {
        var s = state(.highContrast)
        command(&s, "filter dim")
        press(&s, .char("f"))
        type(&s, "kind:pains")
        press(&s, .enter)
        let screen = BoardView.render(s)
        let row = try! XCTUnwrap(screen.lines.firstIndex { $0.contains("Orders online") })
        let line = screen.lines[row]
        let x = line.distance(from: line.startIndex, to: line.range(of: "Orders online")!.lowerBound)
        XCTAssertTrue(screen[x, row].style.dim, "a card outside the filter is dim: \(line)")
    }

    func testLightHasNoYellowOrCyanText() {
        let screen = BoardView.render(state(.light))
        for y in 0..<screen.height {
            for x in 0..<screen.width where !screen[x, y].text.trimmingCharacters(in: .whitespaces).isEmpty {
                let st = screen[x, y].style
                XCTAssertFalse(st.fg == .yellow && st.bg == .default, "yellow text at \(x),\(y)")
                XCTAssertFalse(st.fg == .cyan && st.bg == .default, "cyan text at \(x),\(y)")
            }
        }
    }

    /// NO_COLOR and monochrome terminals: no theme adds a colour, and the cues stay — the focus
    /// in reverse video (and ▶ in high contrast), the kind marks, the bold headers.
    func testWithoutColourEveryThemeKeepsItsCuesAndDropsItsColours() {
        for theme in ThemeName.allCases {
            let screen = BoardView.render(state(theme, color: false))
            XCTAssertFalse(screen.cells.contains { $0.style.fg != .default || $0.style.bg != .default }, "\(theme): a colour")
            XCTAssertTrue(screen.cells.contains { $0.style.reverse }, "\(theme): the focus")
            XCTAssertTrue(screen.text.contains("› ") && screen.text.contains("◆ "), "\(theme): the kind marks")
            // the focused card's first line (row 3): marked ▶ in high contrast
            XCTAssertEqual(screen.lines[3].contains("▶"), theme == .highContrast, "\(theme): \(screen.lines[3])")
        }
    }

    /// A search match stays bold and underlined, the focus reversed, in every theme.
    func testSearchHighlightHasANonColourCueInEveryTheme() {
        for theme in ThemeName.allCases {
            var s = state(theme)
            press(&s, .char("/"))
            type(&s, "technician")
            press(&s, .enter)
            let screen = BoardView.render(s)
            XCTAssertTrue(screen.cells.contains { $0.style.underline && $0.style.bold }, "\(theme): the match")
        }
    }

    func testSnapshots() {
        for theme in ThemeName.allCases {
            assertSnapshot(BoardView.render(state(theme)), "theme-\(theme.rawValue)-100x30")
        }
        assertSnapshot(BoardView.render(state(.highContrast, color: false)), "theme-high-contrast-no-color-100x30")
        var reading = state(.highContrast)
        command(&reading, "linear")
        press(&reading, .char("j"))
        assertSnapshot(BoardView.render(reading), "theme-high-contrast-linear-100x30")
    }
}
