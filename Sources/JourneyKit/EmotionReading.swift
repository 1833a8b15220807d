/// Emotion values as spreadsheets hold them, onto the board's scale −2…+2.
///
/// Numbers: a column is read on one of two scales, chosen from all its numbers — −2…+2 (the
/// board's own) when any number is below 1 or none is above 2, else 1…5 (Mermaid's and most
/// survey scales: 1 → −2, 3 → 0, 5 → +2). A number outside its scale is clamped, and the report
/// says so. `1,5` is read as 1.5 and `−2` (minus sign) as -2.
/// Words: a few dozen words for feelings, each −2…+2 ("Frustrated" → −2, "Neutral" → 0,
/// "Delighted" → +2); "very" makes ±1 into ±2 and "not" turns the sign. Emoji and other marks
/// around them are ignored ("😤 Frustrated").
struct EmotionReading {
    enum Scale {
        case signed, oneToFive
        var sentence: String {
            switch self {
            case .signed: return "emotion numbers read on the board's scale −2…+2 (some are below 1, or none is above 2)"
            case .oneToFive: return "emotion numbers read on the scale 1…5 (1 → −2, 3 → 0, 5 → +2): none is below 1 and some are above 2"
            }
        }
    }

    enum Value: Equatable {
        /// A number on −2…+2; `clamped` says how when it was out of its scale.
        case number(Double, clamped: String?)
        case word(Double)
        case unknown
    }

    /// The scale of the column's numbers; nil when it holds none.
    let scale: Scale?

    init(_ column: [String]) {
        var any = false, belowOne = false, aboveTwo = false
        for raw in column {
            guard let n = EmotionReading.number(raw) else { continue }
            any = true
            if n < 1 { belowOne = true }
            if n > 2 { aboveTwo = true }
        }
        scale = !any ? nil : (belowOne || !aboveTwo ? .signed : .oneToFive)
    }

    func value(_ raw: String) -> Value {
        if let n = EmotionReading.number(raw) {
            switch scale ?? .signed {
            case .signed:
                let v = min(2, max(-2, n))
                return .number(v, clamped: v == n ? nil : "emotion \(raw) is outside −2…+2: clamped to \(EmotionReading.signed(v))")
            case .oneToFive:
                let v = MermaidSyntax.emotion(score: n)   // 1…5 → −2…+2, clamped
                let c = v + 3
                return .number(v, clamped: c == n ? nil : "emotion \(raw) is outside 1…5: clamped to \(EmotionReading.plain(c)) (\(EmotionReading.signed(v)))")
            }
        }
        if let v = EmotionReading.word(raw) { return .word(v) }
        return .unknown
    }

    /// A finite number, with `,` as a decimal comma and U+2212 as a minus sign allowed.
    static func number(_ raw: String) -> Double? {
        if let n = Double(raw) { return n.isFinite ? n : nil }
        var text = raw.replacingScalar("\u{2212}", with: "-")
        if text.unicodeScalars.filter({ $0 == "," }).count == 1 && !text.unicodeScalars.contains(".") {
            text = text.replacingScalar(",", with: ".")
        }
        guard let n = Double(text), n.isFinite else { return nil }
        return n
    }

    static let words: [String: Double] = {
        var table: [String: Double] = [:]
        let groups: [(Double, [String])] = [
            (-2, ["angry", "furious", "frustrated", "terrible", "awful", "hate", "hates", "miserable", "desperate", "devastated", "horrible", "outraged", "livid"]),
            (-1, ["negative", "unhappy", "sad", "annoyed", "confused", "worried", "anxious", "disappointed", "dissatisfied", "irritated",
                  "stressed", "overwhelmed", "bad", "struggling", "resigned", "nervous", "uncertain", "bored", "impatient", "sceptical", "skeptical", "lost"]),
            (0, ["neutral", "ok", "okay", "meh", "indifferent", "fine", "mixed", "calm", "curious"]),
            (1, ["positive", "happy", "good", "pleased", "satisfied", "relieved", "hopeful", "interested", "confident", "content", "glad", "reassured"]),
            (2, ["delighted", "excited", "thrilled", "love", "loves", "ecstatic", "great", "amazing", "joyful", "elated", "wonderful", "excellent"]),
        ]
        for (value, list) in groups { for word in list { table[word] = value } }
        return table
    }()

    /// The value of a cell written in words, or nil when it names no feeling.
    static func word(_ raw: String) -> Double? {
        let words = LaneKindGuess.words(raw)
        guard let value = words.lazy.compactMap({ EmotionReading.words[$0] }).first else { return nil }
        var v = value
        if words.contains("very") || words.contains("extremely") || words.contains("really") || words.contains("so") { v = v * 2 }
        if words.contains("not") || words.contains("isn") || words.contains("don") { v = -v }
        return min(2, max(-2, v))
    }

    static func signed(_ v: Double) -> String {
        v > 0 ? "+" + plain(v) : v < 0 ? "−" + plain(-v) : "0"
    }

    static func plain(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }
}

private extension String {
    func replacingScalar(_ from: Unicode.Scalar, with to: Unicode.Scalar) -> String {
        var out = String.UnicodeScalarView()
        for s in unicodeScalars { out.append(s == from ? to : s) }
        return String(out)
    }
}
