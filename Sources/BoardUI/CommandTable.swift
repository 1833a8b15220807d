import JourneyKit

/// One argument of a `:` command: how usage writes it, and the values Tab completes when they
/// are a finite set (lane kinds, gates, metric ids, journey titles …).
struct CommandArgument: Sendable {
    /// How usage writes it ("KIND", "left|right", "[WEIGHT]", "[--from CURRENT|JOURNEY]").
    var label: String
    /// An option's name (`--from`): its value follows it, anywhere after the command's name.
    var option: String?
    /// The values Tab completes; empty: free text.
    var candidates: @Sendable (BoardState) -> [String]

    /// Free text (a name, a title, a number).
    static func text(_ label: String) -> CommandArgument { CommandArgument(label: label, option: nil) { _ in [] } }

    /// One of a fixed set of words; usage writes them `a|b|c` unless given another label.
    static func choice(_ values: [String], label: String? = nil) -> CommandArgument {
        CommandArgument(label: label ?? values.joined(separator: "|"), option: nil) { _ in values }
    }

    /// One of the board's own values (metric ids, journey titles).
    static func board(_ label: String, _ values: @escaping @Sendable (BoardState) -> [String]) -> CommandArgument {
        CommandArgument(label: label, option: nil, candidates: values)
    }

    /// `--name VALUE`, optional.
    static func option(_ name: String, _ label: String, _ values: @escaping @Sendable (BoardState) -> [String]) -> CommandArgument {
        CommandArgument(label: "[\(name) \(label)]", option: name, candidates: values)
    }
}

/// What a command's handler is given: the line as typed and its words.
struct CommandCall: Sendable {
    /// The line as typed (after the `:`).
    var line: String
    /// The words after the command's first word.
    var arguments: [String]
    /// The arguments joined by single spaces.
    var rest: String { arguments.joined(separator: " ") }
}

/// One `:` command: its name (one word, or a word and a subcommand), its arguments, its help,
/// and the function that runs it. Usage, help, the README's command table and Tab completion
/// are all derived from these rows.
struct Command: Sendable {
    /// "w", "stage add".
    var name: String
    /// Other spellings of the first word that usage shows (":wq  :x").
    var aliases: [String] = []
    /// Spellings that work but help does not list ("wq!", "metrics").
    var hiddenAliases: [String] = []
    var arguments: [CommandArgument] = []
    var help: String
    var handler: @Sendable (inout BoardState, CommandCall) -> [Effect]

    var nameWords: [String] { name.split(separator: " ").map(String.init) }
    var verb: String { nameWords[0] }
    /// Every spelling of the first word.
    var verbs: [String] { [verb] + aliases + hiddenAliases }

    /// ":stage add NAME", ":wq  :x".
    var usage: String {
        let names = ([name] + aliases).map { ":" + $0 }.joined(separator: "  ")
        return ([names] + arguments.map(\.label)).joined(separator: " ")
    }
}

/// The table of `:` commands.
enum Commands {
    static let laneKinds = LaneKind.allCases.map(\.rawValue)
    static let metricIDs: @Sendable (BoardState) -> [String] = { state in state.board.orderedHeroMetrics.map(\.id) }
    /// Journey titles as one word each (quoted when they hold a space), and CURRENT.
    static let journeyTitles: @Sendable (BoardState) -> [String] = { state in
        ["CURRENT"] + state.journeys.map { $0.title.contains(" ") ? "\"\($0.title)\"" : $0.title }
    }

