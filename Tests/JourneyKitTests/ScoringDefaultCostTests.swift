import XCTest
@testable import JourneyKit

/// A missing cost scores as the median cost of the board's opportunities that have one, and
/// says so; silent voting (`scoring.votesHidden`) is board state that reads, writes, merges and
/// is edited like the other scoring fields.
final class ScoringDefaultCostTests: XCTestCase {
    func testMedianOfOddAndEvenCounts() {
        var xs: [Double] = [9, 1, 5]
        XCTAssertEqual(CXScore.median(&xs), 5)
        xs = [8, 2, 4, 6]
        XCTAssertEqual(CXScore.median(&xs), 5) // mean of the middle two
        xs = []
        XCTAssertNil(CXScore.median(&xs))
        xs = [3, 3, 3, 3, 1]
        XCTAssertEqual(CXScore.median(&xs), 3)
        // against sorting, on many random arrays with ties
        var g = SeededGenerator(seed: 7)
        for n in 1...60 {
            var a = (0..<n).map { _ in Double(g.next() % 9) }
            let sorted = a.sorted()
            let want = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
            XCTAssertEqual(CXScore.median(&a), want, "n \(n)")
        }
    }

    /// An unestimated idea no longer ranks first: it costs the median (5 here), not 1.
    func testMissingCostIsTheMedianOfTheEstimates() {
        var f = ScoringFixture()
        f.addSecondJourney()
        let impact = ["satisfaction": 10.0, "effort": -1, "engagement": 5]
        f.card("cd_cheap", impact: impact, confidence: 80, cost: 2)
        f.card("cd_mid", impact: impact, confidence: 80, cost: 5)
        f.card("cd_dear", impact: impact, confidence: 80, cost: 13, journey: "jr_test000002") // another journey counts too
        f.card("cd_bad", impact: impact, confidence: 80, cost: 0)    // a check error: not an estimate
        f.card("cd_sol", kind: .solutions, cost: 100)                // not an opportunity: not an estimate
        f.card("cd_none", impact: impact, confidence: 80)
        let s = f.score("cd_none")
        XCTAssertTrue(s.costIsDefault)
        XCTAssertEqual(s.cost, 5)
        XCTAssertEqual(s.costEstimates, 3)
        XCTAssertEqual(s.costDefaultNote, "default: median of 3 estimates")
        XCTAssertEqual(s.priority!, s.cxScore / 5, accuracy: 1e-12)
        XCTAssertTrue(s.incomplete.contains("cost"))
        XCTAssertNil(f.score("cd_mid").costDefaultNote)
        // the same card with cost 5 ties it on priority, and the cheap one ranks above both
        let ranked = f.rankedIDs()
        XCTAssertEqual(ranked.first, "cd_cheap")
        XCTAssertLessThan(ranked.firstIndex(of: "cd_mid")!, ranked.firstIndex(of: "cd_dear")!)
        XCTAssertLessThan(ranked.firstIndex(of: "cd_none")!, ranked.firstIndex(of: "cd_dear")!)
        // the panel's ranking of one journey uses the whole board's median
        let r = CXScore.ranking(f.board, journey: ScoringFixture.journey)
        let e = r.entries.first { $0.card == "cd_none" }!
        XCTAssertEqual(e.cost, 5)
        XCTAssertEqual(r.scorer.costEstimates, 3)
        XCTAssertEqual(r.score(at: r.index(of: "cd_none")!)?.costDefaultNote, "default: median of 3 estimates")

        // an even count: the mean of the middle two
        f.card("cd_more", impact: impact, cost: 7)
        XCTAssertEqual(f.score("cd_none").cost, 6) // 2 5 | 7 13
    }

    func testNoEstimatesMeansOne() {
        var f = ScoringFixture()
        f.card("cd_a", impact: ["satisfaction": 10])
        let s = f.score("cd_a")
        XCTAssertEqual(s.cost, 1)
        XCTAssertEqual(s.costEstimates, 0)
        XCTAssertEqual(s.costDefaultNote, "default: no opportunity has a cost")
        XCTAssertEqual(CXScore.ranking(f.board).entries.first?.cost, 1)
    }

