/// One journey as a Mermaid `journey` diagram (`journey export --format mermaid`): the journey's
/// title, one `section` per stage in order, and as tasks the cards of its steps lanes — or,
/// when the journey has no step card at all, its touchpoints. A task's score is its stage's
/// emotion (the mean of the emotion cards, −2…+2) mapped to Mermaid's 1…5 and rounded; a stage
/// without emotion scores 3 (neutral). Actors: the persona and, for a touchpoint, its channel.
///
/// Mermaid has no escape syntax, and its `journey` lexer (docs: ANCHORS.md, Mermaid) ends a task
/// at the first `:`, starts a comment at `#`, fails on `;`, and reads a line starting with
/// `title`, `section`, `journey`, `acc…` or `%` as something else. Board text is untrusted, so
/// every such character is written as one of Mermaid's entity codes (`#58;` for `:`, `#35;`
/// for `#`, `#59;` for `;` …), which Mermaid renders as the character itself; a text that starts
/// with one of those words has its first letter written as a code; control characters and line
/// breaks are sanitised; an empty text becomes "(no text)".
public enum ExportMermaid {
    /// The diagram of `journey`, ending with a newline.
    public static func render(_ journey: ExportView.JourneyView) -> String {
        var lines = ["journey"]
        let title = text(journey.title, empty: "")
        if !title.isEmpty { lines.append("  title " + title) }
        let kind: LaneKind = journey.lanes.contains { $0.laneKind == .steps && $0.cells.contains { !$0.isEmpty } }
            ? .steps : .touchpoints
        let lanes = journey.lanes.filter { $0.laneKind == kind }
        let persona = journey.persona.map { actor($0.name) } ?? ""
        for (i, stage) in journey.stages.enumerated() {
            lines.append("  section " + text(stage.title, empty: "(no title)"))
            let score = self.score(emotion: stage.emotion)
            for lane in lanes {
                for card in lane.cells[i] {
                    var actors = persona.isEmpty ? [] : [persona]
                    if kind == .touchpoints, let channel = card.channel.map(actor), !channel.isEmpty { actors.append(channel) }
                    var line = "    " + text(card.text, empty: "(no text)") + ": " + String(score)
                    if !actors.isEmpty { line += ": " + actors.joined(separator: ", ") }
                    lines.append(line)
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Mermaid's score 1…5 for an emotion −2…+2 (3 + emotion, rounded, clamped); 3 without one.
    public static func score(emotion: Double?) -> Int {
        guard let e = emotion, e.isFinite else { return 3 }
        return min(5, max(1, Int((3 + e).rounded())))
    }

    /// Board text as a task, section or title name that Mermaid reads back as the same text.
    /// Whitespace around it is dropped (Mermaid's lexer skips it before a name and keeps it after).
    public static func text(_ raw: String, empty: String, isActor: Bool = false) -> String {
        let clean = MermaidSyntax.trimmed(DisplayText.sanitize(raw))
        if clean.isEmpty { return empty }
        var out = ""
        for (i, scalar) in clean.unicodeScalars.enumerated() {
            if i == 0 && MermaidSyntax.startsWithKeyword(clean) || isActor && scalar == "," { out += MermaidSyntax.code(scalar) } else { out += escaped(scalar) }
        }
        return out
    }

    /// An actor's name: as a task text, and with commas (they separate actors) as codes.
    static func actor(_ raw: String) -> String { text(raw, empty: "", isActor: true) }

    static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case ":", "#", ";", "<", ">", "&": return MermaidSyntax.code(scalar)
        default: return String(scalar)
        }
    }
}
