import XCTest
@testable import BoardUI
import JourneyKit

/// The key tables: one per mode and a global layer. No key is bound twice in a layer (nor
/// shadowed there by a global key), every mode's keys are in help and the README, the global
/// keys work in the panels and editors, and chords are sequences in the table.
final class KeyLayerTests: XCTestCase {
    func testNoKeyIsBoundTwiceInALayer() {
        XCTAssertEqual(KeyMap.global.doubleBound, [], "the global layer binds a key twice")
        for mode in KeyMode.allCases {
            XCTAssertEqual(mode.doubleBound, [], "\(mode) binds a key twice")
            // a global key the mode allows comes first: the mode's own row would never run
            let globals = Set(mode.globals.flatMap { KeyMap.keys(for: $0) })
            let shadowed = mode.sequences.filter { globals.contains($0) }
            XCTAssertEqual(shadowed, [], "\(mode) binds a key the global layer takes")
            if mode.typesText {
                XCTAssertEqual(mode.globals, [.suspend, .quit], "\(mode) types text: ? u s are letters there")
            }
        }
    }

    func testEveryModesKeysAreInHelpAndTheReadme() {
        let help = Overlays.helpLines.joined(separator: "\n")
        for mode in KeyMode.allCases {
            XCTAssertTrue(mode == .board || help.contains(mode.title), "help lacks the section \(mode.title)")
            for row in mode.rows {
                XCTAssertTrue(help.contains(row.keys), "help lacks \(mode)'s \(row.keys)")
                XCTAssertTrue(help.contains(row.help), "help lacks \(mode)'s \(row.help)")
                XCTAssertTrue(KeyMap.markdown.contains(row.help.replacingOccurrences(of: "|", with: "\\|")), "README lacks \(mode)'s \(row.help)")
            }
        }
        for row in KeyMap.global.rows { XCTAssertTrue(help.contains(row.help), row.help) }
        XCTAssertTrue(KeyMap.markdown.contains("Conflicts list (c):"))
        XCTAssertTrue(KeyMap.markdown.contains("| `o` | keep ours |"))
    }

    func testHelpShowsTheFocusedModesKeysFirstThenTheGlobalOnes() {
        let lines = Overlays.helpLines(for: .conflicts)
        XCTAssertEqual(lines.first, "Conflicts list (c)")
        let global = lines.firstIndex(of: "Everywhere (where it applies)")!
        let board = lines.firstIndex(of: "Board")!
        XCTAssertLessThan(lines.firstIndex { $0.contains("keep ours") }!, global)
        XCTAssertLessThan(global, board)
        XCTAssertEqual(Overlays.helpLines(for: .board).first, "Keys")
    }

    func testTheGlobalKeysWorkInThePanels() {
        var s = Fixtures.state()
        press(&s, .char("p"))
        XCTAssertEqual(press(&s, .ctrl("z")), [.suspend], "Ctrl-Z suspends from the prioritisation panel")
        guard case .prioritisation = s.mode else { return XCTFail("the panel stays open") }
        // ? opens help over the panel; closing help returns to it
        press(&s, .char("?"))
        XCTAssertEqual(s.mode, .help(scroll: 0))
        press(&s, .escape)
        guard case .prioritisation = s.mode else { return XCTFail("help returns to the panel, not \(s.mode)") }
        // Ctrl-C: the quit prompt when there are unsaved changes
        XCTAssertTrue(press(&s, .ctrl("c")).contains(.quit), "nothing unsaved: quits")
        s = Fixtures.state()
        press(&s, .char("d"))
        press(&s, .char("p"))
        XCTAssertEqual(press(&s, .ctrl("c")), [])
        guard case .confirm(let prompt) = s.mode else { return XCTFail("Ctrl-C asks, not \(s.mode)") }
        XCTAssertEqual(prompt.kind, .quitUnsaved)
    }

