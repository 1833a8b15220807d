/// What works in every mode where it applies (`KeyMode.globals`): suspend, the quit prompt, help
/// where no text is typed, and the board's history and save where the board can be edited.
public enum GlobalAction: Sendable, Equatable { case suspend, quit, help, undo, redo, save }

/// Moving in a list or a scrolled text, and closing it.
public enum ListAction: Sendable, Equatable { case down, up, pageDown, pageUp, first, last, jump, close }

/// The keys of a text being typed (the new-card line, the card form, the command line, search,
/// filter, the panels' editors); the other keys edit the text (`LineEditor`).
public enum EditorAction: Sendable, Equatable {
    case accept, cancel, nextField, previousField, complete, older, newer, eraseOrClose
    /// The card form's thread: resolve or reopen the focused comment, delete it (one's own).
    case resolveComment, deleteComment
}

/// A prompt's answers are its own letters; Esc cancels.
public enum PromptAction: Sendable, Equatable { case cancel }

/// The mode whose key table is in force: one per screen that takes keys.
public enum KeyMode: String, CaseIterable, Sendable {
    case board, linking, linear, prioritisation, matrix, prioritisationEditor, conflicts, conflictsEditor
    case votes, links, problems, compare, help, confirm, metrics
    case newCard, cardForm, commandLine, search, filter

    /// The mode the board is in.
    public init(_ state: BoardState) {
        switch state.mode {
        case .board: self = state.workshop.linkSource != nil ? .linking : (state.linearReading ? .linear : .board)
        case .adding: self = .newCard
        case .form: self = .cardForm
        case .command: self = .commandLine
        case .search: self = .search
        case .filter: self = .filter
        case .help: self = .help
        case .confirm: self = .confirm
        case .votes: self = .votes
        case .links: self = .links
        case .compare: self = .compare
        case .problems: self = .problems
        case .metrics: self = .metrics
        case .prioritisation(let panel): self = panel.editor != nil ? .prioritisationEditor : (panel.matrix ? .matrix : .prioritisation)
        case .conflicts(let panel): self = panel.editor != nil ? .conflictsEditor : .conflicts
        }
    }

    /// Text is typed here: printable keys are text, so `?`, `u`, `s` are not global keys.
    public var typesText: Bool {
        switch self {
        case .newCard, .cardForm, .commandLine, .search, .filter, .prioritisationEditor, .conflictsEditor: return true
        default: return false
        }
    }

    /// The global keys that work in this mode.
    public var globals: [GlobalAction] {
        switch self {
        case .board, .linking, .linear, .prioritisation, .matrix, .conflicts: return [.suspend, .quit, .help, .undo, .redo, .save]
        case .votes, .links, .problems, .compare, .metrics: return [.suspend, .quit, .help]
        case .help, .confirm: return [.suspend, .quit]
        case .newCard, .cardForm, .commandLine, .search, .filter, .prioritisationEditor, .conflictsEditor: return [.suspend, .quit]
        }
    }

    /// The mode's own rows (help, README, the uniqueness test).
    public var title: String { KeyMap.table(self).title }
    public var rows: [KeyRow] { KeyMap.table(self).rows }
    /// The mode's own key sequences.
    public var sequences: [[Key]] { KeyMap.table(self).sequences }
    public var doubleBound: [[Key]] { KeyMap.table(self).doubleBound }
}

/// A mode's table with its action type erased: what help, README and tests need of it.
struct AnyKeyTable {
    var title: String
    var rows: [KeyRow]
    var sequences: [[Key]]
    var doubleBound: [[Key]]
    init<ModeAction>(_ table: KeyTable<ModeAction>) {
        title = table.title; rows = table.rows; sequences = table.sequences; doubleBound = table.doubleBound
    }
}

