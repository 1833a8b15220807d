import JourneyKit

/// What a card says on the board: its kind mark, text, what matters for its kind, and its
/// badges, wrapped to its cell. `Layout.layout` measures cells with these lines.
extension Layout {
    /// The card's lines in a cell `width` wide: kind mark, text, what matters for its kind,
    /// and its badges (votes, links, evidence, open comments). `conflicted`: a merge record concerns the
    /// card; "‼" goes before its text.
    public static func cardLines(_ card: Card, kind: LaneKind?, width: Int, focused: Bool, in state: BoardState, conflicted: Bool = false) -> [String] {
        var text = DisplayText.sanitize(card.text)
        switch kind {
        case .emotion?: if let value = card.value { text = SwimlaneText.emotionLabel(value) + " " + text }
        case .touchpoints?: if let channel = card.channel { text = "[\(DisplayText.sanitize(channel))] " + text }
        default: break
        }
        var badges: [String] = []
        // silent voting: only the participant's own dots, marked as theirs
        let votes = state.shownVotes(card)
        if votes > 0 { badges.append(state.votesHidden ? "you●\(votes)" : "●\(votes)") }
        let links = card.links.count + (state.tally.incoming[card.id]?.subtracting(card.links).count ?? 0)
        if links > 0 { badges.append("⇄\(links)") }
        if kind == .pains || kind == .opportunities {
            let evidence = Facilitation.evidence(state, of: card)
            if evidence > 0 { badges.append("ⓘ\(evidence)") }
        }
        // open comments (resolved ones are not counted); the map is empty on most cards
        if !card.comments.isEmpty {
            let open = CommentThread.openCount(card.comments)
            if open > 0 { badges.append("💬\(open)") }
        }
        if !badges.isEmpty { text += "  " + badges.joined(separator: " ") }
        if conflicted { text = "‼ " + text }
        let mark = kind?.mark ?? "•"
        let maxLines = focused ? maxFocusedCardLines : maxCardLines
        var lines = state.wrapCache.lines(mark, text, columns: max(1, width - 3), maxLines: maxLines)
        if state.workshop.presenting { lines.append("") } // room to breathe on a projector
        return lines
    }

    /// The new card's text as it is typed, wrapped in a cell `width` wide as the card will be
    /// (after the "✎ " mark): its lines, and the caret's line and column. At most
    /// `maxFocusedCardLines` lines, the ones around the caret.
    static func editorLines(_ editor: LineEditor, width: Int) -> (lines: [String], caretLine: Int, caretColumn: Int) {
        let text = DisplayText.sanitize(editor.text)
        let columns = max(1, width - 3)
        var lines = TextWrap.wrap(text, columns: columns)
        // sanitising keeps one scalar for each: the cursor's scalar offset is the same in both
        let caret = TextWrap.caret(text, columns: columns, offset: String(editor.chars[..<editor.cursor]).unicodeScalars.count)
        while lines.count <= caret.line { lines.append("") }
        let top = max(0, min(caret.line - maxFocusedCardLines + 1, lines.count - maxFocusedCardLines))
        return (Array(lines.dropFirst(top).prefix(maxFocusedCardLines)), caret.line - top, caret.column)
    }

    /// Rows the new-card editor takes in a cell `width` wide (1 when not adding).
    static func editorRows(_ state: BoardState, width: Int) -> Int {
        guard case .adding(let editor) = state.mode else { return 1 }
        return editorLines(editor, width: width).lines.count
    }
}
