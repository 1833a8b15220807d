import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// A live board, the pure parts: others' edits merged in with pending edits of one's own,
/// undo of one's own edit after someone else's change, the room (live on and off, who is here,
/// the marks on the cells others are on) and the shared timebox.
final class LiveRoomTests: XCTestCase {
    func ben(stage: String = "st_1", lane: String = "ln_steps", timer: SharedTimer? = nil) -> Presence {
        Presence(name: "ben", journey: "jr_1", stage: stage, lane: lane, card: nil, live: true, timer: timer, pid: 42, host: "h")
    }

    /// What the loop does when the file changed: merge the file into the board, base = the
    /// version last synced, and hand the result to the board.
    func othersWrote(_ s: inout BoardState, base: Board, _ edit: (inout Board) -> Void) -> Board {
        var theirs = base
        edit(&theirs)
        let merged = LiveMerge.mergeIn(base: base, ours: s.board, theirs: theirs, me: s.workshop.participant)
        _ = reduce(&s, .othersEdited(merged.board, newConflicts: merged.conflicts.count, written: false))
        return theirs
    }

    func testOthersEditsMergeInWithPendingOwnEditsAndStayOffTheUndoHistory() {
        var s = Fixtures.state()
        let synced = s.board
        press(&s, .char("v"))                                    // own pending edit: a vote on cd_a
        XCTAssertTrue(s.isModified)
        _ = othersWrote(&s, base: synced) { $0.cards["cd_c"]!.text = "BEN WAS HERE"; $0.cards["cd_a"]!.votes["ben"] = 1 }
        XCTAssertEqual(s.board.cards["cd_c"]!.text, "BEN WAS HERE", "theirs shows at once")
        XCTAssertEqual(s.board.cards["cd_a"]!.votes["ben"], 1, "two votes on one card both count")
        XCTAssertEqual(s.board.cards["cd_a"]!.votes[s.workshop.participant], 1, "the pending own vote stays")
        XCTAssertTrue(s.isModified, "the own vote is still to be shared")
        XCTAssertEqual(s.undoCount, 1, "others' edits are not on this instance's undo history")
        press(&s, .char("u"))
        XCTAssertNil(s.board.cards["cd_a"]!.votes[s.workshop.participant], "undo takes back one's own vote")
        XCTAssertEqual(s.board.cards["cd_a"]!.votes["ben"], 1, "and not ben's")
        XCTAssertEqual(s.board.cards["cd_c"]!.text, "BEN WAS HERE")
    }

    func testTheSameFieldChangedByBothIsAConflictRecordOursLive() {
        var s = Fixtures.state()
        s.workshop.participant = "ana"
        let synced = s.board
        press(&s, .char("e")); press(&s, .ctrl("u")); type(&s, "ANA"); press(&s, .enter)
        XCTAssertEqual(s.board.cards["cd_a"]!.text, "ANA")
        _ = othersWrote(&s, base: synced) { $0.cards["cd_a"]!.text = "BEN" }
        XCTAssertEqual(s.board.cards["cd_a"]!.text, "ANA", "ours stays live")
        XCTAssertEqual(s.board.conflicts.map(\.path), ["cards/cd_a/text"])
        XCTAssertEqual(s.board.conflicts.first?.labels["ours"], "ana")
        XCTAssertTrue(s.message?.contains("1 conflict recorded") ?? false, s.message ?? "")
    }

