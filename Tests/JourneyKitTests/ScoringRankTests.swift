import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// Rank order: gate-passing first; then priority ↓, cxScore ↓, text ↑ (code point), id ↑.
final class ScoringRankTests: XCTestCase {
    /// One metric (satisfaction 0–100, weight 1), so CX = impact · reach/100 · confidence/100.
    func fixture() -> ScoringFixture {
        ScoringFixture(metrics: ["satisfaction": ScoringFixture.metric("satisfaction")], gate: "all")
    }

    func testPriorityThenCxScore() {
        var f = fixture()
        f.card("cd_a", "A", impact: ["satisfaction": 10], confidence: 100, reach: 100, cost: 2) // CX 10, priority 5
        f.card("cd_b", "B", impact: ["satisfaction": 20], confidence: 100, reach: 100, cost: 4) // CX 20, priority 5
        f.card("cd_c", "C", impact: ["satisfaction": 12], confidence: 100, reach: 100, cost: 2) // CX 12, priority 6
        f.card("cd_d", "D", impact: ["satisfaction": 40], confidence: 100, reach: 100, cost: 10) // CX 40, priority 4
        XCTAssertEqual(f.rankedIDs(), ["cd_c", "cd_b", "cd_a", "cd_d"])
    }

    func testGatePassingFirst() {
        var f = fixture()
        f.card("cd_big", impact: ["satisfaction": -1], confidence: 100, reach: 100, cost: 0.01) // fails, priority −100
        f.card("cd_zero", impact: ["satisfaction": 0], confidence: 100, reach: 100, cost: 1)   // fails (0 is no improvement)
        f.card("cd_small", impact: ["satisfaction": 1], confidence: 10, reach: 10, cost: 50)   // passes, tiny priority
        XCTAssertEqual(f.rankedIDs(), ["cd_small", "cd_zero", "cd_big"])
        XCTAssertEqual(f.rankedIDs(gate: .none), ["cd_small", "cd_zero", "cd_big"])
        f.board.cards["cd_big"]!.impact["satisfaction"] = 1
        XCTAssertEqual(f.rankedIDs(), ["cd_big", "cd_small", "cd_zero"])
    }

    /// Equal priority and CX score: text by code point ("Zebra" before "apple", ASCII before CJK).
    func testTextByCodePoint() {
        var f = fixture()
        for (id, text) in [("cd_1", "apple"), ("cd_2", "Zebra"), ("cd_3", "优惠券提醒"), ("cd_4", "Äpfel"), ("cd_5", "Apple")] {
            f.card(id, text, impact: ["satisfaction": 10], confidence: 50, reach: 100, cost: 1)
        }
        XCTAssertEqual(f.rankedIDs().map { f.board.cards[$0]!.text }, ["Apple", "Zebra", "apple", "Äpfel", "优惠券提醒"])
    }

    /// Everything equal but the id.
    func testIDLast() {
        var f = fixture()
        for id in ["cd_q", "cd_b", "cd_z", "cd_a"] {
            f.card(id, "Same text", impact: ["satisfaction": 10], confidence: 50, reach: 100, cost: 1)
        }
        XCTAssertEqual(f.rankedIDs(), ["cd_a", "cd_b", "cd_q", "cd_z"])
    }

    /// 100 · 0.1 · 0.7 = 7.0 and 100 · 0.07 = 7.000000000000001: equal to the room, so text decides.
    func testFloatNoiseNeverDecides() {
        var f = fixture()
        f.card("cd_a", "Alpha", impact: ["satisfaction": 10], confidence: 70, reach: 100, cost: 1)
        f.card("cd_b", "Beta", impact: ["satisfaction": 7], confidence: 100, reach: 100, cost: 1)
        let a = f.score("cd_a"), b = f.score("cd_b")
        XCTAssertLessThan(a.cxScore, b.cxScore, "the two differ in the last bit")
        XCTAssertEqual(a.cxScore, b.cxScore, accuracy: 1e-12)
        XCTAssertEqual(f.rankedIDs(), ["cd_a", "cd_b"])
    }

    /// The order is total: sorting any permutation gives the same ranking.
    func testRankIsDeterministic() {
        var f = ScoringFixture()
        var g = SeededGenerator(seed: 7)
        for i in 0..<300 {
            let pick: (Double) -> Double = { Double(Int(g.next() % UInt64($0))) }
            f.card("cd_\(i)", ["same", "other", "third"][i % 3],
                   impact: ["satisfaction": pick(5), "effort": -pick(3), "engagement": pick(3) - 1],
                   confidence: [nil, 50, 80][i % 3], reach: [nil, 100][i % 2], cost: [nil, 1, 2, 0][i % 4])
        }
        let scores = OpportunityScorer(f.board).scoreAll()
        let ranked = CXScore.rank(scores)
        for _ in 0..<5 {
            var shuffled = scores
            shuffled.shuffle(using: &g)
            XCTAssertEqual(CXScore.rank(shuffled).map(\.card), ranked.map(\.card))
        }
        // invalid (cost 0) last; within valid ones gate-passing first
        let firstInvalid = ranked.firstIndex { !$0.isValid }!
        XCTAssertTrue(ranked[firstInvalid...].allSatisfy { !$0.isValid })
        let valid = ranked[..<firstInvalid]
        let firstFailing = valid.firstIndex { !$0.passesGate } ?? valid.endIndex
        XCTAssertTrue(valid[firstFailing...].allSatisfy { !$0.passesGate })
        for (x, y) in zip(valid, valid.dropFirst()) where x.passesGate == y.passesGate {
            XCTAssertGreaterThanOrEqual(x.priority! + 1e-9, y.priority!)
        }
    }
}


extension ScoringRankTests {
    /// Scores compare by what they show: a missing impact equals a missing impact.
    func testScoresAreEquatable() {
        var f = ScoringFixture()
        f.card("cd_a", impact: ["satisfaction": 3])
        XCTAssertEqual(f.score("cd_a"), f.score("cd_a"))
        var g = f
        g.board.cards["cd_a"]!.impact["effort"] = 0
        XCTAssertNotEqual(f.score("cd_a"), g.score("cd_a"), "0 given is not the same as missing")
    }
}
