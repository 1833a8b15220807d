import BoardUI
import JourneyKit
#if canImport(Glibc)
import Glibc
#endif

/// The board's git effects (`:sync`, a card's last change for its form): git runs here, in the
/// loop, never in BoardUI; the board hears the outcome as an event.
extension BoardApp {
    /// `:sync`: unsaved edits are saved first through the normal save; then `BoardSync` runs
    /// and the board shows its one-line result, reloading the file when the pull changed it.
    func sync() {
        if state.isModified {
            _ = saveBoard(quitAfter: false)
            guard !state.isModified else {
                feed(.synced(message: "not synced: the board could not be saved first", board: nil, failed: true))
                return
            }
        }
        let outcome = BoardSync(file: state.path).run()
        var board: Board?
        if outcome.boardChanged, let (coordinator, b) = try? SaveCoordinator.load(state.path) {
            board = b
            disk = coordinator
        }
        feed(.synced(message: outcome.summary, board: board, failed: outcome.status == .failed))
    }

    /// The details form opened: the card's newest change in the repository's history (lazy:
    /// only now, and only the last commits of the board).
    func lookUpCardHistory(_ id: String) {
        guard let repo = GitBoard(file: state.path) else { return }
        var st = stat()
        let bytes = stat(state.path, &st) == 0 ? Int(st.st_size) : 1
        let limit = BoardHistory.formLimit(boardBytes: bytes)
        let last = BoardHistory(repo: repo).lastChange(ofCard: id, limit: limit) ?? "not changed in the board's last \(limit) commits"
        feed(.cardHistory(cardID: id, lastChange: last))
    }
}