    /// An edit of one card's cost moves the median: the panel's in-place update re-ranks the
    /// cards that use it.
    func testUpdateFollowsTheMedian() {
        var f = ScoringFixture()
        let impact = ["satisfaction": 10.0, "effort": -1, "engagement": 5]
        f.card("cd_a", impact: impact, cost: 2)
        f.card("cd_b", "b", impact: ["satisfaction": 20, "effort": -1, "engagement": 5], cost: 3)
        f.card("cd_none", impact: impact)
        var r = CXScore.ranking(f.board)
        XCTAssertEqual(r.entries.first { $0.card == "cd_none" }?.cost, 2.5)
        _ = f.board.apply(.cost(card: "cd_b", 40))
        r.update(f.board, card: "cd_b")
        XCTAssertEqual(r.entries.first { $0.card == "cd_none" }?.cost, 21)
        XCTAssertEqual(r.entries.map(\.card), CXScore.ranked(f.board).map(\.card))
        XCTAssertEqual(r.scorer.defaultCost, 21)
    }

    // MARK: silent voting in the file

    func testVotesHiddenReadsAndWritesCanonically() throws {
        var b = ScoringFixture().board
        let shown = String(decoding: BoardCodec.write(b), as: UTF8.self)
        XCTAssertFalse(shown.contains("votesHidden"), "omitted when shown")
        b.scoring.votesHidden = true
        let text = String(decoding: BoardCodec.write(b), as: UTF8.self)
        XCTAssertTrue(text.contains("\"votesHidden\": true"))
        let back = try BoardCodec.read(Array(text.utf8))
        XCTAssertTrue(back.scoring.votesHidden)
        XCTAssertTrue(back.scoring.extra.isEmpty)
        XCTAssertEqual(String(decoding: BoardCodec.write(back), as: UTF8.self), text)
        // not a boolean: refused where it is
        let bad = text.replacingOccurrences(of: "\"votesHidden\": true", with: "\"votesHidden\": 1")
        XCTAssertThrowsError(try BoardCodec.read(Array(bad.utf8))) { e in
            XCTAssertTrue("\(e)".contains("votesHidden must be true or false"), "\(e)")
        }
    }

    func testVotesHiddenMergesAndEdits() {
        let base = ScoringFixture().board
        var ours = base; ours.scoring.votesHidden = true
        var theirs = base; theirs.scoring.gate = "any"
        let m = BoardMerge.merge(base: base, ours: ours, theirs: theirs)
        XCTAssertTrue(m.board.scoring.votesHidden)
        XCTAssertEqual(m.board.scoring.gate, "any")
        XCTAssertTrue(m.conflicts.isEmpty)
        let back = BoardMerge.merge(base: ours, ours: m.board, theirs: base).board // theirs shows them again
        XCTAssertFalse(back.scoring.votesHidden)

        var b = base
        XCTAssertEqual(try b.apply(.votesHidden(true)).get(), "vote counts hidden (silent voting) — :votes show reveals them")
        XCTAssertTrue(b.scoring.votesHidden)
        _ = b.apply(.votesHidden(false))
        XCTAssertFalse(b.scoring.votesHidden)
    }
}

extension ScoringDefaultCostTests {
    /// The one-pass `OpportunityScorer.scoreAll(board:)` equals scoring with the median known first.
    func testOnePassScoresEqualTheScorersScores() {
        var f = ScoringFixture()
        f.addSecondJourney()
        var g = SeededGenerator(seed: 11)
        for i in 0..<200 {
            let second = g.next() % 3 == 0
            f.card("cd_\(i)", impact: ["satisfaction": Double(g.next() % 20), "effort": -1, "engagement": 2],
                   confidence: 70, cost: [nil, 1, 2, 3, 5, 8, 13, 0][Int(g.next() % 8)],
                   journey: second ? "jr_test000002" : ScoringFixture.journey)
        }
        for journey in [nil, ScoringFixture.journey, "jr_test000002"] as [String?] {
            let eager = OpportunityScorer(f.board).scoreAll(journey: journey)
            let fused = OpportunityScorer.scoreAll(f.board, journey: journey)
            XCTAssertEqual(fused, eager)
            XCTAssertTrue(fused.contains { $0.costIsDefault && $0.costEstimates > 0 })
        }
    }
}
