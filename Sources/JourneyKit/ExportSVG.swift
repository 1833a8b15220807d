/// The map of one journey as a standalone vector picture (`journey export --format svg`), for
/// slides: stages across, lanes down, each cell's cards as boxes in their kind's colour with
/// the kind's mark and the card text wrapped by display width (so Chinese text fits its box),
/// then under the map the emotion curve and one curve per hero metric, each point under its
/// stage's column. The canvas is padded to 16:9, so it fills a slide.
///
/// The page (`ExportHTML`) draws its curves and its value × cost matrix with the same functions.
/// Every piece of board text goes through `MarkupText` (escaped, control characters shown,
/// bidi controls removed) and stays text: one `<text>` per card, one `<tspan>` per line.
public enum ExportSVG {
    // MARK: style shared with the page

    /// Sans-serif first, then fonts that carry Chinese, Japanese and Korean, so CJK text lays
    /// out wherever the picture is opened.
    public static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'Noto Sans CJK SC', 'Noto Sans CJK JP', 'Noto Sans CJK KR', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'PingFang SC', 'Hiragino Sans', 'Microsoft YaHei', 'Yu Gothic', 'Malgun Gothic', sans-serif"

    /// A kind's (fill, ink) colours; kinds are also told apart by their marks (never by colour alone).
    public static func colours(_ kind: LaneKind?) -> (fill: String, ink: String) {
        switch kind {
        case .steps?: return ("#eef2f7", "#43536b")
        case .touchpoints?: return ("#e0f3f5", "#0b6f78")
        case .thoughts?: return ("#f2eefa", "#5e4595")
        case .emotion?: return ("#fff5d6", "#946c00")
        case .pains?: return ("#fde9e7", "#b3261e")
        case .opportunities?: return ("#e5f5e8", "#1b7a3d")
        case .solutions?: return ("#f8e8f5", "#8a3a80")
        case .backstage?: return ("#eeeeee", "#555555")
        case .insights?: return ("#e5eefb", "#1f58b5")
        case .notes?, nil: return ("#f7f7f4", "#666655")
        }
    }

    /// Colours of the hero metrics' curves, in the board's order (then repeated).
    static let curveInks = ["#1f58b5", "#b3261e", "#1b7a3d", "#8a3a80", "#0b6f78", "#946c00"]
    static let emotionInk = "#946c00"

    /// A number as the picture shows it (no trailing zeros, two decimals at most).
    static func num(_ v: Double) -> String { CanonicalJSON.numberText(CXScore.rounded(v, places: 2)) }

    /// A hero metric's value: whole numbers on wide scales, one decimal on narrow ones.
    public static func metricValue(_ v: Double, min: Double, max: Double) -> String {
        CXScore.fixed(v, decimals: max - min >= 20 ? 0 : 1)
    }

    /// Pixel coordinates, one decimal.
    static func px(_ v: Double) -> String { CanonicalJSON.numberText((v * 10).rounded() / 10) }

    // MARK: what a card shows besides its text

    /// Links and evidence per card across the view's journeys: a card's evidence is the insight
    /// cards linked to it or from it, as the board counts it.
    public struct CardFacts {
        var kinds: [String: String] = [:]
        var incoming: [String: Set<String>] = [:]

        public init(_ view: ExportView) {
            for j in view.journeys { for card in j.cards { kinds[card.id] = card.kind } }
            for j in view.journeys { for card in j.cards { for target in card.links { incoming[target, default: []].insert(card.id) } } }
        }

        public func evidence(_ card: ExportView.CardView) -> Int {
            var n = 0
            for id in card.links where kinds[id] == LaneKind.insights.rawValue { n += 1 }
            for id in incoming[card.id] ?? [] where !card.links.contains(id) && kinds[id] == LaneKind.insights.rawValue { n += 1 }
            return n
        }

