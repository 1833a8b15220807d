import JourneyKit

/// `'`: back to where the focus was before a jump — following a link, a search match (`/`,
/// `n`, `N`), Enter in the votes or links list or the prioritisation panel, `:stage N`. As vim's
/// `''`, pressing it again goes back to where it came from. The places are a small stack: a
/// place whose journey has gone since is skipped for the one before it.
public struct JumpPlace: Equatable, Sendable {
    public var journey: String
    public var stage: String?
    public var lane: String?
    public var card: String?
}

enum JumpList {
    static let limit = 20

    static func here(_ state: BoardState) -> JumpPlace {
        JumpPlace(journey: state.journeyID, stage: state.focusStage, lane: state.focusLane, card: state.focusCard)
    }

    /// Runs a jump; when it moved the focus, where it was goes on the stack.
    static func recording(_ state: inout BoardState, _ jump: (inout BoardState) -> [Effect]) -> [Effect] {
        let before = here(state)
        let effects = jump(&state)
        if here(state) != before { push(&state, before) }
        return effects
    }

    static func push(_ state: inout BoardState, _ place: JumpPlace) {
        if state.jumps.last == place { return }
        state.jumps.append(place)
        if state.jumps.count > limit { state.jumps.removeFirst(state.jumps.count - limit) }
    }

    /// `'`: to the last place jumped from; the place left goes on the stack, so `'` again returns.
    static func back(_ state: inout BoardState) -> [Effect] {
        while let place = state.jumps.popLast() {
            guard state.board.journeys[place.journey] != nil else { continue }
            let left = here(state)
            state.journeyID = place.journey
            state.focusStage = place.stage
            state.focusLane = place.lane
            state.focusCard = place.card
            state.repairFocus()
            if here(state) == left { continue }
            push(&state, left)
            state.message = "back to where you were (' again returns)"
            return []
        }
        state.message = "nowhere to go back to: ' returns after a jump (a link, a search, :stage N, a list's Enter)"
        return [.bell]
    }
}
