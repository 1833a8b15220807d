import JourneyKit

/// Hero metrics on the board itself:
/// - **Curves** (under the emotion lane's curve): one compact row per hero metric, showing per
///   stage the touchpoint mean of that metric (`HeroMetricCurve`) as a bar ▁…█ by its position
///   on the scale — taller is better whichever way the metric points, so an effort curve reads
///   like the others — and the value in the metric's units; `·` where no touchpoint of the
///   stage measured it. The metric's label is in the lane-title column. Only the visible
///   stages' touchpoint cells are read.
/// - **Journey vs touchpoints** (the message line when nothing else is said): per hero metric,
///   the journey's own measured value against its touchpoints' mean, and the gap signed so
///   that worse reads as worse (negative, and red when colours are on).
enum HeroCurves {
    static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Rows the emotion lane gives the curves: one per hero metric, when the journey has a
    /// touchpoints lane to measure them (a fixed count, so lanes never jump as the view scrolls).
    static func rows(_ s: BoardState, lanes: [Lane]) -> Int {
        guard lanes.contains(where: { $0.laneKind == .touchpoints }) else { return 0 }
        return s.board.heroMetrics.count
    }

    /// The bar for a position 0 (worst) … 1 (best).
    static func bar(_ position: Double) -> Character {
        bars[min(bars.count - 1, max(0, Int((position * Double(bars.count - 1)).rounded())))]
    }

    /// A value in a metric's units: whole numbers on wide scales, one decimal on narrow ones.
    static func format(_ v: Double, range: Double) -> String {
        CXScore.fixed(v, decimals: range >= 20 ? 0 : 1)
    }

    static func draw(_ screen: inout Screen, _ s: BoardState, _ f: FrameLayout, _ block: FrameLayout.LaneBlock, _ t: Theme) {
        let curves = HeroMetricCurve.curves(s.board, journey: s.journeyID, stages: f.columns.map(\.stage.id), index: s.index)
        for (r, curve) in curves.prefix(block.heroRows).enumerated() {
            let y = block.y + block.curveRows + r
            guard y < f.bodyBottom, y < block.y + block.height else { break }
            screen.put(DisplayText.truncate(DisplayText.sanitize(curve.label), columns: f.laneTitleWidth - 2), x: 1, y: y,
                       style: t.laneKind, limit: f.laneTitleWidth - 1)
            for (col, point) in zip(f.columns, curve.points) {
                guard let pos = curve.position(point), let mean = point.mean else {
                    screen.put("·", x: col.x + col.width / 2, y: y, style: t.hint)
                    continue
                }
                let value = format(mean, range: curve.max - curve.min)
                let w = 2 + DisplayText.width(value)
                let x = col.x + max(1, (col.width - w) / 2)
                screen.put(String(bar(pos)), x: x, y: y, style: t.curve, limit: col.x + col.width)
                screen.put(value, x: x + 2, y: y, limit: col.x + col.width)
            }
        }
    }

    // MARK: journey vs touchpoints

    /// The parts of the line (text, and whether it reads as worse), fitted to `width`: the full
    /// wording when it fits, else shorter forms; nil when no metric has both sides measured.
    static func comparison(_ s: BoardState, width: Int) -> [(String, Bool)]? {
        guard let c = s.journeyComparison else { return nil }
        let known = c.metrics.filter { $0.gap != nil }
        guard !known.isEmpty else { return nil }
        func gapText(_ m: JourneyComparison.Metric) -> String {
            let g = m.gap!
            let range = (s.board.heroMetrics[m.metric]?.range ?? 100)
            var t = abs(g) < 10 ? CXScore.fixed(abs(g), decimals: 1) : format(abs(g), range: range)
            if t == "0.0" { t = "0" }
            return (t == "0" ? "±" : (g < 0 ? "−" : "+")) + t
        }
        func values(_ m: JourneyComparison.Metric) -> (String, String) {
            let range = s.board.heroMetrics[m.metric]?.range ?? 100
            return (format(m.journey!, range: range), format(m.touchpoints!, range: range))
        }
        let forms: [(String, (JourneyComparison.Metric) -> String)] = [
            ("", { m in let (j, t) = values(m); return "\(DisplayText.sanitize(m.label)) journey \(j) vs touchpoints \(t) (\(gapText(m)))" }),
            ("journey vs touchpoints: ", { m in let (j, t) = values(m); return "\(DisplayText.sanitize(m.label)) \(j) vs \(t) (\(gapText(m)))" }),
            ("journey vs touchpoints: ", { m in let (j, t) = values(m); return "\(m.metric) \(j) vs \(t) (\(gapText(m)))" }),
        ]
        func fits(_ parts: [(String, Bool)]) -> Bool { parts.reduce(0, { $0 + DisplayText.width($1.0) }) <= width }
        var parts: [(String, Bool)] = []
        for (prefix, form) in forms {
            parts = prefix.isEmpty ? [] : [(prefix, false)]
            for (k, m) in known.enumerated() {
                if k > 0 { parts.append((" · ", false)) }
                parts.append((form(m), m.gap! < 0))
            }
            if fits(parts) { return parts }
        }
        // still too wide: the metrics that fit whole, then "…"
        while parts.count > 2 && !fits(parts + [(" …", false)]) { parts.removeLast(2) }
        return parts + [(" …", false)]
    }

    /// Draws the comparison on row `y`, at most `width` columns; false when there is nothing to show.
    static func drawComparison(_ screen: inout Screen, _ s: BoardState, y: Int, width: Int, _ t: Theme) -> Bool {
        guard let parts = comparison(s, width: width) else { return false }
        var x = 0
        for (text, worse) in parts {
            x = screen.put(text, x: x, y: y, style: worse ? t.worse : t.message, limit: width)
        }
        return true
    }
}

extension Theme {
    /// A gap that reads as worse: red when colours are on (the minus sign says it without).
    var worse: Style { style(Style(fg: .red)) }
}
