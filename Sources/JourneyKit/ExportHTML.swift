/// The board as one self-contained page (`journey export --format html`) that a facilitator
/// can mail or attach: inline CSS and SVG, no script, nothing fetched. The board's title and
/// the export's date; per journey its persona, the swimlane map (an HTML table, so text wraps,
/// prints and is searchable: stages across, lanes down, kind marks and colours, channels,
/// owners, votes unless hidden, links and evidence), the emotion and hero-metric curves
/// (`ExportSVG.curvesElement`), journey vs touchpoints with the signed gap, the current
/// journey beside a future one drawn from it; then its ranked opportunities with the whole
/// arithmetic of each score and the CX score × cost matrix.
///
/// A print stylesheet lays it out on A4 landscape (widths are relative, so A3 works as well) with a page break before each
/// journey, so printing to PDF from a browser is the PDF export. Board text goes through
/// `MarkupText`: a card `<script>` is shown as text, never run.
public enum ExportHTML {
    /// The page. `date` is the export's date as it should read (the caller's clock, so the page
    /// is a function of its inputs).
    public static func page(_ view: ExportView, date: String) -> String {
        let facts = ExportSVG.CardFacts(view)
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<meta name=\"generator\" content=\"journey export\">\n"
        out += "<title>\(MarkupText.escape(view.title)) — customer journeys</title>\n"
        out += "<style>\n\(stylesheet)</style>\n</head>\n<body>\n"
        out += "<header class=\"board\">\n<h1>\(MarkupText.escape(view.title))</h1>\n"
        out += "<p class=\"meta\">Exported \(MarkupText.escape(date)) · \(view.journeys.count) journey\(view.journeys.count == 1 ? "" : "s") · hero metrics: "
        out += view.heroMetrics.map { m in
            "\(MarkupText.escape(m.label)) (\(ExportSVG.num(m.min))–\(ExportSVG.num(m.max))\(m.unit.isEmpty ? "" : ", in " + MarkupText.escape(m.unit)), \(m.better == Better.lower.rawValue ? "lower" : "higher") is better, weight \(ExportSVG.num(m.weight)))"
        }.joined(separator: ", ")
        out += " · gate: \(view.gate.rawValue)"
        if view.votesHidden { out += " · votes hidden (silent voting)" }
        out += "</p>\n"
        if view.journeys.count > 1 {
            out += "<nav><ol>" + view.journeys.map { "<li><a href=\"#\(anchor($0))\">\(MarkupText.escape($0.title))</a> <span class=\"state\">\(MarkupText.escape($0.state))</span></li>" }.joined() + "</ol></nav>\n"
        }
        out += "</header>\n"
        for j in view.journeys {
            out += journeySection(view, j, facts: facts)
        }
        out += "<footer>Made with journey · every number above can be recomputed from the board file (docs/SCORING.md).</footer>\n"
        out += "</body>\n</html>\n"
        return out
    }

    static func anchor(_ j: ExportView.JourneyView) -> String { "journey-" + MarkupText.token(j.id) }

    static func journeySection(_ view: ExportView, _ j: ExportView.JourneyView, facts: ExportSVG.CardFacts) -> String {
        var out = "<section class=\"journey\" id=\"\(anchor(j))\">\n"
        out += "<h2>\(MarkupText.escape(j.title)) <span class=\"state \(MarkupText.token(j.state))\">\(MarkupText.escape(j.state)) state</span></h2>\n"
        if let p = j.persona {
            out += "<p class=\"persona\"><strong>Persona: \(MarkupText.escape(p.name))</strong>"
            if !p.description.isEmpty { out += " — \(MarkupText.escape(p.description))" }
            out += "</p>\n"
        }
        let measured = view.heroMetrics.compactMap { m in j.metrics[m.id].map { "\(MarkupText.escape(m.label)) \(ExportSVG.num($0))" } }
        if !measured.isEmpty { out += "<p class=\"measured\">Journey metrics (measured): \(measured.joined(separator: " · "))</p>\n" }

        out += "<h3>The map</h3>\n"
        out += mapTable(j, facts: facts)
        out += comments(j)

        let curves = ExportSVG.curvesElement(view, j)
        if !curves.isEmpty {
            out += "<h3>Curves per stage</h3>\n<p class=\"note\">The emotion lane's mean per stage, and each hero metric as its touchpoints measure it (the volume-weighted mean; the number of cards in brackets), on its whole scale. Up is better on every curve, effort included.</p>\n"
            out += "<div class=\"figure\">\(curves)</div>\n"
        }
        out += comparisonTable(view, j)
        if let current = partner(of: j, in: view) {
            out += currentBesideFuture(view, current: current, future: j)
        }
        out += opportunities(view, j)
        out += "</section>\n"
        return out
    }

