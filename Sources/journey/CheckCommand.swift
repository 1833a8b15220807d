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
        let status = CheckCommand.check(files)
        if status != 0 { throw ExitCode(status) }
    }

    /// Checks the files, prints every problem and the summary line; the exit status.
    static func check(_ files: [String]) -> Int32 {
        var problems = 0, badFiles = 0, cards = 0, conflicts = 0
        // The last board read is kept until the process exits: freeing a 100k-card board
        // card by card costs time and tells nobody anything.
        var last: BoardChecker.Result?
        defer { if let l = last { leak(l) } }
        var progress = ProgressBar("checking", total: files.count, unit: "boards")
        defer { progress.clear() }
        for (n, f) in files.enumerated() {
            last = nil
            let found = BoardChecker.check(file: f, keepBytes: false)
            last = found
            if !found.diagnostics.isEmpty { progress.clear() }
            for d in found.diagnostics { printError(d.terminalLine) }
            progress.update(n + 1)
            problems += found.diagnostics.count
            if !found.diagnostics.isEmpty { badFiles += 1 }
            cards += found.board?.cards.count ?? 0
            conflicts += found.board?.conflicts.count ?? 0
        }
        progress.clear()
        let boards = files.count == 1 ? "1 board" : "\(files.count) boards"
        if problems == 0 {
            printLine("\(boards) OK (\(cards) cards)")
            return 0
        }
        let p = problems == 1 ? "1 problem" : "\(problems) problems"
        let inFiles = badFiles == 1 ? "1 file" : "\(badFiles) files"
        let unresolved = conflicts == 0 ? "" : conflicts == 1 ? " (1 unresolved merge conflict)" : " (\(conflicts) unresolved merge conflicts)"
        printLine("\(boards) checked: \(p) in \(inFiles)\(unresolved)")
        return 1
    }
}

/// Keeps a value alive until the process ends (it is never freed).
func leak<T>(_ value: T) {
    let box = UnsafeMutablePointer<T>.allocate(capacity: 1)
    box.initialize(to: value)
}
