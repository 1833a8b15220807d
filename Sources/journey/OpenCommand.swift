import ArgumentParser
import JourneyKit

struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open a board full screen (the default: `journey FILE`)."
    )

    @Argument(help: "The board file. Without one, a picker of the boards in ./boards and the current directory.")
    var file: String?

    func run() throws {
        printError("the terminal board is not built yet")
        throw ExitCode(1)
    }
}
