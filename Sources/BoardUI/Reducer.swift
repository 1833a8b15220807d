import JourneyKit

/// What reaches the board: terminal input, an action (tests, mouse), or the outcome of an effect.
public enum BoardEvent: Equatable, Sendable {
    case input(InputEvent)
    case action(Action)
    case saved
    case saveFailed(String)
    case tick
    /// The clock (seconds since the epoch), sent by the loop with every tick; the timebox runs on it.
    case time(Double)
    /// Several writers on one file (see DiskEvents.swift, docs/MERGING.md): a save that merged the edits
    /// with changes on disk, a reload of a board changed on disk, a note from the loop.
    case savedMerged(Board, newConflicts: Int)
    case reloaded(Board)
    case notice(String)
    /// Save-as wrote the board to this file, which is now the board's file.
    case savedAs(String)
}

/// The one place the board changes: `reduce(&state, event) -> effects`. Pure apart from the
/// state it is handed; whatever touches the world comes back as an `Effect`.
public func reduce(_ s: inout BoardState, _ event: BoardEvent) -> [Effect] {
    var effects: [Effect] = []
    let wasModified = s.isModified
    switch event {
    case .input(.resize(let w, let h)):
        s.width = w; s.height = h
    case .input(.mouse(let m)):
        effects = Layout.handleMouse(&s, m)
    case .input(.key(let key)):
        effects = handleKey(&s, key)
    case .input(.paste(let text)):
        effects = Paste.handle(&s, text)
    case .action(let a):
        effects = perform(&s, a)
    case .saved:
        s.markSaved()
        s.message = "saved \(s.path)"
        effects.append(.deleteRecovery)
    case .savedAs(let path):
        s.path = path
        s.markSaved()
        s.message = "saved as \(DisplayText.sanitize(path)) — the board is now this file; later saves go to it"
        effects.append(.deleteRecovery)
    case .saveFailed(let why):
        s.message = "not saved: \(why)"
        effects.append(.bell)
    case .tick:
        break
    case .time(let now):
        effects = Facilitation.clock(&s, now)
    case .savedMerged(let b, let n): effects = DiskEvents.savedMerged(&s, b, newConflicts: n)
    case .reloaded(let b): DiskEvents.reloaded(&s, b)
    case .notice(let m): s.message = m
    }
    // no recovery file outlives its edits: back at the saved state (an undo), or quitting
    // clean, this instance's own recovery file goes
    if !s.isModified && !effects.contains(.deleteRecovery) {
        if let q = effects.firstIndex(of: .quit) { effects.insert(.dropOwnRecovery, at: q) }
        else if wasModified { effects.append(.dropOwnRecovery) }
    }
    Layout.keepFocusVisible(&s)
    s.refreshDerived()
    return effects
}