        /// The short facts under a card's text: channel, owner, status, votes (unless hidden),
        /// links, open comments and evidence. Board text here is not yet escaped.
        public func badges(_ card: ExportView.CardView) -> [String] {
            var out: [String] = []
            if let ch = card.channel, !ch.isEmpty, card.laneKind != .touchpoints { out.append(ch) }
            if let owner = card.owner, !owner.isEmpty { out.append("@" + owner) }
            if let status = card.status, !status.isEmpty { out.append(status) }
            if let v = card.votes, v > 0 { out.append("\(v) vote\(v == 1 ? "" : "s")") }
            if !card.links.isEmpty { out.append("\(card.links.count) link\(card.links.count == 1 ? "" : "s")") }
            let open = card.openComments
            if open > 0 { out.append("💬 \(open) comment\(open == 1 ? "" : "s")") }
            let e = evidence(card)
            if e > 0 { out.append("ⓘ \(e) evidence") }
            return out
        }
    }

    /// A card's text as shown in its box: an emotion card's value first, a touchpoint's channel
    /// in brackets first; not yet escaped, control characters shown.
    public static func cardText(_ card: ExportView.CardView) -> String {
        var text = MarkupText.clean(card.text)
        if card.laneKind == .emotion, let v = card.value { text = SwimlaneText.emotionLabel(v) + " " + text }
        if card.laneKind == .touchpoints, let ch = card.channel, !ch.isEmpty { text = "[\(MarkupText.clean(ch))] " + text }
        return text
    }

    // MARK: the map

    static let fontSize = 12.0
    static let lineHeight = 16.0
    /// Pixels per display column at `fontSize` (a wide CJK character is two columns, about 1 em).
    static let columnPixels = 6.6
    static let margin = 24.0
    static let laneHeaderWidth = 150.0
    static let minColumnWidth = 200.0
    static let cardPadding = 7.0
    static let cardGap = 6.0
    static let maxLinesPerCard = 8

    /// The whole picture of one journey of the view: a complete SVG document.
    public static func map(_ view: ExportView, journey j: ExportView.JourneyView) -> String {
        let facts = CardFacts(view)
        // Widen the columns toward 16:9 when the map is tall: measure, then once more.
        var colW = minColumnWidth
        var drawing = mapBody(view, j, facts: facts, columnWidth: colW)
        let n = Double(max(1, j.stages.count))
        let wanted = (drawing.height * 16 / 9 - laneHeaderWidth - 2 * margin) / n
        if wanted > colW { colW = min(wanted, 340); drawing = mapBody(view, j, facts: facts, columnWidth: colW) }
        let width = max(drawing.width, (drawing.height * 16 / 9).rounded(.up))
        let height = max(drawing.height, (width * 9 / 16).rounded(.up))
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(px(width))\" height=\"\(px(height))\" viewBox=\"0 0 \(px(width)) \(px(height))\" font-family=\"\(fontFamily)\" font-size=\"\(px(fontSize))\">\n"
        out += "<title>\(MarkupText.escape(view.title)) — \(MarkupText.escape(j.title))</title>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(px(width))\" height=\"\(px(height))\" fill=\"#ffffff\"/>\n"
        out += drawing.body
        out += "</svg>\n"
        return out
    }

    struct Drawing { var body: String; var width: Double; var height: Double }

