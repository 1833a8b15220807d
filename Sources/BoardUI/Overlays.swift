import JourneyKit

/// Boxes drawn over the board: help, the card form, prompts.
enum Overlays {
    static func draw(_ screen: inout Screen, _ state: BoardState, _ frame: FrameLayout, _ t: Theme) {
        switch state.mode {
        case .help(let scroll): drawHelp(&screen, state, scroll, t)
        case .form(let form): drawForm(&screen, state, form, t)
        case .confirm(let prompt): drawPrompt(&screen, state, prompt, t)
        case .votes(let selected): drawCardList(&screen, state, Facilitation.votedCards(state).map { ($0, "") }, selected, title: (state.votesHidden ? "votes — hidden: in board order" : "votes — most first") + " (\(KeyMap.votes.hints([.jump, .close], separator: ", ")))", t, votes: true)
        case .links(let selected):
            let links = Facilitation.linkedCards(state, of: state.focusCard ?? "").map { ($0.id, $0.outgoing ? "→" : "←") }
            drawCardList(&screen, state, links, selected, title: "links of this card (→ to, ← from; \(KeyMap.links.hints([.jump])))", t, votes: false)
        case .compare: CompareView.draw(&screen, state, t)
        case .problems(let scroll): drawProblems(&screen, state, scroll, t)
        case .metrics(let scroll): drawMetrics(&screen, state, scroll, t)
        case .conflicts(let panel): ConflictsPanel.draw(&screen, state, panel, t)
        default: break
        }
    }

    /// A framed box, cleared inside; returns its inner rectangle.
    static func box(_ screen: inout Screen, width: Int, height: Int, title: String, _ t: Theme) -> (x: Int, y: Int, w: Int, h: Int) {
        let w = min(width, screen.width - 2), h = min(height, screen.height - 2)
        let x = (screen.width - w) / 2, y = max(1, (screen.height - h) / 2)
        screen.fill(x: x, y: y, width: w, height: h, style: t.overlay)
        for xx in x..<(x + w) { screen.put("─", x: xx, y: y); screen.put("─", x: xx, y: y + h - 1) }
        for yy in y..<(y + h) { screen.put("│", x: x, y: yy); screen.put("│", x: x + w - 1, y: yy) }
        screen.put("┌", x: x, y: y); screen.put("┐", x: x + w - 1, y: y)
        screen.put("└", x: x, y: y + h - 1); screen.put("┘", x: x + w - 1, y: y + h - 1)
        screen.put(" \(title) ", x: x + 2, y: y, style: t.overlayTitle, limit: x + w - 2)
        return (x + 2, y + 1, w - 4, h - 2)
    }

    /// The help text, generated from the key tables, so it always tells the truth: the keys of
    /// the mode help was opened from first, then the global keys, the board's, the commands,
    /// and every other mode's.
    static var helpLines: [String] { helpLines(for: .board) }

    /// The help text for a box `width` columns wide: a description longer than its column
    /// wraps at word boundaries under itself (never cut mid-word); a heading or key label
    /// wider than the box ends in "…". Without a width, one line per row.
    static func helpLines(for focused: KeyMode, width: Int = Int.max) -> [String] {
        var lines: [String] = []
        /// `lead` (indent and label, `column` wide) and `text` wrapped under the column; when the
        /// column leaves too little room, the text goes under the label, indented four.
        func row(_ label: String, column: Int, _ text: String) {
            let lead = "  " + label
            if width == Int.max {
                if DisplayText.width(label) > column - 3 { lines.append(lead); lines.append(String(repeating: " ", count: column) + text) }
                else { lines.append(DisplayText.pad(lead, columns: column) + text) }
                return
            }
            var indent = column
            if width - indent < 24 { indent = min(4, max(0, width - 8)) }
            let room = max(8, width - indent)
            let wrapped = DisplayText.wrap(text, columns: room)
            if DisplayText.width(lead) < indent {
                lines.append(DisplayText.pad(lead, columns: indent) + (wrapped.first ?? ""))
                lines += wrapped.dropFirst().map { String(repeating: " ", count: indent) + $0 }
            } else {
                lines.append(wordsThatFit(lead, columns: width))
                lines += wrapped.map { String(repeating: " ", count: indent) + $0 }
            }
        }
        func section(_ title: String, _ rows: [KeyRow]) {
            if !lines.isEmpty { lines.append("") }
            lines.append(width == Int.max ? title : wordsThatFit(title, columns: width))
            // a long key label gets a line of its own, its description under it
            for r in rows { row(r.keys, column: 14, r.help) }
        }
        section(focused == .board ? "Keys" : focused.title, focused.rows)
        section(KeyMap.global.title + " (where it applies)", KeyMap.global.rows)
        if focused != .board { section("Board", KeyMap.board.rows) }
        lines.append("")
        lines.append("Commands")
        // a long command gets a line of its own, its description under it
        for (command, help) in KeyMap.commands { row(command, column: 26, help) }
        for mode in KeyMode.allCases where mode != focused && mode != .board { section(mode.title, mode.rows) }
        section("In every text being typed", KeyMap.lineEditing)
        return lines
    }

