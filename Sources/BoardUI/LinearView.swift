import JourneyKit

/// `:linear`: the current journey read stage by stage as plain lines (`LinearText`, the same
/// text as `journey show --linear`) instead of the grid. The focus moves card by card in
/// reading order; the focused card's lines are in reverse video and begin with a ▶ mark, and
/// the terminal cursor sits on its first line, so a screen reader that follows the cursor
/// reads the card. No box drawing in the reading, the header or the status line.
enum LinearView {
    /// The rows above and below the reading: a title line; the status and message lines.
    static let topRows = 1
    static let bottomRows = 2

    static func lines(_ s: BoardState) -> [LinearText.Line] {
        LinearText.lines(s.board, journey: s.journeyID, width: s.width - 2, index: s.index)
    }

    /// The line the focus is on: the focused card's first line, else the focused stage's heading.
    static func focusLine(_ lines: [LinearText.Line], _ s: BoardState) -> Int? {
        if let card = s.focusCard, let i = lines.firstIndex(where: { $0.card == card && $0.startsCard }) { return i }
        if let stage = s.focusStage { return lines.firstIndex { $0.stage == stage } }
        return nil
    }

    static func draw(_ screen: inout Screen, _ s: BoardState, _ t: Theme) {
        screen.fill(x: 0, y: 0, width: s.width, height: 1, style: t.header)
        let hints = KeyMap.linear.hints([.readNext, .readPrevious, .linear], separator: ", ")
        screen.put(DisplayText.truncate(" Linear reading: \(hints)", columns: s.width), x: 0, y: 0, style: t.header)
        let (all, focus, top, rows) = window(s)
        for r in 0..<rows {
            let i = top + r
            guard i < all.count else { break }
            let line = all[i]
            let y = topRows + r
            let focused = line.card != nil && line.card == s.focusCard
            if focused {
                screen.fill(x: 0, y: y, width: s.width, height: 1, style: t.focus)
                screen.put(line.text, x: 2, y: y, style: t.focus)
                if line.startsCard { screen.put("▶", x: 0, y: y, style: t.focus) }
            } else {
                screen.put(line.text, x: 2, y: y, style: line.card == nil && !line.text.hasPrefix(" ") ? Style(bold: true) : .plain)
            }
            if i == focus {
                // where a screen reader reads: the start of the focused card's (or heading's) text
                let indent = line.text.prefix { $0 == " " }.count
                screen.cursor = (2 + indent, y)
            }
        }
    }

    /// The reading, the focused line, the first line shown and how many rows show: the focused
    /// line a third of the way down, the reading never scrolled past its end.
    static func window(_ s: BoardState) -> (lines: [LinearText.Line], focus: Int?, top: Int, rows: Int) {
        let all = lines(s)
        let rows = max(1, s.height - topRows - bottomRows)
        let focus = focusLine(all, s)
        let top = max(0, min((focus ?? 0) - rows / 3, all.count - rows))
        return (all, focus, top, rows)
    }

    /// The wheel moves card by card; a click focuses the card whose line it is on.
    static func handleMouse(_ s: inout BoardState, _ mouse: MouseEvent) -> [Effect] {
        switch mouse.kind {
        case .wheelUp: return move(&s, step: -1)
        case .wheelDown: return move(&s, step: 1)
        case .click:
            let (all, _, top, rows) = window(s)
            let r = mouse.y - topRows
            guard r >= 0, r < rows, top + r < all.count, let card = all[top + r].card else { return [] }
            s.focus(card: card)
            return []
        }
    }

    /// The status line in words: the file, unsaved changes, and where the focus is.
    static func drawStatus(_ screen: inout Screen, _ s: BoardState, _ t: Theme) {
        guard !s.workshop.presenting else { return }
        let y = s.height - 2
        screen.fill(x: 0, y: y, width: s.width, height: 1, style: t.status)
        let order = readingOrder(s)
        // where the focus is comes first: a narrow terminal cuts the end of the line
        var text: String
        if let card = s.focusCard, let i = order.firstIndex(of: card) {
            text = " card \(i + 1) of \(order.count)"
        } else {
            text = " \(order.count) card\(order.count == 1 ? "" : "s")"
        }
        text += ", ? help, \(DisplayText.sanitize(s.path))\(s.isModified ? ", unsaved changes" : "")"
        screen.put(DisplayText.truncate(text, columns: s.width), x: 0, y: y, style: t.status)
    }

    /// The journey's cards in reading order: stage by stage, lane by lane, each cell in order.
    static func readingOrder(_ s: BoardState) -> [String] {
        let lanes = s.lanes
        return s.stages.flatMap { stage in lanes.flatMap { lane in s.cellCards(stage: stage.id, lane: lane.id) } }
    }

    /// Moves the focus `step` cards on in reading order (−1 back); to the first or last card.
    static func move(_ s: inout BoardState, step: Int) -> [Effect] {
        let order = readingOrder(s)
        guard !order.isEmpty else { s.message = "no cards in this journey"; return [.bell] }
        let at = s.focusCard.flatMap { order.firstIndex(of: $0) }
        let next: Int
        if let at {
            next = at + step
            guard next >= 0, next < order.count else {
                s.message = next < 0 ? "the first card of the journey" : "the last card of the journey"
                return [.bell]
            }
        } else {
            next = step < 0 ? order.count - 1 : 0
        }
        s.focus(card: order[next])
        return []
    }

    static func jump(_ s: inout BoardState, last: Bool) -> [Effect] {
        let order = readingOrder(s)
        guard let id = last ? order.last : order.first else { s.message = "no cards in this journey"; return [.bell] }
        s.focus(card: id)
        return []
    }

    /// `:linear` and the linear layer's Esc: into the reading, or back to the grid.
    static func toggle(_ s: inout BoardState) -> [Effect] {
        s.linearReading.toggle()
        s.message = s.linearReading
            ? "linear reading: j/k card by card, Esc or :linear returns to the board"
            : "back to the board"
        return []
    }
}
