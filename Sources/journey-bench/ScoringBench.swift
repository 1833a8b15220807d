import JourneyKit

/// Figures of one scoring benchmark (release build; medians over `runs`).
public struct ScoringBenchResult: Sendable {
    public var opportunities: Int
    public var touchpoints: Int
    public var runs: Int
    /// Score and rank every opportunity, numbers only (`CXScore.ranking`): what the panel
    /// computes when it opens. The headline figure.
    public var rankingMedianMs: Double
    public var rankingMinMs: Double
    public var rankingP99Ms: Double
    /// Score and rank with every explanation built (`CXScore.ranked`): what `journey score` prints.
    public var rankedMedianMs: Double
    /// One edit, then re-rank (`Ranking.updating`): what the panel does per keystroke.
    public var updateMedianMs: Double
    /// Re-score one card after an edit (`OpportunityScorer.score`), in microseconds.
    public var rescoreOneMedianUs: Double
    /// Journey vs touchpoints for every journey, plus the per-stage curves of every journey.
    public var touchpointsMedianMs: Double
    /// The top-ranked card (so the work cannot be optimised away, and runs can be compared).
    public var first: String

    public var summary: String {
        "scoring \(opportunities) opportunities: ranking median \(ScoringBench.ms(rankingMedianMs)) ms "
            + "(min \(ScoringBench.ms(rankingMinMs)), p99 \(ScoringBench.ms(rankingP99Ms)), \(runs) runs); "
            + "with explanations \(ScoringBench.ms(rankedMedianMs)) ms; edit + re-rank \(ScoringBench.ms(updateMedianMs)) ms; "
            + "re-score one card \(ScoringBench.ms(rescoreOneMedianUs)) µs; "
            + "journey vs touchpoints + curves (\(touchpoints) touchpoints) \(ScoringBench.ms(touchpointsMedianMs)) ms"
    }
}

/// Scores a generated board of `cards` opportunities (10 journeys × 8 stages; a quarter as many
/// touchpoints with measured metrics; round numbers, so many ties; some fields missing),
/// `runs` times. Goal: ≤ 50 ms to rank 100k opportunities in release.
public func benchScoring(cards: Int, runs: Int = 9, seed: UInt64 = 0x5C0_4E) -> ScoringBenchResult {
    benchScoring(board: ScoringBench.makeBoard(opportunities: cards, seed: seed), runs: runs)
}

/// Times scoring on a board made elsewhere (e.g. the harness's generated 1k/10k/100k files).
public func benchScoring(board: Board, runs: Int = 9) -> ScoringBenchResult {
    let runs = max(1, runs)
    var rankingTimes: [Double] = [], rankedTimes: [Double] = [], updateTimes: [Double] = []
    var tpTimes: [Double] = [], oneTimes: [Double] = []
    var first = "", count = 0
    for run in 0..<runs {
        let t0 = ContinuousClock.now
        let ranking = CXScore.ranking(board)
        rankingTimes.append(ScoringBench.elapsedMs(since: t0))
        first = ranking.entries.first?.card ?? ""
        count = ranking.count

        let t1 = ContinuousClock.now
        let ranked = CXScore.ranked(board)
        rankedTimes.append(ScoringBench.elapsedMs(since: t1))
        if ranked.first?.card != first { first += " (ranked disagrees: \(ranked.first?.card ?? "none"))" }

        let t2 = ContinuousClock.now
        var points = 0
        for c in JourneyComparison.all(board) { points += c.metrics.count }
        for (_, curves) in HeroMetricCurve.all(board) { for curve in curves { points += curve.points.count } }
        tpTimes.append(ScoringBench.elapsedMs(since: t2))
        if points < 0 { first = "" }

        // an edit in the middle of the ranking: the card's confidence changes, it moves
        if count > 0, let id = ranking.entries.dropFirst(count / 2).first?.card {
            var b = board
            _ = b.apply(.confidence(card: id, Double(5 * (run % 20))))
            var updated = CXScore.ranking(board) // not shared, as the panel's own ranking is
            let t3 = ContinuousClock.now
            updated.update(b, card: id)
            updateTimes.append(ScoringBench.elapsedMs(since: t3))
            if updated.count != count { first += " (update lost a card)" }
            // the panel's path: the ranking's scorer (it holds the board's default cost, the median
            // of every estimate, so one card is scored without a pass over the others)
            let t4 = ContinuousClock.now
            let s = updated.scorer.score(b.cards[id]!)
            oneTimes.append(ScoringBench.elapsedMs(since: t4) * 1000)
            if s.cxScore.isNaN { first = "" }
        }
    }
    let touchpoints = board.cards.values.filter { board.kind(of: $0) == .touchpoints }.count
    return ScoringBenchResult(
        opportunities: count, touchpoints: touchpoints, runs: runs,
        rankingMedianMs: ScoringBench.median(rankingTimes), rankingMinMs: rankingTimes.min() ?? 0,
        rankingP99Ms: ScoringBench.percentile(rankingTimes, 0.99),
        rankedMedianMs: ScoringBench.median(rankedTimes), updateMedianMs: ScoringBench.median(updateTimes),
        rescoreOneMedianUs: ScoringBench.median(oneTimes), touchpointsMedianMs: ScoringBench.median(tpTimes),
        first: first)
}

