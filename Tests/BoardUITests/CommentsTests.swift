import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// Comments on the board: `:comment TEXT`, the thread in the details form (add, resolve,
/// delete one's own), the 💬 mark and the `comments` filter. The clock is the one the test
/// gives (`.time`), the author the participant.
final class CommentsTests: XCTestCase {
    static let now = 1_796_597_400.0   // 2026-12-06T22:50:00Z

    func state(as participant: String = "ana") -> BoardState {
        var s = Fixtures.state()
        s.workshop.participant = participant
        _ = reduce(&s, .time(Self.now))
        s.focus(card: "cd_a")
        return s
    }

    func testCommentCommandAddsOneAsTheParticipantAtTheGivenTime() {
        var s = state()
        command(&s, "comment who says this is a pain?")
        let thread = s.board.cards["cd_a"]!.comments
        XCTAssertEqual(thread.count, 1)
        let id = thread.sortedKeys[0], c = thread[id]!
        XCTAssertTrue(id.hasPrefix("cm_") && id.count == 13, id)
        XCTAssertEqual(c, CardComment(author: "ana", time: "2026-12-06T22:50:00Z", text: "who says this is a pain?"))
        XCTAssertEqual(s.message, "comment added as ana — 1 open on this card")
        XCTAssertTrue(s.isModified)
        press(&s, .char("u"))
        XCTAssertTrue(s.board.cards["cd_a"]!.comments.isEmpty, "one undoable edit")
        // no text: the usage, nothing added
        command(&s, "comment")
        XCTAssertTrue(s.board.cards["cd_a"]!.comments.isEmpty)
        XCTAssertTrue(s.message?.contains(":comment TEXT") ?? false, s.message ?? "")
    }

    func testTheCardShowsItsOpenCommentsAndTheFilterFindsThem() {
        var s = state()
        command(&s, "comment first")
        command(&s, "comment second")
        let lines = Layout.cardLines(s.board.cards["cd_a"]!, kind: .steps, width: 40, focused: false, in: s)
        XCTAssertTrue(lines.joined().contains("💬2"), lines.joined(separator: "|"))
        // resolved comments are not counted; none open, no mark
        let ids = s.board.cards["cd_a"]!.comments.sortedKeys
        for id in ids { _ = Comments.toggleResolved(&s, card: "cd_a", comment: id) }
        XCTAssertFalse(Layout.cardLines(s.board.cards["cd_a"]!, kind: .steps, width: 40, focused: false, in: s).joined().contains("💬"))
        XCTAssertFalse(CardFilter("comments").matches(s.board.cards["cd_a"]!, in: s.board, conflicted: []))
        _ = Comments.toggleResolved(&s, card: "cd_a", comment: ids[0])
        XCTAssertTrue(CardFilter("comments").matches(s.board.cards["cd_a"]!, in: s.board, conflicted: []))
        XCTAssertFalse(CardFilter("comments").matches(s.board.cards["cd_b"]!, in: s.board, conflicted: []))
        XCTAssertNil(CardFilter("comments").error)
        XCTAssertFalse(CardFilter("\"comments\"").matches(s.board.cards["cd_a"]!, in: s.board, conflicted: []), "quoted: plain words")
    }

    func testTheMarkFitsANarrowCell() {
        var s = state()
        command(&s, "comment x")
        for w in [6, 8, 12, 20] {
            for line in Layout.cardLines(s.board.cards["cd_a"]!, kind: .steps, width: w, focused: false, in: s) {
                XCTAssertLessThanOrEqual(DisplayText.width(line), max(1, w - 3) + 2, "width \(w): \(line)")
            }
        }
    }

