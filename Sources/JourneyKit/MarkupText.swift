/// Board text made safe as XML and HTML character data or attribute values, for the page and the
/// picture (`ExportHTML`, `ExportSVG`). Board text is untrusted: it may hold markup
/// (`<script>`), quotes that would end an attribute, control characters, or bidi overrides that
/// reorder what a reader sees.
///
/// * `& < > " '` become entities, so text is always shown, never parsed as markup;
/// * bidi embeddings, overrides, isolates and marks are removed;
/// * C0/C1 control characters are shown as the board shows them (`␛` for ESC, `�` for the
///   rest), and so are the scalars XML forbids (U+FFFE, U+FFFF); tabs and line breaks become
///   spaces (`keepNewlines` keeps `\n`, for text laid out in lines by the caller).
public enum MarkupText {
    @inline(__always)
    static func isBidi(_ v: UInt32) -> Bool {
        (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069) || v == 0x200E || v == 0x200F || v == 0x061C
    }

    /// `text` without bidi controls and with control characters shown, not yet escaped.
    public static func clean(_ text: String, keepNewlines: Bool = false) -> String {
        var plain = true
        for s in text.unicodeScalars where DisplayText.isUnsafe(s.value) || s.value >= 0xFFFE && s.value <= 0xFFFF {
            plain = false; break
        }
        if plain { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            let v = s.value
            if isBidi(v) { continue }
            if v == 0x0A && keepNewlines { out.append(s) }
            else if v == 0x0A || v == 0x09 || v == 0x0D { out.append(" ") }
            else if DisplayText.isUnsafe(v) { out.append(DisplayText.replacement(for: v)) }
            else if v == 0xFFFE || v == 0xFFFF { out.append("\u{FFFD}") }
            else { out.append(s) }
        }
        return String(out)
    }

    /// `text` cleaned and escaped: safe as element content and inside a quoted attribute.
    public static func escape(_ text: String, keepNewlines: Bool = false) -> String {
        escapeClean(clean(text, keepNewlines: keepNewlines))
    }

    /// Escapes `& < > " '` only (for text already `clean`).
    public static func escapeClean(_ text: String) -> String {
        var needs = false
        for u in text.utf8 where u == 0x26 || u == 0x3C || u == 0x3E || u == 0x22 || u == 0x27 { needs = true; break }
        if !needs { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A value for an `id` or `class` attribute made of board ids: letters, digits, `-` and `_`
    /// kept, anything else as `_`.
    public static func token(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { s in
            (s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_")) ? s : "_"
        }))
    }
}
