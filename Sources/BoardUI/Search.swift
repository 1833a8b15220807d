import JourneyKit

/// Finding text across every journey of the board (`/`, `n`, `N`).
enum Search {
    /// Cards in board order: journeys, then stages, lanes and each cell's order.
    static func orderedCards(_ board: Board, index: CellIndex) -> [String] {
        var out: [String] = []
        for journey in board.orderedJourneys {
            let lanes = board.lanes(of: journey.id)
            for stage in board.stages(of: journey.id) {
                for lane in lanes { out.append(contentsOf: index.ids(stage: stage.id, lane: lane.id)) }
            }
        }
        return out
    }

    /// The card's text, notes, owner or a tag contains the query (any case).
    static func matches(_ card: Card, _ query: String) -> Bool {
        let needle = query.lowercased()
        if card.text.lowercased().contains(needle) { return true }
        if let notes = card.notes, notes.lowercased().contains(needle) { return true }
        if let owner = card.owner, owner.lowercased().contains(needle) { return true }
        return card.tags.contains { $0.lowercased().contains(needle) }
    }

    static func jump(_ state: inout BoardState, forward: Bool, includeCurrent: Bool) -> [Effect] {
        guard let query = state.lastSearch else { state.message = "no search yet: / searches"; return [.bell] }
        let all = orderedCards(state.board, index: state.index)
        let hits = all.filter { state.board.cards[$0].map { matches($0, query) } ?? false }
        guard !hits.isEmpty else { state.highlightSearch = false; state.message = "not found: \(query)"; return [.bell] }
        let here = state.focusCard.flatMap { all.firstIndex(of: $0) } ?? -1
        let positions = hits.map { all.firstIndex(of: $0)! }
        var pick: Int
        if forward {
            pick = positions.firstIndex { includeCurrent ? $0 >= here : $0 > here } ?? 0
        } else {
            pick = positions.lastIndex { $0 < here } ?? (positions.count - 1)
        }
        pick = min(pick, hits.count - 1)
        state.focus(card: hits[pick])
        state.highlightSearch = true
        let journeyNumber = state.journeys.firstIndex { $0.id == state.journeyID }.map { $0 + 1 } ?? 1
        state.message = "match \(pick + 1) of \(hits.count) for \"\(query)\" (journey \(journeyNumber)/\(state.journeys.count)) — n next, N previous"
        return []
    }

    /// The query as lower-cased characters, for `highlight`; nil when nothing is highlighted.
    static func highlightNeedle(_ state: BoardState) -> [String]? {
        guard state.highlightSearch, let query = state.lastSearch, !query.isEmpty else { return nil }
        return query.map { $0.lowercased() }
    }

    /// Redraws each occurrence of `needle` in `line` (drawn from column `x`) in `style`, so
    /// matches stand out in the card text on the board. A match split by a line break is not marked.
    static func highlight(_ screen: inout Screen, _ line: String, _ needle: [String], x: Int, y: Int, style: Style, limit: Int) {
        let chars = Array(line)
        guard !needle.isEmpty, chars.count >= needle.count else { return }
        let lowered = chars.map { $0.lowercased() }
        var i = 0, column = x
        while i + needle.count <= chars.count {
            if lowered[i] == needle[0] && Array(lowered[i..<(i + needle.count)]) == needle {
                column = screen.put(String(chars[i..<(i + needle.count)]), x: column, y: y, style: style, limit: limit)
                i += needle.count
            } else {
                column += DisplayText.width(String(chars[i]))
                i += 1
            }
        }
    }
}
