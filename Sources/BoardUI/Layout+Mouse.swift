import JourneyKit

/// The mouse on the board, hit-tested against the frame's layout.
extension Layout {
    /// A click focuses the card or cell under it; the wheel moves between lanes.
    static func handleMouse(_ state: inout BoardState, _ mouse: MouseEvent) -> [Effect] {
        guard case .board = state.mode else { return [] }
        if state.linearReading { return LinearView.handleMouse(&state, mouse) }
        switch mouse.kind {
        case .wheelUp: Navigation.move(&state, .up)
        case .wheelDown: Navigation.move(&state, .down)
        case .click:
            let frame = layout(state)
            for cell in frame.cells where mouse.x >= cell.x && mouse.x < cell.x + cell.width {
                if let card = cell.cards.first(where: { mouse.y >= $0.y && mouse.y < $0.y + $0.lines.count }) {
                    state.focusStage = cell.stage; state.focusLane = cell.lane; state.focusCard = card.id
                    return []
                }
            }
            for lane in frame.lanes where mouse.y >= lane.y && mouse.y < lane.y + lane.height {
                if let column = frame.columns.first(where: { mouse.x >= $0.x && mouse.x < $0.x + $0.width }) {
                    state.focusStage = column.stage.id; state.focusLane = lane.lane.id
                    state.focusCard = state.focusedCellCards.first
                }
            }
        }
        return []
    }
}
