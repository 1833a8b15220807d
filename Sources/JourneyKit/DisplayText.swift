#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@_silgen_name("wcwidth") private func c_wcwidth(_ c: Int32) -> Int32

/// Display text: making untrusted board text safe for a terminal, and measuring it in
/// terminal columns with the C library's `wcwidth` — the same function ncurses uses.
///
/// Board files arrive over git, so their text is untrusted. `sanitize` replaces every
/// C0/C1 control character with a visible stand-in (`␛` for ESC, `�` for the rest),
/// and bidi overrides/isolates with `�`, so no escape sequence or reordering ever reaches
/// a terminal. Newlines and tabs become spaces unless the caller keeps newlines.
public enum DisplayText {
    /// `wcwidth` answers by LC_CTYPE; in the "C" locale every non-ASCII character is -1.
    /// We make sure a UTF-8 LC_CTYPE is in force once (the user's own when it is UTF-8,
    /// else C.UTF-8), which is also what ncurses needs to draw wide characters.
    public static let localeReady: Bool = {
        setlocale(LC_ALL, "")
        if let cs = nl_langinfo(nl_item(CODESET)) {
            let name = String(cString: cs).uppercased().filter { $0 != "-" }
            if name == "UTF8" { return true }
        }
        if setlocale(LC_CTYPE, "C.UTF-8") != nil { return true }
        return setlocale(LC_CTYPE, "en_US.UTF-8") != nil
    }()

    /// Whether a scalar must never reach the terminal as itself.
    @inline(__always)
    public static func isUnsafe(_ v: UInt32) -> Bool {
        if v < 0x20 || (v >= 0x7F && v <= 0x9F) { return true }
        // bidi embeddings/overrides/isolates and marks that reorder text
        if (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069) { return true }
        if v == 0x200E || v == 0x200F || v == 0x061C { return true }
        return false
    }

    /// The visible stand-in for an unsafe scalar.
    @inline(__always)
    public static func replacement(for v: UInt32) -> Unicode.Scalar {
        v == 0x1B ? "\u{241B}" : "\u{FFFD}"
    }

    /// `text` with every unsafe scalar replaced. Tabs and newlines become a space
    /// (or stay, for newlines, when `keepNewlines`).
    public static func sanitize(_ text: String, keepNewlines: Bool = false) -> String {
        var clean = true
        for s in text.unicodeScalars where isUnsafe(s.value) { clean = false; break }
        if clean { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            let v = s.value
            if v == 0x0A && keepNewlines { out.append(s) }
            else if v == 0x0A || v == 0x09 || v == 0x0D { out.append(" ") }
            else if isUnsafe(v) { out.append(replacement(for: v)) }
            else { out.append(s) }
        }
        return String(out)
    }

    /// `text` with every unsafe scalar written as a `\uXXXX` escape (newlines too, unless
    /// `keepNewlines`): for text meant for another program that still may be shown on a
    /// terminal. On JSON text (`terminalSafeJSON`) the result is the same JSON: raw control,
    /// DEL, C1 and bidi characters can only stand inside its strings, where the escape means
    /// the same character.
    public static func escapeUnsafe(_ text: String, keepNewlines: Bool = false) -> String {
        var clean = true
        for s in text.unicodeScalars where isUnsafe(s.value) && !(keepNewlines && s == "\n") { clean = false; break }
        if clean { return text }
        let hex = Array("0123456789abcdef".unicodeScalars)
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if !isUnsafe(s.value) || (keepNewlines && s == "\n") { out.append(s); continue }
            out.append("\\"); out.append("u")
            let v = Int(s.value)
            for shift in [12, 8, 4, 0] { out.append(hex[(v >> shift) & 15]) }
        }
        return String(out)
    }

    /// JSON text made safe for a terminal and still the same JSON (see `escapeUnsafe`).
    public static func terminalSafeJSON(_ json: String) -> String { escapeUnsafe(json, keepNewlines: true) }

    /// Columns one scalar takes: 0 for combining marks, 2 for wide (CJK, most emoji).
    @inline(__always)
    public static func width(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x7F { return 1 } // ASCII (controls are shown as a one-column stand-in)
        _ = localeReady
        let w = Int(c_wcwidth(Int32(bitPattern: v)))
        if w >= 0 { return w }
        return 1 // unknown or unsafe: shown as a one-column replacement
    }

    /// Columns a string takes on a terminal, as ncurses will draw it (after sanitizing).
    public static func width(_ text: String) -> Int {
        var n = 0
        for s in text.unicodeScalars { n += width(s) }
        return n
    }

    /// The longest prefix of `text` that fits in `columns`.
    public static func prefix(_ text: String, columns: Int) -> String {
        var n = 0
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            let w = width(s)
            if n + w > columns { break }
            n += w
            out.append(s)
        }
        return String(out)
    }

    /// `text` cut to `columns` with an ellipsis when it does not fit.
    public static func truncate(_ text: String, columns: Int) -> String {
        if columns <= 0 { return "" }
        if width(text) <= columns { return text }
        return prefix(text, columns: columns - 1) + "…"
    }

    /// `text` padded with spaces to exactly `columns` (cut when longer).
    public static func pad(_ text: String, columns: Int) -> String {
        let t = truncate(text, columns: columns)
        let w = width(t)
        return w < columns ? t + String(repeating: " ", count: columns - w) : t
    }

    /// Word-wraps text, sanitized, into lines of at most `columns` (`TextWrap`: breaks at
    /// spaces and around wide characters, a word longer than a line broken with a hyphen, no
    /// CJK line starting with closing punctuation). At most `maxLines` lines; when text was
    /// left over, the last one ends in "…".
    public static func wrap(_ text: String, columns: Int, maxLines: Int = Int.max) -> [String] {
        TextWrap.wrap(sanitize(text, keepNewlines: true), columns: columns, maxLines: maxLines)
    }
}

extension Diagnostic {
    /// The diagnostic as one terminal line (`FILE:LINE:COL: error: MESSAGE`) with the file name
    /// and every id or value quoted in the message sanitized: nothing from a file or its name
    /// can move the cursor, recolour the screen, reorder text or start a line of its own.
    public var terminalLine: String { DisplayText.sanitize(description) }
}