    func testUndoOfOwnEditAfterSomeoneElseChangedThatCardKeepsTheirChange() {
        var s = Fixtures.state()
        press(&s, .shiftRight)                                    // move cd_a to st_1 (own edit)
        XCTAssertEqual(s.board.cards["cd_a"]!.stage, "st_1")
        let synced = s.board
        _ = reduce(&s, .shared)
        _ = othersWrote(&s, base: synced) { $0.cards["cd_a"]!.text = "renamed by ben" }
        press(&s, .char("u"))
        XCTAssertEqual(s.board.cards["cd_a"]!.stage, "st_0", "the own move is undone")
        XCTAssertEqual(s.board.cards["cd_a"]!.text, "renamed by ben", "their change to the card stays")
        XCTAssertTrue(s.message?.contains("someone else changed it since") ?? false, s.message ?? "")
        XCTAssertTrue(s.board.conflicts.isEmpty)
        press(&s, .ctrl("r"))
        XCTAssertEqual(s.board.cards["cd_a"]!.stage, "st_1", "redo moves it again")
        XCTAssertEqual(s.board.cards["cd_a"]!.text, "renamed by ben")
    }

    func testUndoNeverUndoesSomeoneElsesChangeToTheSameField() {
        var s = Fixtures.state()
        press(&s, .shiftRight)                                    // own: cd_a to st_1
        let synced = s.board
        _ = reduce(&s, .shared)
        _ = othersWrote(&s, base: synced) { $0.cards["cd_a"]!.stage = "st_2" }   // ben moved it on
        press(&s, .char("u"))
        XCTAssertEqual(s.board.cards["cd_a"]!.stage, "st_2", "ben's later move stays")
        XCTAssertTrue(s.board.conflicts.isEmpty, "an undo records no conflict")
        XCTAssertTrue(s.message?.contains("someone else changed it since") ?? false, s.message ?? "")
    }

    func testUndoNeverBringsBackACardSomeoneElseDeleted() {
        var s = Fixtures.state()
        press(&s, .char("e")); press(&s, .ctrl("u")); type(&s, "mine"); press(&s, .enter)   // own: edit cd_a
        let synced = s.board
        _ = reduce(&s, .shared)
        _ = othersWrote(&s, base: synced) { $0.cards["cd_a"] = nil }                        // ben deletes it
        XCTAssertNil(s.board.cards["cd_a"])
        press(&s, .char("u"))
        XCTAssertNil(s.board.cards["cd_a"], "ben's delete stays")
        XCTAssertTrue(s.board.conflicts.isEmpty)
        XCTAssertTrue(s.message?.contains("someone else changed it since") ?? false, s.message ?? "")
    }

    func testAFormCommittedAfterSomeoneElseChangedTheCardKeepsTheirFields() {
        var s = Fixtures.state()
        s.workshop.participant = "ana"
        press(&s, .char("e"))                                                    // the form opens on cd_a
        let synced = s.board
        _ = othersWrote(&s, base: synced) { $0.cards["cd_a"]!.owner = "ben"; $0.cards["cd_a"]!.notes = "ben's note" }
        press(&s, .ctrl("u")); type(&s, "ana's text")                            // text, in the form
        press(&s, .tab); press(&s, .ctrl("u")); type(&s, "ana's note")           // notes too
        press(&s, .ctrl("s"))                                                    // keeps (Enter in notes is a new line)
        let c = s.board.cards["cd_a"]!
        XCTAssertEqual(c.text, "ana's text")
        XCTAssertEqual(c.owner, "ben", "a field only ben changed stays his")
        XCTAssertEqual(c.notes, "ana's note", "the field both changed: ana's, the one committing, is live")
        XCTAssertEqual(s.board.conflicts.map(\.path), ["cards/cd_a/notes"])
        XCTAssertTrue(s.message?.contains("1 conflict recorded") ?? false, s.message ?? "")
        press(&s, .char("u"))
        XCTAssertEqual(s.board.cards["cd_a"]!.owner, "ben", "undo takes back ana's edit only")
        XCTAssertEqual(s.board.cards["cd_a"]!.text, "Orders online")
    }

    func testUndoWithoutOthersIsThePlainUndo() {
        var s = Fixtures.state()
        press(&s, .char("v"))
        press(&s, .char("u"))
        XCTAssertEqual(s.message, "undid: vote")
        XCTAssertEqual(s.board, Fixtures.board())
    }

