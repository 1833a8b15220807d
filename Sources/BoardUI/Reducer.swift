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
    /// A card's last change in the repository ("2026-12-06 ana: text changed"), for its form.
    case cardHistory(cardID: String, lastChange: String)
    /// `:sync` ended: its one-line result, and the board as the sync left it on disk (nil when
    /// the file did not change).
    case synced(message: String, board: Board?, failed: Bool)
    /// A live board (Room.swift): the others here now, from the presence sidecar; others'
    /// edits merged into this instance's board (`written`: and the result written); this
    /// instance's edits written as they were (shared).
    case room([Presence])
    case othersEdited(Board, newConflicts: Int, written: Bool)
    case shared
}

/// The one place the board changes: `reduce(&state, event) -> effects`. Pure apart from the
/// state it is handed; whatever touches the world comes back as an `Effect`.
public func reduce(_ state: inout BoardState, _ event: BoardEvent) -> [Effect] {
    var effects: [Effect] = []
    let wasModified = state.isModified
    switch event {
    case .input(.resize(let width, let height)):
        state.width = width; state.height = height
    case .input(.mouse(let mouse)):
        effects = Layout.handleMouse(&state, mouse)
    case .input(.key(let key)):
        effects = handleKey(&state, key)
    case .input(.paste(let text)):
        effects = Paste.handle(&state, text)
    case .action(let action):
        effects = perform(&state, action)
    case .saved:
        state.markSaved()
        state.message = "saved \(state.path)"
        effects.append(.deleteRecovery)
    case .savedAs(let path):
        state.path = path
        state.markSaved()
        state.message = "saved as \(DisplayText.sanitize(path)) — the board is now this file; later saves go to it"
        effects.append(.deleteRecovery)
    case .saveFailed(let why):
        state.message = "not saved: \(why)"
        effects.append(.bell)
    case .tick:
        break
    case .time(let now):
        effects = Facilitation.clock(&state, now)
        effects += SyncSchedule.tick(&state, now)
    case .savedMerged(let board, let newConflicts): effects = DiskEvents.savedMerged(&state, board, newConflicts: newConflicts)
    case .reloaded(let board): DiskEvents.reloaded(&state, board)
    case .notice(let message): state.message = message
    case .cardHistory(let id, let last):
        if case .form(var form) = state.mode, form.cardID == id { form.lastChange = last; state.mode = .form(form) }
    case .synced(let message, let board, let failed):
        if let b = board { DiskEvents.reloaded(&state, b) }
        state.message = message
        if failed { effects.append(.bell) }
    case .room(let others): RoomEvents.update(&state, others: others)
    case .othersEdited(let board, let n, let written): effects = RoomEvents.othersEdited(&state, board, newConflicts: n, written: written)
    case .shared:
        state.markSaved()
        effects.append(.deleteRecovery)
    }
    // no recovery file outlives its edits: back at the saved state (an undo), or quitting
    // clean, this instance's own recovery file goes
    if !state.isModified && !effects.contains(.deleteRecovery) {
        if let quitAt = effects.firstIndex(of: .quit) { effects.insert(.dropOwnRecovery, at: quitAt) }
        else if wasModified { effects.append(.dropOwnRecovery) }
    }
    Layout.keepFocusVisible(&state)
    state.refreshDerived()
    return effects
}

