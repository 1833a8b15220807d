import JourneyKit

/// Draws the prioritisation panel over the whole screen: the ranked table and the focused
/// opportunity's breakdown, or the value × cost matrix.
///
/// Matrix decisions (the issue leaves them open):
/// - **Axes.** What the table ranks by: the CX score (value with reach and confidence) up, cost
///   across from 0 to the largest cost, both linear — priority is the one divided by the other,
///   so the matrix never disagrees with the ranking it sits beside. Each axis says what it is.
/// - **Quadrants split at the medians** of the plotted opportunities' CX score and cost: the
///   matrix answers "which of *these* come first", and a split at 0 would put nearly every
///   opportunity that passes a gate in the top half. On the line counts as high and as low
///   cost. quick wins: high CX score, low cost; big bets: high, high cost; fill-ins: low, low
///   cost; time sinks: low, high cost.
/// - **Labels** are rank numbers. The rows in the legend (a page of the ranking, scrolling with
///   the focus) are the ones plotted, so every label on the plot can be read beside it; the
///   scales and medians come from every opportunity ranked, so points never move as it scrolls.
///   A label whose place is taken moves to the nearest free cells on its row (or the next rows),
///   with a blank cell either side, so two points never share a cell or run together; one with no free cell near it is not drawn and its
///   legend row says so ("no room"). Opportunities with no usable cost (≤ 0, a `check` error)
///   are listed, not plotted.
enum PrioritisationView {
    static let slotWidth = 9

    // MARK: geometry

    /// Rows of the breakdown pane: title, header, one per hero metric, value, inputs, CX
    /// score, priority, measured, gate, footnote.
    static func breakdownRows(_ s: BoardState) -> Int { s.board.heroMetrics.count + 10 }

    /// Rows of the table (or of the matrix legend): what PgUp / PgDn move by and what scrolls.
    static func pageRows(_ s: BoardState, _ p: PrioritisationPanel) -> Int {
        if p.matrix { return max(1, s.height - 6) }
        return tableRows(s)
    }

    static func tableRows(_ s: BoardState) -> Int {
        let free = s.height - 5 // title, column titles, rule, hint line, message line
        let b = breakdownRows(s)
        return max(min(3, free), free - b)
    }

    // MARK: drawing

    static func draw(_ screen: inout Screen, _ s: BoardState, _ panel: PrioritisationPanel, _ t: Theme) {
        var p = panel
        p.refreshIfStale(s) // normally fresh: the reducer ranks after every edit
        Prioritisation.keepFocusVisible(&p, s) // after a resize, before the next key
        screen.fill(x: 0, y: 0, width: s.width, height: s.height, style: t.overlay)
        screen.cursor = nil
        drawTitle(&screen, s, p, t)
        if p.matrix {
            drawMatrix(&screen, s, p, t)
        } else {
            let rows = tableRows(s)
            drawTable(&screen, s, p, rows: rows, t)
            // the breakdown follows the last row when the ranking is shorter than the table
            let ruleY = 2 + min(rows, max(1, p.ranking.count - p.top))
            for x in 0..<s.width { screen.put("─", x: x, y: ruleY, style: t.rule) }
            let by = ruleY + 1
            drawBreakdown(&screen, s, p, y: by, height: max(0, s.height - 2 - by), t)
        }
        drawFooter(&screen, s, p, t)
    }

    static func drawTitle(_ screen: inout Screen, _ s: BoardState, _ p: PrioritisationPanel, _ t: Theme) {
        screen.fill(x: 0, y: 0, width: s.width, height: 1, style: t.header)
        let scope = p.journey.flatMap { s.board.journeys[$0] }.map { "journey: " + DisplayText.sanitize($0.title) } ?? "every journey"
        let n = p.ranking.count
        let g = p.ranking.gate
        let text = " Prioritisation\(p.matrix ? " matrix" : "")\(p.sortsByVotes ? " by votes" : "")  │  gate: \(g.rawValue) — \(g.summary)  │  \(n) opportunit\(n == 1 ? "y" : "ies")  │  \(scope)"
        screen.put(DisplayText.truncate(text, columns: s.width), x: 0, y: 0, style: t.header)
    }

