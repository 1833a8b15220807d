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
        version: JourneyVersion.string,
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
        // `journey chek`: a typo of a subcommand is refused, not offered as a new board
        if let word = args.first, let message = UnknownCommand.message(for: word) {
            var standardError = StandardError()
            print("journey: " + DisplayText.sanitize(message), to: &standardError)
            print("Run `journey --help` for usage.", to: &standardError)
            Glibc.exit(2)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code.rawValue == 64 {
                var standardError = StandardError()
                print(DisplayText.sanitize(fullMessage(for: error), keepNewlines: true), to: &standardError)
                print("Run `journey --help` for usage.", to: &standardError)
                Glibc.exit(2)
            }
            // an error's message may quote a file name or board text: sanitized like the rest
            let message = fullMessage(for: error)
            if code.rawValue != 0 && !message.isEmpty {
                var standardError = StandardError()
                print(DisplayText.sanitize(message, keepNewlines: true), to: &standardError)
                Glibc.exit(code.rawValue)
            }
            exit(withError: error)
        }
    }
}