    /// The help box's size on this screen: its width and height, and its text's lines and rows.
    static func helpGeometry(_ state: BoardState) -> (width: Int, height: Int, lines: [String], rows: Int) {
        let width = min(100, state.width - 2)
        let lines = helpLines(for: state.modeUnderHelp.map { mode in
            var under = state
            under.mode = mode
            return KeyMode(under)
        } ?? (state.linearReading ? .linear : .board), width: max(10, width - 4))
        let height = min(lines.count + 4, state.height - 2)
        return (width, height, lines, max(1, height - 2))
    }

    /// `text`, or as many of its words as fit in `columns` followed by "…" (a single word
    /// wider than that is the only thing cut inside).
    static func wordsThatFit(_ text: String, columns: Int) -> String {
        guard DisplayText.width(text) > columns else { return text }
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        while words.count > 1 {
            words.removeLast()
            let shown = words.joined(separator: " ").trimmingSpaces
            if DisplayText.width(shown) + 1 <= columns, !shown.isEmpty { return shown + "…" }
        }
        return DisplayText.truncate(text, columns: columns)
    }

    /// How far help scrolls: its last line at the bottom of the box.
    static func helpMaxScroll(_ state: BoardState) -> Int {
        let g = helpGeometry(state)
        return max(0, g.lines.count - g.rows)
    }

    static func drawHelp(_ screen: inout Screen, _ state: BoardState, _ scroll: Int, _ t: Theme) {
        let g = helpGeometry(state)
        let lines = g.lines
        let keys = KeyMap.help.hints([.close, .down, .last], separator: ", ")
        // a title wider than the box ends in "…", never in the middle of a word
        let title = wordsThatFit("journey — help (\(keys))", columns: max(1, g.width - 6))
        let inner = box(&screen, width: g.width, height: g.height, title: title, t)
        let top = min(scroll, max(0, lines.count - inner.h))
        for (row, line) in lines.dropFirst(top).prefix(inner.h).enumerated() {
            let bold = !line.hasPrefix(" ") && !line.isEmpty
            screen.put(line, x: inner.x, y: inner.y + row, style: bold ? t.overlayTitle : .plain, limit: inner.x + inner.w)
        }
        // where the view is, on the bottom edge: "lines 1–30 of 210 ↓"
        if lines.count > inner.h {
            let last = min(lines.count, top + inner.h)
            let position = " lines \(top + 1)–\(last) of \(lines.count)\(last < lines.count ? " ↓" : "")\(top > 0 ? " ↑" : "") "
            screen.put(position, x: inner.x + inner.w - DisplayText.width(position), y: inner.y + inner.h, style: t.more, limit: inner.x + inner.w)
        }
    }

    /// `:metric`: the hero metrics as a table (id, label, unit, scale, direction, weight).
    static func metricLines(_ state: BoardState) -> [String] {
        let metrics = state.board.orderedHeroMetrics
        guard !metrics.isEmpty else { return ["No hero metrics: \(Commands.usage("metric add")) adds one."] }
        let columns: [TextTable.Column] = [.init("id", max: 20), .init("label", max: 28), .init("unit", max: 14),
                                           .init("scale"), .init("better"), .init("weight", right: true, last: true)]
        let rows = metrics.map { m in
            [DisplayText.sanitize(m.id), DisplayText.sanitize(m.label), DisplayText.sanitize(m.unit),
             "\(CanonicalJSON.numberText(m.min))–\(CanonicalJSON.numberText(m.max))", DisplayText.sanitize(m.better), CanonicalJSON.numberText(m.weight)]
        }
        return TextTable.lines(columns, rows) + ["", "Change one: :metric label|unit|scale|better|weight ID …; :metric add, :metric remove."]
    }

    static func drawMetrics(_ screen: inout Screen, _ state: BoardState, _ scroll: Int, _ t: Theme) {
        let lines = metricLines(state)
        let count = state.board.heroMetrics.count
        let title = "hero metrics: \(count) (\(KeyMap.metrics.hints([.down, .close], separator: ", ")))"
        let width = max(DisplayText.width(title) + 6, (lines.map(DisplayText.width).max() ?? 0) + 6)
        let inner = box(&screen, width: width, height: lines.count + 4, title: title, t)
        guard inner.h > 0 else { return }
        let top = max(0, min(scroll, lines.count - inner.h))
        for (row, line) in lines.dropFirst(top).prefix(inner.h).enumerated() {
            screen.put(DisplayText.truncate(line, columns: inner.w), x: inner.x, y: inner.y + row, style: row == 0 && top == 0 && count > 0 ? .bold : .plain, limit: inner.x + inner.w)
        }
    }

