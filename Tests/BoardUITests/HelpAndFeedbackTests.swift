import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// Help that fits any screen and scrolls, a word for every `:` command, the metrics listed in an
/// overlay, search matches marked on the board, `:filter hide` moving past hidden cards, `:mouse`.
final class HelpAndFeedbackTests: XCTestCase {
    func example(_ name: String, _ w: Int, _ h: Int) -> BoardState {
        BoardState(board: exampleBoard(name), path: "boards/\(name)", width: w, height: h, useColor: true)
    }

    /// The words of a text, whatever its line breaks; a line that ends after a hyphen inside a
    /// word ("high-" then "contrast") is one word broken where it may be.
    func words(_ text: String) -> String {
        var out: [String] = []
        var joinNext = false
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            if joinNext, let last = out.popLast() { out.append(last + token) } else { out.append(String(token)) }
            joinNext = token.count > 1 && token.hasSuffix("-") && !token.hasSuffix("--")
        }
        return out.joined(separator: " ")
    }

    // MARK: help

    /// At any width every help line fits, and each description is whole: read line after line
    /// its words follow each other (a line is broken between words, never inside one).
    func testHelpWrapsAtWordBoundariesToFitTheBox() {
        for width in [36, 56, 96] {
            let lines = Overlays.helpLines(for: .board, width: width)
            for line in lines { XCTAssertLessThanOrEqual(DisplayText.width(line), width, "\(width): \(line)") }
            let text = words(lines.joined(separator: "\n"))
            for row in KeyMap.board.rows + KeyMap.global.rows + KeyMode.help.rows {
                XCTAssertTrue(text.contains(words(row.help)), "\(width): \(row.help) is not whole in help")
            }
            for (command, help) in KeyMap.commands {
                XCTAssertTrue(text.contains(words(help)), "\(width): \(command) — \(help)")
            }
        }
    }

    func testHelpScrollsToItsEndAndBackAndSaysWhereItIs() {
        var s = example("holiday-booking.json", 60, 24)
        press(&s, .char("?"))
        XCTAssertEqual(s.mode, .help(scroll: 0))
        assertSnapshot(BoardView.render(s), "help-60x24")
        let most = Overlays.helpMaxScroll(s)
        XCTAssertGreaterThan(most, 20, "help is longer than a 24-line screen")
        press(&s, .end)
        XCTAssertEqual(s.mode, .help(scroll: most))
        let end = BoardView.render(s)
        assertSnapshot(end, "help-60x24-end")
        XCTAssertTrue(end.text.contains("Ctrl-U Ctrl-K Ctrl-W"), "the last section is on screen")
        // past the end it stays at the end, and the first step back moves at once
        press(&s, .char("j"), .char("j"))
        XCTAssertEqual(s.mode, .help(scroll: most))
        press(&s, .char("k"))
        XCTAssertEqual(s.mode, .help(scroll: most - 1))
        press(&s, .home)
        XCTAssertEqual(s.mode, .help(scroll: 0))
        press(&s, .pageDown)
        if case .help(let scroll) = s.mode { XCTAssertGreaterThan(scroll, 10) } else { XCTFail("\(s.mode)") }
        XCTAssertTrue(BoardView.render(s).text.contains(" of \(Overlays.helpGeometry(s).lines.count)"), "the box says which lines are shown")
    }

    // MARK: every command says what it did

    /// Each row of the command table, run with sample arguments on the two-journey board: a
    /// message, an overlay or an effect follows — none is silent. A new row needs a line here.
    func testEveryCommandConfirmsWhatItDid() {
        let samples: [String: String] = [
            "w": "w", "q": "q", "wq": "wq", "w!": "w! other.json", "q!": "q!",
            "stage add": "stage add Pay", "stage rename": "stage rename Buy", "stage move": "stage move right",
            "stage delete": "stage delete", "lane add": "lane add pains Worries", "lane rename": "lane rename Doing",
            "lane move": "lane move down", "lane delete": "lane delete", "journey add": "journey add Renew",
            "journey rename": "journey rename Connect", "compare": "compare", "title": "title New name", "as": "as Ana",
            "votes": "votes", "votes clear": "votes clear", "timer": "timer 5m", "filter": "filter online",
            "metric": "metric", "metric add": "metric add nps NPS -100 100 higher", "metric remove": "metric remove effort",
            "metric label": "metric label effort Effort score", "metric unit": "metric unit effort pts",
            "metric scale": "metric scale effort 1 7", "metric better": "metric better effort lower",
            "metric weight": "metric weight effort 2", "gate": "gate any", "mouse": "mouse off", "help": "help",
            "stage": "stage 1", "journey persona": "journey persona none", "journey state": "journey state future",
            "journey metric": "journey metric effort 3", "journey delete": "journey delete", "persona": "persona",
            "persona add": "persona add Ben", "persona rename": "persona rename Ana Anna",
            "persona describe": "persona describe Ana Runs a small shop", "persona delete": "persona delete Ana",
            "timer pause": "timer pause", "timer resume": "timer resume", "sync": "sync",
            "comment": "comment Who says this is a pain?", "live": "live off",
            "linear": "linear", "theme": "theme light",
        ]
        var covered = Set<String>()
        for row in Commands.all {
            guard let line = samples[row.name] else { XCTFail("no sample line for :\(row.name): add one"); continue }
            covered.insert(row.name)
            var s = Fixtures.state()
            s.focus(card: "cd_a")
            s.message = nil
            let effects = command(&s, line)
            let spoke = s.message != nil || s.mode != .board || !effects.isEmpty
            XCTAssertTrue(spoke, ":\(line) said nothing")
            // a command that asks first says what it did once answered
            if case .confirm = s.mode {
                s.message = nil
                press(&s, .char("y"))
                XCTAssertNotNil(s.message, ":\(line), then y, said nothing")
            }
        }
        XCTAssertFalse(covered.isEmpty)
    }

    func testStageAndLaneCommandsSayWhatChanged() {
        var s = Fixtures.state()
        s.focus(card: "cd_a")
        command(&s, "stage add Pay")
        XCTAssertEqual(s.message, "stage added: Pay (2 of 4) — u undoes")
        command(&s, "stage rename Payment")
        XCTAssertEqual(s.message, "stage renamed: Pay → Payment — u undoes")
        command(&s, "stage move right")
        XCTAssertEqual(s.message, "stage moved right: Payment is now 3 of 4 — u undoes")
        command(&s, "lane add pains Worries")
        XCTAssertEqual(s.message, "lane added: Worries (pains) — u undoes")
        command(&s, "lane rename Fears")
        XCTAssertEqual(s.message, "lane renamed: Worries → Fears — u undoes")
        command(&s, "lane move up")
        XCTAssertEqual(s.message, "lane moved up: Fears is now 1 of 4 — u undoes")
        command(&s, "journey rename Connected")
        XCTAssertEqual(s.message, "journey renamed: Get connected → Connected — u undoes")
        command(&s, "title Board two")
        XCTAssertEqual(s.message, "board renamed: Test board → Board two — u undoes")
    }

    // MARK: :metric

    func testMetricListsTheMetricsInAnOverlay() {
        var s = example("holiday-booking.json", 100, 30)
        command(&s, "metric")
        XCTAssertEqual(s.mode, .metrics(scroll: 0))
        assertSnapshot(BoardView.render(s), "metrics-100x30")
        press(&s, .escape)
        XCTAssertEqual(s.mode, .board)
        var none = Fixtures.state()
        none.board.heroMetrics = [:]
        command(&none, "metric")
        XCTAssertEqual(none.mode, .board)
        XCTAssertTrue(none.message?.hasPrefix("no hero metrics") == true, none.message ?? "")
    }

    // MARK: search

    func testSearchSaysWhichMatchOfHowMany() {
        var s = Fixtures.state()
        press(&s, .char("/")); type(&s, "o"); press(&s, .enter)
        let hits = Search.orderedCards(s.board, index: s.index).filter { Search.matches(s.board.cards[$0]!, "o") }.count
        XCTAssertTrue(s.message?.hasPrefix("match 1 of \(hits) for \"o\"") == true, s.message ?? "")
        press(&s, .char("n"))
        XCTAssertTrue(s.message?.hasPrefix("match 2 of \(hits)") == true, s.message ?? "")
        press(&s, .char("N"), .char("N"))
        XCTAssertTrue(s.message?.hasPrefix("match \(hits) of \(hits)") == true, s.message ?? "")
    }

    /// Matches are a style run of their own in the card text (black on yellow, bold, underlined;
    /// bold and underlined in the focused card and without colour); Esc clears them.
    func testSearchMatchesAreHighlightedOnTheBoard() {
        var s = example("broadband-onboarding.json", 120, 40)
        press(&s, .char("/")); type(&s, "technician"); press(&s, .enter)
        XCTAssertTrue(s.highlightSearch)
        let screen = BoardView.render(s)
        assertSnapshot(screen, "search-highlight-120x40")
        let matchStyle = Theme(color: true).searchMatch
        var marked: [String] = []
        for y in 0..<screen.height {
            var x = 0
            while x < screen.width {
                guard screen[x, y].style == matchStyle || screen[x, y].style == Theme(color: true).focusedSearchMatch else { x += 1; continue }
                var text = ""
                while x < screen.width, screen[x, y].style == matchStyle || screen[x, y].style == Theme(color: true).focusedSearchMatch { text += screen[x, y].text; x += 1 }
                marked.append(text)
            }
        }
        XCTAssertFalse(marked.isEmpty, "matches are highlighted")
        for m in marked { XCTAssertEqual(m.lowercased(), "technician", "only the matched text is marked: \(marked)") }
        press(&s, .escape)
        XCTAssertFalse(s.highlightSearch)
        let cleared = BoardView.render(s)
        XCTAssertFalse((0..<cleared.height).contains { y in (0..<cleared.width).contains { cleared[$0, y].style == matchStyle } }, "Esc clears the highlight")
        // n brings it back
        press(&s, .char("n"))
        XCTAssertTrue(s.highlightSearch)
    }

    // MARK: :filter hide

    func testWithFilterHideUpAndDownSkipHiddenCards() {
        var s = Fixtures.state()
        s.board.cards["cd_x"] = Card(id: "cd_x", lane: "ln_steps", stage: "st_0", order: "a2", text: "Online tracking")
        s = BoardState(board: s.board, path: "test.json", width: 100, height: 30, useColor: false)
        s.focus(card: "cd_a")
        command(&s, "filter online")
        command(&s, "filter hide")
        press(&s, .char("j"))
        XCTAssertEqual(s.focusCard, "cd_x", "j skips the hidden card between (Gets a confirmation email)")
        press(&s, .char("k"))
        XCTAssertEqual(s.focusCard, "cd_a")
        // dimmed, not hidden: every card is a step
        command(&s, "filter dim")
        press(&s, .char("j"))
        XCTAssertEqual(s.focusCard, "cd_b")
    }

    // MARK: :mouse

    func testMouseCommandTurnsReportingOffAndOn() {
        var s = Fixtures.state()
        XCTAssertEqual(command(&s, "mouse off"), [.mouse(false)])
        XCTAssertFalse(s.mouseReporting)
        XCTAssertTrue(s.message?.contains("drag selects text") == true, s.message ?? "")
        XCTAssertEqual(command(&s, "mouse"), [])
        XCTAssertTrue(s.message?.contains("mouse is off") == true, s.message ?? "")
        XCTAssertEqual(command(&s, "mouse on"), [.mouse(true)])
        XCTAssertTrue(s.mouseReporting)
        XCTAssertTrue(s.message?.contains("Shift+drag selects text") == true, s.message ?? "")
        XCTAssertEqual(command(&s, "mouse sideways"), [.bell])
    }
}

