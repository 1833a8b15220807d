import ArgumentParser
import JourneyKit
#if canImport(Glibc)
import Glibc
#endif

/// `journey diff OLD NEW`: what changed, by entity, not by line.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two versions of a board (cards added, removed, moved, edited …).",
        discussion: """
            Entities are matched by id: cards added, removed, moved (from stage/lane to stage/lane) \
            and fields changed (old → new); journeys, personas, stages, lanes and hero metrics likewise; \
            then the board's own members. Colour only when stdout is a terminal and NO_COLOR is unset. \
            Exit 0 (with --exit-code: 1 when there are changes); 1 when a file cannot be read.
            """
    )

    enum Format: String, ExpressibleByArgument { case text, json }

    @Argument(help: "The old version.") var old: String
    @Argument(help: "The new version.") var new: String
    @Option(help: "text | json") var format: Format = .text
    @Flag(name: .customLong("no-color"), help: "Never colour the output.") var noColor = false
    @Flag(name: .customLong("exit-code"), help: "Exit 1 when the boards differ (like git diff --exit-code).") var exitCode = false

    func run() throws {
        let a: Board, b: Board
        do {
            a = try BoardFile.load(old)
            b = try BoardFile.load(new)
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        let d = BoardDiff.between(a, b)
        switch format {
        case .json: print(DisplayText.terminalSafeJSON(SafeJSON.pretty(d.json)))
        case .text:
            let color = !noColor && isatty(1) != 0 && getenv("NO_COLOR") == nil
            // board text in the diff is sanitized where it is put in; when not colouring, the
            // whole text is sanitized once more (the colours are the only escapes it may hold)
            if color { print(d.text(color: true), terminator: "") } else { printText(d.text(color: false)) }
        }
        if exitCode && !d.isEmpty { throw ExitCode(1) }
    }
}
