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

/// A key goes to the global layer first (for the global actions the mode allows, and not in
/// the middle of a chord), then to the mode's own table; a key neither holds goes to the mode's
/// fallback (an editor types it, a list closes).
func handleKey(_ s: inout BoardState, _ key: Key) -> [Effect] {
    let keyMode = KeyMode(s)
    if keyMode == .board || keyMode == .linking { s.message = nil }
    if s.pendingKeys.isEmpty, let global = KeyMap.global.action(for: key), keyMode.globals.contains(global) {
        return performGlobal(&s, global, in: keyMode)
    }
    switch s.mode {
    case .board:
        if keyMode == .linking, s.pendingKeys.isEmpty, let action = KeyMap.linking.action(for: key) {
            return perform(&s, action)
        }
        switch KeyMap.board.press(key, pending: &s.pendingKeys) {
        case .run(let action): return perform(&s, action)
        case .waiting: return []
        case .unbound(let brokeChord): return brokeChord ? [.bell] : []
        }

    case .filter(var editor):
        switch KeyMap.filter.action(for: key) {
        case .accept?:
            s.mode = .board
            return Facilitation.setFilter(&s, editor.text)
        case .cancel?: s.mode = .board
        default: editor.handle(key); s.mode = .filter(editor)
        }
        return []

    case .votes(let selected), .links(let selected):
        let isVotes: Bool = { if case .votes = s.mode { return true } else { return false } }()
        let list = isVotes ? Facilitation.votedCards(s) : Facilitation.linkedCards(s, of: s.focusCard ?? "").map(\.id)
        let make: (Int) -> Mode = { row in isVotes ? .votes(selected: row) : .links(selected: row) }
        switch (isVotes ? KeyMap.votes : KeyMap.links).action(for: key) {
        case .down?: s.mode = make(min(max(0, list.count - 1), selected + 1))
        case .up?: s.mode = make(max(0, selected - 1))
        case .jump?:
            s.mode = .board
            if selected < list.count { s.focus(card: list[selected]) }
        default: s.mode = .board
        }
        return []

    case .compare:
        s.mode = .board
        return []

    case .adding(var editor):
        switch KeyMap.newCard.action(for: key) {
        case .accept?:
            s.mode = .board
            let text = editor.text.trimmingSpaces
            if !text.isEmpty { Editing.addCard(&s, text: text) }
        case .cancel?:
            s.mode = .board
            s.message = "card dropped"
        default:
            editor.handle(key)
            s.mode = .adding(editor)
        }
        return []

    case .form(var form):
        switch KeyMap.cardForm.action(for: key) {
        case .cancel?:
            s.mode = .board
            s.message = "edit cancelled"
        case .nextField?:
            form.focus = (form.focus + 1) % form.fields.count
            s.mode = .form(form)
        case .previousField?:
            form.focus = (form.focus + form.fields.count - 1) % form.fields.count
            s.mode = .form(form)
        case .accept?:
            guard let card = s.board.cards[form.cardID] else { s.mode = .board; return [] }
            switch form.apply(to: card, board: s.board) {
            case .success(let new):
                s.mode = .board
                if new != card { s.perform(BoardEdit("edit card", [.card(card.id, card, new)])) }
            case .failure(let failure):
                form.error = failure.message
                s.mode = .form(form)
            }
        default:
            let field = form.focusedField
            form.editors[field]!.handle(key)
            form.error = nil
            s.mode = .form(form)
        }
        return []

    case .command(var editor):
        switch KeyMap.commandLine.action(for: key) {
        case .accept?:
            s.mode = .board
            s.historyPosition = nil
            History.remember(&s.commandHistory, editor.text)
            return CommandLine.run(&s, editor.text)
        case .cancel?:
            s.mode = .board
            s.historyPosition = nil
        case .eraseOrClose? where editor.text.isEmpty:
            s.mode = .board
            s.historyPosition = nil
        case .complete?:
            CommandCompletion.complete(&s, &editor)
            s.mode = .command(editor)
        case .older?, .newer?:
            History.recall(&s, &editor, s.commandHistory, older: key == .up)
            s.mode = .command(editor)
        default:
            editor.handle(key)
            s.mode = .command(editor)
        }
        return []

    case .search(var editor):
        switch KeyMap.search.action(for: key) {
        case .accept?:
            s.mode = .board
            s.historyPosition = nil
            let query = editor.text.trimmingSpaces
            History.remember(&s.searchHistory, query)
            if !query.isEmpty { s.lastSearch = query; return Search.jump(&s, forward: true, includeCurrent: true) }
        case .cancel?:
            s.mode = .board
            s.historyPosition = nil
        case .older?, .newer?:
            History.recall(&s, &editor, s.searchHistory, older: key == .up)
            s.mode = .search(editor)
        default:
            editor.handle(key)
            s.mode = .search(editor)
        }
        return []

    case .problems(let scroll):
        switch KeyMap.problems.action(for: key) {
        case .down?: s.mode = .problems(scroll: min(max(0, s.openProblems.count - 1), scroll + 1))
        case .up?: s.mode = .problems(scroll: max(0, scroll - 1))
        default: s.mode = .board
        }
        return []

    case .help(let scroll):
        switch KeyMap.help.action(for: key) {
        case .down?: s.mode = .help(scroll: scroll + 1)
        case .up?: s.mode = .help(scroll: max(0, scroll - 1))
        case .pageDown?: s.mode = .help(scroll: scroll + 10)
        case .pageUp?: s.mode = .help(scroll: max(0, scroll - 10))
        default:
            s.mode = s.modeUnderHelp ?? .board
            s.modeUnderHelp = nil
        }
        return []

    case .confirm(let prompt):
        return answer(&s, prompt, key)

    case .prioritisation:
        return PrioritisationPanel.handleKey(&s, key)
    case .conflicts:
        return ConflictsPanel.handleKey(&s, key)
    }
}

