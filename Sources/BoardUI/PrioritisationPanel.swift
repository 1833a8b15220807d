import JourneyKit

/// The prioritisation panel (`p`): the board's opportunities ranked by the CX score
/// (docs/SCORING.md), the focused one's breakdown, its numbers edited in place, the gate, and a
/// value × cost matrix. A full-screen overlay with its own keys (`PrioritisationPanel.keyTable`).
///
/// - It ranks the current journey's opportunities (`a`: every journey's) once when it opens and
///   keeps the `Ranking`; an edit of one card moves that card (`Ranking.updating`), anything
///   else (gate, undo, redo) ranks afresh. The focused row follows its card when it re-ranks.
/// - Edits are the board's undoable edits: `u` / Ctrl-R (global keys) in the panel undo and redo on the
///   board's own stack, and the board shows them as unsaved.
/// - Keys: `e` edits the chosen field and Enter goes to the card on the board (Enter jumps, as
///   in the other lists; editing has `e`, as on the board).
public struct PrioritisationPanel: Equatable, Sendable {
    /// A number of the focused opportunity that can be edited in place.
    public enum Field: Hashable, Sendable {
        case impact(String)
        case confidence, reach, cost
    }

    /// The journey ranked; nil: every journey of the board.
    public var journey: String?
    /// The focused opportunity (the row follows its card when it re-ranks).
    public var focusCard: String?
    /// The field Tab / ← → choose, edited with `e`.
    public var field: Field
    /// The in-place editor of `field`, while editing.
    public var editor: LineEditor?
    /// The editor still holds the number as it was: the first character typed replaces it
    /// (as in a spreadsheet cell); a cursor key or Backspace edits it instead.
    public var editorFresh = false
    /// `m`: the value × cost matrix instead of the table.
    public var matrix = false
    /// The first row shown (table and matrix legend scroll to keep the focus in view).
    public var top = 0
    /// `o`: the table lists the opportunities by votes (most first; equal votes by rank)
    /// instead of by rank; `o` again goes back. The `#` column still gives each one's rank.
    public var byVotes = false
    /// The ranks in the order of votes (kept while `byVotes`).
    var votesOrder: [Int] = []
    public private(set) var ranking: Ranking
    var stamp: Stamp

    /// What the ranking was computed from: the board's edit history and a few sizes. When it
    /// no longer matches the board (an edit or a reload while the panel was open), the panel
    /// ranks again before it is used.
    struct Stamp: Equatable, Sendable {
        var undo: Int, redo: Int, serial: Int, others: Int, cards: Int, metrics: Int, gate: String
        init(_ state: BoardState) {
            undo = state.undoStack.count; redo = state.redoStack.count; serial = state.nextSerial; others = state.othersEdits
            cards = state.board.cards.count; metrics = state.board.heroMetrics.count; gate = state.board.scoring.gate
        }
    }

    init(_ state: BoardState, journey: String?) {
        self.journey = journey
        ranking = CXScore.ranking(state.board, journey: journey)
        stamp = Stamp(state)
        field = PrioritisationPanel.fields(state.board).first ?? .confidence
        if let c = state.focusCard, ranking.index(of: c) != nil { focusCard = c } else { focusCard = ranking.entries.first?.card }
    }

    public static func == (a: PrioritisationPanel, b: PrioritisationPanel) -> Bool {
        a.journey == b.journey && a.focusCard == b.focusCard && a.field == b.field && a.editor == b.editor && a.editorFresh == b.editorFresh
            && a.matrix == b.matrix && a.top == b.top && a.stamp == b.stamp && a.ranking.entries == b.ranking.entries
            && a.byVotes == b.byVotes && a.votesOrder == b.votesOrder
            && a.ranking.gate == b.ranking.gate
    }

    /// The 0-based rank of the focused row.
    public var focusIndex: Int? { focusCard.flatMap { ranking.index(of: $0) } }

    /// The table is in the order of votes (the matrix and its legend stay by rank).
    var sortsByVotes: Bool { byVotes && !matrix }

    /// The rank of the opportunity shown on `row` of the table.
    public func rank(atRow row: Int) -> Int { sortsByVotes && row < votesOrder.count ? votesOrder[row] : row }

    /// The row of the table the focused opportunity is on.
    public var focusRow: Int? {
        guard let i = focusIndex else { return nil }
        return sortsByVotes ? votesOrder.firstIndex(of: i) : i
    }

    /// Orders the ranks by the votes shown (every participant's, or only yours while hidden).
    mutating func sortByVotes(_ state: BoardState) {
        let votes = ranking.entries.map { entry in state.board.cards[entry.card].map(state.shownVotes) ?? 0 }
        votesOrder = votes.indices.sorted { votes[$0] != votes[$1] ? votes[$0] > votes[$1] : $0 < $1 }
    }