    static func drawFooter(_ screen: inout Screen, _ s: BoardState, _ p: PrioritisationPanel, _ t: Theme) {
        let y = s.height - 2
        screen.fill(x: 0, y: y, width: s.width, height: 1, style: t.status)
        let hint: String
        if p.editor != nil {
            let keys = footerHint([PrioritisationPanel.editorKeyTable.hint(.accept), PrioritisationPanel.editorKeyTable.hint(.cancel)])
            hint = " editing \(PrioritisationPanel.name(of: p.field, s.board)) — \(keys) · empty: back to its default · \(rangeHint(p.field))"
        } else {
            hint = " " + p.footer()
        }
        screen.put(DisplayText.truncate(hint, columns: s.width), x: 0, y: y, style: t.status)
        var room = s.width
        // a running timebox stays in sight in the panel too
        if let (label, flash) = Facilitation.timerLabel(s.workshop) {
            let w = DisplayText.width(label)
            screen.put(label, x: s.width - w - 1, y: s.height - 1, style: t.style(flash ? Style(fg: .red, bold: true, reverse: true) : Style(bold: true)))
            room -= w + 2
        }
        if let m = s.message {
            screen.put(DisplayText.truncate(DisplayText.sanitize(m), columns: max(0, room)), x: 0, y: s.height - 1, style: t.message)
        }
    }

    static func rangeHint(_ f: PrioritisationPanel.Field) -> String {
        switch f {
        case .impact: return "a change in the metric's own units, e.g. -0.5 or 8"
        case .confidence, .reach: return "0–100"
        case .cost: return "more than 0"
        }
    }

    // MARK: the table

    struct Column {
        var title: String
        var width: Int
        var right: Bool
    }

    static func columns(_ s: BoardState, _ p: PrioritisationPanel) -> (cols: [Column], textIndex: Int) {
        let rankW = max(2, String(p.ranking.count).count)
        var cols: [Column] = [Column(title: "#", width: rankW, right: true), Column(title: "gate", width: 4, right: false),
                              Column(title: "opportunity", width: 0, right: false)]
        var optional: [Column] = []
        if p.journey == nil { optional.append(Column(title: "journey", width: 18, right: false)) }
        optional += [Column(title: "CX score", width: 8, right: true), Column(title: "measured", width: 8, right: true),
                     Column(title: "priority", width: 8, right: true), Column(title: "votes", width: 5, right: true),
                     Column(title: "status", width: 11, right: false)]
        // narrow terminals drop columns (least needed first) so the text keeps 20 columns
        let dropOrder = ["journey", "status", "measured", "votes"]
        func fixed(_ c: [Column]) -> Int { c.reduce(0) { $0 + $1.width + 2 } + 2 }
        var k = 0
        while fixed(cols + optional) + 20 > s.width && k < dropOrder.count {
            optional.removeAll { $0.title == dropOrder[k] }
            k += 1
        }
        cols += optional
        cols[2].width = max(4, s.width - fixed(cols))
        return (cols, 2)
    }