    static func mapBody(_ view: ExportView, _ j: ExportView.JourneyView, facts: CardFacts, columnWidth colW: Double) -> Drawing {
        var out = ""
        let x0 = margin + laneHeaderWidth
        let width = x0 + Double(j.stages.count) * colW + margin
        var y = margin

        // title: journey, state, persona, board
        out += "<text x=\"\(px(margin))\" y=\"\(px(y + 20))\" font-size=\"22\" font-weight=\"bold\" fill=\"#1d2433\">\(MarkupText.escape(j.title))</text>\n"
        var sub = "\(MarkupText.clean(view.title)) · \(MarkupText.clean(j.state)) state"
        if let p = j.persona { sub += " · persona: " + MarkupText.clean(p.name) }
        out += "<text x=\"\(px(margin))\" y=\"\(px(y + 40))\" fill=\"#555b66\">\(MarkupText.escapeClean(sub))</text>\n"
        y += 56

        // stage headers
        let headerColumns = max(4, Int((colW - 16) / columnPixels))
        let headers = j.stages.map { DisplayText.wrap("\($0.position) · " + MarkupText.clean($0.title), columns: headerColumns, maxLines: 2) }
        let headerH = Double(headers.map(\.count).max() ?? 1) * lineHeight + 14
        for (i, lines) in headers.enumerated() {
            let x = x0 + Double(i) * colW
            out += "<g class=\"stage\"><rect x=\"\(px(x + 2))\" y=\"\(px(y))\" width=\"\(px(colW - 4))\" height=\"\(px(headerH))\" rx=\"4\" fill=\"#2f4a7a\"/>"
            out += textBlock(lines, x: x + 10, y: y + 7 + lineHeight - 4, fill: "#ffffff", bold: true)
            out += "</g>\n"
        }
        y += headerH + 6

        // lanes
        let textColumns = max(4, Int((colW - 12 - 2 * cardPadding - 14) / columnPixels))
        for lane in j.lanes {
            let kind = lane.laneKind
            let (fill, ink) = colours(kind)
            var cellBodies: [String] = []
            var rowH = 0.0
            for (i, cell) in lane.cells.enumerated() {
                let x = x0 + Double(i) * colW + 6
                var cy = 0.0
                var body = ""
                for card in cell {
                    let lines = DisplayText.wrap(cardText(card), columns: textColumns, maxLines: maxLinesPerCard)
                    let badges = facts.badges(card)
                    let badgeLines = badges.isEmpty ? [] : DisplayText.wrap(badges.map { MarkupText.clean($0) }.joined(separator: " · "), columns: Int(Double(textColumns) * 1.15), maxLines: 2)
                    let h = Double(lines.count) * lineHeight + Double(badgeLines.count) * 13 + 2 * cardPadding - 3
                    body += "<g class=\"card\"><rect x=\"\(px(x))\" y=\"\(px(cy))\" width=\"\(px(colW - 12))\" height=\"\(px(h))\" rx=\"5\" fill=\"\(fill)\" stroke=\"\(ink)\" stroke-opacity=\"0.35\"/>"
                    body += "<text x=\"\(px(x + cardPadding))\" y=\"\(px(cy + cardPadding + 11))\" fill=\"\(ink)\" font-weight=\"bold\">\(MarkupText.escapeClean(kind?.mark ?? "•"))</text>"
                    body += textBlock(lines, x: x + cardPadding + 14, y: cy + cardPadding + 11, fill: "#1d2433")
                    if !badgeLines.isEmpty {
                        body += textBlock(badgeLines, x: x + cardPadding + 14, y: cy + cardPadding + 11 + Double(lines.count) * lineHeight - 2,
                                          fill: "#5a6170", size: 10.5, lineHeight: 13)
                    }
                    body += "</g>\n"
                    cy += h + cardGap
                }
                rowH = max(rowH, cy)
                cellBodies.append(body)
            }
            let laneTitle = DisplayText.wrap(MarkupText.clean(lane.title), columns: Int((laneHeaderWidth - 30) / columnPixels), maxLines: 3)
            rowH = max(rowH, Double(laneTitle.count) * lineHeight + 20, 34) + 8
            out += "<g class=\"lane\">"
            out += "<rect x=\"\(px(margin))\" y=\"\(px(y))\" width=\"\(px(width - 2 * margin))\" height=\"\(px(rowH))\" fill=\"\(fill)\" fill-opacity=\"0.35\"/>"
            out += "<line x1=\"\(px(margin))\" y1=\"\(px(y))\" x2=\"\(px(width - margin))\" y2=\"\(px(y))\" stroke=\"#c5cad3\"/>"
            out += "<text x=\"\(px(margin + 6))\" y=\"\(px(y + 20))\" fill=\"\(ink)\" font-weight=\"bold\">\(MarkupText.escapeClean(kind?.mark ?? "•"))</text>"
            out += textBlock(laneTitle, x: margin + 22, y: y + 20, fill: "#1d2433", bold: true)
            out += "\n"
            for body in cellBodies where !body.isEmpty {
                out += "<g transform=\"translate(0 \(px(y + 5)))\">\n" + body + "</g>\n"
            }
            out += "</g>\n"
            y += rowH
        }
        out += "<line x1=\"\(px(margin))\" y1=\"\(px(y))\" x2=\"\(px(width - margin))\" y2=\"\(px(y))\" stroke=\"#c5cad3\"/>\n"
        y += 12

        // curves, each point under its stage
        let centres = j.stages.indices.map { x0 + (Double($0) + 0.5) * colW }
        let curves = curveBands(view, j, centres: centres, left: margin, right: width - margin, top: y)
        out += curves.body
        y = curves.height + 8

        return Drawing(body: out, width: width, height: (y + margin).rounded(.up))
    }

