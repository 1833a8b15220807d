/// The board as a Markdown document for wikis and pull requests (`journey export --format md`):
/// the board's title, then per journey its persona, the map as a GitHub-flavoured table (stages
/// as columns, lanes as rows, each card with its kind mark), the emotion per stage, a Mermaid
/// `journey` block (ExportMermaid), journey vs touchpoints with the signed gap, the hero metrics'
/// touchpoint means per stage, and the ranked opportunities.
///
/// Board text is data: control characters are sanitised, Markdown's own characters
/// (`\ ` * _ [ ] | ~ #`) are backslash-escaped and `< > &` written as HTML entities, so a card
/// never becomes a link, markup, a column break or raw HTML; a line break inside a card becomes
/// `<br>` in a table cell.
public enum ExportMarkdown {
    public static func render(_ view: ExportView) -> String {
        var out: [String] = ["# " + inline(view.title, empty: "Untitled board"), ""]
        if view.journeys.isEmpty { out += ["(no journeys)", ""] }
        for journey in view.journeys { out += section(journey, view: view) }
        return out.joined(separator: "\n")
    }

    static func section(_ journey: ExportView.JourneyView, view: ExportView) -> [String] {
        var out = ["## " + inline(journey.title, empty: "Untitled journey"), ""]
        var facts = ["State: " + inline(journey.state, empty: "current")]
        if let persona = journey.persona {
            var text = "Persona: **" + inline(persona.name, empty: "(no name)") + "**"
            if !trimmedEmpty(persona.description) { text += " — " + inline(persona.description, empty: "") }
            facts.append(text)
        }
        if let source = journey.variantOf {
            let title = view.journeys.first { $0.id == source }?.title
            facts.append("Variant of: " + inline(title ?? source, empty: source))
        }
        let own = view.heroMetrics.compactMap { m in journey.metrics[m.id].map { inline(m.label, empty: m.id) + " " + number($0) } }
        if !own.isEmpty { facts.append("Journey metrics: " + own.joined(separator: ", ")) }
        out += [facts.joined(separator: " · "), ""]

        // the map
        if journey.stages.isEmpty {
            out += ["(no stages)", ""]
        } else {
            out.append("| Lane | " + journey.stages.map { cell($0.title) }.joined(separator: " | ") + " |")
            out.append("|---|" + journey.stages.map { _ in "---|" }.joined())
            for lane in journey.lanes {
                let cells = lane.cells.map { cards in
                    cards.map { card in cardText(card) }.joined(separator: "<br>")
                }
                out.append("| **" + cell(lane.title) + "** | " + cells.joined(separator: " | ") + " |")
            }
            out.append("| *Emotion (mean)* | " + journey.stages.map { $0.emotion.map(SwimlaneText.emotionLabel) ?? "–" }.joined(separator: " | ") + " |")
            out.append("")
        }

        // the cards' conversations
        let discussed = journey.cards.filter { !$0.comments.isEmpty }
        if !discussed.isEmpty {
            out += ["### Comments", ""]
            for card in discussed {
                out.append("- **" + inline(card.text, empty: "(no text)") + "**")
                for c in card.comments {
                    out.append("  - " + inline(c.author, empty: "?") + ", " + escape(c.time) + (c.resolved ? " (resolved)" : "") + ": " + inline(c.text, empty: ""))
                }
            }
            out.append("")
        }

        out += ["### Journey (Mermaid)", "", "```mermaid"]
        out.append(contentsOf: ExportMermaid.render(journey).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init))
        out += ["```", ""]

        // journey vs touchpoints
        let compared = journey.comparison.metrics.filter { $0.journey != nil || $0.touchpoints != nil }
        if !compared.isEmpty {
            out += ["### Journey vs touchpoints", "",
                    "Touchpoints: the volume-weighted mean of the touchpoint cards' measured values. A negative gap: the journey is worse than its touchpoints suggest.", "",
                    "| Hero metric | Journey | Touchpoints | Gap |", "|---|---|---|---|"]
            for m in compared {
                out.append("| " + cell(m.label) + " | " + (m.journey.map(number) ?? "–") + " | "
                           + (m.touchpoints.map { CXScore.fixed($0, decimals: 1) } ?? "–") + " | "
                           + (m.gap.map(signed) ?? "–") + " |")
            }
            out.append("")
        }

