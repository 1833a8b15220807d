import ArgumentParser
import JourneyKit

/// `journey sync [FILE]`: commit the board, pull with the merge driver, push.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Commit the board (only it), pull with journey's merge driver, push.",
        discussion: """
            In a git repository: commits FILE alone (other staged changes stay staged and \
            uncommitted) with a message from the semantic diff ("2 cards added, 1 moved, 3 votes"), \
            fetches and rebases onto the remote branch (the branch's upstream, else origin) — the \
            merge driver of journey git-setup merges the board, and a disagreement becomes a \
            conflict record in the board — then pushes. One line per step. Anything else that stops \
            the rebase (conflict markers, another file) aborts it and restores the state before the \
            sync. FILE defaults to the only board in ./boards or the current directory. Exit 0 synced; \
            1 the board holds conflict records (resolve them with c on the board, then sync again); \
            2 not a git repository, no remote, a failed fetch or push (git's message is shown), or \
            an aborted rebase.
            """
    )

    @Argument(help: "The board file (default: the only board in ./boards or here).") var file: String?

    func run() throws {
        let path: String
        if let f = file { path = f } else {
            let found = BoardDiscovery.entries().filter(\.readable).map(\.path)
            guard found.count == 1 else {
                printError(found.isEmpty ? "journey sync: no board here; name one: journey sync FILE"
                                         : "journey sync: several boards here; name one: journey sync FILE")
                throw ExitCode(2)
            }
            path = found[0]
        }
        let outcome = BoardSync(file: path, report: { printLine($0) }).run()
        if outcome.status != .synced { throw ExitCode(outcome.status.rawValue) }
    }
}