/// A key of the global layer, in a mode that allows it.
func performGlobal(_ s: inout BoardState, _ action: GlobalAction, in keyMode: KeyMode) -> [Effect] {
    switch action {
    case .suspend: return [.suspend]
    case .quit:
        // the quit prompt replaces whatever was open; with nothing unsaved, quitting needs none
        s.mode = .board
        s.historyPosition = nil
        return perform(&s, .quit)
    case .help:
        s.modeUnderHelp = keyMode == .board || keyMode == .linking ? nil : s.mode
        s.mode = .help(scroll: 0)
        return []
    case .save: return [.save(path: s.path, quitAfter: false)]
    case .undo, .redo:
        switch s.mode {
        case .prioritisation: return PrioritisationPanel.history(&s, redo: action == .redo)
        case .conflicts: return ConflictsPanel.history(&s, redo: action == .redo)
        default: return perform(&s, action == .undo ? .undo : .redo)
        }
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
    case .help:
        s.modeUnderHelp = nil
        s.mode = .help(scroll: 0)
    case .search:
        s.mode = .search(LineEditor())
        s.historyPosition = nil
    case .searchNext: return Search.jump(&s, forward: true, includeCurrent: false)
    case .searchPrevious: return Search.jump(&s, forward: false, includeCurrent: false)
    case .commandLine:
        s.mode = .command(LineEditor())
        s.historyPosition = nil
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
    case .links:
        guard s.focusCard != nil else { s.message = "no card here"; return [.bell] }
        s.mode = .links(selected: 0)
    case .linkMode:
        guard let card = s.focusCard else { s.message = "no card here to link from"; return [.bell] }
        s.workshop.linkSource = card
        s.message = "link mode: move to any card (any journey: [ ]), Enter links or unlinks, Esc ends"
    case .toggleLink: return Facilitation.toggleLink(&s)
    case .endLinkMode:
        s.workshop.linkSource = nil
        s.message = "link mode ended"
    case .suspend: return [.suspend]
    case .prioritisation: return Prioritisation.open(&s)
    case .conflicts: ConflictsPanel.open(&s)
    }
    return []
}