/// The key tables, one per mode, and the global layer. They drive the keys, and the help
/// overlay (`?`), the README's key section and the footers are generated from them, so none
/// of them disagree.
public enum KeyMap {
    static let boardRows: [KeyBinding<Action>] = [
        KeyBinding(keys: [.left, .char("h")], keyLabel: "← h", action: .move(.left), help: "previous stage"),
        KeyBinding(keys: [.right, .char("l")], keyLabel: "→ l", action: .move(.right), help: "next stage"),
        KeyBinding(keys: [.up, .char("k")], keyLabel: "↑ k", action: .move(.up), help: "previous card, or the lane above"),
        KeyBinding(keys: [.down, .char("j")], keyLabel: "↓ j", action: .move(.down), help: "next card, or the lane below"),
        KeyBinding(keys: [.home, .char("0")], keyLabel: "Home 0", action: .firstStage, help: "first stage"),
        KeyBinding(keys: [.end, .char("$")], keyLabel: "End $", action: .lastStage, help: "last stage"),
        KeyBinding(keys: [.pageUp], keyLabel: "PgUp", action: .pageUp, help: "lanes up a screen"),
        KeyBinding(keys: [.pageDown], keyLabel: "PgDn", action: .pageDown, help: "lanes down a screen"),
        KeyBinding(keys: [.char("[")], keyLabel: "[", action: .journey(-1), help: "previous journey"),
        KeyBinding(keys: [.char("]")], keyLabel: "]", action: .journey(1), help: "next journey"),
        KeyBinding(keys: [.char("a")], keyLabel: "a", action: .addCard, help: "add a card in the focused cell (Enter keeps it, Esc drops it)"),
        KeyBinding(keys: [.enter, .char("e")], keyLabel: "Enter e", action: .editCard, help: "edit the focused card (Tab moves between fields)"),
        KeyBinding(keys: [.char("d")], keyLabel: "d", action: .deleteCard, help: "delete the focused card (undoable)"),
        KeyBinding(keys: [.char("H"), .shiftLeft], keyLabel: "H Shift-←", action: .moveCard(.left), help: "move the card to the previous stage"),
        KeyBinding(keys: [.char("L"), .shiftRight], keyLabel: "L Shift-→", action: .moveCard(.right), help: "move the card to the next stage"),
        KeyBinding(keys: [.char("K"), .shiftUp], keyLabel: "K Shift-↑", action: .moveCard(.up), help: "move the card up in its cell, then to the lane above"),
        KeyBinding(keys: [.char("J"), .shiftDown], keyLabel: "J Shift-↓", action: .moveCard(.down), help: "move the card down in its cell, then to the lane below"),
        KeyBinding(keys: [.char("q")], keyLabel: "q", action: .quit, help: "quit (asks when there are unsaved changes; live, shares them and quits)"),
        KeyBinding(keys: [.char("/")], keyLabel: "/", action: .search, help: "search all journeys"),
        KeyBinding(keys: [.char("n")], keyLabel: "n", action: .searchNext, help: "next match"),
        KeyBinding(keys: [.char("N")], keyLabel: "N", action: .searchPrevious, help: "previous match"),
        KeyBinding(keys: [.char(":")], keyLabel: ":", action: .commandLine, help: "command line (:w :q :wq :q! :stage … :lane … :journey …)"),
        KeyBinding(keys: [.char("p")], keyLabel: "p", action: .prioritisation, help: "prioritisation panel: opportunities ranked by CX score; edit and re-rank"),
        KeyBinding(keys: [.char("c")], keyLabel: "c", action: .conflicts, help: "conflicts list after a merge: keep ours, take theirs, base or edit"),
        KeyBinding(keys: [.char("z")], keyLabel: "z", action: .focusStage, help: "focus on the current stage (again: all stages)"),
        KeyBinding(keys: [.char("Z")], keyLabel: "Z", action: .present, help: "presentation mode for projectors, a timebox in large digits (Esc returns)"),
        KeyBinding(keys: [.char("v")], keyLabel: "v", action: .vote, help: "give one of your votes to the focused card"),
        KeyBinding(keys: [.char("V")], keyLabel: "V", action: .unvote, help: "take one of your votes back"),
        KeyBinding(keys: [.char("f")], keyLabel: "f", action: .filter, help: "filter cards (kind: channel: tag: owner: persona: status: votes conflict)"),
        KeyBinding(keys: [.char("F")], keyLabel: "F", action: .clearFilter, help: "clear the filter"),
        KeyBinding(chord: [.char("g"), .char("l")], keyLabel: "g l", action: .links, help: "list the focused card's links and jump to one"),
        KeyBinding(chord: [.char("g"), .char("L")], keyLabel: "g L", action: .linkMode, help: "link mode: move to any card in any journey, Enter links or unlinks, Esc ends"),
        KeyBinding(keys: [.escape], keyLabel: "Esc", action: .cancel, help: "close the overlay or cancel; clears the search highlight"),
        KeyBinding(keys: [.char("'")], keyLabel: "'", action: .jumpBack,
                   help: "back to before the last jump (link, search, :stage N); again: forward"),
    ]


