import JourneyKit

/// What a paste does (bracketed paste: the terminal marks pasted text, so it arrives as one
/// `.paste(text)` and is never taken for keys). In a text field it is typed at the cursor as
/// one line; on the board each non-empty line becomes a card in the focused cell, after the
/// focused card, in one undoable edit; where nothing takes text it is ignored, with a message.
enum Paste {
    static func handle(_ s: inout BoardState, _ text: String) -> [Effect] {
        switch s.mode {
        case .board:
            s.pendingKeys = []
            return cards(&s, text)
        case .adding(var ed): ed.insert(text); s.mode = .adding(ed)
        case .command(var ed): ed.insert(text); s.mode = .command(ed)
        case .search(var ed): ed.insert(text); s.mode = .search(ed)
        case .filter(var ed): ed.insert(text); s.mode = .filter(ed)
        case .form(var form):
            if let field = form.focusedField { form.editors[field]?.insert(text) }
            form.error = nil
            s.mode = .form(form)
        case .prioritisation(var p):
            guard var ed = p.editor else { return ignored(&s) }
            // a fresh editor holds the old number: what is typed (or pasted) replaces it
            if p.editorFresh { ed = LineEditor(); p.editorFresh = false }
            ed.insert(text)
            p.editor = ed
            s.mode = .prioritisation(p)
        case .conflicts(var p):
            guard var ed = p.editor else { return ignored(&s) }
            ed.insert(text)
            p.editor = ed
            p.error = nil
            s.mode = .conflicts(p)
        case .help, .confirm, .votes, .links, .compare, .problems, .metrics:
            return ignored(&s)
        }
        return []
    }

    static func ignored(_ s: inout BoardState) -> [Effect] {
        s.message = "paste ignored: nothing here takes text"
        return [.bell]
    }

    /// The lines of a paste that make cards: trimmed, one line each, empty ones skipped.
    static func cardTexts(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let t = String(LineEditor.oneLine(String(line))).trimmingSpaces
            return t.isEmpty ? nil : t
        }
    }

    /// `n` order keys in order between two cards (nil: an open end). At the end of a cell they
    /// count on from the last card; between two cards they share one key between them as a
    /// prefix and count on under it, so a long paste does not halve the gap line by line
    /// (keys would grow a digit every few cards).
    static func orderKeys(_ n: Int, between before: String?, and after: String?) -> [String] {
        guard n > 0 else { return [] }
        if after == nil {
            var keys: [String] = []
            var last = before
            for _ in 0..<n { let k = last.map(OrderKey.increment) ?? OrderKey.first; keys.append(k); last = k }
            return keys
        }
        let base = OrderKey.between(before, after)
        if n == 1 { return [base] }
        return OrderKey.sequence(n).map { base + $0 }
    }

    /// One card per non-empty line, into the focused cell after the focused card, in order:
    /// one edit, so one `u` takes them all back. The focus moves to the last of them.
    static func cards(_ s: inout BoardState, _ text: String) -> [Effect] {
        guard let st = s.focusStage, let ln = s.focusLane else {
            s.message = "paste: add a stage and a lane first (:stage add NAME, :lane add KIND NAME)"
            return [.bell]
        }
        let texts = cardTexts(text)
        guard !texts.isEmpty else { s.message = "nothing to paste: the text is empty"; return [] }
        let cell = s.focusedCellCards
        let at = s.cardIndex.map { $0 + 1 } ?? cell.count
        let before = at > 0 ? s.board.cards[cell[at - 1]]?.order : nil
        let after = at < cell.count ? s.board.cards[cell[at]]?.order : nil
        var changes: [BoardChange] = []
        var last: String?
        for (t, order) in zip(texts, orderKeys(texts.count, between: before, and: after)) {
            let card = Card(id: IDs.card(), lane: ln, stage: st, order: order, text: t)
            changes.append(.card(card.id, nil, card))
            last = card.id
        }
        let n = texts.count
        s.perform(BoardEdit(n == 1 ? "paste a card" : "paste \(n) cards", changes))
        s.focusCard = last
        let place = "\(s.board.lanes[ln].map { DisplayText.sanitize($0.title) } ?? "") · \(s.board.stages[st].map { DisplayText.sanitize($0.title) } ?? "")"
        s.message = "Pasted \(n) card\(n == 1 ? "" : "s") into \(place) — u undoes"
        return []
    }
}
