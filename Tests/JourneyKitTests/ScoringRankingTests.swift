import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// `CXScore.ranking` (numbers only, for the panel) ranks exactly as `CXScore.ranked`, and
/// `Ranking.updating` after an edit gives what a fresh ranking would.
final class ScoringRankingTests: XCTestCase {
    /// Many ties (round numbers, repeated texts), some invalid, some incomplete, two journeys.
    func randomBoard(_ seed: UInt64, cards: Int = 400) -> ScoringFixture {
        var f = ScoringFixture()
        f.addSecondJourney()
        var g = SeededGenerator(seed: seed)
        func pick(_ k: Int) -> Int { Int(g.next() % UInt64(k)) }
        let texts = ["Live ETA", "Live ETA by SMS", "Live ETA by SMS, then a call", "Live ETA by SMS, then an email",
                     "Tracker", "会员续费", "会员续费提醒短信", "Zebra", "apple", "Äpfel", "same"]
        for i in 0..<cards {
            var impact: [String: Double] = [:]
            if pick(6) > 0 { impact["satisfaction"] = Double(pick(4)) * 5 - 5 }
            if pick(6) > 0 { impact["effort"] = -Double(pick(3)) * 0.5 }
            if pick(6) > 0 { impact["engagement"] = Double(pick(3)) * 2 }
            if pick(40) == 0 { impact["nps"] = 3 }
            let second = pick(3) == 0
            f.card("cd_\(String(i, radix: 36))", texts[pick(texts.count)], kind: pick(12) == 0 ? .solutions : .opportunities,
                   stage: second ? "st2_a" : "st_s\(1 + pick(3))", impact: impact,
                   confidence: [nil, 50, 80, 100][pick(4)], reach: [nil, 50, 100][pick(3)], cost: [nil, 1, 2, 4, 0][pick(5)],
                   status: ["idea", "shipped", "measured"][pick(3)], measured: pick(4) == 0 ? ["satisfaction": 2] : [:],
                   journey: second ? "jr_test000002" : ScoringFixture.journey)
        }
        return f
    }

    func assertSame(_ r: Ranking, _ board: Board, gate: Gate? = nil, journey: String? = nil,
                    file: StaticString = #filePath, line: UInt = #line) {
        let full = CXScore.ranked(board, gate: gate, journey: journey)
        XCTAssertEqual(r.entries.map(\.card), full.map(\.card), file: file, line: line)
        for (e, s) in zip(r.entries, full) where e.card == s.card {
            XCTAssertEqual(e.cxScore, s.cxScore, file: file, line: line)
            XCTAssertEqual(e.priority, s.priority, file: file, line: line)
            XCTAssertEqual(e.value, s.value, file: file, line: line)
            XCTAssertEqual(e.cost, s.cost, file: file, line: line)
            XCTAssertEqual(e.passesGate, s.passesGate, file: file, line: line)
            XCTAssertEqual(e.isValid, s.isValid, "\(e.card): \(s.problems)", file: file, line: line)
            XCTAssertEqual(e.isIncomplete, s.isIncomplete, file: file, line: line)
            XCTAssertEqual(e.journey, s.journey, file: file, line: line)
        }
    }

    func testRankingMatchesRanked() {
        for seed in [1, 2, 3] as [UInt64] {
            let f = randomBoard(seed)
            assertSame(CXScore.ranking(f.board), f.board)
            assertSame(CXScore.ranking(f.board, gate: .any), f.board, gate: .any)
            assertSame(CXScore.ranking(f.board, gate: .none, journey: "jr_test000002"), f.board, gate: .none, journey: "jr_test000002")
        }
        let r = CXScore.ranking(randomBoard(1).board)
        XCTAssertTrue(r.entries.contains { !$0.isValid } && r.entries.contains { $0.isIncomplete })
        XCTAssertEqual(r.score(at: 0)?.card, r.entries[0].card)
        XCTAssertNil(r.score(at: r.count))
        XCTAssertEqual(r.index(of: r.entries[5].card), 5)
    }

    func testExampleBoards() throws {
        for name in ["broadband-onboarding.json", "holiday-booking.json", "membership-self-service.json"] {
            let b = try Fixture.exampleBoard(name)
            assertSame(CXScore.ranking(b), b)
        }
    }

    /// Edits one card at a time; each update equals a fresh ranking.
    func testUpdatingAfterEachEdit() {
        var f = randomBoard(9, cards: 300)
        var r = CXScore.ranking(f.board)
        var g = SeededGenerator(seed: 42)
        func pick(_ k: Int) -> Int { Int(g.next() % UInt64(k)) }
        let ids = f.board.cards.keys.sorted()
        for step in 0..<250 {
            let id = step % 50 == 49 ? "cd_new\(step)" : ids[pick(ids.count)]
            switch pick(9) {
            case 0: if f.board.cards[id] != nil { _ = f.board.apply(.confidence(card: id, [nil, 0, 35, 70, 100][pick(5)])) }
            case 1: if f.board.cards[id] != nil { _ = f.board.apply(.cost(card: id, [nil, 0.5, 3, 8][pick(4)])) }
            case 2: if f.board.cards[id] != nil { _ = f.board.apply(.impact(card: id, metric: "effort", [nil, -1, 0, 1][pick(4)])) }
            case 3: f.board.cards[id]?.text = ["Live ETA", "apple", "Zebra", "新"][pick(4)]
            case 4: f.board.cards[id] = nil
            case 5: f.board.cards[id]?.lane = ["ln_solutions", "ln_opportunities", "ln_touchpoints"][pick(3)]
            case 6: f.board.cards[id]?.cost = 0
            default:
                f.card(id, "Added", impact: ["satisfaction": Double(pick(3)) * 5], confidence: 70, cost: Double(1 + pick(3)))
            }
            if step % 2 == 0 { r.update(f.board, card: id) } else { r = r.updating(f.board, card: id) } // in place, or a copy
            assertSame(r, f.board)
        }
        // a change of hero metric or gate re-ranks everything
        _ = f.board.apply(.metricWeight("effort", 0))
        r = r.updating(f.board, card: ids[0])
        assertSame(r, f.board)
        _ = f.board.apply(.gate(.any))
        r = r.updating(f.board, card: ids[0])
        assertSame(r, f.board)
        XCTAssertEqual(r.gate, .any)
        // a --gate style override and a journey filter are kept
        var s = CXScore.ranking(f.board, gate: .none, journey: "jr_test000002")
        f.board.cards[ids[1]]?.confidence = 1
        s = s.updating(f.board, card: ids[1])
        assertSame(s, f.board, gate: .none, journey: "jr_test000002")
    }
}