    static let all: [Command] = [
        Command(name: "w", help: "save") { state, call in CommandLine.write(&state, "w", path: CommandLine.afterVerb(call.line)) },
        Command(name: "q", help: "quit (refuses with unsaved changes; live, shares the last edits and quits)") { state, _ in
            if state.isModified && state.room.isLive { return [.save(path: state.path, quitAfter: true)] }
            if state.isModified { state.message = "unsaved changes: :wq saves and quits, :q! quits without saving"; return [.bell] }
            return [.quit]
        },
        Command(name: "wq", aliases: ["x"], hiddenAliases: ["wq!", "x!"], help: "save and quit") { state, call in
            CommandLine.write(&state, CommandLine.verb(call.line), path: CommandLine.afterVerb(call.line))
        },
        Command(name: "w", arguments: [.text("PATH")], help: "save as: the board becomes PATH; later saves go there") { state, call in
            CommandLine.write(&state, "w", path: CommandLine.afterVerb(call.line))
        },
        Command(name: "w!", arguments: [.text("PATH")], help: "save as over an existing PATH (not a directory or unreadable file)") { state, call in
            CommandLine.write(&state, "w!", path: CommandLine.afterVerb(call.line))
        },
        Command(name: "q!", help: "quit without saving") { _, _ in [.deleteRecovery, .quit] },
        Command(name: "stage add", arguments: [.text("NAME")], help: "add a stage after the focused one", handler: stage),
        Command(name: "stage rename", arguments: [.text("NAME")], help: "rename the focused stage", handler: stage),
        Command(name: "stage move", arguments: [.choice(["left", "right"])], help: "move the focused stage", handler: stage),
        Command(name: "stage delete", help: "delete the focused stage (asks when it holds cards)", handler: stage),
        Command(name: "lane add", arguments: [.choice(laneKinds, label: "KIND"), .text("NAME")],
                help: "add a lane below the focused one (KIND: \(laneKinds.joined(separator: ", ")))", handler: lane),
        Command(name: "lane rename", arguments: [.text("NAME")], help: "rename the focused lane", handler: lane),
        Command(name: "lane move", arguments: [.choice(["up", "down"])], help: "move the focused lane", handler: lane),
        Command(name: "lane delete", help: "delete the focused lane (asks when it holds cards)", handler: lane),
        Command(name: "journey add",
                arguments: [.text("TITLE"), .option("--from", "CURRENT|JOURNEY", journeyTitles),
                            .option("--state", "current|future") { _ in JourneyState.allCases.map(\.rawValue) }],
                help: "add a journey (quote a TITLE holding --); --from copies the current journey (or one by title or id), as a future state unless --state says", handler: journey),
        Command(name: "journey rename", arguments: [.text("TITLE")], help: "rename the current journey", handler: journey),
        Command(name: "compare", help: "current against future: emotion and hero-metric curves stage by stage") { state, _ in
            guard Facilitation.counterpart(state) != nil else { state.message = "nothing to compare with: :journey add TITLE --from CURRENT --state future"; return [.bell] }
            state.mode = .compare
            return []
        },
        Command(name: "title", arguments: [.text("TEXT")], help: "rename the board") { state, call in
            guard !call.rest.isEmpty else { return CommandLine.usage(&state, "title") }
            state.perform(BoardEdit("rename board", [.title(state.board.title, call.rest)]))
            return []
        },
        Command(name: "as", arguments: [.text("NAME")], help: "vote as NAME (also journey FILE --as NAME; default $USER)") { state, call in
            guard !call.rest.isEmpty else { return CommandLine.usage(&state, "as") }
            state.workshop.participant = call.rest
            state.message = "voting as \(call.rest) — \(Facilitation.votesLeft(state)) of \(state.board.scoring.votesPerParticipant) votes left"
            return []
        },
        Command(name: "live", arguments: [.choice(["on", "off", "auto"], label: "[on | off | auto]")],
                help: "share edits as you make them: on (even alone), off (save on demand), auto (live while others have the board open; the default); :live alone says which") { state, call in
            RoomEvents.liveCommand(&state, call.rest)
        },
        Command(name: "votes", help: "the voted cards, most votes first (board order while hidden); Enter jumps", handler: votes),
        Command(name: "votes", arguments: [.choice(["hide", "show"], label: "hide | show")],
                help: "silent voting: hide vote counts everywhere, for every instance (saved in the board; undoable), then reveal them", handler: votes),
        Command(name: "votes clear", help: "remove every vote (asks first; undoable)", handler: votes),
        Command(name: "timer", arguments: [.text("5m | 90s | 1h | mm:ss")], help: "a timebox in the status line, shown by everyone with the board open; :timer alone stops it") { state, call in
            Facilitation.timer(&state, call.rest)
        },
        Command(name: "filter", arguments: [CommandArgument(label: "TEXT | hide | dim", option: nil) { _ in ["hide", "dim"] }],
                help: "filter cards (tag:\"first bill\"), count them; hide or dim the rest") { state, call in
            switch call.rest {
            case "hide": state.workshop.filterHides = true; state.message = "cards outside the filter are hidden"
            case "dim": state.workshop.filterHides = false; state.message = "cards outside the filter are dimmed"
            default: return Facilitation.setFilter(&state, CommandLine.afterVerb(call.line))
            }
            return []
        },
        Command(name: "metric", hiddenAliases: ["metrics"], help: "list the hero metrics", handler: metric),
        Command(name: "metric add", arguments: [.text("ID"), .text("LABEL"), .text("MIN"), .text("MAX"), .choice(Better.allCases.map(\.rawValue)), .text("[WEIGHT]")],
                help: "add a hero metric (weight 1 unless given)", handler: metric),
        Command(name: "metric remove", arguments: [.board("ID", metricIDs)],
                help: "remove a hero metric and its values on cards and journeys (undoable; weight 0 keeps them)", handler: metric),
        Command(name: "metric label", arguments: [.board("ID", metricIDs), .text("TEXT")], help: "rename a hero metric (its id stays)", handler: metric),
        Command(name: "metric unit", arguments: [.board("ID", metricIDs), .text("TEXT")], help: "set a hero metric's unit", handler: metric),
        Command(name: "metric scale", arguments: [.board("ID", metricIDs), .text("MIN"), .text("MAX")], help: "change a hero metric's scale", handler: metric),
        Command(name: "metric better", arguments: [.board("ID", metricIDs), .choice(Better.allCases.map(\.rawValue))],
                help: "which way a hero metric is better", handler: metric),
        Command(name: "metric weight", arguments: [.board("ID", metricIDs), .text("W")], help: "a hero metric's weight (0: shown, not steered by)", handler: metric),
        Command(name: "gate", arguments: [.choice(Gate.allCases.map(\.rawValue))], help: "the prioritisation gate (alone: which is in force)") { state, call in
            ScoringCommands.gate(&state, call.arguments)
        },
        Command(name: "help", hiddenAliases: ["h"], help: "this help") { state, _ in
            state.modeUnderHelp = nil
            state.mode = .help(scroll: 0)
            return []
        },
    ]