/// Helpers of the scoring benchmark (namespaced, so the harness can have its own).
public enum ScoringBench {
    /// A board with `opportunities` opportunity cards and a quarter as many touchpoints.
    public static func makeBoard(opportunities n: Int, journeys: Int = 10, stagesPerJourney: Int = 8, seed: UInt64 = 1) -> Board {
        var g = SeededGenerator(seed: seed)
        var b = Board(title: "Scoring bench (\(n) opportunities)")
        b.heroMetrics = Board.defaultHeroMetrics
        var cells: [(stage: String, opp: String, tp: String)] = []
        let jKeys = OrderKey.sequence(max(1, journeys))
        let sKeys = OrderKey.sequence(max(1, stagesPerJourney))
        for j in 0..<max(1, journeys) {
            let jr = IDs.make("jr", using: &g)
            b.journeys[jr] = Journey(id: jr, title: "Journey \(j + 1)", order: jKeys[j])
            b.journeys[jr]!.metrics = ["satisfaction": Double(40 + j), "effort": 4.5, "engagement": 45]
            let opp = IDs.make("ln", using: &g), tp = IDs.make("ln", using: &g)
            b.lanes[tp] = Lane(id: tp, journey: jr, kind: .touchpoints, order: "a0")
            b.lanes[opp] = Lane(id: opp, journey: jr, kind: .opportunities, order: "a1")
            for s in 0..<max(1, stagesPerJourney) {
                let st = IDs.make("st", using: &g)
                b.stages[st] = Stage(id: st, journey: jr, title: "Stage \(s + 1)", order: sKeys[s])
                cells.append((st, opp, tp))
            }
        }
        let words = ["Live", "ETA", "tracker", "bill", "preview", "one-touch", "switch", "check-in", "会员", "续费提醒", "router", "coverage"]
        func pick(_ k: Int) -> Int { Int(g.next() % UInt64(k)) }
        func card(_ lane: KeyPath<(stage: String, opp: String, tp: String), String>) -> Card {
            let cell = cells[pick(cells.count)]
            let id = IDs.make("cd", using: &g)
            let text = (0..<(2 + pick(5))).map { _ in words[pick(words.count)] }.joined(separator: " ")
            return Card(id: id, lane: cell[keyPath: lane], stage: cell.stage, order: "a\(pick(9))", text: text)
        }
        b.cards.reserveCapacity(n + n / 4)
        for _ in 0..<n {
            var c = card(\.opp)
            if pick(10) > 0 { c.impact["satisfaction"] = Double(pick(21) - 5) }
            if pick(10) > 0 { c.impact["effort"] = -Double(pick(16)) / 10 + 0.3 }
            if pick(10) > 0 { c.impact["engagement"] = Double(pick(15) - 3) }
            if pick(5) > 0 { c.confidence = Double(5 * pick(21)) }
            if pick(5) > 0 { c.reach = Double(pick(101)) }
            if pick(8) > 0 { c.cost = [1, 2, 3, 5, 8, 13][pick(6)] }
            c.status = ["idea", "planned", "in-progress", "shipped", "measured", "parked"][pick(6)]
            if c.status == "shipped" || c.status == "measured" { c.measured = c.impact.mapValues { $0 * 0.8 } }
            if pick(3) == 0 { c.votes = ["mei": 1 + pick(2), "sam": pick(3)] }
            b.cards[c.id] = c
        }
        for _ in 0..<(n / 4) {
            var c = card(\.tp)
            c.metrics = ["satisfaction": Double(80 + pick(20)), "effort": 1 + Double(pick(40)) / 10, "engagement": Double(30 + pick(50))]
            if pick(4) > 0 { c.volume = Double(100 * (1 + pick(200))) }
            b.cards[c.id] = c
        }
        return b
    }

    static func elapsedMs(since t: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - t
        return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    static func median(_ xs: [Double]) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    static func percentile(_ xs: [Double], _ p: Double) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s[min(s.count - 1, Int((Double(s.count - 1) * p).rounded(.up)))]
    }

    static func ms(_ x: Double) -> String { CXScore.fixed(x, decimals: x < 10 ? 2 : 1) }

}

/// `journey-bench` rows: scoring and ranking the generated board's opportunities.
struct ScoringRows: Benchmark {
    let name = "scoring"
    func run(_ ctx: BenchContext) throws -> [BenchRow] {
        let r = benchScoring(board: ctx.board, runs: max(3, ctx.runs))
        // the worst case: as many opportunities as the size (a board of opportunities and touchpoints)
        let o = benchScoring(cards: ctx.cardCount, runs: max(3, ctx.runs))
        return [
            BenchRow(measure: "score + rank \(r.opportunities) opportunities", median: Format.seconds(r.rankingMedianMs / 1000),
                     p99: Format.seconds(r.rankingP99Ms / 1000), note: "numbers only (the panel opening)"),
            BenchRow(measure: "score + rank, explained", median: Format.seconds(r.rankedMedianMs / 1000), note: "what journey score prints"),
            BenchRow(measure: "one edit + re-rank", median: Format.seconds(r.updateMedianMs / 1000), note: "a panel keystroke"),
            BenchRow(measure: "score + rank \(Format.grouped(o.opportunities)) opportunities", median: Format.seconds(o.rankingMedianMs / 1000),
                     p99: Format.seconds(o.rankingP99Ms / 1000), note: "opportunity board (+\(Format.grouped(o.touchpoints)) touchpoints)"),
            BenchRow(measure: "  explained / edit + re-rank", median: Format.seconds(o.rankedMedianMs / 1000),
                     note: "edit + re-rank \(Format.seconds(o.updateMedianMs / 1000))"),
        ]
    }
}

