import JourneyKit

/// `:compare`: the current journey against its counterpart (future against current), stage
/// by stage: the emotion curve and each hero metric's touchpoint mean, side by side.
/// Stages are matched by title; a stage only one journey has shows "—" for the other.
enum CompareView {
    struct Row { var label: String; var a: [String: String]; var b: [String: String] }

    static func emotion(_ b: Board, journey: String, index: CellIndex) -> [String: String] {
        var out: [String: String] = [:]
        let lanes = b.lanes(of: journey).filter { $0.laneKind == .emotion }.map(\.id)
        for st in b.stages(of: journey) {
            let v = lanes.flatMap { index.ids(stage: st.id, lane: $0) }.compactMap { b.cards[$0]?.value }
            if !v.isEmpty { out[st.title] = Layout.emotionLabel(v.reduce(0, +) / Double(v.count)) }
        }
        return out
    }

    static func metrics(_ b: Board, journey: String) -> [(String, [String: String])] {
        let titles = Dictionary(uniqueKeysWithValues: b.stages(of: journey).map { ($0.id, $0.title) })
        return HeroMetricCurve.curves(b, journey: journey).map { curve in
            var m: [String: String] = [:]
            for p in curve.points { if let v = p.mean, let t = titles[p.stage] { m[t] = Scoring.fixed(v, decimals: 1) } }
            return (curve.label, m)
        }
    }

    static func draw(_ screen: inout Screen, _ s: BoardState, _ t: Theme) {
        guard let other = Facilitation.counterpart(s), let a = s.board.journeys[s.journeyID], let bj = s.board.journeys[other] else { return }
        let b = s.board
        // stage titles of both, in the current journey's order, then the other's extras
        var titles = b.stages(of: a.id).map(\.title)
        for st in b.stages(of: bj.id) where !titles.contains(st.title) { titles.append(st.title) }
        var rows: [Row] = [Row(label: "Emotion", a: emotion(b, journey: a.id, index: s.index), b: emotion(b, journey: bj.id, index: s.index))]
        let mb = Dictionary(metrics(b, journey: bj.id), uniquingKeysWith: { x, _ in x })
        for (label, m) in metrics(b, journey: a.id) { rows.append(Row(label: label, a: m, b: mb[label] ?? [:])) }
        let title = "compare: \(DisplayText.sanitize(a.title)) [\(a.state)] ↔ \(DisplayText.sanitize(bj.title)) [\(bj.state)] — Esc closes"
        let inner = Overlays.box(&screen, width: screen.width - 2, height: min(screen.height - 2, rows.count * 4 + 3), title: title, t)
        let labelW = 16
        let colW = max(8, (inner.w - labelW) / max(1, titles.count))
        for (i, st) in titles.enumerated() {
            screen.put(DisplayText.truncate(DisplayText.sanitize(st), columns: colW - 1), x: inner.x + labelW + i * colW, y: inner.y, style: .bold)
        }
        var y = inner.y + 2
        for row in rows where y + 2 < inner.y + inner.h {
            screen.put(DisplayText.truncate(DisplayText.sanitize(row.label), columns: inner.w), x: inner.x, y: y, style: .bold)
            screen.put(DisplayText.truncate(a.state, columns: labelW - 3), x: inner.x + 2, y: y + 1, style: t.hint)
            screen.put(DisplayText.truncate(bj.state, columns: labelW - 3), x: inner.x + 2, y: y + 2, style: t.hint)
            for (i, st) in titles.enumerated() {
                let x = inner.x + labelW + i * colW
                screen.put(row.a[st] ?? "—", x: x, y: y + 1)
                screen.put(row.b[st] ?? "—", x: x, y: y + 2, style: t.card(.opportunities))
            }
            y += 4
        }
    }
}
