import JourneyKit

/// Edits of cards, stages, lanes and journeys. Each is one undoable `BoardEdit`.
enum Editing {
    static func addCard(_ s: inout BoardState, text: String) {
        guard let st = s.focusStage, let ln = s.focusLane else { return }
        let cell = s.focusedCellCards
        // after the focused card, else at the end of the cell
        let at = s.cardIndex.map { $0 + 1 } ?? cell.count
        let before = at > 0 ? s.board.cards[cell[at - 1]]?.order : nil
        let after = at < cell.count ? s.board.cards[cell[at]]?.order : nil
        // an emotion card has no value until one is given (Enter): it is not a 0 in the curve
        let card = Card(id: IDs.card(), lane: ln, stage: st, order: OrderKey.between(before, after), text: text)
        s.perform(BoardEdit("add card", [.card(card.id, nil, card)]))
        s.focusCard = card.id
        s.message = "added — Enter edits its details"
    }

    static func deleteCard(_ s: inout BoardState) {
        guard let c = s.focusedCard else { s.message = "no card here"; return }
        let cell = s.focusedCellCards
        let i = cell.firstIndex(of: c.id) ?? 0
        s.perform(BoardEdit("delete card", removal(of: [c.id], in: s)))
        let rest = s.focusedCellCards
        s.focusCard = rest.isEmpty ? nil : rest[min(i, rest.count - 1)]
        s.message = "deleted — u undoes"
    }

    static func moveCard(_ s: inout BoardState, _ d: Direction) {
        guard let c = s.focusedCard else { s.message = "no card here"; return }
        let stages = s.stages, lanes = s.lanes
        var n = c
        func order(_ id: String) -> String { s.board.cards[id]?.order ?? "" }
        func endOf(stage: String, lane: String) -> String {
            let ids = s.cellCards(stage: stage, lane: lane)
            return OrderKey.between(ids.last.map(order), nil)
        }
        switch d {
        case .left, .right:
            let si = s.stageIndex + (d == .left ? -1 : 1)
            guard si >= 0, si < stages.count else { return }
            n.stage = stages[si].id
            n.order = endOf(stage: n.stage, lane: n.lane)
        case .up, .down:
            let cell = s.focusedCellCards
            let i = cell.firstIndex(of: c.id) ?? 0
            if d == .up && i > 0 {
                let prev = i >= 2 ? order(cell[i - 2]) : nil
                n.order = OrderKey.between(prev, order(cell[i - 1]))
            } else if d == .down && i + 1 < cell.count {
                let next = i + 2 < cell.count ? order(cell[i + 2]) : nil
                n.order = OrderKey.between(order(cell[i + 1]), next)
            } else {
                let li = s.laneIndex + (d == .up ? -1 : 1)
                guard li >= 0, li < lanes.count else { return }
                n.lane = lanes[li].id
                n.order = endOf(stage: n.stage, lane: n.lane)
            }
        }
        s.perform(BoardEdit("move card", [.card(c.id, c, n)]))
        s.focusStage = n.stage
        s.focusLane = n.lane
        s.focusCard = n.id
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

    static func deleteStage(_ s: inout BoardState, _ id: String) {
        guard let st = s.board.stages[id] else { return }
        var changes = removal(of: s.board.cards.values.filter { $0.stage == id }.map(\.id), in: s)
        changes.append(.stage(id, st, nil))
        let i = s.stageIndex
        s.perform(BoardEdit("delete stage", changes))
        let rest = s.stages
        s.focusStage = rest.isEmpty ? nil : rest[min(i, rest.count - 1)].id
        s.focusCard = nil
        s.repairFocus()
        s.message = "stage deleted — u undoes"
    }

    static func deleteLane(_ s: inout BoardState, _ id: String) {
        guard let ln = s.board.lanes[id] else { return }
        var changes = removal(of: s.board.cards.values.filter { $0.lane == id }.map(\.id), in: s)
        changes.append(.lane(id, ln, nil))
        let i = s.laneIndex
        s.perform(BoardEdit("delete lane", changes))
        let rest = s.lanes
        s.focusLane = rest.isEmpty ? nil : rest[min(i, rest.count - 1)].id
        s.focusCard = nil
        s.repairFocus()
        s.message = "lane deleted — u undoes"
    }

    /// Removing cards, and the links that point at them from other cards, so the board stays
    /// valid. The incoming-link index finds those cards without scanning the board.
    static func removal(of ids: [String], in s: BoardState) -> [BoardChange] {
        let b = s.board
        let gone = Set(ids)
        var changes: [BoardChange] = ids.compactMap { id in b.cards[id].map { .card(id, $0, nil) } }
        let linking = Set(ids.flatMap { s.tally.incoming[$0] ?? [] }).subtracting(gone)
        for oid in linking.sorted() {
            guard let other = b.cards[oid] else { continue }
            var o = other
            o.links.removeAll { gone.contains($0) }
            changes.append(.card(o.id, other, o))
        }
        return changes
    }

    static func cardsIn(_ s: BoardState, stage: String) -> [Card] {
        s.lanes.flatMap { l in s.cellCards(stage: stage, lane: l.id).compactMap { s.board.cards[$0] } }
    }
}
