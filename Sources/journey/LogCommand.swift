import ArgumentParser
import JourneyKit

/// `journey log FILE [--card ID]`: who changed what on the board, commit by commit.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the board's history from git as semantic changes per commit.",
        discussion: """
            Lists the commits that changed FILE, newest first: short hash, date (UTC), author and \
            a summary ("2 cards added, 1 moved, 3 votes, 1 comment"), then one line per change \
            (each version diffed with its parent by the same engine as journey diff). With --card, \
            only the commits that changed that card, and only its changes. Exit 0; 1 when FILE is \
            not in a git repository.
            """
    )

    @Argument(help: "The board file (in a git repository).") var file: String
    @Option(help: "Only the changes of this card (its id, cd_…).") var card: String?
    @Option(name: .customLong("max-count"), help: "Look at the last N commits of the board only.") var maxCount: Int?

    func run() throws {
        guard let repo = GitBoard(file: file) else {
            printError("journey log: \(file) is not in a git repository")
            throw ExitCode(1)
        }
        let entries = BoardHistory(repo: repo).entries(limit: maxCount)
        var shown = 0
        for e in entries {
            let lines = e.diff.lines(only: card)
            if card != nil && lines.isEmpty { continue }
            if shown > 0 { printLine("") }
            shown += 1
            printLine("\(e.commit.prefix(7))  \(e.date)  \(e.author)  \(e.diff.headline)")
            for l in lines { printLine("    " + l) }
            if lines.isEmpty { printLine("    (no change to the board's content)") }
        }
        if shown == 0 {
            printLine(card.map { "no commit changed card \($0)" } ?? "no commit has changed \(file) yet")
        }
    }
}
