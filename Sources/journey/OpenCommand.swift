import ArgumentParser
import BoardUI
import JourneyKit
import TerminalCurses
#if canImport(Glibc)
import Glibc
#endif

struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open a board full screen (the default: `journey FILE`).",
        discussion: "Without FILE, a picker of the boards in ./boards and the current directory, with \"new board from template\". A FILE that does not exist is offered to be created from a template. Keys: press ? on the board."
    )

    @Argument(help: "The board file.")
    var file: String?

    @Flag(help: "No colours (also when NO_COLOR is set). The focus stays visible in reverse video.")
    var noColor = false

    @Option(name: .customLong("as"), help: "Vote as this participant (default: $USER).")
    var participant: String?

    func run() throws {
        let useColor = !noColor && (getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true)
        var path = file
        // read the board before touching the terminal, so a bad file reports plainly
        var board: Board?
        if let p = path, BoardFile.exists(p) {
            do { board = try BoardFile.load(p) } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
        }
        let term: CursesTerminal
        do { term = try CursesTerminal(useColor: useColor) } catch {
            printError("journey: \(error)")
            throw ExitCode(1)
        }
        if board == nil {
            // the picker: choose a board, or create one from a template
            var picker = path.map { PickerState(creating: $0, width: term.size.width, height: term.size.height) }
                ?? PickerState(entries: BoardDiscovery.entries(), width: term.size.width, height: term.size.height)
            var outcome: PickerOutcome?
            while outcome == nil {
                term.draw(Picker.render(picker))
                if CursesTerminal.takePendingSignal() != nil { outcome = .quit; break }
                if let e = term.readEvent(timeoutMs: 200) { outcome = Picker.reduce(&picker, e) }
            }
            switch outcome! {
            case .quit:
                term.end()
                return
            case .open(let p):
                path = p
                do { board = try BoardFile.load(p) } catch {
                    term.end()
                    printError("\(error)")
                    throw ExitCode(1)
                }
            case .create(let p, let template):
                let b = BoardTemplate.named(template)!.makeBoard()
                do { try BoardFile.save(b, to: p) } catch {
                    term.end()
                    printError("\(error)")
                    throw ExitCode(1)
                }
                path = p
                board = b
            }
        }
        var state = BoardState(board: board!, path: path!, width: term.size.width, height: term.size.height, useColor: useColor)
        state.workshop.participant = participant ?? getenv("USER").map { String(cString: $0) } ?? "facilitator"
        state.workshop.now = BoardApp.now()
        let recovery = BoardFile.recoveryPath(for: path!)
        if BoardFile.exists(recovery) {
            if let recovered = try? BoardFile.load(recovery) {
                state.offerRecovery(recovered, savedAt: BoardDiscovery.modificationTime(recovery))
            } else {
                state.message = "a recovery file exists but cannot be read: \(recovery)"
            }
        }
        let app = BoardApp(state: state, term: term)
        let status = app.run()
        if status != 0 { throw ExitCode(status) }
    }
}