func handleKey(_ s: inout BoardState, _ key: Key) -> [Effect] {
    switch s.mode {
    case .board:
        s.message = nil
        if s.workshop.pendingG {
            s.workshop.pendingG = false
            switch key {
            case .char("l"):
                guard s.focusCard != nil else { s.message = "no card here"; return [.bell] }
                s.mode = .links(selected: 0)
            case .char("L"):
                guard let c = s.focusCard else { s.message = "no card here to link from"; return [.bell] }
                s.workshop.linkSource = c
                s.message = "link mode: move to any card (any journey: [ ]), Enter links or unlinks, Esc ends"
            default: return [.bell]
            }
            return []
        }
        if s.workshop.linkSource != nil {
            if key == .enter { return Facilitation.toggleLink(&s) }
            if key == .escape { s.workshop.linkSource = nil; s.message = "link mode ended"; return [] }
        }
        guard let a = KeyMap.action(for: key) else { return [] }
        return perform(&s, a)

    case .filter(var ed):
        switch key {
        case .enter:
            s.mode = .board
            return Facilitation.setFilter(&s, ed.text)
        case .escape: s.mode = .board
        default: ed.handle(key); s.mode = .filter(ed)
        }
        return []

    case .votes(let sel), .links(let sel):
        let isVotes: Bool = { if case .votes = s.mode { return true } else { return false } }()
        let list = isVotes ? Facilitation.votedCards(s) : Facilitation.linkedCards(s, of: s.focusCard ?? "").map(\.id)
        let make: (Int) -> Mode = { n in isVotes ? .votes(selected: n) : .links(selected: n) }
        switch key {
        case .down, .char("j"): s.mode = make(min(max(0, list.count - 1), sel + 1))
        case .up, .char("k"): s.mode = make(max(0, sel - 1))
        case .enter:
            s.mode = .board
            if sel < list.count { s.focus(card: list[sel]) }
        default: s.mode = .board
        }
        return []

    case .compare:
        s.mode = .board
        return []

    case .adding(var ed):
        switch key {
        case .enter:
            s.mode = .board
            let text = ed.text.trimmingSpaces
            if !text.isEmpty { Editing.addCard(&s, text: text) }
        case .escape:
            s.mode = .board
            s.message = "card dropped"
        default:
            ed.handle(key)
            s.mode = .adding(ed)
        }
        return []

    case .form(var form):
        switch key {
        case .escape:
            s.mode = .board
            s.message = "edit cancelled"
        case .tab, .down:
            form.focus = (form.focus + 1) % form.fields.count
            s.mode = .form(form)
        case .backTab, .up:
            form.focus = (form.focus + form.fields.count - 1) % form.fields.count
            s.mode = .form(form)
        case .enter:
            guard let card = s.board.cards[form.cardID] else { s.mode = .board; return [] }
            switch form.apply(to: card, board: s.board) {
            case .success(let new):
                s.mode = .board
                if new != card { s.perform(BoardEdit("edit card", [.card(card.id, card, new)])) }
            case .failure(let e):
                form.error = e.message
                s.mode = .form(form)
            }
        default:
            let f = form.focusedField
            form.editors[f]!.handle(key)
            form.error = nil
            s.mode = .form(form)
        }
        return []

    case .command(var ed):
        switch key {
        case .enter:
            s.mode = .board
            return CommandLine.run(&s, ed.text)
        case .escape:
            s.mode = .board
        case .backspace where ed.text.isEmpty:
            s.mode = .board
        default:
            ed.handle(key)
            s.mode = .command(ed)
        }
        return []

    case .search(var ed):
        switch key {
        case .enter:
            s.mode = .board
            let q = ed.text.trimmingSpaces
            if !q.isEmpty { s.lastSearch = q; return Search.jump(&s, forward: true, includeCurrent: true) }
        case .escape:
            s.mode = .board
        default:
            ed.handle(key)
            s.mode = .search(ed)
        }
        return []

    case .problems(let scroll):
        switch key {
        case .down, .char("j"): s.mode = .problems(scroll: min(max(0, s.openProblems.count - 1), scroll + 1))
        case .up, .char("k"): s.mode = .problems(scroll: max(0, scroll - 1))
        default: s.mode = .board
        }
        return []

    case .help(let scroll):
        switch key {
        case .down, .char("j"): s.mode = .help(scroll: scroll + 1)
        case .up, .char("k"): s.mode = .help(scroll: max(0, scroll - 1))
        case .pageDown, .char(" "): s.mode = .help(scroll: scroll + 10)
        case .pageUp: s.mode = .help(scroll: max(0, scroll - 10))
        default: s.mode = .board
        }
        return []

    case .confirm(let prompt):
        return answer(&s, prompt, key)

    case .prioritisation:
        return Prioritisation.handleKey(&s, key)
    case .conflicts(let panel):
        return ConflictsPanel.handle(&s, panel, key)
    }
}

