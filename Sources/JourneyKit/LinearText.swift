/// A journey read stage by stage as plain lines, for screen readers, braille displays and
/// narrow terminals (`journey show --linear`, `:linear` on the board): a heading per stage,
/// then each lane's cards as a list — each card with its kind in words, its text, and its
/// channel, emotion (a word and a number), votes and metrics on lines of their own. No box
/// drawing, nothing told by colour or position alone, nothing side by side: every line reads
/// on its own. Lines are wrapped to the width in display columns (wcwidth), and all board text
/// is sanitized, so nothing from the file can drive the terminal.
public enum LinearText {
    /// One line of the reading. `card` is the card the line belongs to (its first line and the
    /// lines under it), so the board can put its focus and the terminal cursor on it.
    public struct Line: Equatable, Sendable {
        public var text: String
        public var card: String?
        /// True on a card's first line (where the cursor goes when the card has the focus).
        public var startsCard: Bool
        /// The stage a stage's heading names (where the cursor goes when no card has the focus).
        public var stage: String?
        public init(_ text: String, card: String? = nil, startsCard: Bool = false, stage: String? = nil) {
            self.text = text; self.card = card; self.startsCard = startsCard; self.stage = stage
        }
    }

    /// The narrowest reading `render` lays out (`journey show --linear --width` below it is refused).
    public static let minimumWidth = 20

    /// The reading as text, one line per line, ending in a newline.
    public static func render(_ board: Board, journey jid: String, width: Int) -> String {
        lines(board, journey: jid, width: width).map(\.text).joined(separator: "\n") + "\n"
    }

    /// The reading as lines. `index` is the board's cell index when the caller keeps one.
    public static func lines(_ board: Board, journey jid: String, width: Int, index: CellIndex? = nil) -> [Line] {
        let width = max(width, minimumWidth)
        guard let journey = board.journeys[jid] else { return [Line("(no journey)")] }
        let index = index ?? CellIndex(board)
        let stages = board.stages(of: jid)
        let lanes = board.lanes(of: jid)
        let metrics = board.orderedHeroMetrics
        var out: [Line] = []
        func add(_ text: String, indent: Int = 0, hanging: Int = 0, card: String? = nil, starts: Bool = false, stage: String? = nil) {
            let pad = String(repeating: " ", count: indent)
            let more = String(repeating: " ", count: indent + hanging)
            // every line as wide as the continuation lines, so a wrapped line needs no re-joining
            let wrapped = DisplayText.wrap(text, columns: max(1, width - indent - hanging))
            for (k, l) in wrapped.enumerated() {
                out.append(Line((k == 0 ? pad : more) + l, card: card, startsCard: starts && k == 0, stage: k == 0 ? stage : nil))
            }
        }

        let js = board.orderedJourneys
        let n = (js.firstIndex { $0.id == jid } ?? 0) + 1
        add("Journey \(n) of \(js.count) (\(DisplayText.sanitize(journey.state))): \(DisplayText.sanitize(journey.title))")
        add("Board: \(DisplayText.sanitize(board.title))")
        if let p = journey.persona.flatMap({ board.personas[$0] }) {
            add("Persona: \(DisplayText.sanitize(p.name))")
        }
        add("\(count(stages.count, "stage")), \(count(lanes.count, "lane")).")
        if board.scoring.votesHidden { add("Votes are hidden (silent voting).") }
        if stages.isEmpty { out.append(Line("")); add("No stages yet.") }

        for (i, stage) in stages.enumerated() {
            out.append(Line(""))
            add("Stage \(i + 1) of \(stages.count): \(DisplayText.sanitize(stage.title))", stage: stage.id)
            for lane in lanes {
                let ids = index.ids(stage: stage.id, lane: lane.id)
                let cards = ids.compactMap { board.cards[$0] }
                let kind = lane.laneKind
                let kindText = kind.map { " (\($0.rawValue))" } ?? " (kind \(DisplayText.sanitize(lane.kind)))"
                add("\(DisplayText.sanitize(lane.title))\(kindText): \(cards.isEmpty ? "no cards" : count(cards.count, "card")).", indent: 2, hanging: 2)
                for card in cards {
                    add("- \(kindWord(kind)): \(DisplayText.sanitize(card.text))", indent: 4, hanging: 2, card: card.id, starts: true)
                    for detail in details(card, kind: kind, board: board, metrics: metrics) {
                        add(detail, indent: 6, hanging: 2, card: card.id)
                    }
                }
            }
        }
        let tail = SwimlaneText.metricsLines(board, journey: journey, width: width)
        if !tail.isEmpty {
            out.append(Line(""))
            out.append(contentsOf: tail.map { Line($0) })
        }
        return out
    }

