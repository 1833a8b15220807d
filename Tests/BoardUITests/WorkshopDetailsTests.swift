import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// The workshop's details: the timebox paused, resumed and extended, and large in presentation
/// mode; the votes list's stage column; the panel ordered by votes; `'` back after a jump;
/// `:stage N`.
final class WorkshopDetailsTests: XCTestCase {
    func statusLine(_ s: BoardState) -> String { BoardView.render(s).line(s.height - 1) }

    func testTimerPausesResumesAndExtends() {
        var s = Fixtures.state()
        _ = reduce(&s, .time(1000))
        command(&s, "timer 5m")
        _ = reduce(&s, .time(1060))
        command(&s, "timer pause")
        XCTAssertEqual(s.message, "timer paused at 4:00 — :timer resume")
        _ = reduce(&s, .time(1500))
        XCTAssertTrue(statusLine(s).contains("⏱ 4:00 paused"), "a paused timer does not count down:\n\(statusLine(s))")
        XCTAssertEqual(reduce(&s, .time(1700)), [], "nor ring")
        command(&s, "timer +2m")
        XCTAssertEqual(s.message, "timer extended by 2:00: 6:00 left")
        command(&s, "timer resume")
        XCTAssertEqual(s.message, "timer resumed: 6:00 left")
        _ = reduce(&s, .time(1760))
        XCTAssertTrue(statusLine(s).contains("⏱ 5:00"), statusLine(s))
        command(&s, "timer -30s")
        XCTAssertTrue(statusLine(s).contains("⏱ 4:30"), statusLine(s))
        XCTAssertEqual(reduce(&s, .time(1760 + 270)), [.bell], "rings when the extended time is up")
        command(&s, "timer +1m")
        XCTAssertTrue(statusLine(s).contains("⏱ 1:00"), "time added after it ran out starts it again: \(statusLine(s))")
        XCTAssertEqual(reduce(&s, .time(1760 + 331)), [.bell], "and it rings again")
        XCTAssertEqual(command(&s, "timer resume"), [.bell], "not paused")
        command(&s, "timer")
        XCTAssertEqual(command(&s, "timer pause"), [.bell])
        XCTAssertEqual(s.message, "no timer running: :timer 5m starts one")
        XCTAssertEqual(command(&s, "timer +soon"), [.bell])
        XCTAssertTrue(s.message?.hasPrefix("usage: :timer") == true)
    }

    func testPresentationModeShowsTheCountdownLarge() {
        var s = Fixtures.state()
        _ = reduce(&s, .time(1000))
        command(&s, "timer 12:34")
        press(&s, .char("Z"))
        let screen = BoardView.render(s)
        assertSnapshot(screen, "presentation-big-timer-100x30")
        XCTAssertEqual(BigClock.rows("12:34"), ["▀█  ▀▀█ ▄ ▀▀█ █ █", " █  █▀▀ ▄  ▀█ ▀▀█", "▀▀▀ ▀▀▀   ▀▀▀   ▀"])
        XCTAssertTrue(screen.line(s.height - 4).hasSuffix(BigClock.rows("12:34")[0] + "  "), screen.line(s.height - 4))
        XCTAssertEqual(Layout.layout(s).bodyBottom, s.height - 4, "the board makes room for it")
        press(&s, .escape)
        XCTAssertEqual(Layout.layout(s).bodyBottom, s.height - 2, "out of presentation mode: the status line's small timer only")
    }

    func testVotesListShowsEachCardsStage() {
        var s = Fixtures.state()
        press(&s, .char("l"))                   // Install
        press(&s, .char("v"), .char("v"))
        press(&s, .char("h"), .char("v"))
        command(&s, "votes")
        let screen = BoardView.render(s)
        assertSnapshot(screen, "votes-list-stages-100x30")
        XCTAssertTrue(screen.text.contains("●2   2. Install"), screen.text)
        XCTAssertTrue(screen.text.contains("●1   1. Order"), screen.text)
    }

