import JourneyKit

public enum Direction: Sendable, Equatable { case left, right, up, down }

/// Everything a person can do on the board. Keys map to these through `KeyMap`; tests send
/// them directly or as keys.
public enum Action: Equatable, Sendable {
    case move(Direction)
    case journey(Int)               // −1 previous, +1 next
    case addCard
    case editCard
    case deleteCard
    case moveCard(Direction)
    case undo, redo
    case save
    case quit
    case help
    case search, searchNext, searchPrevious
    case commandLine
    case prioritisation
    case vote, unvote
    case focusStage
    case cancel
    case suspend
    case firstStage, lastStage
    case filter, clearFilter
    case present
    /// `g l`: the focused card's links, to jump to one.
    case links
    /// `g L`: link mode, from the focused card; `toggleLink` (Enter) links or unlinks the
    /// focused card with it, `endLinkMode` (Esc) ends it.
    case linkMode, toggleLink, endLinkMode
    case pageUp, pageDown
    /// `c`: the conflicts list, to resolve the records a merge left in the board.
    case conflicts
    /// `'`: back to where the focus was before the last jump (again: forward).
    case jumpBack
    /// `:linear`: the journey read as plain lines (and back); in it the focus moves card by card
    /// in reading order (`readNext`, `readPrevious`) or to the journey's first or last card.
    case linear, readNext, readPrevious, readFirst, readLast
}

/// What the reducer asks the outside world to do. The loop carries these out, so `reduce`
/// stays pure and testable.
public enum Effect: Equatable, Sendable {
    /// Write the board to its file (the loop reports back with `.saved` / `.saveFailed`).
    case save(path: String, quitAfter: Bool)
    case quit
    case bell
    case suspend
    /// Remove the recovery file (after a clean save, or when the user discards it).
    case deleteRecovery
    /// Save-as (`:w PATH`): write the board to `path`, which then becomes the board's file
    /// (the loop reports back with `.savedAs` / `.saveFailed`). An existing file is written
    /// over only with `overwrite` (`:w! PATH`).
    case saveAs(path: String, overwrite: Bool, quitAfter: Bool)
    /// The board holds no unsaved edits any more (undone back to the saved state, or quitting
    /// clean): remove the recovery file if this instance wrote it, so none outlives its edits.
    case dropOwnRecovery
    /// Turn the terminal's mouse reporting on or off (`:mouse on|off`).
    case mouse(Bool)
    /// The details form opened on this card: look up its last change in the repository's
    /// history (the loop reports back with `.cardHistory`; nothing when not in a repository).
    case lookUpCardHistory(cardID: String)
    /// `:sync`: save, then commit the board, pull with the merge driver and push (the loop
    /// reports back with `.synced`).
    case sync
}