        // hero metrics per stage
        if journey.curves.contains(where: { $0.points.contains { $0.mean != nil } }) {
            out += ["### Hero metrics per stage (touchpoint means)", "",
                    "| Hero metric | " + journey.stages.map { cell($0.title) }.joined(separator: " | ") + " |",
                    "|---|" + journey.stages.map { _ in "---|" }.joined()]
            for curve in journey.curves {
                out.append("| " + cell(curve.label) + " | "
                           + curve.points.map { $0.mean.map { CXScore.fixed($0, decimals: 1) } ?? "–" }.joined(separator: " | ") + " |")
            }
            out.append("")
        }

        // opportunities
        if !journey.opportunities.isEmpty {
            out += ["### Opportunities, ranked", "",
                    "Gate: " + view.gate.rawValue + " (" + view.gate.summary + "). CX score = 100 · value · reach/100 · confidence/100; priority = CX score ÷ cost."
                    + (view.votesHidden ? " Votes are hidden (silent voting)." : ""), "",
                    "| Rank | Opportunity | Stage | Value | Confidence | Reach | Cost | CX score | Priority | Votes | Gate |",
                    "|---|---|---|---|---|---|---|---|---|---|---|"]
            for o in journey.opportunities {
                let s = o.score
                var note = s.passesGate ? "passes" : "fails"
                if !s.isValid { note = "invalid: " + s.problems.map { cell($0) }.joined(separator: "; ") }
                out.append("| \(o.rank) | " + cell(s.text) + " | " + cell(o.stageTitle) + " | "
                           + CXScore.fixed(s.value, decimals: 3) + " | " + number(s.confidence) + (s.confidenceIsDefault ? "*" : "")
                           + " | " + number(s.reach) + (s.reachIsDefault ? "*" : "")
                           + " | " + number(CXScore.rounded(s.cost)) + (s.costIsDefault ? "*" : "")
                           + " | " + CXScore.fixed(s.cxScore, decimals: 1)
                           + " | " + (s.priority.map { CXScore.fixed($0, decimals: 2) } ?? "–")
                           + " | " + (o.votes.map(String.init) ?? "hidden") + " | " + note + " |")
            }
            if journey.opportunities.contains(where: { $0.score.isIncomplete }) {
                out += ["", "\\* a default: confidence 50, reach 100, cost the median of the board's estimates."]
            }
            out.append("")
        }
        return out
    }

    /// One card in a table cell: its kind mark, the emotion of an emotion card, the channel of a
    /// touchpoint, its text (line breaks as `<br>`), its votes when shown and its open comments.
    static func cardText(_ card: ExportView.CardView) -> String {
        var text = (card.laneKind?.mark ?? "•") + " "
        if let e = card.emotion { text += SwimlaneText.emotionLabel(e) + " " }
        if card.laneKind == .touchpoints, let channel = card.channel { text += "[" + cell(channel) + "] " }
        text += cell(card.text)
        if let votes = card.votes, votes > 0 { text += " (\(votes) vote" + (votes == 1 ? ")" : "s)") }
        if card.openComments > 0 { text += " 💬\(card.openComments)" }
        return text
    }

    /// Board text for a table cell: escaped, line breaks as `<br>`.
    public static func cell(_ raw: String) -> String {
        DisplayText.sanitize(raw, keepNewlines: true)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { escape(String($0)) }
            .joined(separator: "<br>")
    }

    /// Board text on one line (a heading, a fact): escaped, line breaks as spaces.
    static func inline(_ raw: String, empty: String) -> String {
        trimmedEmpty(raw) ? empty : escape(DisplayText.sanitize(raw))
    }

    static func trimmedEmpty(_ s: String) -> Bool { s.allSatisfy(\.isWhitespace) }

    /// Markdown's characters escaped with a backslash, HTML's as entities.
    public static func escape(_ text: String) -> String {
        var out = ""
        for ch in text.unicodeScalars {
            switch ch {
            case "\\", "`", "*", "_", "[", "]", "|", "~", "#", "!": out += "\\" + String(ch)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static func number(_ v: Double) -> String { CanonicalJSON.numberText(v) }
    static func signed(_ v: Double) -> String { (v > 0 ? "+" : "") + CXScore.fixed(v, decimals: 1) }
}