    /// The board's keys (the board layer; the global keys are in `global`).
    public static let board = KeyTable("Board", boardRows)
    /// The board layer's rows.
    public static var bindings: [KeyBinding<Action>] { board.bindings }

    public static func action(for key: Key) -> Action? { board.action(for: key) }

    /// Link mode (`g L`): these keys come before the board's while it lasts.
    public static let linking = KeyTable<Action>("Link mode (g L)", [
        KeyBinding(keys: [.enter], keyLabel: "Enter", action: .toggleLink, help: "link the focused card with the card link mode started on, or unlink them"),
        KeyBinding(keys: [.escape], keyLabel: "Esc", action: .endLinkMode, help: "end link mode"),
    ])

    /// Linear reading (`:linear`): these keys come before the board's while it lasts; the
    /// board's other keys (edit, vote, search, `:`) work on the focused card as always.
    public static let linear = KeyTable<Action>("Linear reading (:linear)", [
        KeyBinding(keys: [.down, .char("j")], keyLabel: "↓ j", action: .readNext, help: "next card in reading order (stage by stage, lane by lane)", hint: "j next card"),
        KeyBinding(keys: [.up, .char("k")], keyLabel: "↑ k", action: .readPrevious, help: "previous card in reading order", hint: "k previous"),
        KeyBinding(keys: [.home], keyLabel: "Home", action: .readFirst, help: "the journey's first card"),
        KeyBinding(keys: [.end], keyLabel: "End", action: .readLast, help: "the journey's last card"),
        KeyBinding(keys: [.escape], keyLabel: "Esc", action: .linear, help: "back to the board (so does :linear)", hint: "Esc returns to the board"),
    ])

    /// The global layer: looked up before the mode's own table, for the actions the mode allows.
    public static let global = KeyTable<GlobalAction>("Everywhere", [
        KeyBinding(keys: [.ctrl("z")], keyLabel: "Ctrl-Z", action: .suspend, help: "suspend (fg resumes)"),
        KeyBinding(keys: [.ctrl("c")], keyLabel: "Ctrl-C", action: .quit, help: "quit (asks when there are unsaved changes; live, shares them and quits)"),
        KeyBinding(keys: [.char("?")], keyLabel: "?", action: .help, help: "this help: the keys of where you are first (not while typing)"),
        KeyBinding(keys: [.char("u")], keyLabel: "u", action: .undo, help: "undo your own last edit (board and panels; live, others' edits stay)", hint: "u undo"),
        KeyBinding(keys: [.ctrl("r"), .char("U")], keyLabel: "Ctrl-R U", action: .redo, help: "redo (board and panels)"),
        KeyBinding(keys: [.char("s"), .ctrl("s")], keyLabel: "s Ctrl-S", action: .save, help: "save (board and panels)", hint: "s save"),
    ])

    public static let votes = KeyTable<ListAction>("Votes list (:votes)", listRows(jump: "go to the card"))
    public static let links = KeyTable<ListAction>("Links list (g l)", listRows(jump: "go to the linked card"))

    static func listRows(jump: String) -> [KeyBinding<ListAction>] {
        [
            KeyBinding(keys: [.down, .char("j")], keyLabel: "↓ j", action: .down, help: "next card"),
            KeyBinding(keys: [.up, .char("k")], keyLabel: "↑ k", action: .up, help: "previous card"),
            KeyBinding(keys: [.enter], keyLabel: "Enter", action: .jump, help: jump, hint: "Enter jumps"),
            KeyBinding(keys: [.escape], keyLabel: "Esc", action: .close, help: "close (so does any other key)", hint: "Esc closes"),
        ]
    }

    public static let problems = KeyTable<ListAction>("Problems found on opening", [
        KeyBinding(keys: [.down, .char("j")], keyLabel: "↓ j", action: .down, help: "scroll down", hint: "j/k scroll"),
        KeyBinding(keys: [.up, .char("k")], keyLabel: "↑ k", action: .up, help: "scroll up"),
        KeyBinding(keys: [.escape], keyLabel: "Esc", action: .close, help: "close (so does any other key)", hint: "Esc closes"),
    ])

