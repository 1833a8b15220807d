import ArgumentParser
import JourneyKit

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a board from a template (never overwrites a file).",
        discussion: "Templates: " + BoardTemplate.all.map(\.name).joined(separator: ", ") + ". Hero metrics: satisfaction (0–100, higher is better), effort (1–7, lower is better), engagement (0–100, higher is better)."
    )

    @Argument(help: "The board file to create.")
    var file: String?

    @Option(help: "lifecycle | onboarding | blueprint | support | blank")
    var template: String = "lifecycle"

    @Option(help: "The board's title (default: the template's journey title).")
    var title: String?

    @Flag(help: "List the templates, a line each.")
    var listTemplates = false

    func validate() throws {
        if !listTemplates && file == nil { throw ValidationError("Missing expected argument '<file>'") }
        if BoardTemplate.named(template) == nil {
            throw ValidationError("unknown template '\(template)' (one of \(BoardTemplate.all.map(\.name).joined(separator: ", ")))")
        }
    }

    func run() throws {
        if listTemplates {
            for t in BoardTemplate.all { printLine("\(t.name.padding(12))\(t.summary)") }
            return
        }
        let path = file!
        if BoardFile.exists(path) {
            printError("\(path): error: already exists; journey new never overwrites a file")
            throw ExitCode(1)
        }
        let board = BoardTemplate.named(template)!.makeBoard(title: title)
        do {
            try BoardFile.save(board, to: path)
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        printLine("created \(path) from the \(template) template: \(board.stages.count) stages, \(board.lanes.count) lanes")
    }
}

extension String {
    /// Left-aligned in `n` display columns.
    func padding(_ n: Int) -> String { DisplayText.pad(self, columns: n) }
}
