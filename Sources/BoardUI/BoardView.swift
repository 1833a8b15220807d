import JourneyKit

/// Draws the board into a Screen: `render(state) -> Screen`. Pure: the same state always
/// gives the same cells, which is what the snapshot tests compare.
public enum BoardView {
    public static func render(_ s: BoardState) -> Screen {
        var screen = Screen(width: s.width, height: s.height)
        let theme = Theme(color: s.useColor, name: s.theme)
        if Layout.tooSmall(s) {
            drawTooSmall(&screen, s)
            return screen
        }
        draw(&screen, s, theme)
        theme.finish(&screen)
        return screen
    }

    static func draw(_ screen: inout Screen, _ s: BoardState, _ theme: Theme) {
        // the prioritisation panel covers the whole screen: the board under it is not drawn
        if case .prioritisation(let p) = s.mode { PrioritisationView.draw(&screen, s, p, theme); return }
        let f = Layout.layout(s)
        if s.linearReading {
            // the journey as plain lines instead of the grid; prompts and overlays as always
            LinearView.draw(&screen, s, theme)
        } else {
            drawHeader(&screen, s, theme)
            drawStageTitles(&screen, s, f, theme)
            drawLanes(&screen, s, f, theme)
        }
        drawStatus(&screen, s, theme)
        if s.linearReading { LinearView.drawStatus(&screen, s, theme) }
        Overlays.draw(&screen, s, f, theme)
    }

    static func drawTooSmall(_ screen: inout Screen, _ s: BoardState) {
        let lines = DisplayText.wrap("enlarge the terminal to at least \(Layout.minimumWidth)×\(Layout.minimumHeight)", columns: max(1, s.width))
            + ["(now \(s.width)×\(s.height))", "q quits"]
        let top = max(0, s.height / 2 - 1)
        for (i, l) in lines.enumerated() {
            let w = DisplayText.width(l)
            screen.put(l, x: max(0, (s.width - w) / 2), y: top + i, style: i < lines.count - 2 ? .bold : .plain)
        }
    }

    static func drawHeader(_ screen: inout Screen, _ s: BoardState, _ t: Theme) {
        screen.fill(x: 0, y: 0, width: s.width, height: 1, style: t.header)
        let js = s.journeys
        let n = (js.firstIndex { $0.id == s.journeyID } ?? 0) + 1
        let banner = s.board.conflicts.isEmpty ? ""
            : "  │  ‼ \(s.board.conflicts.count) conflict\(s.board.conflicts.count == 1 ? "" : "s") — c resolves"
        // who is here (a live room), at the right, at most half the width
        var here = ""
        if let r = RoomEvents.statusText(s) { here = DisplayText.truncate("  │  " + DisplayText.sanitize(r) + " ", columns: max(0, s.width / 2)) }
        let room = max(0, s.width - DisplayText.width(banner) - DisplayText.width(here))
        // shorter spellings before any cut: the words that only label go first, so a name is
        // cut with "…" only when even the short form does not fit
        var variants: [String] = []
        let board = " \(DisplayText.sanitize(s.board.title))"
        if let j = s.board.journeys[s.journeyID] {
            let persona = j.persona.flatMap { s.board.personas[$0] }.map { DisplayText.sanitize($0.name) }
            let title = DisplayText.sanitize(j.title)
            variants.append(board + "  │  journey \(n)/\(js.count): \(title)" + (persona.map { "  │  persona: \($0)" } ?? "") + "  │  \(j.state)")
            variants.append(board + "  │  \(n)/\(js.count) \(title)" + (persona.map { "  │  \($0)" } ?? "") + "  │  \(j.state)")
            variants.append(board + " │ \(n)/\(js.count) \(title)" + (persona.map { " │ \($0)" } ?? "") + " │ \(j.state)")
        } else {
            variants.append(board + "  │  no journeys yet — :journey add TITLE")
        }
        // the banner stays in view on a narrow terminal: the title gives way first, then the room
        let text = variants.first { DisplayText.width($0) <= room } ?? DisplayText.truncate(variants[variants.count - 1], columns: room)
        screen.put(DisplayText.truncate(text + banner, columns: max(0, s.width - DisplayText.width(here))), x: 0, y: 0, style: t.header)
        if !here.isEmpty { screen.put(here, x: max(0, s.width - DisplayText.width(here)), y: 0, style: t.header) }
    }