    static func drawTable(_ screen: inout Screen, _ s: BoardState, _ p: PrioritisationPanel, rows: Int, _ t: Theme) {
        let (cols, _) = columns(s, p)
        func cell(_ text: String, _ c: Column) -> String {
            let cut = DisplayText.truncate(text, columns: c.width)
            let pad = String(repeating: " ", count: max(0, c.width - DisplayText.width(cut)))
            return c.right ? pad + cut : cut + pad
        }
        func line(_ values: [String]) -> String {
            zip(cols, values).map { cell($0.1, $0.0) }.joined(separator: "  ")
        }
        // silent voting: the votes column holds the participant's own votes only
        screen.put(line(cols.map { $0.title == "votes" && s.votesHidden ? "mine" : $0.title }), x: 1, y: 1, style: t.hint, limit: s.width)
        guard p.ranking.count > 0 else {
            let why = p.journey == nil ? "no opportunities on this board: add cards to an Opportunities lane"
                                       : "no opportunities in this journey — a shows every journey's, or add cards to an Opportunities lane"
            screen.put(why, x: 1, y: 2, style: t.hint, limit: s.width)
            return
        }
        let focus = p.focusIndex
        for r in 0..<rows {
            guard p.top + r < p.ranking.count else { break }
            let i = p.rank(atRow: p.top + r)   // by rank, or by votes (`o`)
            guard let sc = p.ranking.score(at: i) else { break }
            let card = s.board.cards[sc.card]
            let y = 2 + r
            var values: [String] = []
            for c in cols {
                switch c.title {
                case "#": values.append(String(i + 1))
                case "gate": values.append((sc.isValid ? (sc.passesGate ? "✓" : "✗") : "!") + (sc.isIncomplete ? " ?" : ""))
                case "opportunity": values.append(DisplayText.sanitize(sc.text))
                case "journey": values.append(DisplayText.sanitize(s.board.journeys[sc.journey]?.title ?? ""))
                case "CX score": values.append(CXScore.fixed(sc.cxScore, decimals: 2))
                case "measured": values.append(sc.measuredCxScore.map { CXScore.fixed($0, decimals: 2) } ?? "")
                case "priority": values.append(sc.priority.map { CXScore.fixed($0, decimals: 3) } ?? "–")
                case "votes": values.append(String(card.map(s.shownVotes) ?? (s.votesHidden ? 0 : sc.votes)))
                default: values.append(DisplayText.sanitize(sc.status ?? ""))
                }
            }
            let style: Style = i == focus ? t.focus : .plain
            if i == focus { screen.fill(x: 0, y: y, width: s.width, height: 1, style: t.focus) }
            screen.put(line(values), x: 1, y: y, style: style, limit: s.width)
        }
        if p.top > 0 { screen.put("↑ \(p.top) more", x: s.width - 12, y: 1, style: t.more) }
        let below = p.ranking.count - p.top - rows
        if below > 0 { screen.put(" ↓ \(below) more ", x: s.width - 14, y: 2 + rows, style: t.more) }
    }

    // MARK: the breakdown

    static func signed(_ x: Double, _ d: Int) -> String {
        let f = CXScore.fixed(x, decimals: d)
        return x > 0 && f.contains(where: { $0 != "0" && $0 != "." }) ? "+" + f : f
    }