/// A key goes to the global layer first (for the global actions the mode allows, and not in
/// the middle of a chord), then to the mode's own table; a key neither holds goes to the mode's
/// fallback (an editor types it, a list closes).
func handleKey(_ state: inout BoardState, _ key: Key) -> [Effect] {
    let keyMode = KeyMode(state)
    if keyMode == .board || keyMode == .linking || keyMode == .linear { state.message = nil }
    if state.pendingKeys.isEmpty, let global = KeyMap.global.action(for: key), keyMode.globals.contains(global) {
        return performGlobal(&state, global, in: keyMode)
    }
    switch state.mode {
    case .board:
        if keyMode == .linking, state.pendingKeys.isEmpty, let action = KeyMap.linking.action(for: key) {
            return perform(&state, action)
        }
        if keyMode == .linear, state.pendingKeys.isEmpty, let action = KeyMap.linear.action(for: key) {
            return perform(&state, action)
        }
        switch KeyMap.board.press(key, pending: &state.pendingKeys) {
        case .run(let action): return perform(&state, action)
        case .waiting: return []
        case .unbound(let brokeChord): return brokeChord ? [.bell] : []
        }

    case .filter(var editor):
        switch KeyMap.filter.action(for: key) {
        case .accept?:
            state.mode = .board
            return Facilitation.setFilter(&state, editor.text)
        case .cancel?: state.mode = .board
        default: editor.handle(key); state.mode = .filter(editor)
        }
        return []

    case .votes(let selected), .links(let selected):
        let isVotes: Bool = { if case .votes = state.mode { return true } else { return false } }()
        let list = isVotes ? Facilitation.votedCards(state) : Facilitation.linkedCards(state, of: state.focusCard ?? "").map(\.id)
        let make: (Int) -> Mode = { row in isVotes ? .votes(selected: row) : .links(selected: row) }
        switch (isVotes ? KeyMap.votes : KeyMap.links).action(for: key) {
        case .down?: state.mode = make(min(max(0, list.count - 1), selected + 1))
        case .up?: state.mode = make(max(0, selected - 1))
        case .jump?:
            state.mode = .board
            if selected < list.count { return JumpList.recording(&state) { $0.focus(card: list[selected]); return [] } }
        default: state.mode = .board
        }
        return []

    case .compare:
        state.mode = .board
        return []

    case .adding(var editor):
        switch KeyMap.newCard.action(for: key) {
        case .accept?:
            state.mode = .board
            let text = editor.text.trimmingSpaces
            if !text.isEmpty { Editing.addCard(&state, text: text) }
        case .cancel?:
            state.mode = .board
            state.message = "card dropped"
        default:
            editor.handle(key)
            state.mode = .adding(editor)
        }
        return []

    case .form(var form):
        // in a field of several lines (notes) Enter starts a new line, ↑ ↓ move between its
        // lines (past the first or last: to the next field); Ctrl-S keeps the edit
        if (key == .up || key == .down), let field = form.focusedField, form.editors[field]!.moveLine(up: key == .up) {
            state.mode = .form(form)
            return []
        }
        let action = key == .enter && (form.focusedField?.rows ?? 1) > 1 ? nil : KeyMap.cardForm.action(for: key)
        switch action {
        case .cancel?:
            state.mode = .board
            state.message = "edit cancelled"
        case .nextField?:
            form.focus = (form.focus + 1) % form.rowCount
            state.mode = .form(form)
        case .previousField?:
            form.focus = (form.focus + form.rowCount - 1) % form.rowCount
            state.mode = .form(form)
        case let action? where action == .resolveComment || action == .deleteComment:
            guard let id = form.focusedComment else { state.message = "Tab to a comment of the thread first"; return [.bell] }
            let effects = action == .resolveComment
                ? Comments.toggleResolved(&state, card: form.cardID, comment: id)
                : Comments.delete(&state, card: form.cardID, comment: id)
            Comments.refresh(&form, state.board)
            state.mode = .form(form)
            return effects
        case .accept?:
            guard state.board.cards[form.cardID] != nil else { state.mode = .board; return [] }
            switch form.apply(to: form.opened, board: state.board, author: state.workshop.participant, time: Comments.now(state)) {
            case .success(let new):
                state.mode = .board
                if new != form.opened {
                    // on a live board others may have changed the card since the form opened
                    let (edit, n) = LiveMerge.commit(BoardEdit("edit card", [.card(form.cardID, form.opened, new)]),
                                                     onto: state.board, me: state.workshop.participant)
                    state.perform(edit)
                    if n > 0 { state.message = "another participant changed the same field meanwhile: \(n) conflict\(n == 1 ? "" : "s") recorded (‼), yours kept — c resolves" }
                }
            case .failure(let failure):
                form.error = failure.message
                state.mode = .form(form)
            }
        default:
            if let field = form.focusedField { form.editors[field]!.handle(key == .enter ? .char("\n") : key) }
            form.error = nil
            state.mode = .form(form)
        }
        return []

    case .command(var editor):
        switch KeyMap.commandLine.action(for: key) {
        case .accept?:
            state.mode = .board
            state.historyPosition = nil
            History.remember(&state.commandHistory, editor.text)
            return CommandLine.run(&state, editor.text)
        case .cancel?:
            state.mode = .board
            state.historyPosition = nil
        case .eraseOrClose? where editor.text.isEmpty:
            state.mode = .board
            state.historyPosition = nil
        case .complete?:
            CommandCompletion.complete(&state, &editor)
            state.mode = .command(editor)
        case .older?, .newer?:
            History.recall(&state, &editor, state.commandHistory, older: key == .up)
            state.mode = .command(editor)
        default:
            editor.handle(key)
            state.mode = .command(editor)
        }
        return []

    case .search(var editor):
        switch KeyMap.search.action(for: key) {
        case .accept?:
            state.mode = .board
            state.historyPosition = nil
            let query = editor.text.trimmingSpaces
            History.remember(&state.searchHistory, query)
            if !query.isEmpty { state.lastSearch = query; return JumpList.recording(&state) { Search.jump(&$0, forward: true, includeCurrent: true) } }
        case .cancel?:
            state.mode = .board
            state.historyPosition = nil
        case .older?, .newer?:
            History.recall(&state, &editor, state.searchHistory, older: key == .up)
            state.mode = .search(editor)
        default:
            editor.handle(key)
            state.mode = .search(editor)
        }
        return []

    case .problems(let scroll):
        switch KeyMap.problems.action(for: key) {
        case .down?: state.mode = .problems(scroll: min(max(0, state.openProblems.count - 1), scroll + 1))
        case .up?: state.mode = .problems(scroll: max(0, scroll - 1))
        default: state.mode = .board
        }
        return []

    case .metrics(let scroll):
        switch KeyMap.metrics.action(for: key) {
        case .down?: state.mode = .metrics(scroll: min(max(0, Overlays.metricLines(state).count - 1), scroll + 1))
        case .up?: state.mode = .metrics(scroll: max(0, scroll - 1))
        default: state.mode = .board
        }
        return []

    case .help(let scroll):
        // scrolling stops at the last line, so the way back up is as long as the way down
        let most = Overlays.helpMaxScroll(state)
        let page = max(1, Overlays.helpGeometry(state).rows - 1)
        switch KeyMap.help.action(for: key) {
        case .down?: state.mode = .help(scroll: min(most, scroll + 1))
        case .up?: state.mode = .help(scroll: max(0, min(most, scroll) - 1))
        case .pageDown?: state.mode = .help(scroll: min(most, scroll + page))
        case .pageUp?: state.mode = .help(scroll: max(0, min(most, scroll) - page))
        case .first?: state.mode = .help(scroll: 0)
        case .last?: state.mode = .help(scroll: most)
        default:
            state.mode = state.modeUnderHelp ?? .board
            state.modeUnderHelp = nil
        }
        return []

    case .confirm(let prompt):
        return answer(&state, prompt, key)

    case .prioritisation:
        return PrioritisationPanel.handleKey(&state, key)
    case .conflicts:
        return ConflictsPanel.handleKey(&state, key)
    }
}

