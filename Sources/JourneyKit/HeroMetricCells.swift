/// Hero-metric curves and journey-vs-touchpoints computed from a `CellIndex`, for views that
/// redraw on every key: only the touchpoint cells of the journey (and, for curves, of the
/// stages asked for) are read, never the whole board. The means are the ones `HeroMetricCurve`
/// and `JourneyComparison` compute (the same volume weighting); only the order of the sums
/// differs, so results may differ in the last bits.
extension HeroMetricCurve {
    /// The curve of every hero metric (in the board's order) of one journey, with one point
    /// per stage in `stages` (in that order).
    public static func curves(_ board: Board, journey: String, stages: [String], index: CellIndex) -> [HeroMetricCurve] {
        let lanes = board.lanes.values.filter { $0.journey == journey && $0.laneKind == .touchpoints }.map(\.id).sorted()
        var acc: [String: [String: MeanAccumulator]] = [:] // stage → metric → sums
        for st in stages {
            for l in lanes {
                for id in index.ids(stage: st, lane: l) {
                    guard let c = board.cards[id], !c.metrics.isEmpty else { continue }
                    for (k, v) in c.metrics { acc[st, default: [:]][k, default: MeanAccumulator()].add(v, volume: c.volume) }
                }
            }
        }
        return board.orderedHeroMetrics.map { m in
            HeroMetricCurve(metric: m.id, label: m.label, min: m.min, max: m.max, better: m.better,
                            points: stages.map { st in
                                let a = acc[st]?[m.id] ?? MeanAccumulator()
                                return Point(stage: st, mean: a.mean, cards: a.cards)
                            })
        }
    }
}

extension JourneyComparison {
    /// `of(board, journey:)`, reading the journey's touchpoint cells only.
    public static func of(_ board: Board, journey: String, index: CellIndex) -> JourneyComparison? {
        guard let j = board.journeys[journey] else { return nil }
        let lanes = Set(board.lanes.values.filter { $0.journey == journey && $0.laneKind == .touchpoints }.map(\.id))
        var acc: [String: MeanAccumulator] = [:]
        if !lanes.isEmpty {
            for (key, list) in index.cells where lanes.contains(key.lane) {
                for entry in list {
                    guard let c = board.cards[entry.id], !c.metrics.isEmpty else { continue }
                    for (k, v) in c.metrics { acc[k, default: MeanAccumulator()].add(v, volume: c.volume) }
                }
            }
        }
        return comparing(j, metrics: board.orderedHeroMetrics, touchpoints: acc)
    }
}
