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
}
