import JourneyKit
#if canImport(Glibc)
import Glibc
#endif

/// stderr as a TextOutputStream.
struct StandardError: TextOutputStream {
    mutating func write(_ text: String) { fputs(text, stderr) }
}

// Everything the subcommands print goes through these, made safe for a terminal: board text
// and file names can hold escape sequences, C1 controls, bidi overrides and newlines, and none
// of them may reach the terminal (DisplayText.sanitize shows them as ␛ / �, newlines as spaces).

/// One line to stderr.
func printError(_ line: String) {
    var standardError = StandardError()
    print(DisplayText.sanitize(line), to: &standardError)
}

/// One line to stdout.
func printLine(_ line: String) {
    print(DisplayText.sanitize(line))
}

/// Text of several lines to stdout (a table, a swimlane view): only its own newlines stay.
func printText(_ text: String) {
    print(DisplayText.sanitize(text, keepNewlines: true), terminator: "")
}
