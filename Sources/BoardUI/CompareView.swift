import JourneyKit

/// `:compare`: the current journey against its counterpart (future against current), stage
/// by stage: the emotion curve and each hero metric's touchpoint mean, side by side, then the
/// journeys' own measured metrics with the change between them.
/// Stages pair by title, then the rest by position (`JourneyPair`); a stage only one journey
/// has shows "—" for the other. A column pairing two differently titled stages names both.
enum CompareView {
    /// One row of values per journey, one value per stage pair (nil: nothing measured).
    struct Row { var label: String; var a: [String?]; var b: [String?] }

    static func emotion(_ b: Board, stages: [Stage?], index: CellIndex) -> [String?] {
        stages.map { st -> String? in
            guard let st = st else { return nil }
            let lanes = b.lanes(of: st.journey).filter { $0.laneKind == .emotion }.map(\.id)
            let v = lanes.flatMap { index.ids(stage: st.id, lane: $0) }.compactMap { b.cards[$0]?.value }
            return v.isEmpty ? nil : SwimlaneText.emotionLabel(v.reduce(0, +) / Double(v.count))
        }
    }

    /// Per hero metric (by id): the touchpoint mean of each paired stage.
    static func metrics(_ b: Board, journey: String, stages: [Stage?]) -> [String: [String?]] {
        var out: [String: [String?]] = [:]
        for curve in HeroMetricCurve.curves(b, journey: journey) {
            var byStage: [String: String] = [:]
            for p in curve.points { if let v = p.mean { byStage[p.stage] = CXScore.fixed(v, decimals: 1) } }
            out[curve.metric] = stages.map { $0.flatMap { byStage[$0.id] } }
        }
        return out
    }

    static func draw(_ screen: inout Screen, _ s: BoardState, _ t: Theme) {
        guard let other = Facilitation.counterpart(s), let a = s.board.journeys[s.journeyID], let bj = s.board.journeys[other] else { return }
        let b = s.board
        let pair = JourneyPair(b, a.id, bj.id)
        let sa = pair.stages.map(\.a), sb = pair.stages.map(\.b)
        var rows: [Row] = [Row(label: "Emotion", a: emotion(b, stages: sa, index: s.index), b: emotion(b, stages: sb, index: s.index))]
        let ma = metrics(b, journey: a.id, stages: sa), mb = metrics(b, journey: bj.id, stages: sb)
        for m in b.orderedHeroMetrics {
            rows.append(Row(label: m.label, a: ma[m.id] ?? sa.map { _ in nil }, b: mb[m.id] ?? sb.map { _ in nil }))
        }
        let title = "compare: \(DisplayText.sanitize(a.title)) [\(DisplayText.sanitize(a.state))] ↔ \(DisplayText.sanitize(bj.title)) [\(DisplayText.sanitize(bj.state))] — \(KeyMap.compare.hints([.close]))"
        let own = pair.metrics.count + 2
        let inner = Overlays.box(&screen, width: screen.width - 2, height: min(screen.height - 2, rows.count * 4 + 4 + own), title: title, t)
        let labelW = 16
        let colW = max(8, (inner.w - labelW) / max(1, pair.stages.count))
        let bottom = inner.y + inner.h
        // each column: the current journey's stage, and under it the paired stage when its title differs
        for (i, p) in pair.stages.enumerated() {
            let x = inner.x + labelW + i * colW
            screen.put(DisplayText.truncate(DisplayText.sanitize(p.a?.title ?? "—"), columns: colW - 1), x: x, y: inner.y, style: .bold)
            if !p.byTitle {
                screen.put(DisplayText.truncate("↔ " + DisplayText.sanitize(p.b?.title ?? "—"), columns: colW - 1), x: x, y: inner.y + 1, style: t.card(.opportunities))
            }
        }
        if pair.stages.contains(where: { !$0.byTitle }) {
            screen.put("↔ paired by", x: inner.x, y: inner.y + 1, style: t.hint)
            screen.put("  position", x: inner.x, y: inner.y + 2, style: t.hint)
        }
        var y = inner.y + 3
        for row in rows where y + 2 < bottom - own {
            screen.put(DisplayText.truncate(DisplayText.sanitize(row.label), columns: inner.w), x: inner.x, y: y, style: .bold)
            screen.put(DisplayText.truncate(DisplayText.sanitize(a.state), columns: labelW - 3), x: inner.x + 2, y: y + 1, style: t.hint)
            screen.put(DisplayText.truncate(DisplayText.sanitize(bj.state), columns: labelW - 3), x: inner.x + 2, y: y + 2, style: t.hint)
            for i in pair.stages.indices {
                let x = inner.x + labelW + i * colW
                screen.put(row.a[i] ?? "—", x: x, y: y + 1, limit: x + colW - 1)
                screen.put(row.b[i] ?? "—", x: x, y: y + 2, style: t.card(.opportunities), limit: x + colW - 1)
            }
            y += 4
        }
        // the journeys' own measured metrics, and how the second differs from the first
        guard y < bottom else { return }
        screen.put("Journey metrics (measured)", x: inner.x, y: y, style: .bold)
        let cw = 12
        let heads = [DisplayText.sanitize(a.state), DisplayText.sanitize(bj.state), "change"]
        for (k, h) in heads.enumerated() {
            screen.put(PrioritisationView.right(DisplayText.truncate(h, columns: cw - 1), cw - 1), x: inner.x + 28 + k * cw, y: y, style: t.hint)
        }
        y += 1
        for m in pair.metrics where y < bottom {
            func v(_ x: Double?) -> String { x.map { CanonicalJSON.numberText(CXScore.rounded($0, places: 2)) } ?? "—" }
            screen.put(DisplayText.truncate("  " + DisplayText.sanitize(m.label), columns: 27), x: inner.x, y: y)
            screen.put(PrioritisationView.right(v(m.a), cw - 1), x: inner.x + 28, y: y)
            screen.put(PrioritisationView.right(v(m.b), cw - 1), x: inner.x + 28 + cw, y: y, style: t.card(.opportunities))
            let change = m.delta.map { (($0 > 0 ? "+" : "") + CanonicalJSON.numberText(CXScore.rounded($0, places: 2))) } ?? "—"
            screen.put(PrioritisationView.right(change, cw - 1), x: inner.x + 28 + 2 * cw, y: y, style: .bold)
            let reads = m.improves.map { $0 ? "better" : "worse" } ?? (m.delta == 0 ? "same" : "")
            screen.put(reads, x: inner.x + 28 + 3 * cw, y: y, style: t.hint)
            y += 1
        }
    }
}