    func testTheFormAddsACommentWithTheOtherFieldsAsOneEdit() {
        var s = state()
        press(&s, .char("e"))
        guard case .form(let form) = s.mode else { return XCTFail("the form opens") }
        XCTAssertEqual(form.fields.last, .comment)
        for _ in 0..<(form.fields.count - 1) { press(&s, .tab) }
        type(&s, "needs evidence")
        press(&s, .enter)
        XCTAssertEqual(s.mode, .board)
        XCTAssertEqual(s.board.cards["cd_a"]!.comments.map(\.value.text), ["needs evidence"])
        XCTAssertEqual(s.board.cards["cd_a"]!.comments.map(\.value).first?.author, "ana")
        XCTAssertEqual(s.board.cards["cd_a"]!.comments.map(\.value).first?.time, "2026-12-06T22:50:00Z")
        // Esc drops an unkept comment
        press(&s, .char("e"))
        for _ in 0..<(form.fields.count - 1) { press(&s, .tab) }
        type(&s, "dropped")
        press(&s, .escape)
        XCTAssertEqual(s.board.cards["cd_a"]!.comments.count, 1)
    }

    func testTheFormResolvesAndDeletesOnlyYourOwn() {
        var s = state(as: "ben")
        command(&s, "comment ben's point")
        s.workshop.participant = "ana"
        _ = reduce(&s, .time(Self.now + 60))
        command(&s, "comment ana's point")
        let effects = press(&s, .char("e"))
        XCTAssertEqual(effects, [.lookUpCardHistory(cardID: "cd_a")], "the app is asked for the card's history")
        guard case .form(let form) = s.mode else { return XCTFail("the form opens") }
        XCTAssertEqual(form.thread.map { s.board.cards["cd_a"]!.comments[$0]!.author }, ["ben", "ana"], "oldest first")
        // Ctrl-T on a field: nothing to resolve
        XCTAssertEqual(press(&s, .ctrl("t")), [.bell])
        // Tab past the fields to ben's comment
        for _ in 0..<form.fields.count { press(&s, .tab) }
        guard case .form(let onBen) = s.mode else { return XCTFail() }
        XCTAssertEqual(s.board.cards["cd_a"]!.comments[onBen.focusedComment!]!.author, "ben")
        press(&s, .ctrl("t"))
        XCTAssertEqual(s.board.cards["cd_a"]!.comments[onBen.focusedComment!]!.resolved, true)
        XCTAssertEqual(s.message, "comment resolved (u undoes)")
        press(&s, .ctrl("x"))
        XCTAssertNotNil(s.board.cards["cd_a"]!.comments[onBen.focusedComment!], "not ana's to delete")
        XCTAssertTrue(s.message?.hasPrefix("only ben can delete this comment") ?? false, s.message ?? "")
        // to ana's own: deleted, and the thread follows
        press(&s, .tab)
        press(&s, .ctrl("x"))
        XCTAssertEqual(s.board.cards["cd_a"]!.comments.map(\.value.author), ["ben"])
        guard case .form(let after) = s.mode else { return XCTFail("the form stays open") }
        XCTAssertEqual(after.thread.count, 1)
        XCTAssertLessThan(after.focus, after.rowCount)
        // the resolve is kept when the form is cancelled, and undone by u
        press(&s, .escape)
        XCTAssertEqual(s.board.cards["cd_a"]!.comments.map(\.value).first?.resolved, true)
        press(&s, .char("u"), .char("u"))
        XCTAssertEqual(s.board.cards["cd_a"]!.comments.count, 2)
        XCTAssertEqual(s.board.cards["cd_a"]!.comments.filter { $0.value.resolved }.count, 0)
    }

