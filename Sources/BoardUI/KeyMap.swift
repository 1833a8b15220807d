/// The one key table. It drives the board, and the help overlay (`?`) and the README's key
/// list are generated from it, so the three never disagree.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    /// How the keys are written in help ("h ← ", "Ctrl-R").
    public var keyLabel: String
    public var action: Action
    public var help: String
}

public enum KeyMap {
    public static let bindings: [KeyBinding] = [
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
        KeyBinding(keys: [.char("u")], keyLabel: "u", action: .undo, help: "undo"),
        KeyBinding(keys: [.ctrl("r"), .char("U")], keyLabel: "Ctrl-R U", action: .redo, help: "redo"),
        KeyBinding(keys: [.char("s"), .ctrl("s")], keyLabel: "s Ctrl-S", action: .save, help: "save"),
        KeyBinding(keys: [.char("q"), .ctrl("c")], keyLabel: "q Ctrl-C", action: .quit, help: "quit (asks when there are unsaved changes)"),
        KeyBinding(keys: [.char("/")], keyLabel: "/", action: .search, help: "search all journeys"),
        KeyBinding(keys: [.char("n")], keyLabel: "n", action: .searchNext, help: "next match"),
        KeyBinding(keys: [.char("N")], keyLabel: "N", action: .searchPrevious, help: "previous match"),
        KeyBinding(keys: [.char(":")], keyLabel: ":", action: .commandLine, help: "command line (:w :q :wq :q! :stage … :lane … :journey …)"),
        KeyBinding(keys: [.char("p")], keyLabel: "p", action: .prioritisation, help: "prioritisation panel: opportunities ranked by CX score; edit and re-rank"),
        KeyBinding(keys: [.char("c")], keyLabel: "c", action: .conflicts, help: "conflicts list after a merge: keep ours, take theirs, base or edit"),
        KeyBinding(keys: [.char("z")], keyLabel: "z", action: .focusStage, help: "focus on the current stage (again: all stages)"),
        KeyBinding(keys: [.char("Z")], keyLabel: "Z", action: .present, help: "presentation mode for projectors (Esc returns)"),
        KeyBinding(keys: [.char("v")], keyLabel: "v", action: .vote, help: "give one of your votes to the focused card"),
        KeyBinding(keys: [.char("V")], keyLabel: "V", action: .unvote, help: "take one of your votes back"),
        KeyBinding(keys: [.char("f")], keyLabel: "f", action: .filter, help: "filter cards (kind: channel: tag: owner: persona: status: votes conflict)"),
        KeyBinding(keys: [.char("F")], keyLabel: "F", action: .clearFilter, help: "clear the filter"),
        KeyBinding(keys: [.char("g")], keyLabel: "g l", action: .goPrefix, help: "list the focused card's links and jump to one"),
        KeyBinding(keys: [], keyLabel: "g L", action: .goPrefix, help: "link mode: move to any card in any journey, Enter links or unlinks, Esc ends"),
        KeyBinding(keys: [.char("?")], keyLabel: "?", action: .help, help: "this help"),
        KeyBinding(keys: [.ctrl("z")], keyLabel: "Ctrl-Z", action: .suspend, help: "suspend (fg resumes)"),
        KeyBinding(keys: [.escape], keyLabel: "Esc", action: .cancel, help: "close the overlay or cancel"),
    ]

    static let table: [Key: Action] = {
        var t: [Key: Action] = [:]
        for b in bindings { for k in b.keys where t[k] == nil { t[k] = b.action } }
        return t
    }()

    public static func action(for key: Key) -> Action? { table[key] }

    /// The `:` commands, for help and the README.
    public static let commands: [(String, String)] = [
        (":w", "save"), (":q", "quit (refuses with unsaved changes)"), (":wq  :x", "save and quit"),
        (":w PATH", "save as: the board becomes PATH; later saves go there"),
        (":w! PATH", "save as over an existing PATH (not a directory or unreadable file)"),
        (":q!", "quit without saving"),
        (":stage add NAME", "add a stage after the focused one"),
        (":stage rename NAME", "rename the focused stage"),
        (":stage move left|right", "move the focused stage"),
        (":stage delete", "delete the focused stage (asks when it holds cards)"),
        (":lane add KIND NAME", "add a lane below the focused one (KIND: steps, touchpoints, thoughts, emotion, pains, opportunities, solutions, backstage, insights, notes)"),
        (":lane rename NAME", "rename the focused lane"),
        (":lane move up|down", "move the focused lane"),
        (":lane delete", "delete the focused lane (asks when it holds cards)"),
        (":journey add TITLE [--state current|future]", "add a journey (quote a TITLE holding --)"),
        (":journey rename TITLE", "rename the current journey"),
        (":journey add TITLE --from CURRENT|JOURNEY", "copy the current journey (or one by title or id) as a future state"),
        (":compare", "current against future: emotion and hero-metric curves stage by stage"),
        (":title TEXT", "rename the board"),
        (":as NAME", "vote as NAME (also journey FILE --as NAME; default $USER)"),
        (":votes", "the voted cards, most votes first (board order while hidden); Enter jumps"),
        (":votes hide | show", "silent voting: hide vote counts everywhere, for every instance (saved in the board; undoable), then reveal them"),
        (":votes clear", "remove every vote (asks first; undoable)"),
        (":timer 5m | 90s | 1h | mm:ss", "a timebox in the status line; :timer alone stops it"),
        (":filter TEXT | hide | dim", "filter cards (tag:\"first bill\"), count them; hide or dim the rest"),
        (":metric", "list the hero metrics"),
        (":metric add ID LABEL MIN MAX higher|lower [WEIGHT]", "add a hero metric (weight 1 unless given)"),
        (":metric remove ID", "remove a hero metric and its values on cards and journeys (undoable; weight 0 keeps them)"),
        (":metric label ID TEXT", "rename a hero metric (its id stays)"),
        (":metric unit ID TEXT", "set a hero metric's unit"),
        (":metric scale ID MIN MAX", "change a hero metric's scale"),
        (":metric better ID higher|lower", "which way a hero metric is better"),
        (":metric weight ID W", "a hero metric's weight (0: shown, not steered by)"),
        (":gate all|any|none", "the prioritisation gate (alone: which is in force)"),
    ]

    /// The key list as Markdown table rows (the README's "Keys" section is this text).
    public static var markdown: String {
        // a | in a cell (`:gate all|any|none`) would end the cell: GitHub's tables take \|
        func e(_ t: String) -> String { String(t.flatMap { $0 == "|" ? ["\\", "|"] : [$0] }) }
        var s = "| key | does |\n|---|---|\n"
        for b in bindings { s += "| `\(e(b.keyLabel))` | \(e(b.help)) |\n" }
        s += "\n| command | does |\n|---|---|\n"
        for (c, h) in commands { s += "| `\(e(c))` | \(e(h)) |\n" }
        s += "\nIn the prioritisation panel (`p`):\n\n| key | does |\n|---|---|\n"
        for (k, h) in PrioritisationPanel.keys { s += "| `\(e(k))` | \(e(h)) |\n" }
        return s
    }
}
