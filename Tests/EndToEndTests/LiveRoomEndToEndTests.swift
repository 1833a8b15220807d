import Foundation
import JourneyKit
import XCTest
import JourneyTestSupport

/// A live room with the real binary: three instances on one file in tmux (`--as` three names)
/// see each other's edits without a key pressed, votes made at the same moment both count, an
/// instance killed with SIGKILL loses nobody else's work and leaves a valid file, the presence
/// line shows who is here; and a soak of instances editing at random.
final class LiveRoomEndToEndTests: XCTestCase {
    func open(_ dir: TemporaryDirectory, as name: String, _ extra: String = "") throws -> TmuxSession {
        let t = try TmuxSession("'\(JourneyBinary.path)' board.json --as \(name) \(extra)", width: 120, height: 40, cwd: dir.path,
                                environment: ["SWIFT_BACKTRACE": "interactive=no"])
        t.waitFor(text: "? help")
        return t
    }

    func smallBoard() -> TemporaryDirectory {
        let dir = TemporaryDirectory()
        XCTAssertNoThrow(try BoardFile.save(Fixture.twoJourneyBoard(), to: dir.file("board.json")))
        return dir
    }

    /// Polls the board file until `predicate` holds; fails the test when it never does.
    @discardableResult
    func waitForBoard(_ path: String, _ what: String, timeout: TimeInterval = 20,
                      file: StaticString = #filePath, line: UInt = #line, _ predicate: (Board) -> Bool) -> Board? {
        let deadline = Date().addingTimeInterval(timeout)
        var last: Board?
        while true {
            if let b = try? BoardFile.load(path) { last = b; if predicate(b) { return b } }
            if Date() > deadline { XCTFail("timed out after \(timeout) s waiting for \(what)", file: file, line: line); return last }
            usleep(50_000)
        }
    }