    func testThePanelOrdersByVotesOnOAndBack() throws {
        var s = BoardState(board: try Fixture.exampleBoard("holiday-booking.json"), path: "h.json", width: 120, height: 40, useColor: false)
        press(&s, .char("p"))
        guard case .prioritisation(let byRank) = s.mode else { return XCTFail("the panel opens") }
        let rankOrder = (0..<byRank.ranking.count).map { byRank.ranking.entries[byRank.rank(atRow: $0)].card }
        press(&s, .char("o"))
        guard case .prioritisation(let byVotes) = s.mode else { return XCTFail("stays open") }
        XCTAssertTrue(byVotes.byVotes)
        let votes = (0..<byVotes.ranking.count).map { row in s.board.cards[byVotes.ranking.entries[byVotes.rank(atRow: row)].card]!.totalVotes }
        XCTAssertEqual(votes, votes.sorted(by: >), "most votes first")
        XCTAssertNotEqual(votes, (0..<byRank.ranking.count).map { s.board.cards[rankOrder[$0]]!.totalVotes }, "the board's example orders differently by votes")
        let screen = BoardView.render(s)
        assertSnapshot(screen, "prioritisation-by-votes-120x40")
        XCTAssertTrue(screen.line(0).contains("by votes"))
        press(&s, .char("g"))        // a gate change ranks again: the order by votes stays
        guard case .prioritisation(let regated) = s.mode else { return XCTFail() }
        XCTAssertTrue(regated.byVotes)
        XCTAssertEqual((0..<regated.ranking.count).map { s.board.cards[regated.ranking.entries[regated.rank(atRow: $0)].card]!.totalVotes }, votes)
        press(&s, .char("u"))
        press(&s, .char("o"))
        guard case .prioritisation(let back) = s.mode else { return XCTFail() }
        XCTAssertFalse(back.byVotes)
        XCTAssertEqual((0..<back.ranking.count).map { back.ranking.entries[back.rank(atRow: $0)].card }, rankOrder)
        XCTAssertFalse(BoardView.render(s).line(0).contains("by votes"))
    }

    func testMovingThroughThePanelByVotesFollowsTheTable() throws {
        var s = BoardState(board: try Fixture.exampleBoard("holiday-booking.json"), path: "h.json", width: 120, height: 40, useColor: false)
        press(&s, .char("p"), .char("o"), .home)
        guard case .prioritisation(var p) = s.mode else { return XCTFail() }
        XCTAssertEqual(p.focusRow, 0)
        var seen: [String] = []
        for _ in 0..<p.ranking.count {
            seen.append(p.focusCard!)
            press(&s, .char("j"))
            guard case .prioritisation(let q) = s.mode else { return XCTFail() }
            p = q
        }
        XCTAssertEqual(seen, (0..<p.ranking.count).map { p.ranking.entries[p.rank(atRow: $0)].card }, "j walks the rows in the order shown")
    }

    func testQuoteGoesBackAfterASearchAndAgainForward() {
        var s = Fixtures.state()
        XCTAssertEqual(s.focusCard, "cd_a")
        press(&s, .char("'"))
        XCTAssertTrue(s.message?.hasPrefix("nowhere to go back to") == true)
        press(&s, .char("/")); type(&s, "router"); press(&s, .enter)
        XCTAssertEqual(s.focusCard, "cd_h")
        XCTAssertEqual(s.journeyID, "jr_2")
        press(&s, .char("'"))
        XCTAssertEqual(s.focusCard, "cd_a", "back where the search started")
        XCTAssertEqual(s.journeyID, "jr_1")
        press(&s, .char("'"))
        XCTAssertEqual(s.focusCard, "cd_h", "' again: forward, as vim's ''")
        press(&s, .char("'"))
        XCTAssertEqual(s.focusCard, "cd_a")
    }

    func testQuoteGoesBackAfterFollowingALink() {
        var s = Fixtures.state()
        s.focus(card: "cd_o")
        press(&s, .char("g"), .char("l"), .enter)     // Nobody says when → its link
        XCTAssertEqual(s.focusCard, "cd_p")
        s.focus(card: "cd_b")                         // moving by hand is not a jump
        press(&s, .char("'"))
        XCTAssertEqual(s.focusCard, "cd_o", "back to the card the link was followed from")
    }

    func testStageNGoesToTheStageAndQuoteComesBack() {
        var s = Fixtures.state()
        command(&s, "stage 3")
        XCTAssertEqual(s.focusStage, "st_2")
        XCTAssertEqual(s.message, "stage 3/3: Use")
        command(&s, "stage 2")
        XCTAssertEqual(s.focusStage, "st_1")
        XCTAssertEqual(s.focusCard, "cd_c")
        press(&s, .char("'"))
        XCTAssertEqual(s.focusStage, "st_2")
        XCTAssertEqual(command(&s, "stage 9"), [.bell])
        XCTAssertEqual(s.message, "no stage 9: this journey has stages 1–3")
        XCTAssertEqual(command(&s, "stage 0"), [.bell])
        command(&s, "stage")
        XCTAssertTrue(s.message?.hasPrefix("usage: :stage add NAME") == true, s.message ?? "")
        XCTAssertTrue(s.message?.hasSuffix("| N") == true, s.message ?? "")
    }
}
