import ArgumentParser
import JourneyKit
#if canImport(Glibc)
import Glibc
#endif

/// `journey` — a terminal workshop board for customer-journey mapping.
/// Exit status: 0 success, 1 a problem was found, 2 usage error.
@main
struct JourneyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journey",
        abstract: "A terminal workshop board for customer-journey mapping.",
        discussion: """
            journey FILE opens a board full screen; bare `journey` opens a picker of the boards \
            in ./boards and the current directory. Exit status: 0 success, 1 a problem was found, 2 usage error.
            """,
        subcommands: Subcommands.all,
        defaultSubcommand: OpenCommand.self
    )

    /// Like ParsableCommand.main, but usage errors exit 2 (not 64) with the message on stderr.
    static func main() {
        // `journey check FILE...` (what scripts and CI run) skips the argument parser, whose
        // start-up reflects over every subcommand: a fifth of the time of checking a small board.
        let args = CommandLine.arguments.dropFirst()
        if args.first == "check", args.count > 1, !args.contains(where: { $0.hasPrefix("-") }) {
            Glibc.exit(CheckCommand.check(Array(args.dropFirst())))
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code.rawValue == 64 {
                var err = StandardError()
                print(DisplayText.sanitize(fullMessage(for: error), keepNewlines: true), to: &err)
                print("Run `journey --help` for usage.", to: &err)
                Glibc.exit(2)
            }
            // an error's message may quote a file name or board text: sanitized like the rest
            let message = fullMessage(for: error)
            if code.rawValue != 0 && !message.isEmpty {
                var err = StandardError()
                print(DisplayText.sanitize(message, keepNewlines: true), to: &err)
                Glibc.exit(code.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// stderr as a TextOutputStream.
struct StandardError: TextOutputStream {
    mutating func write(_ s: String) { fputs(s, stderr) }
}

// Everything the subcommands print goes through these, made safe for a terminal: board text
// and file names can hold escape sequences, C1 controls, bidi overrides and newlines, and none
// of them may reach the terminal (DisplayText.sanitize shows them as ␛ / �, newlines as spaces).

/// One line to stderr.
func printError(_ s: String) {
    var e = StandardError()
    print(DisplayText.sanitize(s), to: &e)
}

/// One line to stdout.
func printLine(_ s: String) {
    print(DisplayText.sanitize(s))
}

/// Text of several lines to stdout (a table, a swimlane view): only its own newlines stay.
func printText(_ s: String) {
    print(DisplayText.sanitize(s, keepNewlines: true), terminator: "")
}
