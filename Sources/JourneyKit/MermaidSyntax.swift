/// What Mermaid's `journey` lexer treats specially (docs: ANCHORS.md, Mermaid), known in one
/// place for the writer (`ExportMermaid`) and the reader (`MermaidJourneyParser`): the words it
/// reads at the start of a statement, the whitespace it skips, and its entity codes — the only
/// way to write a `:`, `#` or `;` inside a name (`#58;`), which Mermaid's renderer shows as the
/// character (`#name;` and `#NUMBER;` become the HTML entities `&name;` and `&#NUMBER;`).
public enum MermaidSyntax {
    /// Words Mermaid's lexer reads at the start of a statement (case-insensitive), and the comment mark.
    public static let keywords = ["title", "section", "journey", "acctitle", "accdescr", "%"]

    /// Whether `text` starts with one of `keywords`, ignoring case.
    public static func startsWithKeyword(_ text: String) -> Bool {
        let lower = text.lowercased()
        return keywords.contains { lower.hasPrefix($0) }
    }

    /// JavaScript's `\s`, which the lexer skips between tokens and `Number()` trims: ASCII
    /// whitespace, no-break spaces, the Unicode space separators, line and paragraph separators
    /// and U+FEFF.
    public static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return true
        default: return false
        }
    }

    /// `text` without JavaScript whitespace at either end.
    public static func trimmed(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars
        while let first = scalars.first, isSpace(first) { scalars.removeFirst() }
        while let last = scalars.last, isSpace(last) { scalars.removeLast() }
        return String(scalars)
    }

    /// A character of JavaScript's `\w` (ASCII letters, digits, `_`): what an entity code's name is made of.
    @inline(__always)
    public static func isWordCharacter(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F: return true
        default: return false
        }
    }

    /// The board's emotion (−2…+2) for a Mermaid score (1…5): `score − 3`, a score outside 1…5
    /// clamped first. The inverse of `ExportMermaid.score(emotion:)` on whole scores.
    public static func emotion(score: Double) -> Double { min(5, max(1, score)) - 3 }

    /// Mermaid's entity code for one character: `#58;` for `:`.
    public static func code(_ scalar: Unicode.Scalar) -> String { "#\(scalar.value);" }

    /// The character an entity code's name stands for (the part between `#` and `;`), as the
    /// renderer shows it: a decimal number is that code point, a name one of HTML's character
    /// references. Nil when the browser would show the code as it is (`&b;`, `&#x3A;`) or the
    /// number is no character.
    public static func character(ofEntity name: Substring.UnicodeScalarView) -> String? {
        if let first = name.first, first == "+" || (first.value >= 0x30 && first.value <= 0x39) {
            var digits = name
            if digits.first == "+" { digits.removeFirst() }
            guard !digits.isEmpty, digits.count <= 8, digits.allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }),
                  let v = UInt32(String(digits)), let scalar = Unicode.Scalar(v), v != 0 else { return nil }
            return String(scalar)
        }
        return namedEntities[String(name)]
    }

    /// HTML character references people write in diagrams (the renderer knows all of HTML's;
    /// these are the ones worth reading back).
    static let namedEntities: [String: String] = [
        "quot": "\"", "amp": "&", "lt": "<", "gt": ">", "apos": "'", "nbsp": "\u{00A0}", "colon": ":",
        "semi": ";", "num": "#", "comma": ",", "percnt": "%", "excl": "!", "quest": "?", "lpar": "(",
        "rpar": ")", "lbrace": "{", "rbrace": "}", "sol": "/", "bsol": "\\", "vert": "|",
        "copy": "©", "reg": "®", "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–",
        "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "laquo": "«", "raquo": "»",
        "bull": "•", "middot": "·", "deg": "°", "euro": "€", "pound": "£", "yen": "¥", "cent": "¢",
        "times": "×", "divide": "÷", "plusmn": "±", "rarr": "→", "larr": "←", "hearts": "♥", "check": "✓",
    ]
}
