import JourneyKit

/// Moving the focus between cards, cells, stages and journeys.
enum Navigation {
    static func move(_ state: inout BoardState, _ direction: Direction) {
        let stages = state.stages, lanes = state.lanes
        guard !stages.isEmpty, !lanes.isEmpty else { return }
        let cell = shownCards(state, stage: state.focusStage, lane: state.focusLane)
        let position = state.focusCard.flatMap { cell.firstIndex(of: $0) }
        let cardPosition = position ?? 0
        switch direction {
        case .left, .right:
            let stageIndex = state.stageIndex + (direction == .left ? -1 : 1)
            guard stageIndex >= 0, stageIndex < stages.count else { return }
            state.focusStage = stages[stageIndex].id
            let next = shownCards(state, stage: state.focusStage, lane: state.focusLane)
            state.focusCard = next.isEmpty ? nil : next[min(cardPosition, next.count - 1)]
        case .up:
            if let position, position > 0 { state.focusCard = cell[position - 1]; return }
            let laneIndex = state.laneIndex - 1
            guard laneIndex >= 0 else { return }
            state.focusLane = lanes[laneIndex].id
            state.focusCard = shownCards(state, stage: state.focusStage, lane: state.focusLane).last
        case .down:
            if let position, position + 1 < cell.count { state.focusCard = cell[position + 1]; return }
            let laneIndex = state.laneIndex + 1
            guard laneIndex < lanes.count else { return }
            state.focusLane = lanes[laneIndex].id
            state.focusCard = shownCards(state, stage: state.focusStage, lane: state.focusLane).first
        }
    }

    /// A cell's cards as the board shows them: with `:filter hide`, only those the filter keeps
    /// (and the focused card, which stays shown), so moving skips what cannot be seen.
    static func shownCards(_ state: BoardState, stage: String?, lane: String?) -> [String] {
        let ids = state.cellCards(stage: stage, lane: lane)
        guard let filter = state.workshop.filter, state.workshop.filterHides, !ids.isEmpty else { return ids }
        let conflicted = state.board.cardsWithConflicts
        let voter = state.votesHidden ? state.workshop.participant : nil
        return ids.filter { id in
            id == state.focusCard || (state.board.cards[id].map { filter.matches($0, in: state.board, conflicted: conflicted, voter: voter) } ?? false)
        }
    }

    static func toStage(_ state: inout BoardState, _ stageIndex: Int) {
        let stages = state.stages
        guard stageIndex >= 0, stageIndex < stages.count else { return }
        state.focusStage = stages[stageIndex].id
        state.focusCard = state.focusedCellCards.first
    }

    static func page(_ state: inout BoardState, _ direction: Int) {
        let lanes = state.lanes
        guard !lanes.isEmpty else { return }
        let step = max(1, Layout.visibleLaneCount(state) - 1)
        let laneIndex = min(max(0, state.laneIndex + direction * step), lanes.count - 1)
        state.focusLane = lanes[laneIndex].id
        state.focusCard = state.focusedCellCards.first
    }

    static func switchJourney(_ state: inout BoardState, by delta: Int) {
        let journeys = state.journeys
        guard journeys.count > 1, let current = journeys.firstIndex(where: { $0.id == state.journeyID }) else {
            state.message = "this board has one journey (:journey add TITLE adds another)"
            return
        }
        let next = (current + delta + journeys.count) % journeys.count
        state.journeyID = journeys[next].id
        state.zoomed = false
        state.resetFocus()
        state.message = "journey \(next + 1)/\(journeys.count): \(DisplayText.sanitize(journeys[next].title))"
    }
}
