import JourneyKit

/// The shape of a panel (the prioritisation panel, the conflicts list): a mode with its own
/// state, stored in `Mode`, its own key table, a reduce step per action, a view, and a footer
/// generated from its keys. `handleKey` and `history` are the same for every panel, so a new
/// panel writes only what is its own. docs/ARCHITECTURE.md ("add a panel") is the recipe.
protocol Panel: Equatable, Sendable {
    associatedtype PanelAction: Sendable & Equatable

    /// The panel in the board's mode (nil when it is not open), and the mode holding it.
    static func current(_ state: BoardState) -> Self?
    var mode: Mode { get }

    /// The key table in force now (a panel may have a variant, as the matrix is of the
    /// prioritisation table); while its editor is open, the editor's table is used instead.
    var keyTable: KeyTable<PanelAction> { get }
    /// The action that closes it (last in its footer).
    static var closeAction: PanelAction { get }
    /// The global keys its footer names, between its own and the one that closes it.
    static var footerGlobals: [GlobalAction] { get }

    /// Before any key: bring the panel's state up to date with the board.
    mutating func prepare(_ state: BoardState)
    /// Keys while its in-place editor is open; nil when none is (the keys go to its table).
    mutating func editorKey(_ state: inout BoardState, _ key: Key) -> [Effect]?
    /// Before a key of its table (or one it does not hold): clear what the last key said.
    mutating func willPress(_ state: inout BoardState)
    /// One action of its table.
    mutating func reduce(_ state: inout BoardState, _ action: PanelAction) -> [Effect]
    /// A key neither its table nor the global layer holds.
    mutating func unbound(_ state: inout BoardState, _ key: Key) -> [Effect]
    /// After undo or redo on the board's history (`touched`: the first card the edit changed).
    mutating func afterHistory(_ state: BoardState, touched: String?)
    /// After every key: keep what is focused in view.
    mutating func finish(_ state: BoardState)
}

extension Panel {
    /// A key in the panel: its editor's, else its table's, else its fallback.
    static func handleKey(_ state: inout BoardState, _ key: Key) -> [Effect] {
        guard var panel = current(state) else { return [] }
        panel.prepare(state)
        var effects: [Effect]
        if let editing = panel.editorKey(&state, key) {
            effects = editing
        } else {
            panel.willPress(&state)
            if let action = panel.keyTable.action(for: key) { effects = panel.reduce(&state, action) }
            else { effects = panel.unbound(&state, key) }
        }
        if current(state) != nil {
            panel.finish(state)
            state.mode = panel.mode
        }
        return effects
    }

    /// Undo or redo (the global `u`, Ctrl-R) in the panel: on the board's own history.
    static func history(_ state: inout BoardState, redo: Bool) -> [Effect] {
        guard var panel = current(state) else { return [] }
        panel.prepare(state)
        panel.willPress(&state)
        var effects: [Effect] = []
        let touched = touchedCard((redo ? state.redoStack : state.undoStack).last?.edit)
        if redo {
            if let what = state.redo() { state.message = "redid: \(what)" } else { state.message = "nothing to redo"; effects = [.bell] }
        } else {
            if let what = state.undo() { state.message = "undid: \(what)" } else { state.message = "nothing to undo"; effects = [.bell] }
        }
        panel.afterHistory(state, touched: touched)
        panel.finish(state)
        state.mode = panel.mode
        return effects
    }

    /// The first card an edit touches (undo and redo focus it, so the room sees what changed).
    static func touchedCard(_ edit: BoardEdit?) -> String? {
        for change in edit?.changes ?? [] { if case let .card(id, _, _) = change { return id } }
        return nil
    }

    /// The footer: the hints of its table's rows (those `include` keeps), then of its global
    /// keys, then how to close it — all generated from the rows.
    func footer(include: (PanelAction) -> Bool = { _ in true }) -> String {
        let table = keyTable
        let own = table.bindings.filter { $0.action != Self.closeAction && include($0.action) }.map(\.hint)
        let globals = Self.footerGlobals.map { KeyMap.global.hint($0) }
        return footerHint(own + globals + [table.hint(Self.closeAction)])
    }
}