extension HelpAndFeedbackTests {
    /// A heading or title too wide for the box ends in "…" after a whole word.
    func testLongHelpTitlesEndAfterAWholeWord() {
        XCTAssertEqual(Overlays.wordsThatFit("journey — help (Esc closes, j/k scroll)", columns: 30), "journey — help (Esc closes,…")
        XCTAssertEqual(Overlays.wordsThatFit("short", columns: 30), "short")
        XCTAssertEqual(Overlays.wordsThatFit("Unbreakablewordthatislong", columns: 10), "Unbreakab…")
        var s = example("holiday-booking.json", 44, 20)
        press(&s, .char("?"))
        let top = BoardView.render(s).lines[Overlays.helpGeometry(s).height > 0 ? 1 : 0]
        XCTAssertTrue(top.contains("journey — help"), top)
        let full = "journey — help (" + KeyMap.help.hints([.close, .down, .last], separator: ", ") + ")"
        guard let cut = top.range(of: "…") else { return XCTFail("a 44-column box cannot hold the whole title: \(top)") }
        let lastWord = top[..<cut.lowerBound].split(separator: " ").last.map(String.init) ?? ""
        XCTAssertTrue(full.split(separator: " ").map(String.init).contains(lastWord), "the title ends after a whole word: \(top)")
    }
}