    static func drawStageTitles(_ screen: inout Screen, _ s: BoardState, _ f: FrameLayout, _ t: Theme) {
        if f.moreLeft > 0 { screen.put("◀ \(f.moreLeft) more", x: 1, y: 1, style: t.more, limit: f.laneTitleWidth) }
        let stages = s.stages
        let moreLabel = f.moreRight > 0 ? " +\(f.moreRight) ▶" : ""
        for (k, col) in f.columns.enumerated() {
            let i = (stages.firstIndex { $0.id == col.stage.id } ?? 0) + 1
            var st = t.stageTitle
            if col.stage.id == s.focusStage { st.underline = true }
            let title = "\(i). \(DisplayText.sanitize(col.stage.title))"
            // the last title leaves room for the "more stages" mark
            let room = col.width - 1 - (k == f.columns.count - 1 ? DisplayText.width(moreLabel) : 0)
            screen.put(DisplayText.truncate(title, columns: room), x: col.x + 1, y: 1, style: st, limit: col.x + col.width)
            screen.put("│", x: col.x - 1, y: 1, style: t.rule)
        }
        if f.moreRight > 0, let last = f.columns.last {
            let end = min(s.width, last.x + last.width)
            screen.put(moreLabel, x: end - DisplayText.width(moreLabel), y: 1, style: t.more)
        }
        if stages.isEmpty { screen.put("no stages yet — :stage add NAME", x: f.laneTitleWidth + 1, y: 1, style: t.hint) }
        // the rule under the titles
        for x in 0..<s.width { screen.put("─", x: x, y: 2, style: t.rule) }
        for col in f.columns { screen.put("┼", x: col.x - 1, y: 2, style: t.rule) }
    }

    static func drawLanes(_ screen: inout Screen, _ s: BoardState, _ f: FrameLayout, _ t: Theme) {
        if s.lanes.isEmpty {
            screen.put("no lanes yet — :lane add KIND NAME", x: 1, y: f.bodyTop, style: t.hint)
        }
        for block in f.lanes {
            let bottom = min(block.y + block.height, f.bodyBottom)
            // lane title column
            var tstyle = t.laneTitle
            if block.lane.id == s.focusLane { tstyle.underline = true }
            let titleLines = DisplayText.wrap(DisplayText.sanitize(block.lane.title), columns: f.laneTitleWidth - 2, maxLines: max(1, block.height - 1))
            var y = block.y
            for l in titleLines where y < bottom { screen.put(l, x: 1, y: y, style: tstyle, limit: f.laneTitleWidth - 1); y += 1 }
            if y < bottom {
                let kind = block.lane.laneKind
                screen.put("\(kind?.mark ?? "?") \(block.lane.kind)", x: 1, y: y, style: t.laneKind, limit: f.laneTitleWidth - 1)
            }
            // column separators
            for col in f.columns { for yy in block.y..<bottom { screen.put("│", x: col.x - 1, y: yy, style: t.rule) } }
            if block.curveRows > 0 { drawCurve(&screen, s, f, block, t) }
            if block.heroRows > 0 { HeroCurves.draw(&screen, s, f, block, t) }
            // the rule under the lane
            let ry = block.y + block.height
            if ry < f.bodyBottom {
                for x in 0..<s.width { screen.put("─", x: x, y: ry, style: t.rule) }
                for col in f.columns { screen.put("┼", x: col.x - 1, y: ry, style: t.rule) }
            }
        }
        for cell in f.cells { drawCell(&screen, s, cell, f, t) }
    }