    /// Lines as one `<text>` with a `<tspan>` per line (lines already clean, escaped here).
    static func textBlock(_ lines: [String], x: Double, y: Double, fill: String, bold: Bool = false,
                          size: Double? = nil, lineHeight lh: Double = lineHeight) -> String {
        guard !lines.isEmpty else { return "" }
        var out = "<text x=\"\(px(x))\" y=\"\(px(y))\" fill=\"\(fill)\""
        if bold { out += " font-weight=\"bold\"" }
        if let s = size { out += " font-size=\"\(px(s))\"" }
        out += ">"
        for (i, line) in lines.enumerated() {
            out += "<tspan x=\"\(px(x))\"" + (i == 0 ? "" : " dy=\"\(px(lh))\"") + ">\(MarkupText.escapeClean(line))</tspan>"
        }
        return out + "</text>"
    }

    // MARK: curves

    /// The emotion curve (−2 … +2) and one band per hero metric that has a point, drawn from
    /// `top` between `left` and `right`, each stage's point at `centres[i]`. Returns the drawing
    /// and the y where it ends. Stages without a value leave a gap in the line.
    public static func curveBands(_ view: ExportView, _ j: ExportView.JourneyView, centres: [Double],
                                  left: Double, right: Double, top: Double) -> (body: String, height: Double) {
        var out = ""
        var y = top
        let labelX = left + 6
        func band(title: String, unit: String, ink: String, height: Double, values: [Double?], positions: [Double?],
                  labels: [String?], zeroLine: Double?) {
            out += "<g class=\"curve\">"
            out += "<rect x=\"\(px(left))\" y=\"\(px(y))\" width=\"\(px(right - left))\" height=\"\(px(height))\" fill=\"#fafbfc\" stroke=\"#e1e4ea\"/>"
            out += "<text x=\"\(px(labelX))\" y=\"\(px(y + 18))\" fill=\"\(ink)\" font-weight=\"bold\">\(MarkupText.escape(title))</text>"
            out += "<text x=\"\(px(labelX))\" y=\"\(px(y + 33))\" fill=\"#5a6170\" font-size=\"10.5\">\(MarkupText.escape(unit))</text>"
            let plotTop = y + 14, plotBottom = y + height - 16
            func yAt(_ p: Double) -> Double { plotBottom - p * (plotBottom - plotTop) }
            if let z = zeroLine {
                out += "<line x1=\"\(px(centres.first ?? left))\" y1=\"\(px(yAt(z)))\" x2=\"\(px(centres.last ?? right))\" y2=\"\(px(yAt(z)))\" stroke=\"#c5cad3\" stroke-dasharray=\"4 3\"/>"
            }
            // line segments between neighbouring stages that both have a value
            var segment: [String] = []
            func flush() {
                if segment.count > 1 {
                    out += "<polyline points=\"\(segment.joined(separator: " "))\" fill=\"none\" stroke=\"\(ink)\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>"
                }
                segment = []
            }
            for (i, p) in positions.enumerated() {
                guard i < centres.count, let p = p else { flush(); continue }
                segment.append("\(px(centres[i])),\(px(yAt(p)))")
            }
            flush()
            for (i, p) in positions.enumerated() where i < centres.count {
                guard let p = p else {
                    out += "<text x=\"\(px(centres[i]))\" y=\"\(px(plotBottom + 10))\" text-anchor=\"middle\" fill=\"#9aa0aa\" font-size=\"10.5\">no data</text>"
                    continue
                }
                out += "<circle cx=\"\(px(centres[i]))\" cy=\"\(px(yAt(p)))\" r=\"4\" fill=\"\(ink)\"/>"
                if let label = labels[i] {
                    let below = p > 0.75
                    out += "<text x=\"\(px(centres[i] + 7))\" y=\"\(px(yAt(p) + (below ? 14 : -6)))\" fill=\"#1d2433\" font-size=\"11\">\(MarkupText.escape(label))</text>"
                }
            }
            out += "</g>\n"
            y += height + 6
        }

        let emotion = j.emotionCurve
        if emotion.contains(where: { $0 != nil }) {
            band(title: "Emotion", unit: "−2 … +2 · mean per stage", ink: emotionInk, height: 96, values: emotion,
                 positions: emotion.map { $0.map { (min(2, max(-2, $0)) + 2) / 4 } },
                 labels: emotion.map { $0.map(SwimlaneText.emotionLabel) }, zeroLine: 0.5)
        }
        for (m, curve) in j.curves.enumerated() where curve.points.contains(where: { $0.mean != nil }) {
            let metric = view.heroMetrics.first { $0.id == curve.metric }
            let unit = metric.map { $0.unit.isEmpty ? "" : $0.unit + " · " } ?? ""
            let way = curve.better == Better.lower.rawValue ? "lower is better" : "higher is better"
            band(title: curve.label, unit: "\(unit)\(way)", ink: curveInks[m % curveInks.count],
                 height: 84, values: curve.points.map(\.mean), positions: curve.points.map(curve.position),
                 labels: curve.points.map { p in p.mean.map { metricValue($0, min: curve.min, max: curve.max) + (p.cards > 0 ? " (\(p.cards))" : "") } },
                 zeroLine: nil)
        }
        return (out, y)
    }