    static func drawBreakdown(_ screen: inout Screen, _ s: BoardState, _ p: PrioritisationPanel, y top: Int, height: Int, _ t: Theme) {
        guard height > 0, let i = p.focusIndex, let sc = p.ranking.score(at: i), let card = s.board.cards[sc.card] else { return }
        let bottom = top + height
        let x0 = 1
        var y = top
        func put(_ text: String, _ x: Int, _ style: Style = .plain) { if y < bottom { screen.put(text, x: x, y: y, style: style, limit: s.width) } }

        // title: the opportunity and where it sits
        var meta: [String] = []
        if let st = s.board.stages[sc.stage] { meta.append("stage: " + DisplayText.sanitize(st.title)) }
        if let status = sc.status { meta.append(DisplayText.sanitize(status)) }
        if let o = card.owner { meta.append(DisplayText.sanitize(o)) }
        let head = "★ #\(i + 1)  " + DisplayText.sanitize(sc.text)
        let metaText = meta.isEmpty ? "" : "  · " + meta.joined(separator: " · ")
        let after = screen.put(DisplayText.truncate(head, columns: max(1, s.width - 2 - min(40, DisplayText.width(metaText)))), x: x0, y: y, style: .bold, limit: s.width)
        screen.put(metaText, x: after, y: y, style: t.hint, limit: s.width)
        y += 1

        // the terms: impact → improvement × weight = contribution (and what was measured)
        let terms = sc.terms
        let anyMeasured = terms.contains { $0.measured != nil }
        let labelW = max(12, min(32, s.width - 56 - (anyMeasured ? 22 : 0)))
        let xImpact = x0 + labelW + 1
        let xImp = xImpact + slotWidth + 4      // "  → "
        let xW = xImp + 11 + 4                  // improvement, "  × "
        let xC = xW + 6 + 4                     // weight, "  = "
        let xM = xC + 12 + 3
        put(DisplayText.pad("hero metric (better, scale)", columns: labelW), x0, t.hint)
        put(right("impact", slotWidth) + "  → " + right("improvement", 11) + "  × " + right("weight", 6) + "  = " + right("weighted", 12), xImpact, t.hint)
        if anyMeasured { put("measured → improvement", xM, t.hint) }
        y += 1
        for term in terms {
            guard let m = s.board.heroMetrics[term.metric] else { continue }
            let suffix = " \(m.sign > 0 ? "↑" : "↓") \(CanonicalJSON.numberText(m.min))–\(CanonicalJSON.numberText(m.max))"
            let label = DisplayText.truncate(DisplayText.sanitize(term.label), columns: max(1, labelW - DisplayText.width(suffix))) + suffix
            put(label, x0, term.isSteered ? .plain : t.hint)
            let impactText = term.impact.map { CanonicalJSON.numberText($0) } ?? "0*"
            slot(&screen, s, p, .impact(term.metric), impactText, x: xImpact, y: y, bottom: bottom, t)
            put("  → " + right(signed(term.improvement, 4), 11) + "  × " + right(CanonicalJSON.numberText(term.weight), 6) + "  = "
                + right(term.isSteered ? signed(term.weight * term.improvement, 4) : "not steered", 12), xImpact + slotWidth)
            if let mv = term.measured, let mi = term.measuredImprovement {
                put(CanonicalJSON.numberText(mv) + " → " + signed(mi, 4), xM)
            }
            y += 1
        }
        // the normalisation is a step of its own, so every number on screen adds up
        let steered = terms.filter(\.isSteered)
        let weighted = steered.reduce(0.0) { $0 + $1.weight * $1.improvement }
        let weights = steered.reduce(0.0) { $0 + $1.weight }
        let norm = steered.isEmpty ? "value = 0 (no hero metric has a weight above 0) = "
            : "value = Σ weight·improvement \(signed(weighted, 4)) ÷ Σ weight \(CanonicalJSON.numberText(weights)) = "
        put(norm, x0)
        put(CXScore.fixed(sc.value, decimals: 4), x0 + DisplayText.width(norm), .bold)
        if let mv = sc.measuredValue { put("measured value " + CXScore.fixed(mv, decimals: 4), xM) }
        y += 1

        // the inputs: reach, confidence, cost (editable)
        var x = x0
        for (f, name, v, isDefault) in [(PrioritisationPanel.Field.reach, "reach", sc.reach, sc.reachIsDefault),
                                        (.confidence, "confidence", sc.confidence, sc.confidenceIsDefault),
                                        (.cost, "cost", sc.cost, sc.costIsDefault)] {
            put(name, x)
            x += DisplayText.width(name) + 1
            slot(&screen, s, p, f, CanonicalJSON.numberText(CXScore.rounded(v, places: 4)) + (isDefault ? "*" : ""), x: x, y: y, bottom: bottom, t)
            x += slotWidth + 4
        }
        y += 1

        // the arithmetic, spelled out
        let cx = CXScore.fixed(sc.cxScore, decimals: 2)
        put("CX score = 100 × value \(CXScore.fixed(sc.value, decimals: 4)) × reach \(CanonicalJSON.numberText(sc.reach))/100 × confidence \(CanonicalJSON.numberText(sc.confidence))/100 = ", x0)
        let cxX = x0 + DisplayText.width("CX score = 100 × value \(CXScore.fixed(sc.value, decimals: 4)) × reach \(CanonicalJSON.numberText(sc.reach))/100 × confidence \(CanonicalJSON.numberText(sc.confidence))/100 = ")
        put(cx, cxX, .bold)
        y += 1
        if let pr = sc.priority {
            let text = "priority = CX score \(cx) ÷ cost \(CanonicalJSON.numberText(CXScore.rounded(sc.cost, places: 4)))"
                + (sc.costDefaultNote.map { " (\($0))" } ?? "") + " = "
            put(text, x0)
            put(CXScore.fixed(pr, decimals: 3), x0 + DisplayText.width(text), .bold)
            put("rank #\(i + 1) of \(p.ranking.count): gate-passing first, then priority, CX score, text", x0 + DisplayText.width(text) + 10, t.hint)
        } else {
            put("priority: none — cost must be greater than 0, not \(CanonicalJSON.numberText(sc.cost)) (ranked last)", x0, t.error)
        }
        y += 1
        if let m = sc.measuredCxScore {
            let d = m - sc.cxScore
            let text = "predicted CX score \(cx)  │  measured \(CXScore.fixed(m, decimals: 2)) (\(signed(d, 2)))"
            put(text, x0, .bold)
            put("   the same formula with the measured deltas in place of the impact", x0 + DisplayText.width(text), t.hint)
        }
        y += 1
        put(gateLine(sc, s.board), x0, sc.isValid ? (sc.passesGate ? .plain : t.error) : t.error)
        y += 1
        if !sc.problems.isEmpty {
            put("! invalid (ranked last): " + sc.problems.map { DisplayText.sanitize($0) }.joined(separator: "; "), x0, t.error)
        } else if sc.isIncomplete {
            put("* not on the card, scored with the default: confidence 50, reach 100, cost the board's median, impact 0 — ? marks such rows", x0, t.hint)
        }
        y += 1
        put(evidenceLine(s, card: sc.card), x0, t.hint)
    }

