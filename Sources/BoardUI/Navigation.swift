import JourneyKit

/// Moving the focus between cards, cells, stages and journeys.
enum Navigation {
    static func move(_ s: inout BoardState, _ d: Direction) {
        let stages = s.stages, lanes = s.lanes
        guard !stages.isEmpty, !lanes.isEmpty else { return }
        let cell = s.focusedCellCards
        let ci = s.cardIndex ?? 0
        switch d {
        case .left, .right:
            let si = s.stageIndex + (d == .left ? -1 : 1)
            guard si >= 0, si < stages.count else { return }
            s.focusStage = stages[si].id
            let next = s.focusedCellCards
            s.focusCard = next.isEmpty ? nil : next[min(ci, next.count - 1)]
        case .up:
            if let i = s.cardIndex, i > 0 { s.focusCard = cell[i - 1]; return }
            let li = s.laneIndex - 1
            guard li >= 0 else { return }
            s.focusLane = lanes[li].id
            s.focusCard = s.focusedCellCards.last
        case .down:
            if let i = s.cardIndex, i + 1 < cell.count { s.focusCard = cell[i + 1]; return }
            let li = s.laneIndex + 1
            guard li < lanes.count else { return }
            s.focusLane = lanes[li].id
            s.focusCard = s.focusedCellCards.first
        }
    }

    static func toStage(_ s: inout BoardState, _ i: Int) {
        let stages = s.stages
        guard i >= 0, i < stages.count else { return }
        s.focusStage = stages[i].id
        s.focusCard = s.focusedCellCards.first
    }

    static func page(_ s: inout BoardState, _ dir: Int) {
        let lanes = s.lanes
        guard !lanes.isEmpty else { return }
        let step = max(1, Layout.visibleLaneCount(s) - 1)
        let li = min(max(0, s.laneIndex + dir * step), lanes.count - 1)
        s.focusLane = lanes[li].id
        s.focusCard = s.focusedCellCards.first
    }

    static func switchJourney(_ s: inout BoardState, by delta: Int) {
        let js = s.journeys
        guard js.count > 1, let i = js.firstIndex(where: { $0.id == s.journeyID }) else {
            s.message = "this board has one journey (:journey add TITLE adds another)"
            return
        }
        let n = (i + delta + js.count) % js.count
        s.journeyID = js[n].id
        s.zoomed = false
        s.resetFocus()
        s.message = "journey \(n + 1)/\(js.count): \(DisplayText.sanitize(js[n].title))"
    }
}

/// Finding text across every journey of the board.
enum Search {
    /// Cards in board order: journeys, then stages, lanes and each cell's order.
    static func orderedCards(_ b: Board, index: CellIndex) -> [String] {
        var out: [String] = []
        for j in b.orderedJourneys {
            let lanes = b.lanes(of: j.id)
            for st in b.stages(of: j.id) { for l in lanes { out.append(contentsOf: index.ids(stage: st.id, lane: l.id)) } }
        }
        return out
    }

    static func matches(_ c: Card, _ q: String) -> Bool {
        let needle = q.lowercased()
        if c.text.lowercased().contains(needle) { return true }
        if let n = c.notes, n.lowercased().contains(needle) { return true }
        if let o = c.owner, o.lowercased().contains(needle) { return true }
        return c.tags.contains { $0.lowercased().contains(needle) }
    }

    static func jump(_ s: inout BoardState, forward: Bool, includeCurrent: Bool) -> [Effect] {
        guard let q = s.lastSearch else { s.message = "no search yet: / searches"; return [.bell] }
        let all = orderedCards(s.board, index: s.index)
        let hits = all.filter { s.board.cards[$0].map { matches($0, q) } ?? false }
        guard !hits.isEmpty else { s.message = "not found: \(q)"; return [.bell] }
        let here = s.focusCard.flatMap { all.firstIndex(of: $0) } ?? -1
        let pos = hits.map { all.firstIndex(of: $0)! }
        var pick: Int
        if forward {
            pick = pos.firstIndex { includeCurrent ? $0 >= here : $0 > here } ?? 0
        } else {
            pick = pos.lastIndex { $0 < here } ?? (pos.count - 1)
        }
        pick = min(pick, hits.count - 1)
        s.focus(card: hits[pick])
        let j = s.journeys.firstIndex { $0.id == s.journeyID }.map { $0 + 1 } ?? 1
        s.message = "match \(pick + 1)/\(hits.count) for \"\(q)\" (journey \(j)/\(s.journeys.count)) — n next, N previous"
        return []
    }
}