    /// The editable fields, in Tab order: the impact on each hero metric, then confidence, reach, cost.
    public static func fields(_ b: Board) -> [Field] {
        b.orderedHeroMetrics.map { .impact($0.id) } + [.confidence, .reach, .cost]
    }

    /// Ranks again (everything), keeping the focus on its card, or on the same row when the
    /// card is no longer ranked.
    mutating func rerank(_ state: BoardState) {
        let i = focusIndex ?? 0
        ranking = CXScore.ranking(state.board, journey: journey)
        stamp = Stamp(state)
        refocus(previous: i)
        if byVotes { sortByVotes(state) }
        if !PrioritisationPanel.fields(state.board).contains(field) { field = PrioritisationPanel.fields(state.board).first ?? .confidence }
    }

    /// After one card changed: moves it into place.
    mutating func rerank(_ state: BoardState, card: String) {
        let i = focusIndex ?? 0
        ranking.update(state.board, card: card)
        stamp = Stamp(state)
        refocus(previous: i)
        if byVotes { sortByVotes(state) }
    }

    mutating func refreshIfStale(_ state: BoardState) {
        if stamp != Stamp(state) { rerank(state) }
    }

    mutating func refocus(previous i: Int) {
        if focusCard.flatMap({ ranking.index(of: $0) }) == nil {
            focusCard = ranking.entries.isEmpty ? nil : ranking.entries[min(max(0, i), ranking.count - 1)].card
        }
    }

    /// The field's value on the card as text (empty when missing).
    static func text(of f: Field, _ c: Card) -> String {
        let v: Double?
        switch f {
        case .impact(let m): v = c.impact[m]
        case .confidence: v = c.confidence
        case .reach: v = c.reach
        case .cost: v = c.cost
        }
        return v.map(CanonicalJSON.numberText) ?? ""
    }

    static func name(of f: Field, _ b: Board) -> String {
        switch f {
        case .impact(let m): return "impact on " + DisplayText.sanitize(b.heroMetrics[m]?.label ?? m)
        case .confidence: return "confidence"
        case .reach: return "reach"
        case .cost: return "cost"
        }
    }

    /// The panel's keys, for its hint line, the help overlay and the README (as rows).
    public static var keys: [(String, String)] { keyTable.rows.map { ($0.keys, $0.help) } }
}

/// What a key does in the prioritisation panel.
public enum PrioritisationAction: Sendable, Equatable {
    case down, up, pageDown, pageUp, first, last
    case nextField, previousField, edit, goToCard, gate, matrix, journeys, close, sortByVotes
}

extension PrioritisationPanel: Panel {
    static func current(_ state: BoardState) -> PrioritisationPanel? {
        if case .prioritisation(let panel) = state.mode { return panel }
        return nil
    }
    var mode: Mode { .prioritisation(self) }
    var keyTable: KeyTable<PrioritisationAction> { matrix ? Self.matrixKeyTable : Self.keyTable }
    static var closeAction: PrioritisationAction { .close }
    static var footerGlobals: [GlobalAction] { [.undo, .save] }

    public static let keyTable = KeyTable("Prioritisation panel (p)", rows(matrix: false))
    /// `m`: the matrix takes the table's keys, but `e` and `m` say it is the matrix.
    public static let matrixKeyTable = KeyTable("Prioritisation matrix (p, then m)", rows(matrix: true))
    public static let editorKeyTable = KeyTable<EditorAction>("Prioritisation panel, editing a number (e)", [
        KeyBinding(keys: [.enter], keyLabel: "Enter", action: .accept, help: "keep the number (when valid)", hint: "Enter keeps"),
        KeyBinding(keys: [.escape], keyLabel: "Esc", action: .cancel, help: "drop the edit", hint: "Esc drops"),
    ])