    /// The cards' threads under the map: each discussed card, its comments oldest first.
    static func comments(_ j: ExportView.JourneyView) -> String {
        let discussed = j.cards.filter { !$0.comments.isEmpty }
        if discussed.isEmpty { return "" }
        var out = "<h3>Comments</h3>\n<ul class=\"comments\">\n"
        for card in discussed {
            out += "<li><strong>\(MarkupText.escape(card.text))</strong><ul>\n"
            for c in card.comments {
                out += "<li\(c.resolved ? " class=\"resolved\"" : "")><span class=\"who\">\(MarkupText.escape(c.author)), \(MarkupText.escape(c.time))\(c.resolved ? " (resolved)" : "")</span>: \(MarkupText.escape(c.text))</li>\n"
            }
            out += "</ul></li>\n"
        }
        return out + "</ul>\n"
    }

    // MARK: the map

    static func mapTable(_ j: ExportView.JourneyView, facts: ExportSVG.CardFacts) -> String {
        guard !j.stages.isEmpty else { return "<p class=\"note\">(no stages)</p>\n" }
        var out = "<table class=\"map\">\n<thead><tr><th class=\"corner\"></th>"
        for s in j.stages {
            out += "<th scope=\"col\"><span class=\"pos\">\(s.position)</span> \(MarkupText.escape(s.title))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for lane in j.lanes {
            let kind = lane.laneKind
            let k = MarkupText.token(lane.kind)
            out += "<tr class=\"lane k-\(k)\"><th scope=\"row\"><span class=\"mark\">\(kind?.mark ?? "•")</span> \(MarkupText.escape(lane.title))<span class=\"kind\">\(MarkupText.escape(lane.kind))</span></th>"
            for cell in lane.cells {
                out += "<td>"
                for card in cell {
                    out += "<div class=\"card k-\(k)\" id=\"card-\(MarkupText.token(card.id))\"><span class=\"mark\">\(kind?.mark ?? "•")</span> "
                    if kind == .emotion, let v = card.value { out += "<b class=\"emotion\">\(SwimlaneText.emotionLabel(v))</b> " }
                    if kind == .touchpoints, let ch = card.channel, !ch.isEmpty { out += "<span class=\"channel\">\(MarkupText.escape(ch))</span> " }
                    out += "<span class=\"text\">\(MarkupText.escape(card.text))</span>"
                    let badges = facts.badges(card)
                    if !badges.isEmpty {
                        out += "<span class=\"badges\">" + badges.map { "<span>\(MarkupText.escape($0))</span>" }.joined(separator: " ") + "</span>"
                    }
                    out += "</div>"
                }
                out += "</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    // MARK: journey vs touchpoints

    static func comparisonTable(_ view: ExportView, _ j: ExportView.JourneyView) -> String {
        let rows = j.comparison.metrics.filter { $0.journey != nil || $0.touchpoints != nil }
        guard !rows.isEmpty else { return "" }
        var out = "<h3>Journey vs touchpoints</h3>\n<p class=\"note\">Touchpoints: the volume-weighted mean of the touchpoint cards' measured metrics. The gap is signed so that worse reads as worse: below 0, the journey as a whole is worse than its touchpoints suggest.</p>\n"
        out += "<table class=\"numbers\"><thead><tr><th>metric</th><th>better</th><th>journey</th><th>touchpoints</th><th>cards</th><th>gap</th></tr></thead><tbody>\n"
        for m in rows {
            let metric = view.heroMetrics.first { $0.id == m.metric }
            func value(_ v: Double?) -> String {
                guard let v = v else { return "–" }
                return metric.map { ExportSVG.metricValue(v, min: $0.min, max: $0.max) } ?? ExportSVG.num(v)
            }
            var gap = "–", cls = ""
            if let g = m.gap {
                gap = (g > 0 ? "+" : (g < 0 ? "−" : "±")) + CXScore.fixed(abs(g), decimals: 1)
                cls = g < 0 ? " class=\"worse\"" : (g > 0 ? " class=\"better\"" : "")
            }
            out += "<tr><td>\(MarkupText.escape(m.label))</td><td>\(MarkupText.escape(m.better))</td><td class=\"n\">\(value(m.journey))</td><td class=\"n\">\(value(m.touchpoints))</td><td class=\"n\">\(m.touchpointCards)</td><td class=\"n\"><span\(cls)>\(gap)</span></td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    // MARK: current beside future

    /// The current journey a future journey was drawn from (`variantOf`), or, without one, the
    /// only current journey of the view with the same persona.
    static func partner(of j: ExportView.JourneyView, in view: ExportView) -> ExportView.JourneyView? {
        guard j.state == JourneyState.future.rawValue else { return nil }
        if let source = j.variantOf, let s = view.journeys.first(where: { $0.id == source }) { return s }
        let candidates = view.journeys.filter { $0.state == JourneyState.current.rawValue && $0.persona?.id == j.persona?.id }
        return candidates.count == 1 ? candidates[0] : nil
    }

    static func currentBesideFuture(_ view: ExportView, current: ExportView.JourneyView, future: ExportView.JourneyView) -> String {
        var out = "<h3>Current beside future</h3>\n<p class=\"note\">Compared with the current journey “\(MarkupText.escape(current.title))”: stages pair by title, then by position.</p>\n"
        // pair stages by title (case and spacing ignored), then the rest by position
        func key(_ s: String) -> String { s.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased() }
        var partner = [Int?](repeating: nil, count: current.stages.count)
        var used = [Bool](repeating: false, count: future.stages.count)
        for (i, s) in current.stages.enumerated() {
            if let k = future.stages.indices.first(where: { !used[$0] && key(future.stages[$0].title) == key(s.title) }) { partner[i] = k; used[k] = true }
        }
        var rest = future.stages.indices.filter { !used[$0] }[...]
        for i in current.stages.indices where partner[i] == nil {
            guard let k = rest.popFirst() else { break }
            partner[i] = k; used[k] = true
        }
        var pairs: [(ExportView.StageView?, ExportView.StageView?)] = current.stages.indices.map { (current.stages[$0], partner[$0].map { future.stages[$0] }) }
        pairs += future.stages.indices.filter { !used[$0] }.map { (nil, future.stages[$0]) }
        func emotion(_ s: ExportView.StageView?) -> String { s?.emotion.map(SwimlaneText.emotionLabel) ?? "–" }
        out += "<table class=\"numbers\"><thead><tr><th>current stage</th><th>emotion</th><th>future stage</th><th>emotion</th></tr></thead><tbody>\n"
        for (a, b) in pairs {
            out += "<tr><td>\(a.map { MarkupText.escape($0.title) } ?? "–")</td><td class=\"n\">\(emotion(a))</td><td>\(b.map { MarkupText.escape($0.title) } ?? "–")</td><td class=\"n\">\(emotion(b))</td></tr>\n"
        }
        out += "</tbody></table>\n"
        let metrics = view.heroMetrics.filter { current.metrics[$0.id] != nil || future.metrics[$0.id] != nil }
        if !metrics.isEmpty {
            out += "<table class=\"numbers\"><thead><tr><th>metric</th><th>current</th><th>future</th><th>change</th></tr></thead><tbody>\n"
            for m in metrics {
                let a = current.metrics[m.id], b = future.metrics[m.id]
                var change = "–", cls = ""
                if let a = a, let b = b {
                    let d = b - a
                    change = (d > 0 ? "+" : (d < 0 ? "−" : "±")) + ExportSVG.num(abs(d))
                    if d != 0 { cls = m.sign * d > 0 ? " class=\"better\"" : " class=\"worse\"" }
                }
                out += "<tr><td>\(MarkupText.escape(m.label))</td><td class=\"n\">\(a.map(ExportSVG.num) ?? "–")</td><td class=\"n\">\(b.map(ExportSVG.num) ?? "–")</td><td class=\"n\"><span\(cls)>\(change)</span></td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        return out
    }

    // MARK: opportunities

    static func opportunities(_ view: ExportView, _ j: ExportView.JourneyView) -> String {
        guard !j.opportunities.isEmpty else { return "" }
        var out = "<h3>Opportunities, ranked</h3>\n"
        out += "<p class=\"note\">Per hero metric: improvement = ± impact ÷ (max − min) (+ when higher is better); value = Σ weight·improvement ÷ Σ weight; CX score = 100 · value · reach/100 · confidence/100; priority = CX score ÷ cost. Gate “\(view.gate.rawValue)”: ✓ passes and ranks first, ✗ fails. * marks a default: confidence 50, reach 100, cost the median cost of the board’s opportunities that have one (1 when none has).</p>\n"
        out += "<table class=\"ranking\"><thead><tr><th>#</th><th>gate</th><th>opportunity</th><th>stage</th><th>impact → improvement × weight</th><th>value</th><th>CX score</th><th>cost</th><th>priority</th><th>measured</th><th>votes</th></tr></thead><tbody>\n"
        for o in j.opportunities {
            let s = o.score
            let gate = !s.isValid ? "<span class=\"worse\">! invalid</span>" : (s.passesGate ? "<span class=\"better\">✓</span>" : "<span class=\"worse\">✗</span>")
            out += "<tr><td class=\"n\">\(o.rank)</td><td>\(gate)</td><td>\(MarkupText.escape(s.text))"
            if !s.problems.isEmpty { out += "<div class=\"problems\">\(s.problems.map { MarkupText.escape($0) }.joined(separator: "; "))</div>" }
            out += "</td><td>\(MarkupText.escape(o.stageTitle))</td><td><ul class=\"terms\">"
            for t in s.terms {
                let impact = t.impact.map { ($0 > 0 ? "+" : "") + ExportSVG.num($0) } ?? "none (0)"
                out += "<li\(t.isSteered ? "" : " class=\"unsteered\"")>\(MarkupText.escape(t.label)) \(impact) → \(signed(t.improvement, 3)) × \(ExportSVG.num(t.weight))</li>"
            }
            out += "</ul></td>"
            out += "<td class=\"n\">\(signed(s.value, 3))</td>"
            out += "<td class=\"n\"><b>\(CXScore.fixed(s.cxScore, decimals: 2))</b><div class=\"sub\">reach \(ExportSVG.num(s.reach))\(s.reachIsDefault ? "*" : "") · conf. \(ExportSVG.num(s.confidence))\(s.confidenceIsDefault ? "*" : "")</div></td>"
            out += "<td class=\"n\">\(ExportSVG.num(s.cost))\(s.costIsDefault ? "*" : "")"
            if s.costIsDefault {
                out += "<div class=\"sub\">" + (s.costEstimates == 0 ? "no cost on the board: 1" : "median of \(s.costEstimates) estimate\(s.costEstimates == 1 ? "" : "s")") + "</div>"
            }
            out += "</td><td class=\"n\"><b>\(s.priority.map { CXScore.fixed($0, decimals: 3) } ?? "–")</b></td>"
            out += "<td class=\"n\">\(s.measuredCxScore.map { "\(CXScore.fixed($0, decimals: 2)) <div class=\"sub\">vs \(CXScore.fixed(s.cxScore, decimals: 2)) predicted</div>" } ?? "–")</td>"
            out += "<td class=\"n\">\(o.votes.map(String.init) ?? "hidden")</td></tr>\n"
        }
        out += "</tbody></table>\n"
        if let matrix = ExportSVG.matrixElement(j.opportunities) {
            out += "<h3>CX score × cost</h3>\n<p class=\"note\">Each opportunity by its rank: green passes the gate, red fails it, grey is invalid. Dashed lines: the medians.</p>\n<div class=\"figure\">\(matrix)</div>\n"
        }
        return out
    }

    static func signed(_ v: Double, _ decimals: Int) -> String {
        let t = CXScore.fixed(v, decimals: decimals)
        return v > 0 ? "+" + t : t
    }

    // MARK: style

    static var stylesheet: String {
        var css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 24px; color: #1d2433; background: #ffffff; font: 14px/1.4 \(ExportSVG.fontFamily); }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 21px; margin: 28px 0 6px; border-bottom: 2px solid #2f4a7a; padding-bottom: 4px; }
        h3 { font-size: 16px; margin: 20px 0 6px; color: #2f4a7a; }
        .meta, .note, .persona, .measured, footer { color: #555b66; margin: 4px 0; }
        .note { font-size: 12.5px; max-width: 70em; }
        nav ol { margin: 6px 0; padding-left: 1.4em; }
        .state { font-size: 12px; font-weight: normal; padding: 1px 6px; border-radius: 8px; background: #e1e6ef; color: #2f4a7a; vertical-align: middle; }
        .state.future { background: #e5f5e8; color: #1b7a3d; }
        table { border-collapse: collapse; }
        table.map { width: 100%; table-layout: fixed; margin: 6px 0; }
        table.map th, table.map td { border: 1px solid #d5d9e0; vertical-align: top; padding: 4px; }
        table.map thead th { background: #2f4a7a; color: #ffffff; text-align: left; padding: 6px 8px; }
        table.map thead th.corner { background: #ffffff; border: none; width: 150px; }
        table.map .pos { opacity: 0.75; font-weight: normal; }
        table.map tbody th { width: 150px; text-align: left; font-weight: bold; }
        table.map tbody th .kind { display: block; font-weight: normal; font-size: 11px; color: #5a6170; }
        .card { border-radius: 5px; padding: 5px 7px; margin: 0 0 5px; border: 1px solid rgba(0,0,0,0.12); overflow-wrap: anywhere; break-inside: avoid; }
        .card .mark { font-weight: bold; }
        .card .text { white-space: pre-wrap; }
        .card .channel { font-weight: bold; }
        .card .channel::before { content: "["; } .card .channel::after { content: "]"; }
        .card .badges { display: block; font-size: 11px; color: #5a6170; margin-top: 2px; }
        .card .badges span + span::before { content: "· "; }
        .comments .who { color: #5a6170; } .comments .resolved { color: #8a90a0; }
        table.numbers, table.ranking { margin: 6px 0; font-size: 13px; }
        table.numbers th, table.numbers td, table.ranking th, table.ranking td { border-bottom: 1px solid #e1e4ea; padding: 4px 10px 4px 0; text-align: left; vertical-align: top; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .sub { font-size: 11px; color: #5a6170; font-weight: normal; }
        .problems { font-size: 11px; color: #b3261e; }
        ul.terms { margin: 0; padding: 0; list-style: none; font-size: 12px; white-space: nowrap; }
        ul.terms li.unsteered { color: #9aa0aa; }
        .worse { color: #b3261e; font-weight: bold; }
        .better { color: #1b7a3d; font-weight: bold; }
        .figure { overflow-x: auto; margin: 6px 0; }
        .figure svg.curves { width: 100%; height: auto; }
        .figure svg { font-family: \(ExportSVG.fontFamily); font-size: 12px; }
        footer { margin-top: 32px; font-size: 12px; }
        @page { size: A4 landscape; margin: 10mm; }
        @media print {
          body { margin: 0; font-size: 11px; }
          section.journey { break-before: page; }
          section.journey:first-of-type { break-before: auto; }
          h2, h3 { break-after: avoid; }
          table.map thead { display: table-header-group; }
          tr, .figure, table.numbers { break-inside: avoid; }
          .figure { overflow: visible; }
          .figure svg { max-width: 100%; height: auto; }
          nav { display: none; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """
        for kind in LaneKind.allCases {
            let (fill, ink) = ExportSVG.colours(kind)
            css += ".card.k-\(kind.rawValue) { background: \(fill); } .k-\(kind.rawValue) .mark { color: \(ink); } tr.k-\(kind.rawValue) > th { background: \(fill); }\n"
        }
        return css
    }
}