    public static let help = KeyTable<ListAction>("Help (?)", [
        KeyBinding(keys: [.down, .char("j")], keyLabel: "↓ j", action: .down, help: "scroll down", hint: "j/k scroll"),
        KeyBinding(keys: [.up, .char("k")], keyLabel: "↑ k", action: .up, help: "scroll up"),
        KeyBinding(keys: [.pageDown, .char(" ")], keyLabel: "PgDn Space", action: .pageDown, help: "a page down"),
        KeyBinding(keys: [.pageUp], keyLabel: "PgUp", action: .pageUp, help: "a page up"),
        KeyBinding(keys: [.escape], keyLabel: "Esc", action: .close, help: "close (so does any other key)", hint: "Esc closes"),
        KeyBinding(keys: [.home, .char("g")], keyLabel: "Home g", action: .first, help: "the top"),
        KeyBinding(keys: [.end, .char("G")], keyLabel: "End G", action: .last, help: "the end", hint: "Home/End ends"),
    ])

    public static let metrics = KeyTable<ListAction>("Hero metrics (:metric)", [
        KeyBinding(keys: [.down, .char("j")], keyLabel: "↓ j", action: .down, help: "scroll down", hint: "j/k scroll"),
        KeyBinding(keys: [.up, .char("k")], keyLabel: "↑ k", action: .up, help: "scroll up"),
        KeyBinding(keys: [.escape], keyLabel: "Esc", action: .close, help: "close (so does any other key)", hint: "Esc closes"),
    ])

    public static let compare = KeyTable<ListAction>("Compare (:compare)", [
        KeyBinding(keys: [.escape], keyLabel: "Esc", action: .close, help: "close (so does any other key)", hint: "Esc closes"),
    ])

    public static let confirm = KeyTable<PromptAction>("Prompts", [
        KeyBinding(keys: [.escape], keyLabel: "Esc", action: .cancel, help: "cancel (a prompt's answers are the letters it shows in [ ])", hint: "Esc cancels"),
    ])

    public static let newCard = KeyTable<EditorAction>("New card (a)", [
        KeyBinding(keys: [.enter], keyLabel: "Enter", action: .accept, help: "keep the card", hint: "Enter keeps it"),
        KeyBinding(keys: [.escape], keyLabel: "Esc", action: .cancel, help: "drop it", hint: "Esc drops it"),
    ])

    public static let cardForm = KeyTable<EditorAction>("Card form (Enter e)", [
        KeyBinding(keys: [.tab, .down], keyLabel: "Tab ↓", action: .nextField, help: "next field", hint: "Tab next field"),
        KeyBinding(keys: [.backTab, .up], keyLabel: "Shift-Tab ↑", action: .previousField, help: "previous field"),
        KeyBinding(keys: [.enter, .ctrl("s")], keyLabel: "Enter Ctrl-S", action: .accept,
                   help: "keep the edit (the form says what is wrong otherwise); in Notes Enter starts a new line, Ctrl-S keeps", hint: "Enter keep"),
        KeyBinding(keys: [.escape], keyLabel: "Esc", action: .cancel, help: "cancel the edit", hint: "Esc cancel"),
        KeyBinding(keys: [.ctrl("t")], keyLabel: "Ctrl-T", action: .resolveComment, help: "on a comment of the thread: resolve it, or reopen it"),
        KeyBinding(keys: [.ctrl("x")], keyLabel: "Ctrl-X", action: .deleteComment, help: "on a comment of the thread: delete it (your own only)"),
    ])

    public static let commandLine = KeyTable<EditorAction>("Command line (:)", [
        KeyBinding(keys: [.enter], keyLabel: "Enter", action: .accept, help: "run the command"),
        KeyBinding(keys: [.escape], keyLabel: "Esc", action: .cancel, help: "close the command line"),
        KeyBinding(keys: [.backspace], keyLabel: "Backspace", action: .eraseOrClose, help: "erase; on an empty line, close it"),
        KeyBinding(keys: [.tab], keyLabel: "Tab", action: .complete, help: "complete a command's name or a choice (lane kinds, gates, metric ids, journeys …)"),
        KeyBinding(keys: [.up], keyLabel: "↑", action: .older, help: "an earlier command of this session"),
        KeyBinding(keys: [.down], keyLabel: "↓", action: .newer, help: "a later command of this session"),
    ])

    public static let search = KeyTable<EditorAction>("Search (/)", [
        KeyBinding(keys: [.enter], keyLabel: "Enter", action: .accept, help: "search all journeys"),
        KeyBinding(keys: [.escape], keyLabel: "Esc", action: .cancel, help: "close the search"),
        KeyBinding(keys: [.up], keyLabel: "↑", action: .older, help: "an earlier search of this session"),
        KeyBinding(keys: [.down], keyLabel: "↓", action: .newer, help: "a later search of this session"),
    ])