    static func rows(matrix: Bool) -> [KeyBinding<PrioritisationAction>] {
        let moving: [KeyBinding<PrioritisationAction>] = [
            KeyBinding(keys: [.down, .char("j")], keyLabel: "↓ j", action: .down, help: "next opportunity", hint: "j/k move"),
            KeyBinding(keys: [.up, .char("k")], keyLabel: "↑ k", action: .up, help: "previous opportunity"),
            KeyBinding(keys: [.pageDown, .char(" ")], keyLabel: "PgDn Space", action: .pageDown, help: "a page down"),
            KeyBinding(keys: [.pageUp], keyLabel: "PgUp", action: .pageUp, help: "a page up"),
            KeyBinding(keys: [.home], keyLabel: "Home", action: .first, help: "the first opportunity"),
            KeyBinding(keys: [.end], keyLabel: "End", action: .last, help: "the last opportunity"),
        ]
        let choosing: [KeyBinding<PrioritisationAction>] = [
            KeyBinding(keys: [.tab, .right, .char("l")], keyLabel: "Tab → l", action: .nextField,
                       help: matrix ? "choose the next number the table edits" : "choose the next number to edit: the impact on each hero metric, confidence, reach, cost",
                       hint: matrix ? nil : "Tab/←→ choose"),
            KeyBinding(keys: [.backTab, .left, .char("h")], keyLabel: "Shift-Tab ← h", action: .previousField, help: "choose the previous number"),
        ]
        let edit = KeyBinding<PrioritisationAction>(keys: [.char("e")], keyLabel: "e", action: .edit,
                                                   help: matrix ? "the table edits numbers: m goes back to it" : "edit the chosen number in place (Enter keeps, Esc drops; empty: back to its default)",
                                                   hint: matrix ? nil : "e edit")
        let goToCard = KeyBinding<PrioritisationAction>(keys: [.enter], keyLabel: "Enter", action: .goToCard, help: "go to the opportunity's card on the board", hint: "Enter go to card")
        let gate = KeyBinding<PrioritisationAction>(keys: [.char("g")], keyLabel: "g", action: .gate, help: "switch the gate: all → any → none (undoable)", hint: "g gate")
        let matrixRow = KeyBinding<PrioritisationAction>(keys: [.char("m")], keyLabel: "m",
                                                        action: .matrix, help: matrix ? "back to the table" : "matrix: CX score up, cost across (what the table ranks by) — quick wins, big bets, fill-ins, time sinks",
                                                        hint: matrix ? "m table" : "m matrix")
        let journeys = KeyBinding<PrioritisationAction>(keys: [.char("a")], keyLabel: "a", action: .journeys, help: "this journey / every journey", hint: "a journeys")
        let sortByVotes = KeyBinding<PrioritisationAction>(keys: [.char("o")], keyLabel: "o", action: .sortByVotes,
                                                          help: matrix ? "the table's order: by votes / by priority" : "order the table by votes, most first (o again: by priority)",
                                                          hint: nil)   // the title says "by votes" while it is on
        let close = KeyBinding<PrioritisationAction>(keys: [.escape, .char("q"), .char("p")], keyLabel: "Esc q p", action: .close, help: "close the panel", hint: "Esc close")
        // the footer lists the hints in this order
        return matrix
            ? moving + [goToCard, matrixRow, gate, journeys] + choosing + [edit, close, sortByVotes]
            : moving + choosing + [edit, goToCard, gate, matrixRow, journeys, close, sortByVotes]
    }

    mutating func prepare(_ state: BoardState) { refreshIfStale(state) }

    mutating func willPress(_ state: inout BoardState) { state.message = nil }

    mutating func editorKey(_ state: inout BoardState, _ key: Key) -> [Effect]? {
        guard editor != nil else { return nil }
        return Prioritisation.edit(&state, &self, key)
    }

    mutating func reduce(_ state: inout BoardState, _ action: PrioritisationAction) -> [Effect] {
        let count = ranking.count
        let row = focusRow ?? 0
        let pageRows = max(1, PrioritisationView.pageRows(state, self) - 1)
        let fields = PrioritisationPanel.fields(state.board)
        let fieldIndex = fields.firstIndex(of: field) ?? 0
        switch action {
        case .close:
            state.mode = .board
        case .down: focus(row: row + 1)
        case .up: focus(row: row - 1)
        case .pageDown: focus(row: row + pageRows)
        case .pageUp: focus(row: row - pageRows)
        case .first: focus(row: 0)
        case .last: focus(row: count - 1)
        case .nextField:
            field = fields[(fieldIndex + 1) % fields.count]
            state.message = "chosen: \(PrioritisationPanel.name(of: field, state.board)) — e edits it"
        case .previousField:
            field = fields[(fieldIndex + fields.count - 1) % fields.count]
            state.message = "chosen: \(PrioritisationPanel.name(of: field, state.board)) — e edits it"
        case .edit:
            if matrix {
                state.message = "m goes back to the table, where e edits the chosen number"
            } else if let id = focusCard, let card = state.board.cards[id] {
                editor = LineEditor(PrioritisationPanel.text(of: field, card))
                editorFresh = true
            } else {
                state.message = "no opportunity to edit"
                return [.bell]
            }
        case .goToCard:
            guard let id = focusCard, state.board.cards[id] != nil else {
                state.message = "no opportunity here"
                return [.bell]
            }
            let before = state.journeyID
            state.mode = .board
            state.zoomed = false
            JumpList.push(&state, JumpList.here(state))
            state.focus(card: id)
            var message = "#\(row + 1): \(DisplayText.sanitize(state.board.cards[id]!.text))"
            if state.journeyID != before, let number = state.journeys.firstIndex(where: { $0.id == state.journeyID }) {
                message += " — journey \(number + 1)/\(state.journeys.count): \(DisplayText.sanitize(state.board.journeys[state.journeyID]!.title))"
            }
            state.message = message + " (p: back to the panel)"
        case .gate:
            let all = Gate.allCases
            let next = all[((all.firstIndex(of: state.board.scoring.effectiveGate) ?? 0) + 1) % all.count]
            let effects = ScoringCommands.run(&state, .gate(next), label: "gate \(next.rawValue)")
            rerank(state)
            return effects
        case .journeys:
            journey = journey == nil ? (state.journeyID.isEmpty ? nil : state.journeyID) : nil
            rerank(state)
            top = 0
            state.message = journey == nil ? "every journey's opportunities (a: this journey's)" : "this journey's opportunities (a: every journey's)"
        case .matrix:
            matrix.toggle()
            top = 0
        case .sortByVotes:
            byVotes.toggle()
            if byVotes { sortByVotes(state) }
            state.message = byVotes ? (state.votesHidden ? "by your votes (votes are hidden) — o: by priority again" : "by votes, most first — o: by priority again")
                                    : "by priority again (o: by votes)"
        }
        return []
    }