    func testTheGlobalKeysWorkInTheConflictsList() {
        var s = BoardState(board: ConflictsPanelTests.merged(), path: "merged.json", width: 120, height: 40, useColor: false)
        press(&s, .char("c"))
        XCTAssertEqual(press(&s, .ctrl("z")), [.suspend])
        press(&s, .char("?"))
        XCTAssertEqual(s.mode, .help(scroll: 0))
        press(&s, .char("x"))
        guard case .conflicts = s.mode else { return XCTFail("help returns to the conflicts list") }
        XCTAssertEqual(press(&s, .char("s")), [.save(path: "merged.json", quitAfter: false)])
        press(&s, .char("o"))
        XCTAssertEqual(s.board.conflicts.count, 3)
        press(&s, .char("u"))
        XCTAssertEqual(s.board.conflicts.count, 4, "u undoes in the list")
        press(&s, .ctrl("r"))
        XCTAssertEqual(s.board.conflicts.count, 3, "Ctrl-R redoes in the list")
        XCTAssertEqual(press(&s, .ctrl("c")), [])
        guard case .confirm = s.mode else { return XCTFail("Ctrl-C asks to save first") }
    }

    func testWhileTypingOnlySuspendAndQuitAreGlobal() {
        var s = Fixtures.state()
        press(&s, .char("a"))
        type(&s, "?us")
        guard case .adding(let editor) = s.mode else { return XCTFail("still typing") }
        XCTAssertEqual(editor.text, "?us", "? u s are text while typing")
        XCTAssertEqual(press(&s, .ctrl("z")), [.suspend])
        XCTAssertTrue(press(&s, .ctrl("c")).contains(.quit))
    }

    func testChordsAreSequencesInTheTable() {
        XCTAssertEqual(KeyMap.keys(for: .links), [[.char("g"), .char("l")]])
        XCTAssertEqual(KeyMap.keys(for: .linkMode), [[.char("g"), .char("L")]])
        XCTAssertEqual(KeyMap.keys(for: Action.undo), [[.char("u")]], "undo is a global key")
        var s = Fixtures.state()
        XCTAssertEqual(press(&s, .char("g")), [])
        XCTAssertEqual(s.pendingKeys, [.char("g")])
        XCTAssertEqual(press(&s, .char("x")), [.bell], "a key that completes no chord rings")
        XCTAssertEqual(s.pendingKeys, [])
        XCTAssertEqual(s.mode, .board)
        press(&s, .char("g"), .char("l"))
        XCTAssertEqual(s.mode, .links(selected: 0))
        press(&s, .escape)
        press(&s, .char("g"), .char("L"))
        XCTAssertNotNil(s.workshop.linkSource)
        XCTAssertEqual(KeyMode(s), .linking)
        press(&s, .escape)
        XCTAssertNil(s.workshop.linkSource)
    }

    func testFootersAreGeneratedFromTheRows() {
        var s = Fixtures.state()
        press(&s, .char("p"))
        guard case .prioritisation(let panel) = s.mode else { return XCTFail() }
        XCTAssertEqual(panel.footer(), "j/k move · Tab/←→ choose · e edit · Enter go to card · g gate · m matrix · a journeys · u undo · s save · Esc close")
        var matrix = panel
        matrix.matrix = true
        XCTAssertEqual(matrix.footer(), "j/k move · Enter go to card · m table · g gate · a journeys · u undo · s save · Esc close")
        XCTAssertEqual(ConflictsPanel().footer(), "o keep ours · t take theirs · b base · e edit · Enter go to card · j/k move · u undo · Esc close")
        XCTAssertEqual(ConflictsPanel().footer { $0 != .base }, "o keep ours · t take theirs · e edit · Enter go to card · j/k move · u undo · Esc close")
    }

    func testHelpOpenedFromAPanelShowsThatPanelsKeysFirst() {
        var s = BoardState(board: ConflictsPanelTests.merged(), path: "merged.json", width: 120, height: 40, useColor: false)
        press(&s, .char("c"), .char("?"))
        let text = BoardView.render(s).text
        let conflicts = text.range(of: "Conflicts list (c)"), global = text.range(of: "Everywhere (where it applies)")
        XCTAssertNotNil(conflicts, text)
        XCTAssertNotNil(global, text)
        if let conflicts, let global { XCTAssertLessThan(conflicts.lowerBound, global.lowerBound) }
        XCTAssertTrue(text.contains("keep ours"), text)
    }
}
