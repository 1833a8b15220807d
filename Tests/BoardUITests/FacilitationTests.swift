import XCTest
@testable import BoardUI
import JourneyKit

/// Workshop facilitation: participants, dot voting, timebox, focus and presentation, filters,
/// journeys' future-state copies and comparison, links across journeys, evidence.
final class FacilitationTests: XCTestCase {
    func testVotesArePerParticipantAndLimited() {
        var s = Fixtures.state()
        s.board.scoring.votesPerParticipant = 3
        command(&s, "as mei")
        press(&s, .char("v"), .char("v"))
        XCTAssertEqual(s.board.cards["cd_a"]?.votes, ["mei": 2])
        press(&s, .char("j"), .char("v"))
        XCTAssertEqual(Facilitation.votesLeft(s), 0)
        XCTAssertEqual(press(&s, .char("v")), [.bell], "a vote past the limit is refused")
        XCTAssertTrue(s.message?.contains("no votes left (3 of 3 used)") == true, s.message ?? "")
        command(&s, "as sam")
        press(&s, .char("v"))
        XCTAssertEqual(s.board.cards["cd_b"]?.votes, ["mei": 1, "sam": 1])
        press(&s, .char("V"), .char("V"))
        XCTAssertEqual(s.board.cards["cd_b"]?.votes, ["mei": 1], "V takes back only your own vote")
        XCTAssertTrue(BoardView.render(s).line(s.height - 2).contains("sam: 3/3 votes"))
        press(&s, .char("u"))
        XCTAssertEqual(s.board.cards["cd_b"]?.votes, ["mei": 1, "sam": 1], "votes are undoable")
    }

    func testParticipantsDifferingOnlyInNormalisationAreTwoParticipants() {
        // "é" (U+00E9) and "e" + U+0301 look alike but are different names: their votes,
        // budgets and take-backs are their own
        var s = Fixtures.state()
        s.board.scoring.votesPerParticipant = 2
        s.workshop.participant = "é"
        press(&s, .char("v"), .char("v"))
        XCTAssertEqual(Facilitation.votesLeft(s), 0)
        s.workshop.participant = "e\u{301}"
        XCTAssertEqual(Facilitation.votesLeft(s), 2, "the other name's votes are not this one's")
        press(&s, .char("v"))
        XCTAssertEqual(s.board.cards["cd_a"]?.votes, ["é": 2, "e\u{301}": 1])
        XCTAssertEqual(s.board.cards["cd_a"]?.totalVotes, 3)
        s.board.scoring.votesHidden = true
        XCTAssertEqual(s.shownVotes(s.board.cards["cd_a"]!), 1, "only this participant's own votes show")
        s.workshop.participant = "é"
        XCTAssertEqual(s.shownVotes(s.board.cards["cd_a"]!), 2)
        s.workshop.participant = "e\u{301}"
        press(&s, .char("V"))
        XCTAssertEqual(s.board.cards["cd_a"]?.votes, ["é": 2], "V takes back only this participant's vote")
        press(&s, .char("V"))
        XCTAssertEqual(s.board.cards["cd_a"]?.votes, ["é": 2])
    }

    func testVotesListHideShowAndClear() {
        var s = Fixtures.state()
        command(&s, "as mei")
        press(&s, .char("v"))
        press(&s, .char("l"), .char("v"), .char("v"))
        command(&s, "votes")
        XCTAssertEqual(s.mode, .votes(selected: 0))
        XCTAssertEqual(Facilitation.votedCards(s), ["cd_c", "cd_a"], "most votes first")
        assertSnapshot(BoardView.render(s), "votes-list-100x30")
        press(&s, .char("j"), .enter)
        XCTAssertEqual(s.focusCard, "cd_a", "Enter jumps to the card")
        command(&s, "votes hide")
        XCTAssertFalse(BoardView.render(s).text.contains(" ●2"), "silent voting hides the counts")
        XCTAssertTrue(BoardView.render(s).text.contains("you●2"), "mei still sees her own votes")
        command(&s, "votes show")
        XCTAssertTrue(BoardView.render(s).text.contains("●2"))
        command(&s, "votes clear")
        guard case .confirm = s.mode else { return XCTFail(":votes clear asks first") }
        press(&s, .char("y"))
        XCTAssertTrue(s.board.cards.values.allSatisfy { $0.votes.isEmpty })
        press(&s, .char("u"))
        XCTAssertEqual(s.board.cards["cd_c"]?.votes, ["mei": 2])
    }

