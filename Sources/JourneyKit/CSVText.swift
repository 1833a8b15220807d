/// CSV as RFC 4180 describes it, for exports: fields separated by commas, records ending in
/// CR LF, a field quoted when it holds a comma or a quote (quotes doubled). Every field is
/// sanitised first (`DisplayText.sanitize`): no control character from a board reaches the
/// output, and a line break in a value becomes a space, so every record stays one line.
public enum CSVText {
    /// One field, sanitised and quoted when it needs to be.
    public static func field(_ value: String) -> String {
        let clean = DisplayText.sanitize(value)
        if clean.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + doublingQuotes(clean) + "\""
        }
        return clean
    }

    /// A text value that a spreadsheet will not run as a formula (CSV injection): a value
    /// starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, which
    /// spreadsheets show as text. For board text only: numbers written by the export are not
    /// guarded (a negative number stays a number).
    public static func formulaSafe(_ value: String) -> String {
        guard let first = value.unicodeScalars.first else { return value }
        switch first {
        case "=", "+", "-", "@", "\t", "\r": return "'" + value
        default: return value
        }
    }

    /// One record without its line end: the fields, each through `field`, comma separated.
    public static func record(_ values: [String]) -> String {
        values.map(field).joined(separator: ",")
    }

    /// Records joined and each ended with CR LF.
    public static func document(_ records: [String]) -> String {
        records.joined(separator: "\r\n") + "\r\n"
    }

    static func doublingQuotes(_ text: String) -> String {
        var out = ""
        for character in text { if character == "\"" { out += "\"\"" } else { out.append(character) } }
        return out
    }
}