/// A key of the global layer, in a mode that allows it.
func performGlobal(_ state: inout BoardState, _ action: GlobalAction, in keyMode: KeyMode) -> [Effect] {
    switch action {
    case .suspend: return [.suspend]
    case .quit:
        // the quit prompt replaces whatever was open; with nothing unsaved, quitting needs none
        state.mode = .board
        state.historyPosition = nil
        return perform(&state, .quit)
    case .help:
        state.modeUnderHelp = keyMode == .board || keyMode == .linking || keyMode == .linear ? nil : state.mode
        state.mode = .help(scroll: 0)
        return []
    case .save: return [.save(path: state.path, quitAfter: false)]
    case .undo, .redo:
        switch state.mode {
        case .prioritisation: return PrioritisationPanel.history(&state, redo: action == .redo)
        case .conflicts: return ConflictsPanel.history(&state, redo: action == .redo)
        default: return perform(&state, action == .undo ? .undo : .redo)
        }
    }
}

func answer(_ state: inout BoardState, _ prompt: Prompt, _ key: Key) -> [Effect] {
    guard case .char(let letter) = key else {
        if KeyMap.confirm.action(for: key) == .cancel {
            state.mode = .board
            state.message = "cancelled"
            if prompt.kind == .recovery { state.recovered = nil; state.message = "opened without the recovered edits (their file stays until this session saves or autosaves)" }
        }
        return []
    }
    let choice = Character(letter.lowercased())
    guard prompt.options.contains(where: { $0.0 == choice }) else { return [.bell] }
    state.mode = .board
    switch (prompt.kind, choice) {
    case (.quitUnsaved, "s"): return [.save(path: state.path, quitAfter: true)]
    case (.quitUnsaved, "d"): return [.deleteRecovery, .quit]
    case (.deleteStage(let id), "y"): Editing.deleteStage(&state, id)
    case (.deleteLane(let id), "y"): Editing.deleteLane(&state, id)
    case (.recovery, "r"):
        if let recovered = state.recovered {
            state.perform(BoardEdit.between(state.board, recovered, label: "recover unsaved edits"))
            state.repairFocus()
            state.message = "recovered unsaved edits — s saves them, u undoes the recovery"
        }
        state.recovered = nil
    case (.recovery, "o"):
        state.recovered = nil
        state.message = "opened without the recovered edits (their file stays until this session saves or autosaves)"
    case (.clearVotes, "y"): Facilitation.clearVotes(&state)
    case (.deletePersona(let id), "y"): PersonaCommands.deletePersona(&state, id)
    case (.deleteJourney(let id), "y"): PersonaCommands.deleteJourney(&state, id)
    case (.recovery, "d"):
        state.recovered = nil
        state.message = "recovered edits deleted"
        return [.deleteRecovery]
    default: state.message = "cancelled"
    }
    return []
}