    /// The curves of a journey as their own `<svg>` element (for the page): stage titles across
    /// the top, then the bands. Empty when the journey has neither emotion values nor measured
    /// touchpoints.
    public static func curvesElement(_ view: ExportView, _ j: ExportView.JourneyView) -> String {
        guard !j.stages.isEmpty else { return "" }
        let colW = max(110.0, min(200.0, 1000.0 / Double(j.stages.count)))
        let left = 0.0, x0 = 190.0
        let width = x0 + Double(j.stages.count) * colW + 10
        let centres = j.stages.indices.map { x0 + (Double($0) + 0.5) * colW }
        let bands = curveBands(view, j, centres: centres, left: left, right: width - 4, top: 24)
        guard bands.height > 24 else { return "" }
        var out = "<svg class=\"curves\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(px(width))\" height=\"\(px(bands.height))\" viewBox=\"0 0 \(px(width)) \(px(bands.height))\" role=\"img\" aria-label=\"Emotion and hero metric curves\">"
        for (i, stage) in j.stages.enumerated() {
            let title = DisplayText.prefix(MarkupText.clean(stage.title), columns: Int(colW / 6.6) - 2)
            out += "<text x=\"\(px(centres[i]))\" y=\"14\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"#2f4a7a\">\(MarkupText.escapeClean(title))</text>"
        }
        out += bands.body
        return out + "</svg>"
    }

    // MARK: the value × cost matrix

