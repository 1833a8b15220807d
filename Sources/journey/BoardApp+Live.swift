import BoardUI
import JourneyKit
#if canImport(Glibc)
import Glibc
#endif

/// When things are due in the loop (monotonic milliseconds): the next heartbeat, the next
/// look at the files when inotify is missing, the live write of pending edits, the autosave.
struct LiveClock {
    /// A live board writes its edits once no new edit came for `quietMs`, and at the latest
    /// `maxWaitMs` after the first of them (holding a key down still shares). Never while
    /// someone is typing: then when the text is committed.
    static let quietMs = 60
    static let maxWaitMs = 300
    /// Presence: re-announced (and the room read, stale entries dropped) this often, and a
    /// focus change announced at most this often.
    static let heartbeatMs = 2000
    static let focusMs = 100
    /// Without inotify, how often the file and the room are looked at.
    static let pollMs = 500

    var lastInput = 0
    var autosaved = true
    var nextHeartbeat = 0
    var nextPoll = 0
    var lastAnnounce = 0
    var announced: Presence?
    var seenRevision = -1
    var lastChange = 0
    var pendingSince: Int?
    /// After a live write failed: no retry before this.
    var retryAt = 0

    static func ms() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return ts.tv_sec * 1000 + ts.tv_nsec / 1_000_000
    }

    mutating func input() { lastInput = LiveClock.ms(); autosaved = false }
}

/// The room on one host (docs/MERGING.md, "Live boards"): presence in the sidecar directory,
/// the file watched with inotify, and — while the board is live — edits written shortly after
/// they are made and others' edits merged in as soon as the file changes. BoardUI decides
/// (`RoomEvents`, `state.room.isLive`); this carries it out.
extension BoardApp {
    func joinRoom() {
        live.nextHeartbeat = 0
        _ = lookAtRoom(announceFirst: true)
    }

    func leaveRoom() { room.leave() }

    /// Save-as moved the board to another file: the room and the watch follow it.
    func moveRoom() {
        room.leave()
        room = PresenceRoom(boardPath: disk.path)
        watch = FileWatch(boardPath: disk.path, roomDirectory: room.directory)
        _ = lookAtRoom(announceFirst: true)
    }

    /// How long the loop may sleep: until the next heartbeat, pending write, autosave, poll or
    /// second of a running timebox.
    func nextWakeMs() -> Int {
        let now = LiveClock.ms()
        var due = live.nextHeartbeat
        if !watch.isActive { due = min(due, live.nextPoll) }
        if let since = live.pendingSince, !state.isTyping {
            due = min(due, max(live.retryAt, min(live.lastChange + LiveClock.quietMs, since + LiveClock.maxWaitMs)))
        }
        if state.isModified && !live.autosaved { due = min(due, live.lastInput + BoardApp.autosaveIdleMs) }
        if RoomEvents.presence(state).withoutHeartbeat != live.announced { due = min(due, live.lastAnnounce + LiveClock.focusMs) }
        if state.workshop.timerEnd != nil {
            let wall = BoardApp.now()
            due = min(due, now + 1000 - Int((wall - wall.rounded(.down)) * 1000) + 5)
        }
        return max(0, min(LiveClock.heartbeatMs, due - now))
    }

    /// Everything the loop does besides keys, after each wake. True when the board or its
    /// message changed (draw again).
    func housekeeping() -> Bool {
        var changed = false
        let now = LiveClock.ms()
        let (boardChanged, roomChanged) = watch.drain()
        var pollDue = false
        if !watch.isActive && now >= live.nextPoll { pollDue = true; live.nextPoll = now + LiveClock.pollMs }
        let heartbeat = now >= live.nextHeartbeat
        if roomChanged || pollDue || heartbeat {
            if lookAtRoom(announceFirst: heartbeat) { changed = true }
        } else if RoomEvents.presence(state).withoutHeartbeat != live.announced, now - live.lastAnnounce >= LiveClock.focusMs {
            announce()
        }
        // on a heartbeat too: a change seen while the recovery prompt was open is not lost
        if boardChanged || pollDue || heartbeat, lookAtDisk() { changed = true }
        if shareIfDue(now) { changed = true }
        if state.isModified && !live.autosaved && now - live.lastInput >= BoardApp.autosaveIdleMs {
            live.autosaved = true
            autosave()
            changed = true
        }
        return changed
    }

    /// Announces this instance (with a fresh heartbeat).
    func announce() {
        var p = RoomEvents.presence(state)
        live.announced = p
        p.heartbeat = BoardApp.now()
        room.announce(p)
        watch.watchRoom()
        live.lastAnnounce = LiveClock.ms()
    }

    /// Reads who is here (and announces first, on a heartbeat); the board hears of any change.
    @discardableResult
    func lookAtRoom(announceFirst: Bool) -> Bool {
        if announceFirst {
            live.nextHeartbeat = LiveClock.ms() + LiveClock.heartbeatMs
            announce()
        }
        let others = room.others(now: BoardApp.now()).map(\.withoutHeartbeat)
        guard others != state.room.others else { return false }
        let wasLive = state.room.isLive
        feed(.room(others))
        if state.room.isLive != wasLive { announce() }
        return true
    }

    /// The file changed (or, without inotify, may have): live, others' edits are merged in at
    /// once; otherwise as before (reloaded when there is nothing unsaved, else a note).
    func lookAtDisk() -> Bool {
        guard state.room.isLive else { return watchDisk() }
        guard state.recovered == nil else { return false }   // the recovery prompt is still open
        switch disk.mergeFromDisk(ours: state.board, me: state.workshop.participant) {
        case .none: return false
        case .merged(let b, let new): feed(.othersEdited(b, newConflicts: new.count, written: false))
        case .unreadable(let why): feed(.notice("\(state.path) changed on disk but cannot be read now (\(why)); showing the last version read"))
        case .deleted: feed(.notice("\(state.path) was deleted on disk — your next edit writes it again"))
        }
        return true
    }

    /// Live: writes pending edits once they are due (debounced; never mid-typing).
    func shareIfDue(_ now: Int) -> Bool {
        guard state.room.isLive, state.isModified, state.recovered == nil else { live.pendingSince = nil; return false }
        if state.revision != live.seenRevision {
            live.seenRevision = state.revision
            live.lastChange = now
            if live.pendingSince == nil { live.pendingSince = now }
        }
        guard let since = live.pendingSince, !state.isTyping, now >= live.retryAt,
              now - live.lastChange >= LiveClock.quietMs || now - since >= LiveClock.maxWaitMs else { return false }
        live.pendingSince = nil
        let outcome: SaveCoordinator.SaveOutcome
        do { outcome = try disk.save(state.board) } catch {
            live.retryAt = now + LiveClock.heartbeatMs
            feed(.saveFailed((error as? FileError)?.message ?? "\(error)"))
            return true
        }
        switch outcome {
        case .saved(let note):
            feed(.shared)
            if let n = note { feed(.notice("\(state.path): \(n)")) }
        case .merged(let b, let new):
            feed(.othersEdited(b, newConflicts: new.count, written: true))
        case .refused(let why):
            live.retryAt = now + LiveClock.heartbeatMs
            let kept = writeRecovery()
            feed(.saveFailed(why + (kept ? " (your edits are kept; also in \(BoardFile.fileName(of: recovery.path)))" : "")))
        }
        live.seenRevision = state.revision
        return true
    }
}

extension Presence {
    /// The same presence without its heartbeat: what the board compares and shows.
    var withoutHeartbeat: Presence {
        var p = self
        p.heartbeat = 0
        return p
    }
}
