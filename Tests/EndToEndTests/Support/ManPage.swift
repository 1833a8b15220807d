import Foundation

/// The man page, written from the command definitions: `journey --experimental-dump-help` (the
/// argument parser's description of every subcommand, argument and option, the input its own
/// `generate-manual` tool reads) rendered as mdoc, laid out as `generate-manual` lays it out.
///
/// Why not that tool: it drops every character outside ASCII (an en dash in "0–100" vanishes,
/// leaving "0100"), and the plugin that runs it builds the whole package in release mode. This
/// renderer writes those characters as mdoc's `\[uXXXX]` escapes instead.
enum ManPage {
    /// The page for the tool described by `dump` (the JSON of `--experimental-dump-help`), for
    /// `version`, dated `date`.
    static func render(dump: Data, version: String, date: String) throws -> String {
        guard let root = try JSONSerialization.jsonObject(with: dump) as? [String: Any],
              let command = root["command"] as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
        let name = command["commandName"] as? String ?? "journey"
        var out: [String] = [
            ".\\\" Generated from journey's command definitions (journey --experimental-dump-help) by",
            ".\\\" Tests/EndToEndTests/ManPageTests.swift: UPDATE_SNAPSHOTS=1 swift test --filter ManPageTests rewrites it.",
            ".Dd \(date)",
            ".Dt \(name.uppercased()) 1",
            ".Os \(name) \(version)",
            ".Sh NAME",
            ".Nm \(name)",
            ".Nd " + escapeText(command["abstract"] as? String ?? ""),
            ".Sh SYNOPSIS",
            ".Nm",
            ".Op Ar FILE",
            ".Nm",
            ".Ar subcommand",
            ".Op Ar arguments",
            ".Op Fl -version",
            ".Op Fl -help",
            ".Sh DESCRIPTION",
        ]
        if let discussion = command["discussion"] as? String { out.append(escapeText(discussion)) }
        out.append(".Bl -tag -width 6n")
        out += arguments(command)
        for sub in command["subcommands"] as? [[String: Any]] ?? [] where sub["shouldDisplay"] as? Bool ?? true {
            out.append(".It Em \(sub["commandName"] as? String ?? "")")
            if let abstract = sub["abstract"] as? String { out.append(escapeText(abstract)) }
            if let discussion = sub["discussion"] as? String, !discussion.isEmpty {
                out.append(".Pp")
                out.append(escapeText(discussion))
            }
            let args = arguments(sub)
            if !args.isEmpty {
                out.append(".Bl -tag -width 6n")
                out += args
                out.append(".El")
            }
        }
        out.append(".El")
        out += [
            ".Sh EXIT STATUS",
            "0 success, 1 a problem was found (a file cannot be read, fails",
            ".Nm",
            "check, or boards differ with",
            ".Fl -exit-code ) ,",
            "2 usage error (an unknown option, a mistyped subcommand).",
            ".Sh ENVIRONMENT",
            ".Bl -tag -width 6n",
            ".It Ev NO_COLOR",
            "No colours, like",
            ".Fl -no-color .",
            ".It Ev TERM",
            "The board needs a terminal that can move the cursor; with",
            ".Ev TERM Ns =dumb",
            "it refuses and",
            ".Nm",
            "show prints the board as text.",
            ".El",
            ".Sh SEE ALSO",
            ".Xr git 1 ,",
            ".Xr gitattributes 5",
        ]
        return out.joined(separator: "\n") + "\n"
    }

    /// One `.It` per argument and option the parser shows: positional `Ar name`, option
    /// `Fl -name Ar value`, flag `Fl -name`, then its help and default.
    static func arguments(_ command: [String: Any]) -> [String] {
        var out: [String] = []
        for arg in command["arguments"] as? [[String: Any]] ?? [] where arg["shouldDisplay"] as? Bool ?? true {
            let kind = arg["kind"] as? String ?? ""
            let value = arg["valueName"] as? String ?? ""
            let names = (arg["names"] as? [[String: Any]] ?? []).map { n -> String in
                (n["kind"] as? String) == "long" ? "Fl -\(n["name"] as? String ?? "")" : "Fl \(n["name"] as? String ?? "")"
            }
            var item: String
            switch kind {
            case "positional": item = "Ar \(value)" + ((arg["isRepeating"] as? Bool ?? false) ? "..." : "")
            case "option": item = names.joined(separator: " , ") + " Ar \(value)"
            default: item = names.joined(separator: " , ")
            }
            out.append(".It " + item)
            var help = arg["abstract"] as? String ?? ""
            if let d = arg["defaultValue"] as? String, !d.isEmpty { help += " (default: \(d))" }
            if !help.isEmpty { out.append(escapeText(help)) }
        }
        return out
    }

    /// A text line for mdoc: a backslash as `\e`, a leading `.` or `'` guarded by `\&`, and
    /// every character outside ASCII as `\[uXXXX]`, so none is lost.
    static func escapeText(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\e"
            case "\n": out += " "
            case _ where scalar.value < 0x80: out.unicodeScalars.append(scalar)
            default: out += "\\[u" + String(format: "%04X", scalar.value) + "]"
            }
        }
        if out.hasPrefix(".") || out.hasPrefix("'") { out = "\\&" + out }
        return out
    }
}