    static func drawForm(_ screen: inout Screen, _ state: BoardState, _ form: CardForm, _ t: Theme) {
        let card = state.board.cards[form.cardID]
        let kind = card.flatMap { state.board.kind(of: $0) }
        let title = "edit \(kind?.rawValue ?? "card") — " + KeyMap.cardForm.hints([.nextField, .accept, .cancel])
        let threadRows = form.thread.isEmpty ? 0 : form.thread.count + 1
        let fieldRows = form.fields.reduce(0) { $0 + $1.rows + 1 }
        let inner = box(&screen, width: 90, height: fieldRows + 5 + threadRows + (form.lastChange == nil ? 0 : 1), title: title, t)
        let labelW = 10
        var y = inner.y
        for (row, field) in form.fields.enumerated() {
            guard y < inner.y + inner.h else { break }
            defer { y += field.rows + 1 }
            let focused = row == form.focus
            screen.put(field.label, x: inner.x, y: y, style: focused ? .bold : .plain)
            let fx = inner.x + labelW, fw = inner.w - labelW
            let lineEditor = form.editors[field]!
            if field.rows > 1 {
                // a few lines: the rows around the caret, the focused one highlighted
                let (rows, caretRow, caretColumn) = lineEditor.rows(width: fw)
                let top = max(0, min(caretRow - field.rows + 1, rows.count - field.rows))
                for k in 0..<field.rows {
                    if focused { screen.fill(x: fx, y: y + k, width: fw, height: 1, style: t.focus) }
                    if top + k < rows.count { screen.put(rows[top + k], x: fx, y: y + k, style: focused ? t.focus : .plain, limit: fx + fw) }
                }
                if focused { screen.cursor = (fx + caretColumn, y + caretRow - top) }
            } else if focused {
                screen.fill(x: fx, y: y, width: fw, height: 1, style: t.focus)
                let (shown, caret) = lineEditor.visible(width: fw - 1)
                screen.put(shown, x: fx, y: y, style: t.focus, limit: fx + fw)
                screen.cursor = (fx + caret, y)
            } else {
                screen.put(DisplayText.truncate(DisplayText.sanitize(lineEditor.text), columns: fw), x: fx, y: y, limit: fx + fw)
            }
            var hint = field.hint
            if field == .comment { hint = "as \(DisplayText.sanitize(state.workshop.participant)): " + hint }
            if !hint.isEmpty && y + field.rows < inner.y + inner.h {
                screen.put(hint, x: fx, y: y + field.rows, style: t.hint, limit: fx + fw)
            }
        }
        // the thread: a heading, then one row per comment (oldest first), scrolled to the focus
        let bottom = inner.y + inner.h - 1 - (form.lastChange == nil ? 0 : 1)   // the error line
        y = inner.y + fieldRows
        if let card = card, !form.thread.isEmpty, y < bottom {
            let open = form.thread.filter { card.comments[$0].map { !$0.resolved } ?? false }.count
            let keys = KeyMap.cardForm.rows.filter { $0.help.hasPrefix("on a comment") }.map(\.keys).joined(separator: " / ")
            screen.put("Thread — \(open) open, \(form.thread.count - open) resolved (\(keys): resolve / delete)", x: inner.x, y: y, style: .bold, limit: inner.x + inner.w)
            y += 1
            let rows = max(0, bottom - y)
            let focused = form.focus - form.fields.count
            let top = focused >= rows ? focused - rows + 1 : 0
            for (n, id) in form.thread.enumerated().dropFirst(top).prefix(rows) {
                guard let c = card.comments[id] else { continue }
                let when = c.time.count >= 16 ? String(c.time.prefix(16)).replacingT : c.time
                let line = (c.resolved ? "✓ " : "💬 ") + DisplayText.sanitize(c.author) + " · " + DisplayText.sanitize(when) + " · " + DisplayText.sanitize(c.text)
                let style = n == focused ? t.focus : (c.resolved ? t.hint : Style())
                if n == focused { screen.fill(x: inner.x, y: y, width: inner.w, height: 1, style: t.focus) }
                screen.put(DisplayText.truncate(line, columns: inner.w), x: inner.x, y: y, style: style, limit: inner.x + inner.w)
                y += 1
            }
        }
        if let last = form.lastChange {
            screen.put(DisplayText.truncate("last change: " + DisplayText.sanitize(last), columns: inner.w), x: inner.x, y: inner.y + inner.h - 2, style: t.hint, limit: inner.x + inner.w)
        }
        if let error = form.error {
            screen.put(error, x: inner.x, y: inner.y + inner.h - 1, style: t.error, limit: inner.x + inner.w)
        }
    }

