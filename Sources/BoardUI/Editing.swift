import JourneyKit

/// Edits of cards, stages, lanes and journeys. Each is one undoable `BoardEdit`.
enum Editing {
    static func addCard(_ state: inout BoardState, text: String) {
        guard let stage = state.focusStage, let lane = state.focusLane else { return }
        let cell = state.focusedCellCards
        // after the focused card, else at the end of the cell
        let position = state.cardIndex.map { $0 + 1 } ?? cell.count
        let before = position > 0 ? state.board.cards[cell[position - 1]]?.order : nil
        let after = position < cell.count ? state.board.cards[cell[position]]?.order : nil
        // an emotion card has no value until one is given (Enter): it is not a 0 in the curve
        let card = Card(id: IDs.card(), lane: lane, stage: stage, order: OrderKey.between(before, after), text: text)
        state.perform(BoardEdit("add card", [.card(card.id, nil, card)]))
        state.focusCard = card.id
        state.message = "added — Enter edits its details"
    }

    static func deleteCard(_ state: inout BoardState) {
        guard let card = state.focusedCard else { state.message = "no card here"; return }
        let cell = state.focusedCellCards
        let position = cell.firstIndex(of: card.id) ?? 0
        state.perform(BoardEdit("delete card", removal(of: [card.id], in: state)))
        let rest = state.focusedCellCards
        state.focusCard = rest.isEmpty ? nil : rest[min(position, rest.count - 1)]
        state.message = "deleted — u undoes"
    }

    static func moveCard(_ state: inout BoardState, _ direction: Direction) {
        guard let card = state.focusedCard else { state.message = "no card here"; return }
        let stages = state.stages, lanes = state.lanes
        var moved = card
        func order(_ id: String) -> String { state.board.cards[id]?.order ?? "" }
        func endOf(stage: String, lane: String) -> String {
            let ids = state.cellCards(stage: stage, lane: lane)
            return OrderKey.between(ids.last.map(order), nil)
        }
        switch direction {
        case .left, .right:
            let stageIndex = state.stageIndex + (direction == .left ? -1 : 1)
            guard stageIndex >= 0, stageIndex < stages.count else { return }
            moved.stage = stages[stageIndex].id
            moved.order = endOf(stage: moved.stage, lane: moved.lane)
        case .up, .down:
            let cell = state.focusedCellCards
            let position = cell.firstIndex(of: card.id) ?? 0
            if direction == .up && position > 0 {
                let previous = position >= 2 ? order(cell[position - 2]) : nil
                moved.order = OrderKey.between(previous, order(cell[position - 1]))
            } else if direction == .down && position + 1 < cell.count {
                let next = position + 2 < cell.count ? order(cell[position + 2]) : nil
                moved.order = OrderKey.between(order(cell[position + 1]), next)
            } else {
                let laneIndex = state.laneIndex + (direction == .up ? -1 : 1)
                guard laneIndex >= 0, laneIndex < lanes.count else { return }
                moved.lane = lanes[laneIndex].id
                moved.order = endOf(stage: moved.stage, lane: moved.lane)
            }
        }
        state.perform(BoardEdit("move card", [.card(card.id, card, moved)]))
        state.focusStage = moved.stage
        state.focusLane = moved.lane
        state.focusCard = moved.id
    }

    /// `:journey add TITLE --from CURRENT|JOURNEY`: adds a copy of the journey (`JourneyCopy`) and
    /// shows it.
    static func copyJourney(_ state: inout BoardState, from source: String, title: String, journeyState: JourneyState) {
        guard let copy = JourneyCopy.edit(copying: source, in: state.board, index: state.index, title: title, state: journeyState)
        else { return }
        state.perform(copy.edit)
        state.journeyID = copy.journey
        state.resetFocus()
        state.message = "\(journeyState.rawValue)-state copy added: \(DisplayText.sanitize(title)) — :compare shows both"
    }

    static func deleteStage(_ state: inout BoardState, _ id: String) {
        guard let stage = state.board.stages[id] else { return }
        var changes = removal(of: state.board.cards.values.filter { $0.stage == id }.map(\.id), in: state)
        changes.append(.stage(id, stage, nil))
        let position = state.stageIndex
        state.perform(BoardEdit("delete stage", changes))
        let rest = state.stages
        state.focusStage = rest.isEmpty ? nil : rest[min(position, rest.count - 1)].id
        state.focusCard = nil
        state.repairFocus()
        state.message = "stage deleted — u undoes"
    }

    static func deleteLane(_ state: inout BoardState, _ id: String) {
        guard let lane = state.board.lanes[id] else { return }
        var changes = removal(of: state.board.cards.values.filter { $0.lane == id }.map(\.id), in: state)
        changes.append(.lane(id, lane, nil))
        let position = state.laneIndex
        state.perform(BoardEdit("delete lane", changes))
        let rest = state.lanes
        state.focusLane = rest.isEmpty ? nil : rest[min(position, rest.count - 1)].id
        state.focusCard = nil
        state.repairFocus()
        state.message = "lane deleted — u undoes"
    }

    /// Removing cards, and the links that point at them from other cards, so the board stays
    /// valid. The incoming-link index finds those cards without scanning the board.
    static func removal(of ids: [String], in state: BoardState) -> [BoardChange] {
        let board = state.board
        let gone = Set(ids)
        var changes: [BoardChange] = ids.compactMap { id in board.cards[id].map { .card(id, $0, nil) } }
        let linking = Set(ids.flatMap { state.tally.incoming[$0] ?? [] }).subtracting(gone)
        for otherID in linking.sorted() {
            guard let other = board.cards[otherID] else { continue }
            var unlinked = other
            unlinked.links.removeAll { gone.contains($0) }
            changes.append(.card(unlinked.id, other, unlinked))
        }
        return changes
    }

    static func cardsIn(_ state: BoardState, stage: String) -> [Card] {
        state.lanes.flatMap { lane in state.cellCards(stage: stage, lane: lane.id).compactMap { state.board.cards[$0] } }
    }
}