    /// The emotion lane's curve: one mark per stage at its level, +2 at the top, −2 at the bottom.
    static func drawCurve(_ screen: inout Screen, _ s: BoardState, _ f: FrameLayout, _ block: FrameLayout.LaneBlock, _ t: Theme) {
        let rows = block.curveRows
        for col in f.columns {
            // the zero line
            let zeroY = block.y + rows / 2
            if zeroY < f.bodyBottom {
                for x in col.x..<(col.x + col.width) { screen.put("┄", x: x, y: zeroY, style: t.hint) }
            }
            let values = s.cellCards(stage: col.stage.id, lane: block.lane.id).compactMap { s.board.cards[$0]?.value }
            guard !values.isEmpty else { continue }
            let mean = values.reduce(0, +) / Double(values.count)
            let level = mean.isNaN ? 0 : Int(min(2, max(-2, mean)).rounded())
            let y = block.y + (2 - level)
            guard y < f.bodyBottom else { continue }
            let label = "● " + SwimlaneText.emotionLabel(mean)
            screen.put(label, x: col.x + max(1, (col.width - DisplayText.width(label)) / 2), y: y, style: t.curve)
        }
    }

    static func drawCell(_ screen: inout Screen, _ s: BoardState, _ cell: FrameLayout.CellBox, _ f: FrameLayout, _ t: Theme) {
        let right = cell.x + cell.width
        let kind = s.board.lanes[cell.lane]?.laneKind
        let focusedCell = cell.stage == s.focusStage && cell.lane == s.focusLane
        if cell.hiddenAbove > 0 { screen.put(" ↑ \(cell.hiddenAbove) more", x: cell.x, y: cell.y, style: t.more, limit: right) }
        let conflicted = s.workshop.filter == nil ? [] : s.board.cardsWithConflicts
        let needle = Search.highlightNeedle(s)
        for card in cell.cards {
            let focused = card.id == s.focusCard && focusedCell
            let outside = s.workshop.filter.map { flt in !(s.board.cards[card.id].map { flt.matches($0, in: s.board, conflicted: conflicted, voter: s.votesHidden ? s.workshop.participant : nil) } ?? true) } ?? false
            let isLinkSource = card.id == s.workshop.linkSource
            for (i, line) in card.lines.enumerated() {
                let y = card.y + i
                guard y < f.bodyBottom else { break }
                var base = t.card(kind)
                if outside { base = t.hint }
                if isLinkSource { base.underline = true; base.bold = true }
                if focused { base = t.focus; screen.fill(x: cell.x, y: y, width: cell.width, height: 1, style: t.focus) }
                if i == 0, let first = line.unicodeScalars.first {
                    var ms = focused ? t.focus : t.mark(kind)
                    ms.bold = true
                    if focused, let marker = t.focusMarker { screen.put(marker, x: cell.x, y: y, style: t.focus, limit: right) }
                    let after = screen.put(String(first), x: cell.x + 1, y: y, style: ms, limit: right)
                    screen.put(String(String.UnicodeScalarView(line.unicodeScalars.dropFirst())), x: after, y: y, style: base, limit: right)
                } else {
                    screen.put(line, x: cell.x + 1, y: y, style: base, limit: right)
                }
                if let needle { Search.highlight(&screen, line, needle, x: cell.x + 1, y: y, style: focused ? t.focusedSearchMatch : t.searchMatch, limit: right) }
            }
        }
        if focusedCell && cell.cards.isEmpty && cell.editorRow == nil && cell.y < f.bodyBottom {
            screen.fill(x: cell.x, y: cell.y, width: cell.width, height: 1, style: t.focus)
            screen.put(" · empty — a adds a card", x: cell.x, y: cell.y, style: t.focus, limit: right)
        }
        if let row = cell.editorRow, case .adding(let ed) = s.mode, row < f.bodyBottom {
            // the whole text being typed, wrapped as the card will be
            let (lines, caretLine, caretColumn) = Layout.editorLines(ed, width: cell.width)
            let start = cell.x + 3
            for (k, line) in lines.prefix(cell.editorRows).enumerated() where row + k < f.bodyBottom {
                screen.fill(x: cell.x, y: row + k, width: cell.width, height: 1, style: t.focus)
                if k == 0 { screen.put("✎ ", x: cell.x + 1, y: row, style: t.focus, limit: right) }
                screen.put(line, x: start, y: row + k, style: t.focus, limit: right)
            }
            screen.cursor = (min(right - 1, start + caretColumn), row + min(caretLine, max(0, cell.editorRows - 1)))
        }
        drawOthers(&screen, s, cell, f, t)
        if cell.hiddenBelow > 0 {
            let y = cell.y + cell.height - 1
            if y < f.bodyBottom, y >= cell.y, !(cell.cards.last.map { $0.y + $0.lines.count > y } ?? false), cell.editorRow.map({ $0 + cell.editorRows - 1 < y }) ?? true {
                screen.put(" ↓ \(cell.hiddenBelow) more", x: cell.x, y: y, style: t.more, limit: right)
            }
        }
    }