func answer(_ s: inout BoardState, _ p: Prompt, _ key: Key) -> [Effect] {
    guard case .char(let c) = key else {
        if key == .escape {
            s.mode = .board
            s.message = "cancelled"
            if p.kind == .recovery { s.recovered = nil; s.message = "opened without the recovered edits (their file stays until this session saves or autosaves)" }
        }
        return []
    }
    let choice = Character(c.lowercased())
    guard p.options.contains(where: { $0.0 == choice }) else { return [.bell] }
    s.mode = .board
    switch (p.kind, choice) {
    case (.quitUnsaved, "s"): return [.save(path: s.path, quitAfter: true)]
    case (.quitUnsaved, "d"): return [.deleteRecovery, .quit]
    case (.deleteStage(let id), "y"): Editing.deleteStage(&s, id)
    case (.deleteLane(let id), "y"): Editing.deleteLane(&s, id)
    case (.recovery, "r"):
        if let b = s.recovered {
            s.perform(BoardEdit.between(s.board, b, label: "recover unsaved edits"))
            s.repairFocus()
            s.message = "recovered unsaved edits — s saves them, u undoes the recovery"
        }
        s.recovered = nil
    case (.recovery, "o"):
        s.recovered = nil
        s.message = "opened without the recovered edits (their file stays until this session saves or autosaves)"
    case (.clearVotes, "y"): Facilitation.clearVotes(&s)
    case (.recovery, "d"):
        s.recovered = nil
        s.message = "recovered edits deleted"
        return [.deleteRecovery]
    default: s.message = "cancelled"
    }
    return []
}

/// Carries out one action in board mode.
public func perform(_ s: inout BoardState, _ a: Action) -> [Effect] {
    switch a {
    case .move(let d): Navigation.move(&s, d)
    case .firstStage: Navigation.toStage(&s, 0)
    case .lastStage: Navigation.toStage(&s, s.stages.count - 1)
    case .pageUp: Navigation.page(&s, -1)
    case .pageDown: Navigation.page(&s, 1)
    case .journey(let delta): Navigation.switchJourney(&s, by: delta)
    case .addCard:
        guard s.focusStage != nil, s.focusLane != nil else { s.message = "add a stage and a lane first (:stage add NAME, :lane add KIND NAME)"; return [.bell] }
        s.mode = .adding(LineEditor())
    case .editCard:
        guard let c = s.focusedCard else { s.message = "no card here: a adds one"; return [] }
        s.mode = .form(CardForm(card: c, kind: s.board.kind(of: c)))
    case .deleteCard: Editing.deleteCard(&s)
    case .moveCard(let d): Editing.moveCard(&s, d)
    case .undo:
        if let what = s.undo() { s.message = "undid: \(what)" } else { s.message = "nothing to undo"; return [.bell] }
    case .redo:
        if let what = s.redo() { s.message = "redid: \(what)" } else { s.message = "nothing to redo"; return [.bell] }
    case .save: return [.save(path: s.path, quitAfter: false)]
    case .quit:
        if s.isModified {
            s.mode = .confirm(Prompt(kind: .quitUnsaved, message: "Unsaved changes.",
                                     options: [("s", "save and quit"), ("d", "discard and quit"), ("c", "cancel")]))
        } else {
            return [.quit]
        }
    case .help: s.mode = .help(scroll: 0)
    case .search: s.mode = .search(LineEditor())
    case .searchNext: return Search.jump(&s, forward: true, includeCurrent: false)
    case .searchPrevious: return Search.jump(&s, forward: false, includeCurrent: false)
    case .commandLine: s.mode = .command(LineEditor())
    case .focusStage:
        s.zoomed.toggle()
        s.message = s.zoomed ? "focused on one stage (z again for all)" : nil
    case .cancel:
        s.mode = .board
        if s.zoomed { s.zoomed = false }
        if s.workshop.presenting { s.workshop.presenting = false }
        s.message = nil
    case .vote: return Facilitation.vote(&s)
    case .unvote: return Facilitation.unvote(&s)
    case .filter: s.mode = .filter(LineEditor(s.workshop.filter?.text ?? ""))
    case .clearFilter:
        s.workshop.filter = nil
        s.message = "filter cleared"
    case .present:
        s.workshop.presenting.toggle()
        s.message = s.workshop.presenting ? nil : "presentation mode off"
    case .goPrefix: s.workshop.pendingG = true
    case .suspend: return [.suspend]
    case .prioritisation: return Prioritisation.open(&s)
    case .conflicts: ConflictsPanel.open(&s)
    }
    return []
}