    func check(_ dir: TemporaryDirectory, file: StaticString = #filePath, line: UInt = #line) {
        let r = JourneyBinary.run(["check", "board.json"], cwd: dir.path)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr, file: file, line: line)
    }

    func testThreeInstancesShareEditsVotesAndSurviveOneKilled() throws {
        let dir = smallBoard()
        let ana = try open(dir, as: "ana")
        let ben = try open(dir, as: "ben")
        let cy = try open(dir, as: "cy")
        ana.waitFor(text: "3 here: ben, cy, you")
        ben.waitFor(text: "3 here: ana, cy, you")
        cy.waitFor(text: "3 here: ana, ben, you")
        ana.waitFor(text: "live: 3 here")

        // an edit in one appears in the other two, no key pressed there
        ana.press(.addCard); ana.type("ANA ADDED THIS"); ana.keys("Enter")
        ben.waitFor(text: "ANA ADDED THIS")
        cy.waitFor(text: "ANA ADDED THIS")
        // the others' cell marks: ben and cy are both on the first cell, as ana is
        ana.waitFor(text: "◆ben,cy")

        // votes by two participants at the same moment both count (on the focused first card)
        ben.press(.vote); cy.press(.vote)
        let voted = waitForBoard(dir.file("board.json"), "ben's and cy's votes on cd_a") {
            $0.cards["cd_a"]?.votes["ben"] == 1 && $0.cards["cd_a"]?.votes["cy"] == 1
        }
        XCTAssertEqual(voted?.cards["cd_a"]?.totalVotes, 2)
        ana.waitFor(text: "Orders online  ●2")

        // cy is killed in the middle of typing a card; the others' work goes on and is kept
        cy.press(.addCard); cy.type("HALF TYPED")
        cy.waitFor(text: "HALF TYPED")
        let cyPID = try XCTUnwrap(cy.programPID())
        kill(cyPID, SIGKILL)
        let deadline = Date().addingTimeInterval(20)
        while kill(cyPID, 0) == 0 || errno != ESRCH {
            if Date() > deadline { XCTFail("cy's journey did not end after SIGKILL"); break }
            usleep(20_000)
        }
        ben.press(.move(.right)); ben.press(.editCard); ben.keys("C-u"); ben.type("BEN EDITED"); ben.keys("Enter")
        ana.waitFor(text: "BEN EDITED")
        ana.waitFor(text: "2 here: ben, you", timeout: 15)
        ben.waitFor(text: "2 here: ana, you", timeout: 15)
        check(dir)

        ana.press(.quit)
        XCTAssertEqual(ana.waitForExit(), 0)
        ben.waitFor(text: "alone now")
        ben.press(.quit)
        XCTAssertEqual(ben.waitForExit(), 0)
        let b = try BoardFile.load(dir.file("board.json"))
        XCTAssertEqual(b.cards.values.filter { $0.text == "ANA ADDED THIS" }.count, 1)
        XCTAssertEqual(b.cards["cd_c"]?.text, "BEN EDITED")
        XCTAssertEqual(b.cards["cd_a"]?.votes, ["ben": 1, "cy": 1])
        XCTAssertFalse(b.cards.values.contains { $0.text.contains("HALF TYPED") }, "an uncommitted text is never written")
        XCTAssertTrue(b.conflicts.isEmpty)
        check(dir)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file(".board.json.journey-room")),
                       "the room is gone once everyone left (the killed instance's entry was dropped as stale)")
    }

    func testATimeboxAndSilentVotingReachEveryone() throws {
        let dir = smallBoard()
        let ana = try open(dir, as: "ana")
        let ben = try open(dir, as: "ben")
        ana.waitFor(text: "2 here: ben, you")
        ana.press(.commandLine); ana.type("timer 5m"); ana.keys("Enter")
        ben.waitFor(text: "ana started a 5:00 timebox")
        ben.waitFor(text: "⏱ 4:5")
        ben.press(.vote)
        ana.waitFor(text: "Orders online  ●1")
        ana.press(.commandLine); ana.type("votes hide"); ana.keys("Enter")
        ben.waitFor(text: "Orders online  you●1")
        ana.waitForAbsence(of: "●1")
        ana.press(.commandLine); ana.type("votes show"); ana.keys("Enter")
        ana.waitFor(text: "Orders online  ●1")
        ben.waitFor(text: "Orders online  ●1")
        ben.press(.commandLine); ben.type("timer"); ben.keys("Enter")
        ana.waitFor(text: "ben stopped the timer")
        ana.waitForAbsence(of: "⏱")
        ana.press(.quit); ben.press(.quit)
        XCTAssertEqual(ana.waitForExit(), 0)
        XCTAssertEqual(ben.waitForExit(), 0)
    }

    func testNoLiveKeepsSaveOnDemandInASharedRoom() throws {
        let dir = smallBoard()
        let ana = try open(dir, as: "ana")
        let ben = try open(dir, as: "ben", "--no-live")
        ben.waitFor(text: "not live · 2 here: ana, you")
        ana.waitFor(text: "live · 2 here: ben, you")
        ben.press(.vote)
        ben.waitFor(text: "[+]")
        usleep(500_000)
        XCTAssertNil(try BoardFile.load(dir.file("board.json")).cards["cd_a"]?.votes["ben"], "not written until saved")
        ben.press(.save)
        ben.waitFor(text: "saved board.json")
        ana.waitFor(text: "Orders online  ●1")
        ben.press(.quit); XCTAssertEqual(ben.waitForExit(), 0)
        ana.press(.quit); XCTAssertEqual(ana.waitForExit(), 0)
    }

    /// Instances adding, moving and voting at random (seeded) for a bounded number of actions,
    /// each acting a few milliseconds after the last (so writes overlap):
    /// afterwards every added card is in the file exactly once, every participant's votes are
    /// what their own screen counted, and `journey check` passes.
    func testSoakOfInstancesEditingAtRandom() throws {
        let dir = smallBoard()
        let names = ["ana", "ben", "cy", "dee"]
        var rooms: [TmuxSession] = []
        for n in names { rooms.append(try open(dir, as: n)) }
        for t in rooms { t.waitFor(text: "4 here") }
        var rng = SeededGenerator(seed: 14)
        var added: [String] = []
        let actions = 60
        for step in 0..<actions {
            let who = step % names.count
            let t = rooms[who]
            switch rng.next() % 6 {
            case 0, 1:
                // a card of one's own, sometimes moved on at once (only one's own cards move:
                // two people moving one card to two places at once is a real conflict)
                let text = "S\(names[who])\(step)"
                t.press(.addCard); t.type(text); t.keys("Enter")
                added.append(text)
                t.waitFor(text: text)
                if rng.next() % 2 == 0 { t.press(.moveCard(rng.next() % 2 == 0 ? .right : .left)) }
            case 2: t.press(.vote)
            case 3: t.press(.move(rng.next() % 2 == 0 ? .right : .left))
            case 4: t.press(.move(rng.next() % 2 == 0 ? .down : .up))
            default: t.press(.vote)
            }
            usleep(UInt32(rng.next() % 60) * 1000)
        }
        // every added card reaches every instance
        for t in rooms { for text in added { t.waitFor(text: text) } }
        // each participant's own count of their votes, before quitting
        var used: [String: Int] = [:]
        for (i, t) in rooms.enumerated() {
            let screen = t.waitFor(text: "\(names[i]): ")
            let r = try XCTUnwrap(screen.range(of: "\(names[i]): "))
            let budget = screen[r.upperBound...].prefix { $0.isNumber || $0 == "/" }.split(separator: "/").compactMap { Int($0) }
            XCTAssertEqual(budget.count, 2, screen)
            used[names[i]] = (budget.last ?? 0) - (budget.first ?? 0)
        }
        for t in rooms { t.press(.quit); XCTAssertEqual(t.waitForExit(), 0) }
        let b = try BoardFile.load(dir.file("board.json"))
        for text in added { XCTAssertEqual(b.cards.values.filter { $0.text == text }.count, 1, text) }
        XCTAssertEqual(b.cards.count, Fixture.twoJourneyBoard().cards.count + added.count)
        for n in names { XCTAssertEqual(b.cards.values.reduce(0) { $0 + ($1.votes[n] ?? 0) }, used[n], "\(n)'s votes") }
        check(dir)
    }
}