/// Carries out one action in board mode.
public func perform(_ state: inout BoardState, _ action: Action) -> [Effect] {
    switch action {
    case .move(let direction): Navigation.move(&state, direction)
    case .firstStage: Navigation.toStage(&state, 0)
    case .lastStage: Navigation.toStage(&state, state.stages.count - 1)
    case .pageUp: Navigation.page(&state, -1)
    case .pageDown: Navigation.page(&state, 1)
    case .journey(let delta): Navigation.switchJourney(&state, by: delta)
    case .addCard:
        guard state.focusStage != nil, state.focusLane != nil else { state.message = "add a stage and a lane first (:stage add NAME, :lane add KIND NAME)"; return [.bell] }
        state.mode = .adding(LineEditor())
    case .editCard:
        guard let card = state.focusedCard else { state.message = "no card here: a adds one"; return [] }
        state.mode = .form(CardForm(card: card, kind: state.board.kind(of: card)))
        return [.lookUpCardHistory(cardID: card.id)]
    case .deleteCard: Editing.deleteCard(&state)
    case .moveCard(let direction): Editing.moveCard(&state, direction)
    case .undo:
        if let what = state.undo() { state.message = "undid: \(what)" } else { state.message = "nothing to undo"; return [.bell] }
    case .redo:
        if let what = state.redo() { state.message = "redid: \(what)" } else { state.message = "nothing to redo"; return [.bell] }
    case .save: return [.save(path: state.path, quitAfter: false)]
    case .quit:
        // live, edits are shared as they are made: the last ones go now, and no prompt asks
        if state.isModified && state.room.isLive { return [.save(path: state.path, quitAfter: true)] }
        if state.isModified {
            state.mode = .confirm(Prompt(kind: .quitUnsaved, message: "Unsaved changes.",
                                     options: [("s", "save and quit"), ("d", "discard and quit"), ("c", "cancel")]))
        } else {
            return [.quit]
        }
    case .help:
        state.modeUnderHelp = nil
        state.mode = .help(scroll: 0)
    case .search:
        state.mode = .search(LineEditor())
        state.historyPosition = nil
    case .searchNext: return JumpList.recording(&state) { Search.jump(&$0, forward: true, includeCurrent: false) }
    case .searchPrevious: return JumpList.recording(&state) { Search.jump(&$0, forward: false, includeCurrent: false) }
    case .jumpBack: return JumpList.back(&state)
    case .commandLine:
        state.mode = .command(LineEditor())
        state.historyPosition = nil
    case .focusStage:
        state.zoomed.toggle()
        state.message = state.zoomed ? "focused on one stage (z again for all)" : nil
    case .cancel:
        state.mode = .board
        state.highlightSearch = false
        if state.zoomed { state.zoomed = false }
        if state.workshop.presenting { state.workshop.presenting = false }
        state.message = nil
    case .vote: return Facilitation.vote(&state)
    case .unvote: return Facilitation.unvote(&state)
    case .filter: state.mode = .filter(LineEditor(state.workshop.filter?.text ?? ""))
    case .clearFilter:
        state.workshop.filter = nil
        state.message = "filter cleared"
    case .present:
        state.workshop.presenting.toggle()
        state.message = state.workshop.presenting ? nil : "presentation mode off"
    case .links:
        guard state.focusCard != nil else { state.message = "no card here"; return [.bell] }
        state.mode = .links(selected: 0)
    case .linkMode:
        guard let card = state.focusCard else { state.message = "no card here to link from"; return [.bell] }
        state.workshop.linkSource = card
        state.message = "link mode: move to any card (any journey: [ ]), Enter links or unlinks, Esc ends"
    case .toggleLink: return Facilitation.toggleLink(&state)
    case .linear: return LinearView.toggle(&state)
    case .readNext: return LinearView.move(&state, step: 1)
    case .readPrevious: return LinearView.move(&state, step: -1)
    case .readFirst: return LinearView.jump(&state, last: false)
    case .readLast: return LinearView.jump(&state, last: true)
    case .endLinkMode:
        state.workshop.linkSource = nil
        state.message = "link mode ended"
    case .suspend: return [.suspend]
    case .prioritisation: return Prioritisation.open(&state)
    case .conflicts: ConflictsPanel.open(&state)
    }
    return []
}
