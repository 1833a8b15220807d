import ArgumentParser
import JourneyKit

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check boards: syntax, references, ranges, unresolved conflicts.",
        discussion: "Prints every problem of every file as FILE:LINE:COL: error: MESSAGE, then a summary line. Exit 1 when any problem is found."
    )

    @Argument(help: "Board files to check.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("Missing expected argument '<files> ...'") }
    }

    func run() throws {
        var problems = 0, badFiles = 0, cards = 0, conflicts = 0
        for f in files {
            let found = BoardChecker.check(file: f)
            for d in found.diagnostics { printError(d.description) }
            problems += found.diagnostics.count
            if !found.diagnostics.isEmpty { badFiles += 1 }
            cards += found.board?.cards.count ?? 0
            conflicts += found.board?.conflicts.count ?? 0
        }
        let boards = files.count == 1 ? "1 board" : "\(files.count) boards"
        if problems == 0 {
            print("\(boards) OK (\(cards) cards)")
        } else {
            let p = problems == 1 ? "1 problem" : "\(problems) problems"
            let inFiles = badFiles == 1 ? "1 file" : "\(badFiles) files"
            let unresolved = conflicts == 0 ? "" : conflicts == 1 ? " (1 unresolved merge conflict)" : " (\(conflicts) unresolved merge conflicts)"
            print("\(boards) checked: \(p) in \(inFiles)\(unresolved)")
            throw ExitCode(1)
        }
    }
}