    static func drawPrompt(_ screen: inout Screen, _ state: BoardState, _ prompt: Prompt, _ t: Theme) {
        let options = prompt.options.map { "[\($0.0)] \($0.1)" }.joined(separator: "   ") + "   (\(KeyMap.confirm.hints([.cancel])))"
        // a long message (a recovery offer says whose edits, and whether merged) wraps
        let lines = DisplayText.wrap(prompt.message, columns: max(10, screen.width - 8), maxLines: 4)
        let boxWidth = max(lines.map(DisplayText.width).max() ?? 0, DisplayText.width(options)) + 6
        let inner = box(&screen, width: boxWidth, height: 4 + lines.count, title: "journey", t)
        for (row, line) in lines.enumerated() { screen.put(line, x: inner.x, y: inner.y + row, style: .bold, limit: inner.x + inner.w) }
        screen.put(options, x: inner.x, y: inner.y + lines.count + 1, limit: inner.x + inner.w)
    }

    /// The file's `journey check` problems at opening, one per line (sanitised: they quote the file).
    static func drawProblems(_ screen: inout Screen, _ state: BoardState, _ scroll: Int, _ t: Theme) {
        let count = state.openProblems.count
        let title = "⚠ this board fails journey check: \(count) problem\(count == 1 ? "" : "s") — \(KeyMap.problems.hints([.down, .close], separator: ", "))"
        let inner = box(&screen, width: screen.width - 4, height: min(screen.height - 2, count + 4), title: title, t)
        guard inner.h > 0 else { return }
        screen.put(DisplayText.truncate("The board is shown as read; saving writes it as it is now. Fix these, then `journey check` passes:", columns: inner.w),
                   x: inner.x, y: inner.y, style: t.hint)
        let rows = max(0, inner.h - 2)
        let top = max(0, min(scroll, count - rows))
        for (row, line) in state.openProblems.dropFirst(top).prefix(rows).enumerated() {
            screen.put(DisplayText.truncate(DisplayText.sanitize(line), columns: inner.w), x: inner.x, y: inner.y + 2 + row, style: t.error, limit: inner.x + inner.w)
        }
        if top + rows < count { screen.put("↓ \(count - top - rows) more", x: inner.x + inner.w - 12, y: inner.y + inner.h - 1, style: t.more) }
    }

    /// A list of cards anywhere on the board: where each is, and its text.
    static func drawCardList(_ screen: inout Screen, _ state: BoardState, _ ids: [(String, String)], _ selected: Int,
                             title: String, _ t: Theme, votes: Bool) {
        let inner = box(&screen, width: 100, height: min(screen.height - 2, max(5, ids.count + 4)), title: title, t)
        if ids.isEmpty {
            screen.put(votes ? "No votes yet: v gives one of yours to the focused card." : "No links: g L starts link mode.", x: inner.x, y: inner.y, style: t.hint)
            return
        }
        let top = max(0, min(selected - inner.h + 1, ids.count - inner.h))
        for (row, (id, mark)) in ids.enumerated().dropFirst(top).prefix(inner.h) {
            guard let card = state.board.cards[id] else { continue }
            let y = inner.y + row - top
            let journeyID = state.board.journeyID(ofCard: card)
            let journey = journeyID.flatMap { state.board.journeys[$0]?.title } ?? ""
            // the stage in a column of its own, numbered as :stage N goes to it
            let stageNumber = journeyID.flatMap { j in state.board.stages(of: j).firstIndex { $0.id == card.stage } }.map { "\($0 + 1). " } ?? ""
            let stage = DisplayText.pad(stageNumber + DisplayText.sanitize(state.board.stages[card.stage]?.title ?? ""), columns: 20)
            let place = "\(DisplayText.sanitize(journey)) › \(DisplayText.sanitize(state.board.lanes[card.lane]?.title ?? ""))"
            // silent voting: no counts, only the participant's own votes ("you●2")
            let lead = votes ? DisplayText.pad(state.votesHidden ? (card.votes[state.workshop.participant].map { "you●\($0)" } ?? "?") : "●\(card.totalVotes)", columns: state.votesHidden ? 6 : 4) : mark + " "
            let line = lead + " " + stage + "  " + DisplayText.pad(DisplayText.sanitize(card.text), columns: max(10, inner.w - 54)) + "  " + place
            let style = row == selected ? t.focus : Style()
            if row == selected { screen.fill(x: inner.x, y: y, width: inner.w, height: 1, style: t.focus) }
            screen.put(DisplayText.truncate(line, columns: inner.w), x: inner.x, y: y, style: style, limit: inner.x + inner.w)
        }
    }
}

private extension String {
    /// "2026-12-06T22:50" as "2026-12-06 22:50".
    var replacingT: String { String(map { $0 == "T" ? " " : $0 }) }
}