    func testLiveTurnsOnWhenSomeoneArrivesAndOffWhenAlone() {
        var s = Fixtures.state()
        XCTAssertFalse(s.room.isLive)
        _ = reduce(&s, .room([ben()]))
        XCTAssertTrue(s.room.isLive)
        XCTAssertEqual(s.message, "live: 2 here — edits are shared as you make them")
        XCTAssertEqual(RoomEvents.statusText(s), "live · 2 here: ben, you")
        _ = reduce(&s, .room([]))
        XCTAssertFalse(s.room.isLive)
        XCTAssertEqual(s.message, "alone now — edits are saved when you say so (s)")
        XCTAssertNil(RoomEvents.statusText(s))
    }

    func testNoLiveStaysOnSaveOnDemandAndLiveOnIsLiveAlone() {
        var s = Fixtures.state()
        command(&s, "live off")
        _ = reduce(&s, .room([ben()]))
        XCTAssertFalse(s.room.isLive)
        XCTAssertEqual(RoomEvents.statusText(s), "not live · 2 here: ben, you")
        press(&s, .char("v"))
        XCTAssertEqual(press(&s, .char("q")), [], "not live, quitting with unsaved edits asks")
        press(&s, .escape)
        command(&s, "live on")
        XCTAssertTrue(s.room.isLive)
        XCTAssertTrue(s.message?.hasPrefix("live (2 here: ben, you)") ?? false, s.message ?? "")
        _ = reduce(&s, .room([]))
        XCTAssertTrue(s.room.isLive, "on: live even alone")
        XCTAssertEqual(RoomEvents.statusText(s), "live (alone)")
        XCTAssertEqual(press(&s, .char("q")), [.save(path: "test.json", quitAfter: true)], "live, quitting shares the last edits")
        command(&s, "live auto")
        XCTAssertFalse(s.room.isLive)
        command(&s, "live sideways")
        XCTAssertTrue(s.message?.hasPrefix("usage: :live") ?? false, s.message ?? "")
    }

    func testTypingHoldsTheWrite() {
        var s = Fixtures.state()
        XCTAssertFalse(s.isTyping)
        press(&s, .char("a"))
        XCTAssertTrue(s.isTyping)
        type(&s, "new")
        press(&s, .enter)
        XCTAssertFalse(s.isTyping)
        press(&s, .char(":"))
        XCTAssertTrue(s.isTyping)
    }

    func testTheCellsOthersAreOnAreMarkedAndTheStatusLineSaysWhoIsHere() {
        var s = Fixtures.state()
        s.workshop.participant = "ana"
        _ = reduce(&s, .room([ben(), Presence(name: "cy", journey: "jr_1", stage: "st_1", lane: "ln_steps", pid: 43, host: "h")]))
        let screen = BoardView.render(s)
        let text = screen.text
        XCTAssertTrue(text.contains("◆ben,cy─┼"), text)
        XCTAssertTrue(text.contains("› Waits for the          │"), "no card text is covered")
        XCTAssertTrue(text.contains("3 here: ben, cy, you"), text)
        _ = reduce(&s, .room([ben(stage: "st_0")]))
        XCTAssertTrue(BoardView.render(s).text.contains("◆ben─┼"), BoardView.render(s).text)
        XCTAssertEqual(s.message, "live: 2 here — cy left")
    }

    func testTheNarrowestTerminalStillDrawsTheRoom() {
        var s = Fixtures.state(width: Layout.minimumWidth, height: Layout.minimumHeight)
        _ = reduce(&s, .room([ben(stage: "st_0"), Presence(name: "a-very-long-participant-name", journey: "jr_1", stage: "st_0", lane: "ln_steps", pid: 43, host: "h")]))
        let screen = BoardView.render(s)
        XCTAssertEqual(screen.width, Layout.minimumWidth)
        XCTAssertTrue(screen.text.contains("◆"), screen.text)
    }