    mutating func unbound(_ state: inout BoardState, _ key: Key) -> [Effect] { [] }

    mutating func afterHistory(_ state: BoardState, touched: String?) {
        rerank(state)
        if let card = touched, ranking.index(of: card) != nil { focusCard = card }
    }

    mutating func finish(_ state: BoardState) { Prioritisation.keepFocusVisible(&self, state) }

    /// Focuses the opportunity at `row` (clamped to the ranking).
    mutating func focus(row: Int) {
        guard ranking.count > 0 else { return }
        focusCard = ranking.entries[rank(atRow: min(max(0, row), ranking.count - 1))].card
    }
}

/// The panel's key handling.
enum Prioritisation {
    static func open(_ state: inout BoardState) -> [Effect] {
        let panel = PrioritisationPanel(state, journey: state.journeyID.isEmpty ? nil : state.journeyID)
        state.mode = .prioritisation(panel)
        state.message = panel.ranking.count == 0 ? "no opportunities in this journey — a shows every journey's" : nil
        return []
    }

    /// Keys while the in-place editor is open: Enter keeps (when valid), Esc drops.
    static func edit(_ state: inout BoardState, _ panel: inout PrioritisationPanel, _ key: Key) -> [Effect] {
        guard var lineEditor = panel.editor else { return [] }
        let action = PrioritisationPanel.editorKeyTable.action(for: key)
        switch key {
        case _ where action == .cancel:
            panel.editor = nil
            state.message = "edit dropped"
            return []
        case _ where action == .accept:
            guard let id = panel.focusCard, let card = state.board.cards[id] else { panel.editor = nil; return [] }
            let text = lineEditor.text.trimmingSpaces
            let name = PrioritisationPanel.name(of: panel.field, state.board)
            var value: Double?
            if !text.isEmpty {
                guard let number = ScoringCommands.number(text) else {
                    state.message = "\(name) must be a number, not \"\(DisplayText.sanitize(text))\" (Esc drops the edit)"
                    return [.bell]
                }
                value = number
            }
            let edit: ScoringEdit
            switch panel.field {
            case .impact(let metric): edit = .impact(card: id, metric: metric, value)
            case .confidence: edit = .confidence(card: id, value)
            case .reach: edit = .reach(card: id, value)
            case .cost: edit = .cost(card: id, value)
            }
            let before = panel.focusIndex
            switch ScoringCommands.apply(&state, edit, label: "edit \(name)") {
            case .failure(let failure):
                state.message = DisplayText.sanitize(failure.message) + " (Esc drops the edit)"
                return [.bell]
            case .success(let what):
                panel.editor = nil
                panel.rerank(state, card: id)
                let after = panel.focusIndex
                var message = DisplayText.sanitize(what)
                if let afterRow = after, let beforeRow = before {
                    message += afterRow == beforeRow ? " — still #\(afterRow + 1)" : " — now #\(afterRow + 1) (was #\(beforeRow + 1))"
                }
                if state.board.cards[id] == card { message = "unchanged" }
                state.message = message
                return []
            }
        case .char(let typed) where panel.editorFresh:
            panel.editor = LineEditor(String(typed))
            panel.editorFresh = false
            return []
        default:
            lineEditor.handle(key)
            panel.editor = lineEditor
            panel.editorFresh = false
            return []
        }
    }

    /// Scrolls the table (or the matrix legend) so the focused row is in view.
    static func keepFocusVisible(_ panel: inout PrioritisationPanel, _ state: BoardState) {
        let rows = max(1, PrioritisationView.pageRows(state, panel))
        let row = panel.focusRow ?? 0
        if row < panel.top { panel.top = row }
        if row >= panel.top + rows { panel.top = row - rows + 1 }
        panel.top = max(0, min(panel.top, panel.ranking.count - rows))
    }
}
