import Foundation
import JourneyKit
import XCTest
import JourneyTestSupport

/// Facilitation with the real binary in tmux: voting as two participants, the timebox, links
/// across journeys, search across journeys.
final class WorkshopTests: XCTestCase {
    func session(_ dir: TemporaryDirectory, _ args: String) throws -> TmuxSession {
        let t = try TmuxSession("'\(JourneyBinary.path)' \(args)", width: 120, height: 40, cwd: dir.path)
        t.waitFor(text: "? help")
        return t
    }

    func testTwoParticipantsVoteInTurnWithinTheLimit() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        var board = try BoardFile.load(dir.file("board.json"))
        for id in board.cards.keys { board.cards[id]!.votes = [:] }
        board.scoring.votesPerParticipant = 2
        try BoardFile.save(board, to: dir.file("board.json"))

        let mei = try session(dir, "--as mei board.json")
        mei.waitFor(text: "mei: 2/2 votes")
        mei.press(.vote); mei.press(.vote)
        mei.waitFor(text: "mei: 0/2 votes")
        mei.press(.vote)
        mei.waitFor(text: "no votes left")
        mei.press(.save); mei.waitFor(text: "saved board.json")
        mei.press(.quit); XCTAssertEqual(mei.waitForExit(), 0)

        let sam = try session(dir, "--as sam board.json")
        sam.waitFor(text: "sam: 2/2 votes")
        sam.press(.vote); sam.press(.move(.down)); sam.press(.vote)
        sam.waitFor(text: "sam: 0/2 votes")
        sam.press(.save); sam.waitFor(text: "saved board.json")
        sam.press(.quit); XCTAssertEqual(sam.waitForExit(), 0)

        let after = try BoardFile.load(dir.file("board.json"))
        let voted = after.cards.values.filter { !$0.votes.isEmpty }
        XCTAssertEqual(voted.reduce(0) { $0 + ($1.votes["mei"] ?? 0) }, 2)
        XCTAssertEqual(voted.reduce(0) { $0 + ($1.votes["sam"] ?? 0) }, 2)
        XCTAssertTrue(voted.contains { $0.votes == ["mei": 2, "sam": 1] }, "votes are stored per participant on the same card")
        XCTAssertEqual(JourneyBinary.run(["check", dir.file("board.json")]).status, 0)
    }

    func testTimerTicksWithoutKeyPresses() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        let t = try session(dir, "board.json")
        t.press(.commandLine); t.type("timer 5m"); t.keys("Enter")
        let first = t.waitFor(text: "⏱ ")
        func shown(_ s: String) -> String? {
            guard let r = s.range(of: "⏱ ") else { return nil }
            return String(s[r.upperBound...].prefix { $0.isNumber || $0 == ":" })
        }
        let a = shown(first)
        // two seconds later, with no key pressed, the countdown has moved
        t.waitUntil("the timer to move on from \(a ?? "nothing")", timeout: 10) { shown($0) != nil && shown($0) != a }
        XCTAssertTrue(a?.hasPrefix("5:00") == true || a?.hasPrefix("4:5") == true, a ?? "")
        t.press(.quit); XCTAssertEqual(t.waitForExit(), 0)
    }

    func testLinkAcrossJourneysSurvivesSaveAndCheck() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("broadband-onboarding.json", as: "board.json")
        let before = try BoardFile.load(dir.file("board.json"))
        let t = try session(dir, "board.json")
        // the focus starts on the first card of the first cell of journey 1; link it to the
        // first card of journey 2
        func firstCard(_ b: Board, journey n: Int) -> String {
            let j = b.orderedJourneys[n].id
            return CellIndex(b).ids(stage: b.stages(of: j)[0].id, lane: b.lanes(of: j)[0].id)[0]
        }
        let source = firstCard(before, journey: 0)
        t.keys("g"); t.keys("L")
        t.waitFor(text: "link mode")
        t.keys("]")
        t.waitFor(text: "journey 2/2")
        t.keys("Enter")
        t.waitFor(text: "linked")
        t.keys("Escape")
        t.waitFor(text: "link mode ended")   // Esc and a key within 25 ms would read as Alt+key
        t.press(.save); t.waitFor(text: "saved board.json")
        t.press(.quit); XCTAssertEqual(t.waitForExit(), 0)
        let after = try BoardFile.load(dir.file("board.json"))
        let target = firstCard(after, journey: 1)
        XCTAssertTrue(after.cards[source]!.links.contains(target), "the link to the other journey's card was saved")
        XCTAssertNotEqual(after.journeyID(ofCard: after.cards[source]!), after.journeyID(ofCard: after.cards[target]!))
        let check = JourneyBinary.run(["check", dir.file("board.json")])
        XCTAssertEqual(check.status, 0, check.stderr)
    }

    func testSearchFindsACardInAnotherJourney() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("broadband-onboarding.json", as: "board.json")
        let board = try BoardFile.load(dir.file("board.json"))
        let second = board.orderedJourneys[1]
        let card = try XCTUnwrap(board.cards.values.filter { board.journeyID(ofCard: $0) == second.id }.min { $0.id < $1.id })
        let needle = String(card.text.prefix(12))
        let t = try session(dir, "board.json")
        t.press(.search); t.type(needle); t.keys("Enter")
        // the header and the message line arrive in one frame, but a capture can fall between them
        t.waitUntil("search to bring the other journey's card into view") { $0.contains("journey 2/2") && $0.contains("match 1 of") }
        t.press(.quit); XCTAssertEqual(t.waitForExit(), 0)
    }
}
