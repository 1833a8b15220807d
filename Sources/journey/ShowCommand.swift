import ArgumentParser
import JourneyKit
#if canImport(Glibc)
import Glibc
#endif

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a journey as a plain-text swimlane map, or read it line by line (--linear).",
        discussion: "Stages across, lanes down, wrapped card text in each cell, the journey's metrics under it. With --linear, the journey stage by stage as plain lines instead (a heading per stage, each lane's cards as a list with their kind, channel, emotion, votes and metrics in words; no box drawing), for screen readers, braille displays and narrow terminals. No line is wider than --width (default: the terminal's width, or 100 when stdout is not a terminal). Control characters and escape sequences from the file never reach stdout."
    )

    @Argument(help: "The board file.")
    var file: String

    @Option(help: "The journey to show, by title or id (default: the first).")
    var journey: String?

    @Option(help: "The widest a line may be, in display columns (at least \(SwimlaneText.minimumWidth); with --linear at least \(LinearText.minimumWidth)).")
    var width: Int?

    @Flag(help: "Read the journey stage by stage as plain lines: no box drawing, no columns side by side, every card's kind, emotion and votes in words.")
    var linear = false

    func validate() throws {
        let least = linear ? LinearText.minimumWidth : SwimlaneText.minimumWidth
        if let w = width, w < least {
            throw ValidationError("--width must be at least \(least) columns\(linear ? " with --linear" : ""), not \(w)")
        }
    }

    func run() throws {
        let board: Board
        do { board = try BoardFile.load(file) } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        guard let jid = JourneyLookup.find(journey, in: board) else {
            printError("\(file): error: no journey \(journey.map { "'\($0)'" } ?? "") in this board (journeys: \(board.orderedJourneys.map { DisplayText.sanitize($0.title) }.joined(separator: ", ")))")
            throw ExitCode(1)
        }
        let w = width ?? terminalWidth()
        printText(linear ? LinearText.render(board, journey: jid, width: w) : SwimlaneText.render(board, journey: jid, width: w))
    }
}

/// The terminal's width, or 100 when stdout is not a terminal.
func terminalWidth() -> Int {
    guard isatty(1) != 0 else { return 100 }
    var ws = winsize()
    if ioctl(1, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
    return 100
}
