import JourneyKit

/// The shape of a panel (the prioritisation panel, the conflicts list): a mode with its own
/// state, stored in `Mode`, its own key table, a reduce step per action, a view, and a footer
/// generated from its keys. `handleKey` and `history` are the same for every panel, so a new
/// panel writes only what is its own. docs/ARCHITECTURE.md ("add a panel") is the recipe.
protocol Panel: Equatable, Sendable {
    associatedtype PanelAction: Sendable & Equatable

    /// The panel in the board's mode (nil when it is not open), and the mode holding it.
    static func current(_ s: BoardState) -> Self?
    var mode: Mode { get }

    /// The key table in force now (a panel may have a variant, as the matrix is of the
    /// prioritisation table); while its editor is open, the editor's table is used instead.
    var keyTable: KeyTable<PanelAction> { get }
    /// The action that closes it (last in its footer).
    static var closeAction: PanelAction { get }
    /// The global keys its footer names, between its own and the one that closes it.
    static var footerGlobals: [GlobalAction] { get }

    /// Before any key: bring the panel's state up to date with the board.
    mutating func prepare(_ s: BoardState)
    /// Keys while its in-place editor is open; nil when none is (the keys go to its table).
    mutating func editorKey(_ s: inout BoardState, _ key: Key) -> [Effect]?
    /// Before a key of its table (or one it does not hold): clear what the last key said.
    mutating func willPress(_ s: inout BoardState)
    /// One action of its table.
    mutating func reduce(_ s: inout BoardState, _ action: PanelAction) -> [Effect]
    /// A key neither its table nor the global layer holds.
    mutating func unbound(_ s: inout BoardState, _ key: Key) -> [Effect]
    /// After undo or redo on the board's history (`touched`: the first card the edit changed).
    mutating func afterHistory(_ s: BoardState, touched: String?)
    /// After every key: keep what is focused in view.
    mutating func finish(_ s: BoardState)
}

extension Panel {
    /// A key in the panel: its editor's, else its table's, else its fallback.
    static func handleKey(_ s: inout BoardState, _ key: Key) -> [Effect] {
        guard var panel = current(s) else { return [] }
        panel.prepare(s)
        var effects: [Effect]
        if let editing = panel.editorKey(&s, key) {
            effects = editing
        } else {
            panel.willPress(&s)
            if let action = panel.keyTable.action(for: key) { effects = panel.reduce(&s, action) }
            else { effects = panel.unbound(&s, key) }
        }
        if current(s) != nil {
            panel.finish(s)
            s.mode = panel.mode
        }
        return effects
    }

    /// Undo or redo (the global `u`, Ctrl-R) in the panel: on the board's own history.
    static func history(_ s: inout BoardState, redo: Bool) -> [Effect] {
        guard var panel = current(s) else { return [] }
        panel.prepare(s)
        panel.willPress(&s)
        var effects: [Effect] = []
        let touched = touchedCard((redo ? s.redoStack : s.undoStack).last?.edit)
        if redo {
            if let what = s.redo() { s.message = "redid: \(what)" } else { s.message = "nothing to redo"; effects = [.bell] }
        } else {
            if let what = s.undo() { s.message = "undid: \(what)" } else { s.message = "nothing to undo"; effects = [.bell] }
        }
        panel.afterHistory(s, touched: touched)
        panel.finish(s)
        s.mode = panel.mode
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
