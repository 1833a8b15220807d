/// The lane kind a name people give a lane (a spreadsheet's lane column, a Trello label) says,
/// and why — for importers, which must say in their report what kind each lane got.
///
/// A name is split into lower-case words; a kind is found when a word starts with one of its
/// stems ("Pain points" → pains, "Customer actions" → steps, "Opportunities" → opportunities).
/// Kinds are tried in a fixed order so that "Thoughts & feelings" (the thoughts lane's own
/// title) is thoughts, not emotion. A few Chinese names are known too ("痛点" → pains).
public enum LaneKindGuess {
    /// Stems per kind, in the order kinds are tried. A stem with a space matches words in a row
    /// ("touch point"); the words are also tried run together ("touchpoint", "back-stage").
    static let stems: [(LaneKind, [String])] = [
        (.thoughts, ["thought", "think", "quote", "says", "saying", "想法"]),
        (.pains, ["pain", "problem", "frustration", "friction", "gripe", "blocker", "痛点"]),
        (.opportunities, ["opportunit", "idea", "improvement", "机会"]),
        (.solutions, ["solution", "fix", "解决方案"]),
        (.touchpoints, ["touchpoint", "touch point", "channel", "interaction", "触点"]),
        (.emotion, ["emotion", "feeling", "feel", "mood", "sentiment", "情绪", "感受"]),
        (.backstage, ["backstage", "back stage", "backoffice", "back office", "behind the scenes", "internal process", "后台"]),
        (.insights, ["insight", "finding", "research", "learning", "洞察"]),
        (.steps, ["step", "action", "doing", "activit", "task", "does", "步骤", "行为", "行动"]),
        (.notes, ["note", "comment"]),
    ]

    /// The kind `name` names, with the stem that matched; nil when it names none.
    public static func kind(named name: String) -> (kind: LaneKind, stem: String)? {
        let words = LaneKindGuess.words(name)
        guard !words.isEmpty else { return nil }
        let joined = words.joined()
        let spaced = " " + words.joined(separator: " ")
        for (kind, list) in stems {
            for stem in list {
                if !stem.unicodeScalars.allSatisfy(\.isASCII) {
                    // Chinese has no spaces between words: anywhere in the name
                    if joined.contains(stem) { return (kind, stem) }
                } else if stem.contains(" ") {
                    if spaced.contains(" " + stem) || joined.contains(stem.replacingSpaces()) { return (kind, stem) }
                } else if words.contains(where: { $0.hasPrefix(stem) }) {
                    return (kind, stem)
                }
            }
        }
        return nil
    }

    /// The kind for a lane called `name`, and the sentence the report says about it.
    public static func guess(_ name: String) -> (kind: LaneKind, reason: String) {
        if let (kind, stem) = kind(named: name) {
            return (kind, "lane \"\(name)\" is a \(kind.rawValue) lane (its name says \"\(stem)\")")
        }
        return (.notes, "lane \"\(name)\" is a notes lane (its name names no lane kind)")
    }

    /// Lower-case words: runs of letters and digits.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}

private extension String {
    func replacingSpaces() -> String { String(unicodeScalars.filter { $0 != " " }) }
}
