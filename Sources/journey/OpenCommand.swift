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

    @Option(help: "Colours for the room: dark (the default), light (for light terminal backgrounds) or high-contrast (for projectors: bold white on black, the focus also marked ▶). Default: $JOURNEY_THEME, else dark; NO_COLOR and --no-color keep the theme's bold and reverse video, without colours.")
    var theme: ThemeName?

    @Option(name: .customLong("as"), help: "Vote as this participant, and be shown by this name to the others who have the board open (default: $USER).")
    var participant: String?

    @Flag(help: "No mouse reporting, so the terminal selects text as usual (:mouse on turns it on; while it is on, Shift+drag selects).")
    var noMouse = false

    @Flag(inversion: .prefixedNo, help: "Share edits as you make them even alone (--live), or save only when told even with others here (--no-live). Default: live while another instance has the board open.")
    var live: Bool? = nil

    /// What `journey check` says about a board that was read (FILE:LINE:COL lines); empty when
    /// it passes. Unresolved merge conflicts are left out: the board shows those itself ("‼ …
    /// c resolves") and its conflicts panel resolves them. The file is read again for positions
    /// only when there are problems.
    static func checkProblems(_ board: Board, path: String) -> [String] {
        var b = board
        b.conflicts = []
        guard !Validator.validate(b, bytes: nil, file: path).isEmpty else { return [] }
        let bytes = try? BoardFile.readBytes(path)
        return Validator.validate(b, bytes: bytes, file: path).map(\.description)
    }

    /// The theme asked for: `--theme`, else `JOURNEY_THEME`, else dark.
    func chosenTheme() throws -> ThemeName {
        if let theme { return theme }
        guard let env = getenv("JOURNEY_THEME").map({ String(cString: $0) }), !env.isEmpty else { return .dark }
        guard let named = ThemeName(rawValue: env) else {
            throw ValidationError("JOURNEY_THEME=\(DisplayText.sanitize(env)) is not a theme (\(ThemeName.names.joined(separator: ", ")))")
        }
        return named
    }

    func validate() throws { _ = try chosenTheme() }

    func run() throws {
        let chosen = try chosenTheme()
        let useColor = !noColor && (getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true)
        var path = file
        // read the board before touching the terminal, so a bad file reports plainly
        var board: Board?
        var disk: SaveCoordinator?
        if let p = path, BoardFile.exists(p) {
            do { (disk, board) = try SaveCoordinator.load(p) } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
        }
        let term: CursesTerminal
        do { term = try CursesTerminal(useColor: useColor, mouse: !noMouse) } catch {
            printError("journey: \(error)")
            throw ExitCode(1)
        }
        if board == nil {
            // the picker: choose a board, or create one from a template
            var picker = path.map { PickerState(creating: $0, width: term.size.width, height: term.size.height) }
                ?? PickerState(entries: BoardDiscovery.entries(), width: term.size.width, height: term.size.height)
            picker.useColor = useColor
            picker.theme = chosen
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
                do { (disk, board) = try SaveCoordinator.load(p) } catch {
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
                disk = SaveCoordinator.adopting(b, at: p)
            }
        }
        var state = BoardState(board: board!, path: path!, width: term.size.width, height: term.size.height, useColor: useColor)
        state.mouseReporting = !noMouse
        state.theme = chosen
        state.workshop.participant = participant ?? getenv("USER").map { String(cString: $0) } ?? "facilitator"
        state.workshop.now = BoardApp.now()
        state.room.setting = live.map { $0 ? .on : .off } ?? .auto
        state.showOpenProblems(OpenCommand.checkProblems(board!, path: path!))
        let recovery = RecoveryAtOpen.check(&state, path: path!, disk: board!)
        let app = BoardApp(state: state, term: term, disk: disk!, recovery: recovery)
        let status = app.run()
        if status != 0 { throw ExitCode(status) }
    }
}

extension ThemeName: ExpressibleByArgument {}
