import JourneyKit

/// Whether an instance shares its edits as it makes them.
public enum LiveSetting: String, Sendable, Equatable {
    /// Live while anyone else has the board open (the default).
    case auto
    /// Live even alone (`--live`, `:live on`).
    case on
    /// Save on demand, whoever is here (`--no-live`, `:live off`).
    case off
}

/// The room: the other instances with this board open (from the presence sidecar, which the
/// loop reads), and whether this instance is live. While live, the loop writes the board's
/// edits shortly after they are made and merges what others wrote as soon as the file
/// changes; alone (or `off`), the board saves when told, as always.
public struct Room: Equatable, Sendable {
    /// The others here, sorted by name.
    public var others: [Presence] = []
    public var setting: LiveSetting = .auto

    public init(setting: LiveSetting = .auto) { self.setting = setting }

    public var isLive: Bool { setting == .on || (setting == .auto && !others.isEmpty) }
    /// How many instances have the board open, this one included.
    public var count: Int { others.count + 1 }
}

/// How the board takes part in a room (docs/MERGING.md, "Live boards"): the presence it
/// announces, what it does when the room changes (others come and go, a timebox is set
/// elsewhere), when others' edits arrive, and `:live`.
public enum RoomEvents {
    /// This instance's presence as the loop should announce it (the loop adds the heartbeat).
    public static func presence(_ s: BoardState) -> Presence {
        let w = s.workshop
        let timer = w.timerSetAt > 0 ? SharedTimer(end: w.timerEnd, length: w.timerLength, pausedLeft: w.timerPausedLeft, setAt: w.timerSetAt, by: w.timerSetBy) : nil
        return Presence(name: w.participant, journey: s.journeyID, stage: s.focusStage, lane: s.focusLane, card: s.focusCard,
                        live: s.room.isLive, timer: timer)
    }

    /// "3 here: ana, ben, you".
    public static func whoIsHere(_ room: Room) -> String {
        "\(room.count) here: " + (room.others.map(\.name) + ["you"]).joined(separator: ", ")
    }

    /// The room as the presence sidecar shows it now.
    static func update(_ s: inout BoardState, others: [Presence]) {
        let wasLive = s.room.isLive
        let before = Set(s.room.others.map(\.name))
        s.room.others = others
        let now = s.room.isLive
        if now && !wasLive {
            s.message = "live: \(s.room.count) here — edits are shared as you make them"
        } else if wasLive && !now {
            s.message = "alone now — edits are saved when you say so (s)"
        } else if now {
            let after = Set(others.map(\.name))
            let joined = after.subtracting(before).sorted(), left = before.subtracting(after).sorted()
            if !joined.isEmpty || !left.isEmpty {
                s.message = "live: \(s.room.count) here"
                    + (joined.isEmpty ? "" : " — \(joined.joined(separator: ", ")) joined")
                    + (left.isEmpty ? "" : " — \(left.joined(separator: ", ")) left")
            }
        }
        adoptTimer(&s, others.compactMap(\.timer))
    }

    /// The newest timebox setting anyone in the room made wins: a `:timer` in one terminal
    /// counts down in all.
    static func adoptTimer(_ s: inout BoardState, _ timers: [SharedTimer]) {
        guard let newest = timers.max(by: { $0.setAt < $1.setAt }), newest.setAt > s.workshop.timerSetAt else { return }
        s.workshop.timerEnd = newest.end
        s.workshop.timerLength = newest.length
        s.workshop.timerPausedLeft = newest.pausedLeft
        s.workshop.timerSetAt = newest.setAt
        s.workshop.timerSetBy = newest.by
        s.workshop.timerRang = newest.pausedLeft == nil && (newest.end.map { s.workshop.now >= $0 } ?? false)
        let who = newest.by.isEmpty ? "someone" : newest.by
        if newest.end == nil {
            s.message = "\(who) stopped the timer"
        } else if let left = newest.pausedLeft {
            s.message = "\(who) paused the timer at \(Duration.clock(left))"
        } else {
            s.message = "\(who) started a \(Duration.clock(newest.length)) timebox"
        }
    }

    /// Others' edits arrived (the file changed): the board shows them at once. They are not
    /// this instance's edits, so they go on no undo history; this instance's own edits not yet
    /// written stay (the loop merged them in). `written`: the loop wrote the board while doing
    /// so (a live write that found the file changed), so nothing is left to share.
    static func othersEdited(_ s: inout BoardState, _ merged: Board, newConflicts n: Int, written: Bool) -> [Effect] {
        s.applyOthers(BoardEdit.between(s.board, merged, label: "others' edits"))
        s.repairFocus()
        if written { s.markSaved() }
        if n > 0 {
            s.message = "your edit and another participant's disagree: \(n) conflict\(n == 1 ? "" : "s") recorded (‼) — c resolves"
        }
        return written ? [.deleteRecovery] : []
    }

    /// `:live on|off|auto`, or `:live` alone: where the instance stands.
    static func liveCommand(_ s: inout BoardState, _ argument: String) -> [Effect] {
        switch argument {
        case "": break
        case "on": s.room.setting = .on
        case "off": s.room.setting = .off
        case "auto": s.room.setting = .auto
        default: return CommandLine.usage(&s, "live")
        }
        let here = s.room.others.isEmpty ? "alone" : whoIsHere(s.room)
        if s.room.isLive {
            s.message = "live (\(here)) — edits are shared as you make them" + (s.room.setting == .on ? "; :live auto shares only while others are here" : "")
        } else {
            s.message = "not live (\(here)) — edits are saved when you say so (s)" + (s.room.setting == .off ? "; :live auto shares while others are here" : "")
        }
        return []
    }

    /// The status line's part: who is here, and whether edits are shared.
    static func statusText(_ s: BoardState) -> String? {
        let room = s.room
        if room.others.isEmpty { return room.isLive ? "live (alone)" : nil }
        return (room.isLive ? "live · " : "not live · ") + whoIsHere(room)
    }

    /// The others whose focus is on a cell of the current journey, by cell.
    static func othersIn(_ s: BoardState, stage: String, lane: String) -> [Presence] {
        s.room.others.filter { $0.journey == s.journeyID && $0.stage == stage && $0.lane == lane }
    }
}

extension BoardState {
    /// Someone is typing (a new card, the details form, a prompt's line, a panel's editor): a
    /// live board writes nothing until it is committed or cancelled.
    public var isTyping: Bool {
        switch mode {
        case .adding, .form, .command, .search, .filter: return true
        case .prioritisation(let p): return p.editor != nil
        case .conflicts(let c): return c.editor != nil
        default: return false
        }
    }
}
