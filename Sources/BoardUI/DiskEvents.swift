import JourneyKit

/// What the board does when the file changed on disk under it (docs/MERGING.md). The loop
/// (journey's BoardApp with JourneyKit's `SaveCoordinator`) finds the change; this is the
/// board's side.
///
/// Undo history: a merge on save, and a reload, are each one undoable edit on top of the
/// history ("merge with changes on disk", "reload from disk"), and the board counts as saved
/// after them. So `u` right after takes the disk's changes back out of the app (a save would
/// then write that), and the edits before stay undoable; undoing one of those sets the things
/// it touched back to what they were before it, as any undo does.
public enum DiskEvents {
    /// A save found the file changed on disk and wrote the merge of both: the merge is shown.
    static func savedMerged(_ s: inout BoardState, _ merged: Board, newConflicts n: Int) -> [Effect] {
        s.perform(BoardEdit.between(s.board, merged, label: "merge with changes on disk"))
        s.repairFocus()
        s.markSaved()
        s.message = n == 0
            ? "saved \(s.path), merged with changes made on disk since it was opened"
            : "saved \(s.path), merged with changes on disk: \(n) conflict\(n == 1 ? "" : "s") recorded (‼) — c resolves"
        return [.deleteRecovery]
    }

    /// The file changed on disk and the board had no unsaved edits: it shows the new version.
    static func reloaded(_ s: inout BoardState, _ b: Board) {
        s.perform(BoardEdit.between(s.board, b, label: "reload from disk"))
        s.repairFocus()
        s.markSaved()
        let n = b.conflicts.count
        s.message = "reloaded: \(s.path) changed on disk" + (n > 0 ? " (\(n) conflict\(n == 1 ? "" : "s") — c resolves)" : "")
    }
}
