import BoardUI
import JourneyKit
import TerminalCurses
#if canImport(Glibc)
import Glibc
#endif

/// The interactive loop: terminal event → `reduce` → effects → `render` → draw changed cells.
/// The only place that performs the board's effects (saving, recovery files, quitting), and
/// that takes part in the room: presence, watching the file, sharing edits live
/// (BoardApp+Live.swift).
final class BoardApp {
    var state: BoardState
    let term: CursesTerminal
    /// Unsaved edits are written to the recovery file after this long without a key (ms).
    static let autosaveIdleMs = 2000
    // the file on disk and the recovery file (BoardApp+Disk.swift)
    var disk: SaveCoordinator
    var recovery: RecoveryKeeper
    var warnedAboutOthersRecovery = false
    // the room (BoardApp+Live.swift)
    var room: PresenceRoom
    var watch: FileWatch
    var live = LiveClock()

    init(state: BoardState, term: CursesTerminal, disk: SaveCoordinator, recovery: RecoveryKeeper) {
        self.state = state
        self.term = term
        self.disk = disk
        self.recovery = recovery
        room = PresenceRoom(boardPath: disk.path)
        watch = FileWatch(boardPath: disk.path, roomDirectory: room.directory)
    }

    /// Runs until the user quits or a signal ends the session. Returns the exit status.
    func run() -> Int32 {
        var running = true
        var needsDraw = true
        joinRoom()
        while running {
            // draw only when something changed: an idle board costs nothing
            if needsDraw { term.draw(BoardView.render(state)); needsDraw = false }
            if let sig = CursesTerminal.takePendingSignal() { return endBySignal(sig) }
            // one wait on the terminal and the file watch, until the next thing due
            let event = term.readEvent(timeoutMs: nextWakeMs(), wakingOn: watch.fd)
            if let sig = CursesTerminal.takePendingSignal() { return endBySignal(sig) }
            // the clock first, so the timebox counts down without key presses
            let shownBefore = Facilitation.timerText(state.workshop)
            var effects = reduce(&state, .time(BoardApp.now()))
            if Facilitation.timerText(state.workshop) != shownBefore { needsDraw = true }
            if let e = event {
                live.input()
                needsDraw = true
                effects += reduce(&state, .input(e))
            } else {
                effects += reduce(&state, .tick)
            }
            if !effects.isEmpty { needsDraw = true }
            for e in effects where !perform(e) { running = false }
            if running && housekeeping() { needsDraw = true }
        }
        leaveRoom()
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
        case .deleteRecovery: recovery.delete()
        case .dropOwnRecovery: recovery.deleteOwn()
        case .mouse(let on): term.setMouse(on)
        case .save(_, let quitAfter): return saveBoard(quitAfter: quitAfter)
        case .saveAs(let path, let overwrite, let quitAfter): return saveBoardAs(path, overwrite: overwrite, quitAfter: quitAfter)
        case .sync: sync()
        case .lookUpCardHistory(let id): lookUpCardHistory(id)
        }
        return true
    }

    /// Unsaved edits go to the recovery file after a few idle seconds, atomically (none is
    /// written, and this instance's own is removed, when the board equals the file on disk).
    func autosave() {
        guard state.isModified else { return }
        writeRecovery()
    }

    @discardableResult
    func writeRecovery() -> Bool { writeRecoveryFile() == .written }

    /// SIGINT, SIGTERM, SIGHUP: keep unsaved edits in the recovery file, restore the terminal.
    func endBySignal(_ sig: Int32) -> Int32 {
        leaveRoom()
        let result: RecoveryKeeper.WriteResult = state.isModified ? writeRecoveryFile() : .nothingToKeep
        if result == .nothingToKeep { recovery.deleteOwn() }
        term.end()
        let name = sig == SIGHUP ? "SIGHUP" : (sig == SIGINT ? "SIGINT" : "SIGTERM")
        switch result {
        case .written:
            printError("journey: \(name): unsaved edits kept in \(recovery.path); open the board again to recover them")
        case .nothingToKeep: break
        case .keptOthers, .failed:
            printError("journey: \(name): could not write the recovery file; unsaved edits are lost")
        }
        return 128 + sig
    }
}