    public static let filter = KeyTable<EditorAction>("Filter (f)", [
        KeyBinding(keys: [.enter], keyLabel: "Enter", action: .accept, help: "apply the filter"),
        KeyBinding(keys: [.escape], keyLabel: "Esc", action: .cancel, help: "close, the filter as it was"),
    ])

    /// The keys that edit a line of text, in every editor (`LineEditor`; help and README only).
    public static let lineEditing: [KeyRow] = [
        KeyRow(keys: "← → Home End", help: "move the cursor (Ctrl-A, Ctrl-E: start, end)"),
        KeyRow(keys: "Backspace Delete", help: "erase before, after the cursor"),
        KeyRow(keys: "Ctrl-U Ctrl-K Ctrl-W", help: "erase to the start, to the end, the word before"),
    ]

    /// Every mode's table, action type erased.
    static func table(_ mode: KeyMode) -> AnyKeyTable {
        switch mode {
        case .board: return AnyKeyTable(board)
        case .linking: return AnyKeyTable(linking)
        case .linear: return AnyKeyTable(linear)
        case .prioritisation: return AnyKeyTable(PrioritisationPanel.keyTable)
        case .matrix: return AnyKeyTable(PrioritisationPanel.matrixKeyTable)
        case .prioritisationEditor: return AnyKeyTable(PrioritisationPanel.editorKeyTable)
        case .conflicts: return AnyKeyTable(ConflictsPanel.keyTable)
        case .conflictsEditor: return AnyKeyTable(ConflictsPanel.editorKeyTable)
        case .votes: return AnyKeyTable(votes)
        case .links: return AnyKeyTable(links)
        case .problems: return AnyKeyTable(problems)
        case .metrics: return AnyKeyTable(metrics)
        case .compare: return AnyKeyTable(compare)
        case .help: return AnyKeyTable(help)
        case .confirm: return AnyKeyTable(confirm)
        case .newCard: return AnyKeyTable(newCard)
        case .cardForm: return AnyKeyTable(cardForm)
        case .commandLine: return AnyKeyTable(commandLine)
        case .search: return AnyKeyTable(search)
        case .filter: return AnyKeyTable(filter)
        }
    }

    /// The key sequences of a board action: its board row, or the global row that does it
    /// (`.undo` is `u` everywhere it applies). Tests press keys by this.
    public static func keys(for action: Action) -> [[Key]] {
        let own = board.keys(for: action) + linking.keys(for: action) + linear.keys(for: action)
        if !own.isEmpty { return own }
        let globalAction: GlobalAction? = {
            switch action {
            case .suspend: return .suspend
            case .help: return .help
            case .undo: return .undo
            case .redo: return .redo
            case .save: return .save
            default: return nil
            }
        }()
        return globalAction.map { global.keys(for: $0) } ?? []
    }

    /// The key sequences of a global action.
    public static func keys(for action: GlobalAction) -> [[Key]] { global.keys(for: action) }

    /// The `:` commands (usage, help), for help and the README: the rows of `Commands`.
    public static var commands: [(String, String)] { Commands.all.map { ($0.usage, $0.help) } }

    /// The key section of the README, as Markdown: the board's keys, the global ones, the `:`
    /// commands, then every other mode's keys.
    public static var markdown: String {
        // a | in a cell (`:gate all|any|none`) would end the cell: GitHub's tables take \|
        func escaped(_ text: String) -> String { String(text.flatMap { $0 == "|" ? ["\\", "|"] : [$0] }) }
        func table(_ rows: [KeyRow]) -> String {
            "| key | does |\n|---|---|\n" + rows.map { "| `\(escaped($0.keys))` | \(escaped($0.help)) |\n" }.joined()
        }
        var text = table(board.rows)
        text += "\n\(global.title) (where it applies):\n\n" + table(global.rows)
        text += "\n| command | does |\n|---|---|\n"
        for (command, help) in commands { text += "| `\(escaped(command))` | \(escaped(help)) |\n" }
        for mode in KeyMode.allCases where mode != .board {
            text += "\n\(mode.title):\n\n" + table(mode.rows)
        }
        text += "\nIn every text being typed:\n\n" + table(lineEditing)
        return text
    }
}