    /// The insight cards linked to or from the opportunity: the evidence behind it, with sources.
    static func evidenceLine(_ s: BoardState, card id: String) -> String {
        let insights = Facilitation.linkedCards(s, of: id).compactMap { s.board.cards[$0.id] }.filter { s.board.kind(of: $0) == .insights }
        guard !insights.isEmpty else { return "evidence: no linked insights (g L links an insight card)" }
        let sources = insights.map { c in DisplayText.sanitize(c.source ?? "no source") }
        return "evidence: \(insights.count) linked insight\(insights.count == 1 ? "" : "s") — " + sources.joined(separator: "; ")
    }

    static func right(_ text: String, _ w: Int) -> String {
        let cut = DisplayText.truncate(text, columns: w)
        return String(repeating: " ", count: max(0, w - DisplayText.width(cut))) + cut
    }

    /// An editable number: right-aligned in a fixed slot; the chosen one starts with ▸ and is
    /// reverse video; while editing, the editor takes the slot and shows the caret.
    static func slot(_ screen: inout Screen, _ s: BoardState, _ p: PrioritisationPanel, _ f: PrioritisationPanel.Field,
                     _ text: String, x: Int, y: Int, bottom: Int, _ t: Theme) {
        guard y < bottom else { return }
        let chosen = f == p.field
        if chosen, let ed = p.editor {
            screen.fill(x: x, y: y, width: slotWidth, height: 1, style: t.focus)
            screen.put("✎", x: x, y: y, style: t.focus)
            let (shown, caret) = ed.visible(width: slotWidth - 2)
            screen.put(shown, x: x + 1, y: y, style: t.focus, limit: x + slotWidth)
            screen.cursor = (x + 1 + caret, y)
        } else if chosen {
            screen.fill(x: x, y: y, width: slotWidth, height: 1, style: t.focus)
            screen.put("▸" + right(text, slotWidth - 1), x: x, y: y, style: t.focus, limit: x + slotWidth)
        } else {
            screen.put(right(text, slotWidth), x: x, y: y, limit: x + slotWidth)
        }
    }

    /// The gate and why this opportunity passes it or not.
    static func gateLine(_ sc: OpportunityScore, _ b: Board) -> String {
        let steered = sc.terms.filter(\.isSteered)
        let head = "gate \(sc.gate.rawValue) (\(sc.gate.summary)): "
        if sc.passesGate { return head + "✓ passes" }
        func names(_ ts: [OpportunityScore.Term]) -> String { ts.map { DisplayText.sanitize($0.label) }.joined(separator: ", ") }
        switch sc.gate {
        case .all:
            let not = steered.filter { $0.improvement <= 0 }
            return head + "✗ fails — does not improve: " + names(not)
        case .any:
            let worse = steered.filter { $0.improvement < 0 }
            return head + (worse.isEmpty ? "✗ fails — improves no hero metric" : "✗ fails — makes worse: " + names(worse))
        case .none:
            return head + "✓ passes"
        }
    }

    // MARK: the matrix

    enum Quadrant: String {
        case quickWins = "quick win", bigBets = "big bet", fillIns = "fill-in", timeSinks = "time sink"
    }

    struct MatrixStats {
        var maxCost: Double, vmin: Double, vmax: Double, medianCost: Double, medianValue: Double, plotted: Int
        func quadrant(value: Double, cost: Double) -> Quadrant {
            let high = value >= medianValue, cheap = cost <= medianCost
            return high ? (cheap ? .quickWins : .bigBets) : (cheap ? .fillIns : .timeSinks)
        }
    }

    static func plottable(_ e: Ranking.Entry) -> Bool { e.cost > 0 && e.cost.isFinite && e.cxScore.isFinite }

