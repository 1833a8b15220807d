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
        guard !hits.isEmpty else { state.message = "not found: \(query)"; return [.bell] }
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
        let journeyNumber = state.journeys.firstIndex { $0.id == state.journeyID }.map { $0 + 1 } ?? 1
        state.message = "match \(pick + 1)/\(hits.count) for \"\(query)\" (journey \(journeyNumber)/\(state.journeys.count)) — n next, N previous"
        return []
    }
}
