import BoardUI
import JourneyKit
#if canImport(Glibc)
import Glibc
#endif

/// The board's file on disk, as the app loop sees it (docs/MERGING.md): saving through
/// JourneyKit's `SaveCoordinator` (lock, merge with changes on disk, refusals), looking at the
/// file when it changed (BoardApp+Live.swift watches it), and the recovery file through `RecoveryKeeper`. The board's reaction to
/// each outcome is in BoardUI's `DiskEvents`.
extension BoardApp {
    /// Hands an event to the reducer and carries out what it asks.
    func feed(_ e: BoardEvent) { for e2 in reduce(&state, e) { _ = perform(e2) } }

    /// The `save` effect. Returns false when the app should quit (a save and quit that worked).
    func saveBoard(quitAfter: Bool) -> Bool {
        let outcome: SaveCoordinator.SaveOutcome
        do { outcome = try disk.save(state.board) } catch {
            feed(.saveFailed((error as? FileError)?.message ?? "\(error)"))
            return true
        }
        return after(outcome, quitAfter: quitAfter)
    }

    /// The `saveAs` effect (`:w PATH`): the board is written to PATH through that file's own
    /// save path, and PATH becomes the board's file (its coordinator and recovery file). The
    /// old file's recovery file of this instance goes: its edits are saved, in PATH.
    func saveBoardAs(_ given: String, overwrite: Bool, quitAfter: Bool) -> Bool {
        var path = given
        if path == "~" || path.hasPrefix("~/"), let home = getenv("HOME") { path = String(cString: home) + path.dropFirst() }
        if SaveCoordinator.isSameFile(path, disk.path) { return saveBoard(quitAfter: quitAfter) }
        let result: SaveCoordinator.SaveAsResult
        do { result = try SaveCoordinator.saveAs(state.board, to: path, overwrite: overwrite) } catch {
            feed(.saveFailed((error as? FileError)?.message ?? "\(error)"))
            return true
        }
        switch result {
        case .exists:
            feed(.saveFailed("\(path) exists — :w! \(path) writes over it"))
            return true
        case .refused(let why):
            feed(.saveFailed(why))
            return true
        case .done(let coordinator, let outcome):
            if case .refused(let why) = outcome { feed(.saveFailed(why)); return true }
            recovery.deleteOwn()
            disk = coordinator
            recovery = RecoveryKeeper(boardPath: path)
            warnedAboutOthersRecovery = false
            moveRoom()
            feed(.savedAs(path))
            if case .saved = outcome { return !quitAfter }
            return after(outcome, quitAfter: quitAfter)
        }
    }

    /// What the board does with a save's outcome; false when the app should quit.
    func after(_ outcome: SaveCoordinator.SaveOutcome, quitAfter: Bool) -> Bool {
        switch outcome {
        case .saved(let note):
            feed(.saved)
            if let n = note { feed(.notice("saved \(state.path) — \(n)")) }
            return !quitAfter
        case .merged(let b, let new):
            // live, what others wrote is theirs: merged in, on no undo history
            if state.room.isLive {
                feed(.othersEdited(b, newConflicts: new.count, written: true))
                if new.isEmpty { feed(.notice("saved \(state.path)")) }
            }
            else { feed(.savedMerged(b, newConflicts: new.count)) }
            if quitAfter && !new.isEmpty {
                feed(.notice("saved, merged with changes on disk: \(new.count) conflict\(new.count == 1 ? "" : "s") recorded — not quitting; c resolves, q quits"))
                return true
            }
            return !quitAfter
        case .refused(let why):
            // the edits stay in the app, and go to the recovery file in case the session ends
            let kept = state.isModified && writeRecovery()
            feed(.saveFailed(why + (kept ? " (your edits are kept; also in \(BoardFile.fileName(of: recovery.path)))" : "")))
            return true
        }
    }

    /// A look at the file of a board that is not live. True when the board or its message changed.
    func watchDisk() -> Bool {
        guard state.recovered == nil else { return false }   // the recovery prompt is still open
        switch disk.checkDisk(hasUnsavedEdits: state.isModified) {
        case .none: return false
        case .reloaded(let b): feed(.reloaded(b))
        case .changedUnderEdits: feed(.notice("\(state.path) changed on disk — s merges your edits into it"))
        case .unreadable(let why): feed(.notice("\(state.path) changed on disk but cannot be read now (\(why)); showing the last version read"))
        case .deleted: feed(.notice("\(state.path) was deleted on disk — s writes it again"))
        }
        return true
    }

    /// Writes the unsaved edits to the recovery file, unless it belongs to another session.
    func writeRecoveryFile() -> RecoveryKeeper.WriteResult {
        let r = recovery.write(edited: state.board, base: disk.base)
        if case .keptOthers(let o) = r, !warnedAboutOthersRecovery {
            warnedAboutOthersRecovery = true
            let who = o.map { "another journey (\($0.summary))" } ?? "another session"
            feed(.notice("not autosaving: the recovery file belongs to \(who); save with s to keep your edits"))
        }
        return r
    }
}

/// The recovery file when a board is opened (docs/MERGING.md): offered when its writer has
/// ended (merged with the disk's version when that changed since), not offered when its
/// writer still runs (another instance is editing), removed when it holds nothing new.
enum RecoveryAtOpen {
    static func check(_ state: inout BoardState, path: String, disk: Board) -> RecoveryKeeper {
        var keeper = RecoveryKeeper(boardPath: path)
        let rp = keeper.path
        guard BoardFile.exists(rp) else { return keeper }
        let contents: RecoveryFile.Contents
        do { contents = try RecoveryFile.read(rp) } catch {
            state.message = "a recovery file exists but cannot be read: \(rp)"
            return keeper
        }
        let running = contents.owner.map { $0.isRunning && !$0.isSameProcess(as: keeper.me) } ?? false
        switch RecoveryFile.offer(contents, disk: disk, ownerRunning: running) {
        case .ownerRunning(let o):
            state.message = "another journey (\(o.summary)) is editing this board; its unsaved edits are in \(BoardFile.fileName(of: rp))"
        case .nothingNew:
            unlink(rp)
            state.message = "removed a recovery file that held nothing the board does not"
        case .offer(let b, let merged, let n):
            keeper.offeredAtOpen = true
            keeper.offeredOwner = contents.owner
            var when = contents.owner?.summary ?? BoardDiscovery.modificationTime(rp)
            if merged { when += "; merged with later changes on disk" + (n > 0 ? ", \(n) conflict\(n == 1 ? "" : "s")" : "") }
            state.offerRecovery(b, savedAt: when)
        }
        return keeper
    }
}