    static func median(_ xs: [Double]) -> Double {
        let v = xs.sorted()
        guard !v.isEmpty else { return 0 }
        return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
    }

    /// Scales and medians over every plottable opportunity of the ranking.
    static func matrixStats(_ r: Ranking) -> MatrixStats? {
        let es = r.entries.filter(plottable)
        guard !es.isEmpty else { return nil }
        let values = es.map(\.cxScore), costs = es.map(\.cost)
        return MatrixStats(maxCost: costs.max()!, vmin: min(0, values.min()!), vmax: max(0, values.max()!),
                           medianCost: median(costs), medianValue: median(values), plotted: es.count)
    }

    static func drawMatrix(_ screen: inout Screen, _ s: BoardState, _ p: PrioritisationPanel, _ t: Theme) {
        let w = s.width, h = s.height
        let legendW = max(30, min(64, w / 2))
        let legendX = w - legendW
        let axisW = 8
        let plotX0 = axisW + 1
        let plotW = max(4, legendX - 2 - plotX0)
        let plotTop = 2
        let plotH = max(2, h - 2 - 2 - 1 - plotTop) // footer, axis and its labels, median note
        let rows = pageRows(s, p)
        guard let st = matrixStats(p.ranking) else {
            screen.put("nothing to plot: no opportunity with a cost above 0", x: 1, y: 2, style: t.hint, limit: w)
            return
        }
        func col(_ cost: Double) -> Int { plotX0 + Int((cost / st.maxCost * Double(plotW - 1)).rounded()) }
        func row(_ v: Double) -> Int {
            guard st.vmax > st.vmin else { return plotTop + plotH / 2 }
            return plotTop + Int(((st.vmax - v) / (st.vmax - st.vmin) * Double(plotH - 1)).rounded())
        }
        let xm = col(st.medianCost), ym = row(st.medianValue)
        let plotBottom = plotTop + plotH // the x axis row
        // axes, ticks and the median lines
        screen.put("CX score ↑", x: 0, y: 1, style: t.hint)
        screen.put("what the table ranks by · priority = CX ÷ cost", x: plotX0 + 3, y: 1, style: t.hint, limit: legendX - 1)
        for y in plotTop..<plotBottom { screen.put("│", x: plotX0 - 1, y: y, style: t.rule) }
        for x in plotX0..<(plotX0 + plotW) { screen.put("─", x: x, y: plotBottom, style: t.rule) }
        screen.put("└", x: plotX0 - 1, y: plotBottom, style: t.rule)
        for y in plotTop..<plotBottom where y != ym { screen.put("┆", x: xm, y: y, style: t.hint) }
        for x in plotX0..<(plotX0 + plotW) where x != xm { screen.put("┄", x: x, y: ym, style: t.hint) }
        screen.put("┼", x: xm, y: ym, style: t.hint)
        screen.put("┴", x: xm, y: plotBottom, style: t.rule)
        screen.put("┤", x: plotX0 - 1, y: ym, style: t.rule)
        func tick(_ v: Double, _ y: Int) { screen.put(right(CXScore.fixed(v, decimals: 2), axisW - 1), x: 0, y: y, style: t.hint) }
        tick(st.vmax, plotTop)
        tick(st.vmin, plotBottom - 1)
        if ym > plotTop + 1 && ym < plotBottom - 2 { tick(st.medianValue, ym) }
        // x labels
        let ly = plotBottom + 1
        screen.put("0", x: plotX0, y: ly, style: t.hint)
        let mc = CanonicalJSON.numberText(CXScore.rounded(st.medianCost, places: 2))
        let mx = CanonicalJSON.numberText(st.maxCost)
        let mcX = max(plotX0 + 2, min(xm - DisplayText.width(mc) / 2, plotX0 + plotW - DisplayText.width(mx) - DisplayText.width(mc) - 2))
        screen.put(mc, x: mcX, y: ly, style: t.hint)
        screen.put(mx, x: plotX0 + plotW - DisplayText.width(mx), y: ly, style: t.hint)
        let costLabel = "cost (effort) →"
        let clX = xm + (plotX0 + plotW - xm) / 2 - 3
        let clW = DisplayText.width(costLabel)
        if clX > mcX + DisplayText.width(mc) + 1 && clX + clW < plotX0 + plotW - DisplayText.width(mx) { screen.put(costLabel, x: clX, y: ly, style: t.hint) }
        else { screen.put("cost →", x: max(plotX0 + 2, plotX0 + plotW - DisplayText.width(mx) - 8), y: ly, style: t.hint) }
        screen.put(DisplayText.truncate("medians: CX score \(CXScore.fixed(st.medianValue, decimals: 2)), cost \(mc) (on a line: high, cheap)", columns: legendX - 2),
                   x: 1, y: ly + 1, style: t.hint)

        // occupancy, so labels never overwrite each other or the quadrant names
        var taken = Set<Int>()
        func key(_ x: Int, _ y: Int) -> Int { y * w + x }
        func free(_ x: Int, _ y: Int, _ n: Int) -> Bool {
            guard y >= plotTop, y < plotBottom, x >= plotX0, x + n <= plotX0 + plotW else { return false }
            return (x..<(x + n)).allSatisfy { !taken.contains(key($0, y)) }
        }
        func take(_ x: Int, _ y: Int, _ n: Int) { for xx in x..<(x + n) { taken.insert(key(xx, y)) } }
        // a label needs a free cell either side too, so "12" next to "3" never reads as "123"
        func room(_ x: Int, _ y: Int, _ n: Int) -> Bool {
            free(x, y, n) && !taken.contains(key(x - 1, y)) && !taken.contains(key(x + n, y))
        }
        // quadrant names in the corners
        let names: [(String, Int, Int)] = [
            ("quick wins", plotX0 + 1, plotTop), ("big bets", plotX0 + plotW - 8, plotTop),
            ("fill-ins", plotX0 + 1, plotBottom - 1), ("time sinks", plotX0 + plotW - 10, plotBottom - 1),
        ]
        for (n, x, y) in names where x >= plotX0 {
            screen.put(n, x: x, y: y, style: Style(bold: true, underline: true), limit: plotX0 + plotW)
            take(x - 1, y, DisplayText.width(n) + 2) // and a cell either side
        }
        // the points of the legend's page
        let focus = p.focusIndex
        let end = min(p.ranking.count, p.top + rows)
        var unplaced = Set<Int>()
        if p.top < end {
            for i in p.top..<end {
                let e = p.ranking.entries[i]
                guard plottable(e) else { continue }
                let label = String(i + 1)
                let n = label.count
                let x0 = min(col(e.cost), plotX0 + plotW - n), y0 = row(e.cxScore)
                var spot: (Int, Int)?
                search: for dy in [0, -1, 1, -2, 2, -3, 3] {
                    for dx in [0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8, -8] where room(x0 + dx, y0 + dy, n) {
                        spot = (x0 + dx, y0 + dy)
                        break search
                    }
                }
                guard let (x, y) = spot else { unplaced.insert(i); continue }
                take(x, y, n)
                screen.put(label, x: x, y: y, style: i == focus ? t.focus : t.curve)
            }
        }

        // the legend
        screen.put("  #  quadrant     CX  cost  opportunity", x: legendX, y: 1, style: t.hint, limit: w)
        for r in 0..<rows {
            let i = p.top + r
            guard i < p.ranking.count else { break }
            let e = p.ranking.entries[i]
            let y = 2 + r
            let text = DisplayText.sanitize(s.board.cards[e.card]?.text ?? e.card)
            let q = plottable(e) ? st.quadrant(value: e.cxScore, cost: e.cost).rawValue : "cost ≤ 0"
            let line = right(String(i + 1), 3) + "  " + DisplayText.pad(q, columns: 9) + right(CXScore.fixed(e.cxScore, decimals: 2), 7)
                + right(CanonicalJSON.numberText(CXScore.rounded(e.cost, places: 2)), 6) + "  " + (unplaced.contains(i) ? "(no room on the plot) " : "") + text
            if i == focus { screen.fill(x: legendX, y: y, width: legendW, height: 1, style: t.focus) }
            screen.put(DisplayText.truncate(line, columns: legendW - 1), x: legendX, y: y, style: i == focus ? t.focus : .plain, limit: w)
        }
        let below = p.ranking.count - p.top - rows
        if below > 0 { screen.put("↓ \(below) more", x: legendX + 4, y: 2 + rows, style: t.more, limit: w) }
    }
}