    // the commands with subcommands share one function each, which reads the subcommand
    static func stage(_ state: inout BoardState, _ call: CommandCall) -> [Effect] { CommandLine.stage(&state, call.arguments, call.rest) }
    static func lane(_ state: inout BoardState, _ call: CommandCall) -> [Effect] { CommandLine.lane(&state, call.arguments) }
    static func journey(_ state: inout BoardState, _ call: CommandCall) -> [Effect] { CommandLine.journey(&state, call.arguments, line: call.line) }
    static func metric(_ state: inout BoardState, _ call: CommandCall) -> [Effect] { ScoringCommands.metric(&state, call.arguments) }
    static func votes(_ state: inout BoardState, _ call: CommandCall) -> [Effect] {
        switch call.rest {
        case "": state.mode = .votes(selected: 0)
        case "hide", "show": return ScoringCommands.votesHidden(&state, call.rest == "hide")
        case "clear":
            state.mode = .confirm(Prompt(kind: .clearVotes, message: "Remove every vote on this board?", options: [("y", "clear votes"), ("n", "keep them")]))
        default: return CommandLine.usage(&state, group: "votes")
        }
        return []
    }

    /// The rows whose first word is `verb` (any spelling).
    static func rows(verb: String) -> [Command] { all.filter { $0.verbs.contains(verb) } }

    /// The row a line runs: the one whose subcommand is the line's second word, else the
    /// command without one, else the first of its verb (whose function says the usage).
    static func row(for words: [String]) -> Command? {
        guard let verb = words.first else { return nil }
        let candidates = rows(verb: verb)
        if words.count > 1, let sub = candidates.first(where: { $0.nameWords.count > 1 && $0.nameWords[1] == words[1] }) { return sub }
        return candidates.first { $0.nameWords.count == 1 } ?? candidates.first
    }

    /// The usage of one row (`"stage add"`), as help writes it.
    static func usage(_ name: String) -> String { all.first { $0.name == name }?.usage ?? ":" + name }

    /// The usage of every subcommand of `verb`: ":stage add NAME | rename NAME | move left|right | delete".
    static func groupUsage(_ verb: String) -> String {
        let rows = rows(verb: verb).filter { !$0.arguments.isEmpty || $0.nameWords.count > 1 }
        return rows.enumerated().map { index, row in index == 0 ? row.usage : String(row.usage.dropFirst(verb.count + 2)) }
            .joined(separator: " | ")
    }
}