    func testPausingResumingAndExtendingTheTimeboxReachTheRoom() {
        var ana = Fixtures.state(), ben = Fixtures.state()
        ana.workshop.participant = "ana"; ben.workshop.participant = "ben"
        _ = reduce(&ana, .time(1000)); _ = reduce(&ben, .time(1000))
        command(&ana, "timer 5m")
        _ = reduce(&ben, .room([RoomEvents.presence(ana)]))
        XCTAssertEqual(ben.workshop.timerEnd, 1300)
        _ = reduce(&ana, .time(1060)); _ = reduce(&ben, .time(1060))
        command(&ana, "timer pause")
        _ = reduce(&ben, .room([RoomEvents.presence(ana)]))
        XCTAssertEqual(ben.message, "ana paused the timer at 4:00")
        _ = reduce(&ben, .time(1100))
        XCTAssertEqual(Facilitation.timerText(ben.workshop), "⏱ 4:00 paused", "paused in every terminal")
        _ = reduce(&ana, .time(1100))
        command(&ana, "timer resume")
        command(&ana, "timer +2m")
        _ = reduce(&ben, .room([RoomEvents.presence(ana)]))
        XCTAssertNil(ben.workshop.timerPausedLeft)
        XCTAssertEqual(Facilitation.timerText(ben.workshop), "⏱ 6:00", "resumed and extended in every terminal")
    }

    func testATimeboxSetElsewhereCountsDownHereAndTheNewestSettingWins() {
        var s = Fixtures.state()
        _ = reduce(&s, .time(1000))
        _ = reduce(&s, .room([ben(timer: SharedTimer(end: 1300, length: 300, setAt: 1000, by: "ben"))]))
        XCTAssertEqual(s.workshop.timerEnd, 1300)
        XCTAssertEqual(s.message, "ben started a 5:00 timebox")
        _ = reduce(&s, .time(1010))
        XCTAssertEqual(Facilitation.timerText(s.workshop), "⏱ 4:50")
        // this instance stops it later: its own setting is newer, ben's older one does not come back
        command(&s, "timer")
        XCTAssertNil(s.workshop.timerEnd)
        XCTAssertEqual(RoomEvents.presence(s).timer, SharedTimer(end: nil, length: 300, setAt: 1010, by: s.workshop.participant))
        _ = reduce(&s, .room([ben(stage: "st_0", timer: SharedTimer(end: 1300, length: 300, setAt: 1000, by: "ben"))]))
        XCTAssertNil(s.workshop.timerEnd)
        // ben stops it: stopped here too
        _ = reduce(&s, .room([ben(timer: SharedTimer(end: nil, length: 300, setAt: 1020, by: "ben"))]))
        XCTAssertEqual(s.message, "ben stopped the timer")
    }

    func testHiddenVotesFromAnotherInstanceTakeEffectAtOnce() {
        var s = Fixtures.state()
        let synced = s.board
        _ = othersWrote(&s, base: synced) { $0.scoring.votesHidden = true; $0.cards["cd_a"]!.votes["ben"] = 2 }
        XCTAssertTrue(s.votesHidden)
        XCTAssertEqual(s.shownVotes(s.board.cards["cd_a"]!), 0, "ben's votes are hidden here")
    }

    func testAPresenceRecordReadsBackAndIgnoresJunk() {
        let p = Presence(name: "ana\u{1b}[31m", journey: "jr_1", stage: "st_0", lane: nil, card: "cd_a", live: true,
                         timer: SharedTimer(end: 12.5, length: 300, setAt: 1, by: "ana"), heartbeat: 99, pid: 7, started: 5, host: "h")
        XCTAssertEqual(Presence.parse(p.bytes), p)
        XCTAssertNil(Presence.parse(Array("{\"name\":1}".utf8)))
        XCTAssertNil(Presence.parse(Array("not json".utf8)))
    }
}
