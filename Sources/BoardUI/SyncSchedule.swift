import JourneyKit

/// `:sync --every 30s`: the board syncs with its git remote on a schedule (`Effect.sync`, which
/// the loop carries out: save, commit, pull, push), on the clock the loop gives. A sync that
/// falls due while text is being typed or a panel is open waits until the board is back.
/// `:sync --every off` stops it. Never more often than every `minimum` seconds.
enum SyncSchedule {
    static let minimum = 10.0

    static func set(_ state: inout BoardState, _ argument: String) -> [Effect] {
        var words = argument.split(separator: " ").map(String.init)
        if words.first == "--every" || words.first == "every" { words.removeFirst() }
        guard words.count == 1 else { return CommandLine.usage(&state, group: "sync") }
        if words[0] == "off" {
            state.workshop.syncEvery = nil
            state.workshop.nextSync = nil
            state.message = "sync on a schedule: off (:sync syncs now)"
            return []
        }
        guard let seconds = Duration.parse(words[0]), seconds >= minimum else {
            state.message = "usage: :sync --every 30s | 5m | off (at least \(Int(minimum))s)"
            return [.bell]
        }
        state.workshop.syncEvery = seconds
        state.workshop.nextSync = state.workshop.now + seconds
        state.message = "syncing every \(Duration.clock(seconds)) with the git remote (:sync --every off stops it)"
        return []
    }

    /// The clock moved on: a sync that is due, when nothing is being typed.
    static func tick(_ state: inout BoardState, _ now: Double) -> [Effect] {
        guard let every = state.workshop.syncEvery, let next = state.workshop.nextSync, now >= next else { return [] }
        guard state.mode == .board, state.pendingKeys.isEmpty else { return [] }
        state.workshop.nextSync = now + every
        return [.sync]
    }
}
