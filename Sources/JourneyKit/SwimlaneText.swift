/// The swimlane map as plain text, for `journey show`: stages across, lanes down, wrapped card
/// text in each cell, the journey's metrics under it. Widths are display columns (wcwidth), so
/// Chinese text lines up; all board text is sanitized, so nothing from the file can drive the
/// terminal. When the stages do not fit the width, they are shown in bands, left to right.
public enum SwimlaneText {
    public static let minimumColumn = 12
    /// The narrowest map `render` draws (`journey show --width` below it is a usage error).
    public static let minimumWidth = 40

    public static func render(_ board: Board, journey jid: String, width: Int) -> String {
        let width = max(width, minimumWidth)
        guard let journey = board.journeys[jid] else { return "" }
        let stages = board.stages(of: jid)
        let lanes = board.lanes(of: jid)
        let index = CellIndex(board)
        var out: [String] = []

        let js = board.orderedJourneys
        let n = (js.firstIndex { $0.id == jid } ?? 0) + 1
        var head = "\(DisplayText.sanitize(board.title)) — journey \(n)/\(js.count): \(DisplayText.sanitize(journey.title)) [\(journey.state)]"
        if let p = journey.persona.flatMap({ board.personas[$0] }) { head += " — persona: \(DisplayText.sanitize(p.name))" }
        out.append(contentsOf: DisplayText.wrap(head, columns: width))

        let laneW = min(18, max(10, width / 6))
        let perStage = max(minimumColumn, (width - laneW - 1) / max(1, stages.count) - 1)
        let bandSize = max(1, (width - laneW - 1) / (perStage + 1))
        var start = 0
        if stages.isEmpty { out.append("(no stages)") }
        while start < stages.count {
            let band = Array(stages[start..<min(stages.count, start + bandSize)])
            let colW = max(minimumColumn, (width - laneW - 1) / band.count - 1)
            let rule = String(repeating: "─", count: laneW) + band.map { _ in "┼" + String(repeating: "─", count: colW) }.joined()
            out.append("")
            out.append(DisplayText.pad("", columns: laneW) + band.map { "│" + DisplayText.pad(" " + DisplayText.sanitize($0.title), columns: colW) }.joined())
            for lane in lanes {
                out.append(rule)
                let kind = lane.laneKind
                let title = DisplayText.wrap(DisplayText.sanitize(lane.title), columns: laneW - 1, maxLines: 2)
                var cols: [[String]] = []
                for s in band {
                    var lines: [String] = []
                    for id in index.ids(stage: s.id, lane: lane.id) {
                        guard let c = board.cards[id] else { continue }
                        lines.append(contentsOf: cardLines(c, kind: kind, columns: colW - 1))
                    }
                    cols.append(lines)
                }
                let height = max(title.count, cols.map(\.count).max() ?? 0, 1)
                for row in 0..<height {
                    var line = DisplayText.pad(row < title.count ? title[row] : "", columns: laneW)
                    for col in cols {
                        line += "│" + DisplayText.pad(row < col.count ? " " + col[row] : "", columns: colW)
                    }
                    while line.hasSuffix(" ") { line.removeLast() }
                    out.append(line)
                }
            }
            start += band.count
        }
        out.append("")
        out.append(contentsOf: metricsLines(board, journey: journey, width: width))
        out.append(contentsOf: commentLines(board, stages: stages, lanes: lanes, index: index, width: width))
        return out.joined(separator: "\n") + "\n"
    }

    /// One card's lines: its kind mark, its text wrapped, and what matters for its kind.
    public static func cardLines(_ c: Card, kind: LaneKind?, columns: Int) -> [String] {
        var text = DisplayText.sanitize(c.text)
        switch kind {
        case .emotion?:
            if let v = c.value { text = emotionLabel(v) + " " + text }
        case .touchpoints?:
            if let ch = c.channel { text = "[\(DisplayText.sanitize(ch))] " + text }
        default: break
        }
        let open = CommentThread.openCount(c.comments)
        if open > 0 { text += " 💬\(open)" }
        let mark = kind?.mark ?? "•"
        let body = DisplayText.wrap(text, columns: max(1, columns - 2), maxLines: 6)
        return body.enumerated().map { i, l in (i == 0 ? mark + " " : "  ") + l }
    }

    /// An emotion value signed, as it is (+2, +1.5, -0.25, 0), not rounded to a whole step;
    /// only what needs more than two decimals (a mean of three cards, +1.33) is cut to two.
    /// A value no board should hold (beyond ±1e15, where ×100 could overflow, or infinite)
    /// is shown as its number or "?".
    public static func emotionLabel(_ v: Double) -> String {
        guard v.isFinite else { return "?" }
        guard abs(v) < 1e15 else { return CanonicalJSON.numberText(v) }
        var r = (v * 100).rounded() / 100
        if r == 0 { r = 0 }   // no "-0"
        let t = CanonicalJSON.numberText(r)
        return r > 0 ? "+" + t : t
    }

    /// The journey's threads under the map, card by card in map order (lane, then stage):
    /// "“Card”" then "  ana, 2026-12-06T22:50:00Z: text" per comment, wrapped and sanitized.
    static func commentLines(_ board: Board, stages: [Stage], lanes: [Lane], index: CellIndex, width: Int) -> [String] {
        var lines: [String] = []
        for lane in lanes {
            for s in stages {
                for id in index.ids(stage: s.id, lane: lane.id) {
                    guard let c = board.cards[id], !c.comments.isEmpty else { continue }
                    if lines.isEmpty { lines += ["", "Comments"] }
                    lines += DisplayText.wrap("“\(DisplayText.sanitize(c.text))”", columns: width)
                    for (_, m) in CommentThread.ordered(c.comments) {
                        let head = "\(DisplayText.sanitize(m.author)), \(DisplayText.sanitize(m.time))\(m.resolved ? " (resolved)" : ""): "
                        lines += DisplayText.wrap(head + DisplayText.sanitize(m.text), columns: width - 2).map { "  " + $0 }
                    }
                }
            }
        }
        return lines
    }

    static func metricsLines(_ board: Board, journey: Journey, width: Int) -> [String] {
        var lines: [String] = []
        let parts = board.orderedHeroMetrics.compactMap { m -> String? in
            guard let v = journey.metrics[m.id] else { return nil }
            return "\(DisplayText.sanitize(m.label)) \(CanonicalJSON.numberText(v))"
        }
        if !parts.isEmpty { lines.append(contentsOf: DisplayText.wrap("Journey metrics: " + parts.joined(separator: " · "), columns: width)) }
        // journey vs touchpoints (JourneyComparison.swift)
        lines.append(contentsOf: JourneyComparison.textLines(board, journey: journey.id, width: width))
        return lines
    }
}