    func testDurationsAndTimer() {
        XCTAssertEqual(Duration.parse("5m"), 300)
        XCTAssertEqual(Duration.parse("90s"), 90)
        XCTAssertEqual(Duration.parse("1h"), 3600)
        XCTAssertEqual(Duration.parse("1h30m"), 5400)
        XCTAssertEqual(Duration.parse("04:30"), 270)
        XCTAssertEqual(Duration.parse("10"), 600)
        XCTAssertNil(Duration.parse("soon"))
        XCTAssertNil(Duration.parse("1:75"))
        XCTAssertEqual(Duration.clock(299.2), "5:00")
        XCTAssertEqual(Duration.clock(3725), "1:02:05")

        var s = Fixtures.state()
        _ = reduce(&s, .time(1000))
        command(&s, "timer 5m")
        XCTAssertTrue(BoardView.render(s).line(s.height - 1).contains("⏱ 5:00"))
        XCTAssertEqual(reduce(&s, .time(1061)), [])
        XCTAssertTrue(BoardView.render(s).line(s.height - 1).contains("⏱ 3:59"), "it ticks without key presses")
        XCTAssertEqual(reduce(&s, .time(1300)), [.bell], "rings once at zero")
        XCTAssertEqual(reduce(&s, .time(1301)), [], "and only once")
        XCTAssertTrue(BoardView.render(s).text.contains("time is up"))
        command(&s, "timer")
        XCTAssertFalse(BoardView.render(s).text.contains("⏱"))
        XCTAssertEqual(command(&s, "timer someday"), [.bell])
    }

    func testPresentationModeHidesChromeAndEscReturns() {
        var s = Fixtures.state()
        press(&s, .char("Z"))
        let screen = BoardView.render(s)
        assertSnapshot(screen, "presentation-100x30")
        XCTAssertFalse(screen.text.contains("? help"), "the status line is hidden")
        press(&s, .escape)
        XCTAssertFalse(s.workshop.presenting)
        XCTAssertTrue(BoardView.render(s).text.contains("? help"))
    }

    func testFilterDimsOrHidesAndClears() {
        var s = Fixtures.state()
        s.board.cards["cd_b"]!.channel = "email"
        press(&s, .char("f")); type(&s, "kind:pains"); press(&s, .enter)
        XCTAssertEqual(s.workshop.filter, CardFilter("kind:pains"))
        var screen = BoardView.render(s)
        XCTAssertTrue(screen.line(s.height - 2).contains("filter: kind:pains"))
        let f = Layout.layout(s)
        let b = f.cells.flatMap(\.cards).first { $0.id == "cd_b" }!
        XCTAssertTrue(screen[b.x + 3, b.y].style.dim, "a card outside the filter is dimmed")
        assertSnapshot(screen, "filter-dim-100x30")
        command(&s, "filter hide")
        XCTAssertFalse(Layout.layout(s).cells.flatMap(\.cards).contains { $0.id == "cd_b" }, "or hidden")
        command(&s, "filter channel:email")
        XCTAssertTrue(Layout.layout(s).cells.flatMap(\.cards).contains { $0.id == "cd_b" })
        XCTAssertFalse(Layout.layout(s).cells.flatMap(\.cards).contains { $0.id == "cd_p" })
        press(&s, .char("F"))
        XCTAssertNil(s.workshop.filter)
        screen = BoardView.render(s)
        XCTAssertFalse(screen.text.contains("filter:"))

        let b2 = s.board
        var c = b2.cards["cd_a"]!
        c.tags = ["Digital"]; c.owner = "Mei Chen"; c.status = "idea"; c.votes = ["x": 1]
        XCTAssertTrue(CardFilter("tag:digital owner:mei status:idea votes persona:ana").matches(c, in: b2, conflicted: []))
        XCTAssertFalse(CardFilter("conflict").matches(c, in: b2, conflicted: []))
        XCTAssertTrue(CardFilter("conflict").matches(c, in: b2, conflicted: ["cd_a"]))
        XCTAssertTrue(CardFilter("orders").matches(c, in: b2, conflicted: []), "plain words match the text")
    }

