import JourneyKit

/// A card's comment thread on the board: `:comment TEXT` adds one to the focused card, the
/// details form resolves, reopens and deletes them. Each is one undoable edit. The author is the
/// participant (`--as NAME`, `:as NAME`); the time is the clock the loop last gave
/// (`workshop.now`), so reducers stay pure and tests choose the time.
enum Comments {
    /// The participant's clock as UTC text.
    static func now(_ state: BoardState) -> String { UTCTime.format(state.workshop.now) }

    /// `:comment TEXT`: a new comment on the focused card.
    static func add(_ state: inout BoardState, text: String) -> [Effect] {
        let text = text.trimmingSpaces
        guard !text.isEmpty else { return CommandLine.usage(&state, "comment") }
        guard let card = state.focusedCard else { state.message = "no card here to comment on"; return [.bell] }
        var changed = card
        changed.comments[IDs.comment()] = CardComment(author: state.workshop.participant, time: now(state), text: text)
        state.perform(BoardEdit("comment", [.card(card.id, card, changed)]))
        let open = CommentThread.openCount(changed.comments)
        state.message = "comment added as \(DisplayText.sanitize(state.workshop.participant)) — \(open) open on this card"
        return []
    }

    /// Resolves an open comment, reopens a resolved one.
    static func toggleResolved(_ state: inout BoardState, card cardID: String, comment id: String) -> [Effect] {
        guard let card = state.board.cards[cardID], var comment = card.comments[id] else { return [.bell] }
        comment.resolved.toggle()
        var changed = card
        changed.comments[id] = comment
        state.perform(BoardEdit(comment.resolved ? "resolve comment" : "reopen comment", [.card(cardID, card, changed)]))
        state.message = comment.resolved ? "comment resolved (u undoes)" : "comment reopened (u undoes)"
        return []
    }

    /// Deletes a comment the participant wrote; another's is refused.
    static func delete(_ state: inout BoardState, card cardID: String, comment id: String) -> [Effect] {
        guard let card = state.board.cards[cardID], let comment = card.comments[id] else { return [.bell] }
        guard CanonicalJSON.sameText(comment.author, state.workshop.participant) else {
            state.message = "only \(DisplayText.sanitize(comment.author)) can delete this comment (you are \(DisplayText.sanitize(state.workshop.participant))); Ctrl-T resolves it"
            return [.bell]
        }
        var changed = card
        changed.comments.removeValue(forKey: id)
        state.perform(BoardEdit("delete comment", [.card(cardID, card, changed)]))
        state.message = "comment deleted (u undoes)"
        return []
    }

    /// The form's thread after an edit: comments that went (deleted, undone) leave their rows,
    /// and the focus stays on a row that exists.
    static func refresh(_ form: inout CardForm, _ board: Board) {
        guard let card = board.cards[form.cardID] else { return }
        form.thread = CommentThread.ordered(card.comments).map(\.id)
        form.focus = min(form.focus, form.rowCount - 1)
    }
}