    /// What a card carries besides its text, one fact per line, in words.
    static func details(_ c: Card, kind: LaneKind?, board: Board, metrics: [HeroMetric]) -> [String] {
        var lines: [String] = []
        if kind == .emotion, let v = c.value { lines.append("emotion: \(emotionWord(v)) (\(signed(v)))") }
        if let ch = c.channel, !ch.isEmpty { lines.append("channel: \(DisplayText.sanitize(ch))") }
        if !board.scoring.votesHidden, c.totalVotes > 0 { lines.append("votes: \(c.totalVotes)") }
        if !c.metrics.isEmpty { lines.append("metrics: " + metricList(c.metrics, metrics, signed: false)) }
        if !c.impact.isEmpty { lines.append("expected change: " + metricList(c.impact, metrics, signed: true)) }
        if let s = c.status, !s.isEmpty { lines.append("status: \(DisplayText.sanitize(s))") }
        if let o = c.owner, !o.isEmpty { lines.append("owner: \(DisplayText.sanitize(o))") }
        if !c.tags.isEmpty { lines.append("tags: " + c.tags.map { DisplayText.sanitize($0) }.joined(separator: ", ")) }
        return lines
    }

    /// Metric values by the hero metrics' labels, in the board's order (unknown ids last, by id).
    static func metricList(_ values: [String: Double], _ metrics: [HeroMetric], signed: Bool) -> String {
        let known = Set(metrics.map(\.id))
        var parts = metrics.compactMap { m in values[m.id].map { "\(DisplayText.sanitize(m.label)) \(signed ? self.signed($0) : number($0))" } }
        parts += values.keys.filter { !known.contains($0) }.sorted().map { "\(DisplayText.sanitize($0)) \(signed ? self.signed(values[$0]!) : number(values[$0]!))" }
        return parts.joined(separator: ", ")
    }

    /// A card's kind in words ("pain point", "opportunity"), never only its mark.
    public static func kindWord(_ kind: LaneKind?) -> String {
        switch kind {
        case .steps?: return "step"
        case .touchpoints?: return "touchpoint"
        case .thoughts?: return "thought"
        case .emotion?: return "emotion"
        case .pains?: return "pain point"
        case .opportunities?: return "opportunity"
        case .solutions?: return "solution"
        case .backstage?: return "backstage"
        case .insights?: return "insight"
        case .notes?: return "note"
        case nil: return "card"
        }
    }

    /// An emotion −2…+2 in a word: the nearest whole step's name.
    public static func emotionWord(_ v: Double) -> String {
        guard v.isFinite else { return "unknown" }
        switch v {
        case ..<(-1.5): return "very low"
        case ..<(-0.5): return "low"
        case ..<0.5: return "neutral"
        case ..<1.5: return "high"
        default: return "very high"
        }
    }

    /// A signed number as `SwimlaneText.emotionLabel` writes it, with a true minus sign
    /// (U+2212), which screen readers say as "minus".
    static func signed(_ v: Double) -> String {
        let t = SwimlaneText.emotionLabel(v)
        return t.hasPrefix("-") ? "\u{2212}" + t.dropFirst() : t
    }

    static func number(_ v: Double) -> String {
        let t = CanonicalJSON.numberText(v)
        return t.hasPrefix("-") ? "\u{2212}" + t.dropFirst() : t
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