    /// Where the others in the room are: their names on the rule just above the cell their
    /// focus is on, at its right end ("◆ben", "◆ben,cy"; cut to fit), so no card text is covered.
    static func drawOthers(_ screen: inout Screen, _ s: BoardState, _ cell: FrameLayout.CellBox, _ f: FrameLayout, _ t: Theme) {
        guard !s.room.others.isEmpty, cell.width >= 4 else { return }
        let y = (f.lanes.first { $0.lane.id == cell.lane }?.y ?? cell.y) - 1
        guard y >= 2, y < f.bodyBottom else { return }
        let here = RoomEvents.othersIn(s, stage: cell.stage, lane: cell.lane)
        guard !here.isEmpty else { return }
        let names = here.map { DisplayText.sanitize($0.name) }.joined(separator: ",")
        let label = "◆" + DisplayText.truncate(names, columns: max(1, min(16, cell.width - 2) - 1))
        let w = DisplayText.width(label)
        screen.put(label, x: cell.x + cell.width - w - 1, y: y, style: t.style(Style(fg: .magenta, bold: true)), limit: cell.x + cell.width)
    }

    static func drawStatus(_ screen: inout Screen, _ s: BoardState, _ t: Theme) {
        if s.workshop.presenting { drawPresentingFooter(&screen, s, t); return }
        let y = s.height - 2
        screen.fill(x: 0, y: y, width: s.width, height: 1, style: t.status)
        let stages = s.stages, lanes = s.lanes
        var left = " \(DisplayText.sanitize(s.path))\(s.isModified ? " [+]" : "")"
        if !stages.isEmpty && !lanes.isEmpty {
            let st = stages[min(s.stageIndex, stages.count - 1)], ln = lanes[min(s.laneIndex, lanes.count - 1)]
            left += "  │  \(DisplayText.sanitize(st.title)) \(s.stageIndex + 1)/\(stages.count) · \(DisplayText.sanitize(ln.title))"
            let cell = s.focusedCellCards
            if let i = s.cardIndex { left += " · card \(i + 1)/\(cell.count)" } else { left += " · empty" }
        }
        var right = "? help  a add  e edit  s save  q quit "
        var extras: [String] = []
        if !s.openProblems.isEmpty { extras.append("⚠ \(s.openProblems.count) check problem\(s.openProblems.count == 1 ? "" : "s")") }
        extras.append("\(DisplayText.sanitize(s.workshop.participant)): \(Facilitation.votesLeft(s))/\(s.board.scoring.votesPerParticipant) votes")
        if let fl = s.workshop.filter { extras.append("filter: \(DisplayText.sanitize(fl.text))") }
        if s.workshop.linkSource != nil { extras.append("LINK MODE") }
        if !extras.isEmpty { right = extras.joined(separator: " · ") + "  │  ? help " }
        var rw = DisplayText.width(right)
        if rw > s.width / 2 { right = DisplayText.truncate(right, columns: s.width / 2); rw = DisplayText.width(right) }
        screen.put(right, x: s.width - rw, y: y, style: t.status)
        screen.put(DisplayText.truncate(left, columns: max(0, s.width - rw - 1)), x: 0, y: y, style: t.status)
        // the timebox, at the right of the message line
        if let (label, flash) = Facilitation.timerLabel(s.workshop) {
            var st = Style(bold: true)
            if flash { st.reverse = true }
            screen.put(label, x: s.width - DisplayText.width(label) - 1, y: s.height - 1, style: t.style(flash ? Style(fg: .red, bold: true, reverse: true) : st))
        }
        // the message line: an input, a message, or hints
        let my = s.height - 1
        switch s.mode {
        case .command(let ed), .search(let ed):
            let lead: String = { if case .command = s.mode { return ":" } else { return "/" } }()
            screen.put(lead, x: 0, y: my, style: .bold)
            let (shown, caret) = ed.visible(width: s.width - 2)
            screen.put(shown, x: 1, y: my)
            screen.cursor = (1 + caret, my)
        case .adding:
            screen.put("new card — " + KeyMap.newCard.hints([.accept, .cancel], separator: ", "), x: 0, y: my, style: t.hint)
        case .filter(let ed):
            screen.put("filter: ", x: 0, y: my, style: .bold)
            let (shown, caret) = ed.visible(width: s.width - 30)
            screen.put(shown, x: 8, y: my)
            screen.cursor = (8 + caret, my)
        default:
            let timerW = Facilitation.timerLabel(s.workshop).map { DisplayText.width($0.0) + 2 } ?? 0
            if let m = s.message {
                screen.put(DisplayText.truncate(DisplayText.sanitize(m), columns: s.width - timerW), x: 0, y: my, style: t.message)
            } else if HeroCurves.drawComparison(&screen, s, y: my, width: s.width - timerW, t) {
                // journey vs touchpoints for the current journey (HeroCurves.swift)
            } else {
                screen.put(DisplayText.truncate("hjkl/arrows move · HJKL move card · [ ] journeys · / search · : commands · u undo", columns: s.width - timerW), x: 0, y: my, style: t.hint)
            }
        }
    }