    func testFutureStateCopyAndCompare() {
        var s = Fixtures.state()
        command(&s, "journey add Get connected in 10 days --from CURRENT --state future")
        let future = s.board.journeys[s.journeyID]!
        XCTAssertEqual(future.state, "future")
        XCTAssertEqual(s.stages.map(\.title), ["Order", "Install", "Use"])
        XCTAssertEqual(s.board.cards.count, 7 + 6, "the journey's cards are copied")
        let copied = s.board.cards.values.first { $0.text == "Nobody says when" && $0.id != "cd_o" }!
        let target = s.board.cards[copied.links[0]]!
        XCTAssertEqual(target.text, "Five-hour window")
        XCTAssertNotEqual(target.id, "cd_p", "links inside the copy point at the copies")
        XCTAssertTrue(Validator.validate(s.board).isEmpty, "\(Validator.validate(s.board))")
        command(&s, "compare")
        XCTAssertEqual(s.mode, .compare)
        let screen = BoardView.render(s)
        assertSnapshot(screen, "compare-100x30")
        XCTAssertTrue(screen.text.contains("Emotion"))
        press(&s, .escape)
        press(&s, .char("u"))
        XCTAssertEqual(s.board, Fixtures.board())
    }

    func testLinkModeAcrossJourneysAndLinksList() {
        var s = Fixtures.state()
        press(&s, .char("l"), .char("j"), .char("j"))     // cd_p
        press(&s, .char("g"), .char("L"))
        XCTAssertEqual(s.workshop.linkSource, "cd_p")
        press(&s, .char("]"))                             // the other journey
        XCTAssertEqual(s.focusCard, "cd_h")
        press(&s, .enter)
        XCTAssertEqual(s.board.cards["cd_p"]?.links, ["cd_h"])
        XCTAssertTrue(BoardView.render(s).text.contains("⇄1"), "the linked card shows its link")
        press(&s, .escape)
        XCTAssertNil(s.workshop.linkSource)
        press(&s, .char("g"), .char("l"))
        XCTAssertEqual(s.mode, .links(selected: 0))
        assertSnapshot(BoardView.render(s), "links-list-100x30")
        press(&s, .enter)
        XCTAssertEqual(s.focusCard, "cd_p", "Enter jumps back across journeys")
        XCTAssertEqual(s.journeyID, "jr_1")
        press(&s, .char("g"), .char("L"), .char("j"), .enter)   // cd_o: link
        press(&s, .char("k"), .char("g"), .char("L"))           // relink from cd_p? no: source is cd_p only once
        XCTAssertTrue(Validator.validate(s.board).isEmpty)
        press(&s, .escape)
        press(&s, .char("u"), .char("u"))
        XCTAssertEqual(s.board, Fixtures.board())
    }

    func testEvidenceBadgeCountsLinkedInsights() {
        var b = Fixtures.board()
        b.lanes["ln_ins"] = Lane(id: "ln_ins", journey: "jr_1", kind: .insights, order: "a3")
        var ins = Card(id: "cd_i", lane: "ln_ins", stage: "st_1", order: "a0", text: "Call logs: 31% ask when")
        ins.source = "call-centre logs, Oct 2026"
        ins.links = ["cd_p"]
        b.cards["cd_i"] = ins
        let s = BoardState(board: b, path: "x.json", width: 100, height: 40, useColor: false)
        XCTAssertEqual(Facilitation.evidence(s, of: b.cards["cd_p"]!), 1)
        let lines = Layout.cardLines(b.cards["cd_p"]!, kind: .pains, width: 40, focused: false, in: s)
        XCTAssertTrue(lines.joined().contains("ⓘ1"), lines.joined())
    }

    func testPanelShowsTheEvidenceBehindAnOpportunity() {
        var b = Fixtures.board()
        b.lanes["ln_opp"] = Lane(id: "ln_opp", journey: "jr_1", kind: .opportunities, order: "a3")
        b.lanes["ln_ins"] = Lane(id: "ln_ins", journey: "jr_1", kind: .insights, order: "a4")
        var opp = Card(id: "cd_x", lane: "ln_opp", stage: "st_1", order: "a0", text: "Live ETA by SMS")
        opp.impact = ["satisfaction": 8, "effort": -1, "engagement": 5]
        b.cards["cd_x"] = opp
        var ins = Card(id: "cd_i", lane: "ln_ins", stage: "st_1", order: "a0", text: "31% of calls ask when")
        ins.source = "call-centre logs, Oct 2026"
        ins.links = ["cd_x"]
        b.cards["cd_i"] = ins
        var s = BoardState(board: b, path: "x.json", width: 120, height: 40, useColor: false)
        press(&s, .char("p"))
        XCTAssertTrue(BoardView.render(s).text.contains("evidence: 1 linked insight — call-centre logs, Oct 2026"), BoardView.render(s).text)
        XCTAssertTrue(Layout.cardLines(b.cards["cd_x"]!, kind: .opportunities, width: 40, focused: false, in: s).joined().contains("ⓘ1"))
    }
}
