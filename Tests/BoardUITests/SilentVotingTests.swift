import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// Silent voting: `:votes hide` hides every count everywhere (cards, the `:votes` list and its
/// order, the panel, the votes filter), each participant still sees their own votes, and the
/// state is the board's (`scoring.votesHidden`): saved, undoable, seen by every instance.
final class SilentVotingTests: XCTestCase {
    func holiday(_ w: Int = 120, _ h: Int = 40) -> BoardState {
        var s = BoardState(board: exampleBoard("holiday-booking.json"), path: "boards/holiday-booking.json", width: w, height: h, useColor: false)
        s.workshop.participant = "claire"
        return s
    }

    func testHideIsABoardEditThatUndoes() {
        var s = Fixtures.state()
        command(&s, "votes hide")
        XCTAssertTrue(s.board.scoring.votesHidden, "saved in the board")
        XCTAssertTrue(s.isModified)
        XCTAssertTrue(s.message?.contains("vote counts hidden") ?? false, s.message ?? "")
        press(&s, .char("u"))
        XCTAssertFalse(s.board.scoring.votesHidden, "u undoes it")
        press(&s, .ctrl("r"))
        XCTAssertTrue(s.board.scoring.votesHidden)
        command(&s, "votes show")
        XCTAssertFalse(s.board.scoring.votesHidden)
        // a board that arrives hidden (another instance hid them) is hidden here too
        var other = Fixtures.state()
        other.board.scoring.votesHidden = true
        XCTAssertTrue(other.votesHidden)
    }

    func testTheVotesListIsInBoardOrderWithoutCounts() {
        var s = Fixtures.state()
        command(&s, "as mei")
        press(&s, .char("v"))                              // cd_a: 1
        press(&s, .char("l"), .char("v"), .char("v"))      // cd_c: 2
        XCTAssertEqual(Facilitation.votedCards(s), ["cd_c", "cd_a"], "shown: most votes first")
        command(&s, "votes hide")
        XCTAssertEqual(Facilitation.votedCards(s), ["cd_a", "cd_c"], "hidden: board order, which gives no count away")
        command(&s, "as sam")
        command(&s, "votes")
        let text = BoardView.render(s).text
        XCTAssertFalse(text.contains("●1") || text.contains("●2"), text)
        XCTAssertTrue(text.contains("votes — hidden: in board order"), text)
        assertSnapshot(BoardView.render(s), "votes-list-hidden-100x30")
    }

    func testTheBoardShowsOnlyYourOwnDots() {
        var s = holiday(120, 80)
        command(&s, "votes hide")
        let text = BoardView.render(s).text
        XCTAssertTrue(text.contains("you●2"), "claire's own two votes on the clone card")
        for n in 1...4 { XCTAssertFalse(text.contains(" ●\(n)"), "no count of everyone's votes:\n\(text)") }
        assertSnapshot(BoardView.render(s), "board-votes-hidden-holiday-booking-120x80")
    }

    func testThePanelShowsOnlyYourOwnVotes() {
        var s = holiday()
        press(&s, .char("p"))
        XCTAssertTrue(BoardView.render(s).line(1).contains("votes"))
        press(&s, .escape)
        command(&s, "votes hide")
        press(&s, .char("p"))
        let screen = BoardView.render(s)
        XCTAssertTrue(screen.line(1).contains("mine"), screen.line(1))
        XCTAssertFalse(screen.line(1).contains("votes"), screen.line(1))
        // the clone card (rank 1) has 3 votes, 2 of them claire's; the status panel 4, none hers
        XCTAssertTrue(screen.line(2).contains("     2  measured"), screen.line(2))
        XCTAssertTrue(screen.line(3).contains("     0  in-progress"), screen.line(3))
        assertSnapshot(screen, "panel-votes-hidden-holiday-booking-120x40")
    }

    func testTheVotesFilterKeepsYourOwnVotedCards() {
        var s = holiday()
        let b = s.board
        let f = CardFilter("votes")
        let jo = b.cards.values.filter { ($0.votes["jo"] ?? 0) > 0 && ($0.votes["claire"] ?? 0) == 0 }.first!
        XCTAssertTrue(f.matches(jo, in: b, conflicted: []), "shown: any vote")
        XCTAssertFalse(f.matches(jo, in: b, conflicted: [], voter: "claire"), "hidden: only claire's")
        XCTAssertTrue(f.matches(b.cards["cd_dqtzrmf19n"]!, in: b, conflicted: [], voter: "claire"))
        command(&s, "votes hide")
        command(&s, "filter votes")
        command(&s, "filter hide")
        let text = BoardView.render(s).text
        XCTAssertFalse(text.contains(String(jo.text.prefix(12))), "a card only jo voted for is hidden:\n\(text)")
    }
}
