import BoardUI
import JourneyKit
import TerminalCurses
#if canImport(Glibc)
import Glibc
#endif

/// The interactive loop: terminal event → `reduce` → effects → `render` → draw changed cells.
/// The only place that performs the board's effects (saving, recovery files, quitting).
final class BoardApp {
    var state: BoardState
    let term: CursesTerminal
    /// Serial of the edits last written to the recovery file (so idle autosave writes once).
    var recoveryWrittenFor: Int?
    var idleTicks = 0
    static let tickMs = 100
    /// Unsaved edits are written to the recovery file after this long without a key.
    static let autosaveIdleTicks = 20

    init(state: BoardState, term: CursesTerminal) {
        self.state = state
        self.term = term
    }

    /// Runs until the user quits or a signal ends the session. Returns the exit status.
    func run() -> Int32 {
        var running = true
        var needsDraw = true
        while running {
            // draw only when something changed: an idle board costs nothing
            if needsDraw { term.draw(BoardView.render(state)); needsDraw = false }
            if let sig = CursesTerminal.takePendingSignal() { return endBySignal(sig) }
            let event = term.readEvent(timeoutMs: BoardApp.tickMs)
            if let sig = CursesTerminal.takePendingSignal() { return endBySignal(sig) }
            // the clock first, so the timebox counts down without key presses
            let shownBefore = Facilitation.timerText(state.workshop)
            var effects = reduce(&state, .time(BoardApp.now()))
            if Facilitation.timerText(state.workshop) != shownBefore { needsDraw = true }
            if let e = event {
                idleTicks = 0
                needsDraw = true
                effects += reduce(&state, .input(e))
            } else {
                idleTicks += 1
                if idleTicks == BoardApp.autosaveIdleTicks { autosave() }
                effects += reduce(&state, .tick)
            }
            if !effects.isEmpty { needsDraw = true }
            for e in effects where !perform(e) { running = false }
        }
        term.end()
        return 0
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Carries out one effect; false means quit.
    func perform(_ e: Effect) -> Bool {
        switch e {
        case .quit: return false
        case .bell: term.bell()
        case .suspend: term.suspend()
        case .deleteRecovery: unlink(BoardFile.recoveryPath(for: state.path))
        case .save(let path, let quitAfter):
            do {
                try BoardFile.save(state.board, to: path)
                for e2 in reduce(&state, .saved) { _ = perform(e2) }
                if quitAfter { return false }
            } catch {
                let why = (error as? FileError)?.message ?? "\(error)"
                for e2 in reduce(&state, .saveFailed(why)) { _ = perform(e2) }
            }
        }
        return true
    }

    /// Unsaved edits go to the recovery file after a few idle seconds, atomically.
    func autosave() {
        guard state.isModified else { return }
        writeRecovery()
    }

    @discardableResult
    func writeRecovery() -> Bool {
        do {
            try BoardFile.writeAtomically(BoardCodec.write(state.board), to: BoardFile.recoveryPath(for: state.path), mode: 0o600)
            return true
        } catch {
            return false
        }
    }

    /// SIGINT, SIGTERM, SIGHUP: keep unsaved edits in the recovery file, restore the terminal.
    func endBySignal(_ sig: Int32) -> Int32 {
        let kept = state.isModified && writeRecovery()
        term.end()
        let name = sig == SIGHUP ? "SIGHUP" : (sig == SIGINT ? "SIGINT" : "SIGTERM")
        if kept {
            printError("journey: \(name): unsaved edits kept in \(BoardFile.recoveryPath(for: state.path)); open the board again to recover them")
        } else if state.isModified {
            printError("journey: \(name): could not write the recovery file; unsaved edits are lost")
        }
        return 128 + sig
    }
}