    /// The ranked opportunities as points: cost across (cheaper left), CX score up; each point
    /// numbered by its rank. Quadrant lines at the medians. nil when there is nothing to plot.
    public static func matrixElement(_ opportunities: [ExportView.Opportunity]) -> String? {
        let points = opportunities.filter { $0.score.cost.isFinite && $0.score.cxScore.isFinite }
        guard !points.isEmpty else { return nil }
        let w = 560.0, h = 360.0, l = 56.0, r = 16.0, t = 16.0, b = 44.0
        let costs = points.map(\.score.cost), scores = points.map(\.score.cxScore)
        let maxCost = max(costs.max() ?? 1, 1) * 1.1
        let minScore = min(0, scores.min() ?? 0), maxScore = max(scores.max() ?? 1, 1) * 1.1
        func x(_ c: Double) -> Double { l + max(0, c) / maxCost * (w - l - r) }
        func y(_ s: Double) -> Double { h - b - (s - minScore) / (maxScore - minScore) * (h - t - b) }
        var out = "<svg class=\"matrix\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(px(w))\" height=\"\(px(h))\" viewBox=\"0 0 \(px(w)) \(px(h))\" role=\"img\" aria-label=\"CX score against cost\">"
        out += "<rect x=\"\(px(l))\" y=\"\(px(t))\" width=\"\(px(w - l - r))\" height=\"\(px(h - t - b))\" fill=\"#fafbfc\" stroke=\"#c5cad3\"/>"
        let sortedCosts = costs.sorted(), sortedScores = scores.sorted()
        let medCost = sortedCosts[sortedCosts.count / 2], medScore = sortedScores[sortedScores.count / 2]
        out += "<line x1=\"\(px(x(medCost)))\" y1=\"\(px(t))\" x2=\"\(px(x(medCost)))\" y2=\"\(px(h - b))\" stroke=\"#c5cad3\" stroke-dasharray=\"4 3\"/>"
        out += "<line x1=\"\(px(l))\" y1=\"\(px(y(medScore)))\" x2=\"\(px(w - r))\" y2=\"\(px(y(medScore)))\" stroke=\"#c5cad3\" stroke-dasharray=\"4 3\"/>"
        out += "<text x=\"\(px(l + 6))\" y=\"\(px(t + 14))\" fill=\"#1b7a3d\" font-size=\"11\">quick wins: high score, low cost</text>"
        if minScore < 0 {
            out += "<line x1=\"\(px(l))\" y1=\"\(px(y(0)))\" x2=\"\(px(w - r))\" y2=\"\(px(y(0)))\" stroke=\"#9aa0aa\"/>"
        }
        out += "<text x=\"\(px((l + w - r) / 2))\" y=\"\(px(h - 8))\" text-anchor=\"middle\" fill=\"#1d2433\">cost →</text>"
        out += "<text x=\"14\" y=\"\(px((t + h - b) / 2))\" text-anchor=\"middle\" fill=\"#1d2433\" transform=\"rotate(-90 14 \(px((t + h - b) / 2)))\">CX score →</text>"
        out += "<text x=\"\(px(l))\" y=\"\(px(h - b + 16))\" fill=\"#5a6170\" font-size=\"10.5\">0</text>"
        out += "<text x=\"\(px(w - r))\" y=\"\(px(h - b + 16))\" text-anchor=\"end\" fill=\"#5a6170\" font-size=\"10.5\">\(num(maxCost / 1.1))</text>"
        out += "<text x=\"\(px(l - 4))\" y=\"\(px(y(maxScore / 1.1) + 4))\" text-anchor=\"end\" fill=\"#5a6170\" font-size=\"10.5\">\(num(maxScore / 1.1))</text>"
        out += "<text x=\"\(px(l - 4))\" y=\"\(px(y(minScore) + 4))\" text-anchor=\"end\" fill=\"#5a6170\" font-size=\"10.5\">\(num(minScore))</text>"
        for o in points.reversed() {
            let s = o.score
            let ink = !s.isValid ? "#9aa0aa" : (s.passesGate ? "#1b7a3d" : "#b3261e")
            let cx = x(s.cost), cy = y(s.cxScore)
            out += "<g><title>#\(o.rank) \(MarkupText.escape(s.text)) — CX score \(CXScore.fixed(s.cxScore, decimals: 2)), cost \(num(s.cost))</title>"
            out += "<circle cx=\"\(px(cx))\" cy=\"\(px(cy))\" r=\"10\" fill=\"\(ink)\" fill-opacity=\"0.85\"/>"
            out += "<text x=\"\(px(cx))\" y=\"\(px(cy + 4))\" text-anchor=\"middle\" fill=\"#ffffff\" font-size=\"11\" font-weight=\"bold\">\(o.rank)</text></g>"
        }
        return out + "</svg>"
    }
}