    func testTheAppsAnswersReachTheBoard() {
        var s = state()
        press(&s, .char("e"))
        _ = reduce(&s, .cardHistory(cardID: "cd_a", lastChange: "2026-12-06 22:40 ben: ~ card “Orders online”: text"))
        guard case .form(let form) = s.mode else { return XCTFail() }
        XCTAssertEqual(form.lastChange, "2026-12-06 22:40 ben: ~ card “Orders online”: text")
        _ = reduce(&s, .cardHistory(cardID: "cd_b", lastChange: "other"))
        guard case .form(let same) = s.mode else { return XCTFail() }
        XCTAssertEqual(same.lastChange, form.lastChange, "another card's answer is not shown")
        press(&s, .escape)
        XCTAssertEqual(command(&s, "sync"), [.sync])
        var pulled = s.board
        pulled.cards["cd_b"]!.text = "pulled"
        let effects = reduce(&s, .synced(message: "synced: nothing to commit; pulled 1 commit: 1 card changed; nothing to push", board: pulled, failed: false))
        XCTAssertEqual(effects, [])
        XCTAssertEqual(s.board.cards["cd_b"]!.text, "pulled")
        XCTAssertFalse(s.isModified)
        XCTAssertEqual(s.message, "synced: nothing to commit; pulled 1 commit: 1 card changed; nothing to push")
        XCTAssertEqual(reduce(&s, .synced(message: "sync failed: no remote", board: nil, failed: true)), [.bell])
    }

    func testTheFormWithAThreadOnScreen() {
        var s = BoardState(board: exampleBoard("broadband-onboarding.json"), path: "boards/broadband-onboarding.json", width: 100, height: 36, useColor: true)
        let id = s.focusCard!
        s.workshop.participant = "ben"
        _ = reduce(&s, .time(Self.now))
        command(&s, "comment Who says this is a pain? We need a source.")
        s.workshop.participant = "ana"
        _ = reduce(&s, .time(Self.now + 120))
        command(&s, "comment NPS verbatims, Oct 2026 \u{1B}[31m (pasted)")
        _ = reduce(&s, .time(Self.now + 300))
        command(&s, "comment Linked the insight card.")
        press(&s, .char("e"))
        _ = reduce(&s, .cardHistory(cardID: id, lastChange: "2026-12-06 22:40 ben: ~ card text"))
        guard case .form(let form) = s.mode else { return XCTFail() }
        for _ in 0..<(form.fields.count + 1) { press(&s, .tab) }
        press(&s, .ctrl("t"))
        let screen = BoardView.render(s)
        assertSnapshot(screen, "card-form-thread-100x36")
        let text = SnapshotFormat.text(of: screen)
        XCTAssertTrue(text.contains("Thread — 2 open, 1 resolved"), text)
        XCTAssertTrue(text.contains("✓ ana · 2026-12-06 22:52 · NPS verbatims, Oct 2026 ␛[31m (pasted)"), text)
        XCTAssertTrue(text.contains("last change: 2026-12-06 22:40 ben: ~ card text"), text)
        XCTAssertFalse(text.contains("\u{1B}"))
    }
}

/// `:sync` now and on a schedule: the board asks the loop for `.sync`; a scheduled one waits
/// while text is typed.
final class SyncScheduleTests: XCTestCase {
    func testSyncNowAndOnASchedule() {
        var s = Fixtures.state()
        _ = reduce(&s, .time(1000))
        XCTAssertEqual(command(&s, "sync"), [.sync])
        XCTAssertEqual(command(&s, "sync --every 30s"), [])
        XCTAssertEqual(s.message, "syncing every 0:30 with the git remote (:sync --every off stops it)")
        XCTAssertEqual(reduce(&s, .time(1029)), [])
        XCTAssertEqual(reduce(&s, .time(1030)), [.sync])
        XCTAssertEqual(reduce(&s, .time(1031)), [], "once, then the next is 30 s on")
        // due while a card is being typed: waits for the board
        press(&s, .char("a"))
        XCTAssertEqual(reduce(&s, .time(1065)), [])
        press(&s, .escape)
        XCTAssertEqual(reduce(&s, .time(1066)), [.sync])
        XCTAssertEqual(command(&s, "sync every off"), [])
        XCTAssertEqual(reduce(&s, .time(2000)), [])
        XCTAssertEqual(command(&s, "sync --every 2s"), [.bell], "not more often than every 10 s")
        XCTAssertEqual(command(&s, "sync --every soon"), [.bell])
    }
}