    /// Presentation mode: one quiet line — the message or the journey, and the timer.
    static func drawPresentingFooter(_ screen: inout Screen, _ s: BoardState, _ t: Theme) {
        let y = s.height - 1
        var label = ""
        if let (text, _) = Facilitation.timerLabel(s.workshop) { label = text }
        let lw = DisplayText.width(label)
        if let m = s.message {
            screen.put(DisplayText.truncate(DisplayText.sanitize(m), columns: s.width - lw - 2), x: 1, y: y, style: t.hint)
        } else {
            screen.put("Esc leaves presentation mode", x: 1, y: y, style: t.hint, limit: s.width - lw - 2)
        }
        if !label.isEmpty { screen.put(label, x: s.width - lw - 1, y: y, style: .bold) }
        // the countdown, large, at the right above the message line
        let height = BigClock.height(s)
        if height > 0, let left = s.workshop.timerRemaining {
            let rows = BigClock.rows(Duration.clock(left))
            let width = rows.map(DisplayText.width).max() ?? 0
            let x = max(0, s.width - width - 2)
            var style = Style(bold: true)
            if let (_, flash) = Facilitation.timerLabel(s.workshop), flash { style.reverse = true }
            if s.workshop.timerPausedLeft != nil { style.dim = true }
            for (k, row) in rows.enumerated() { screen.put(row, x: x, y: y - height + k, style: style, limit: s.width) }
        }
    }
}
