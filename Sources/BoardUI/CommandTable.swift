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
    /// Persona names as one word each (quoted when they hold a space).
    static let personaNames: @Sendable (BoardState) -> [String] = { state in
        state.board.orderedPersonas.map { $0.name.contains(" ") ? "\"\($0.name)\"" : $0.name }
    }
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
        Command(name: "stage", arguments: [.text("N")], help: "go to stage N (1 is the first; ' goes back)", handler: stage),
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
        Command(name: "journey persona", arguments: [.board("PERSONA|none") { personaNames($0) + ["none"] }],
                help: "the current journey's persona (by name or id; none clears it)", handler: journey),
        Command(name: "journey state", arguments: [.choice(JourneyState.allCases.map(\.rawValue))],
                help: "the current journey is a current or a future state", handler: journey),
        Command(name: "journey metric", arguments: [.board("ID", metricIDs), .text("VALUE|-")],
                help: "the current journey's own measured value of a hero metric (- removes it; alone: lists them)", handler: journey),
        Command(name: "journey delete", help: "delete the current journey with its stages, lanes and cards (asks; undoable)", handler: journey),
        Command(name: "persona", help: "list the personas and how many journeys each is the persona of", handler: persona),
        Command(name: "persona add", arguments: [.text("NAME")], help: "add a persona", handler: persona),
        Command(name: "persona rename", arguments: [.board("PERSONA", personaNames), .text("NAME")],
                help: "rename a persona (quote a name with spaces)", handler: persona),
        Command(name: "persona describe", arguments: [.board("PERSONA", personaNames), .text("TEXT")],
                help: "a persona's description", handler: persona),
        Command(name: "persona delete", arguments: [.board("PERSONA", personaNames)],
                help: "delete a persona (asks when journeys have it, and clears it from them; undoable)", handler: persona),
        Command(name: "compare", help: "current against future: emotion and hero-metric curves stage by stage") { state, _ in
            guard Facilitation.counterpart(state) != nil else { state.message = "nothing to compare with: :journey add TITLE --from CURRENT --state future"; return [.bell] }
            state.mode = .compare
            return []
        },
        Command(name: "title", arguments: [.text("TEXT")], help: "rename the board") { state, call in
            guard !call.rest.isEmpty else { return CommandLine.usage(&state, "title") }
            let old = state.board.title
            state.perform(BoardEdit("rename board", [.title(old, call.rest)]))
            state.message = "board renamed: \(DisplayText.sanitize(old)) → \(DisplayText.sanitize(call.rest)) — u undoes"
            return []
        },
        Command(name: "as", arguments: [.text("NAME")], help: "vote as NAME (also journey FILE --as NAME; default $USER)") { state, call in
            guard !call.rest.isEmpty else { return CommandLine.usage(&state, "as") }
            state.workshop.participant = call.rest
            state.message = "voting as \(call.rest) — \(Facilitation.votesLeft(state)) of \(state.board.scoring.votesPerParticipant) votes left"
            return []
        },
        Command(name: "sync", help: "save, then commit the board (only it) to git, pull with the merge driver, push: journey sync", handler: sync),
        Command(name: "sync", arguments: [CommandArgument(label: "--every 30s | off", option: nil) { _ in ["--every"] }],
                help: "sync on a schedule (waits while you type); off stops it", handler: sync),
        Command(name: "comment", arguments: [.text("TEXT")], help: "add a comment to the focused card, as the participant (the form's thread resolves and deletes)") { state, call in
            Comments.add(&state, text: CommandLine.afterVerb(call.line))
        },
        Command(name: "live", arguments: [.choice(["on", "off", "auto"], label: "[on | off | auto]")],
                help: "share edits as you make them: on (even alone), off (save on demand), auto (live while others have the board open; the default); :live alone says which") { state, call in
            RoomEvents.liveCommand(&state, call.rest)
        },
        Command(name: "votes", help: "the voted cards and their stages, most votes first (board order while hidden); Enter jumps", handler: votes),
        Command(name: "votes", arguments: [.choice(["hide", "show"], label: "hide | show")],
                help: "silent voting: hide vote counts everywhere, for every instance (saved in the board; undoable), then reveal them", handler: votes),
        Command(name: "votes clear", help: "remove every vote (asks first; undoable)", handler: votes),
        Command(name: "timer", arguments: [.text("5m | 90s | 1h | mm:ss")], help: "a timebox in the status line, shown by everyone with the board open; :timer alone stops it") { state, call in
            Facilitation.timer(&state, call.rest)
        },
        Command(name: "timer pause", help: "pause the timebox (the status line says so)") { state, _ in Facilitation.timer(&state, "pause") },
        Command(name: "timer resume", help: "carry on counting down from where it was paused") { state, _ in Facilitation.timer(&state, "resume") },
        Command(name: "timer", arguments: [.text("+2m | -1m")], help: "more (or less) time on the timebox, running or paused") { state, call in
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
        Command(name: "mouse", arguments: [.choice(["on", "off"])],
                help: "mouse reporting on (click, wheel; Shift+drag selects text) or off (the terminal selects text; --no-mouse starts so)") { state, call in
            switch call.rest {
            case "on", "off":
                state.mouseReporting = call.rest == "on"
                state.message = state.mouseReporting ? "mouse on: click and wheel work; Shift+drag selects text" : "mouse off: drag selects text; :mouse on turns it back"
                return [.mouse(state.mouseReporting)]
            case "":
                state.message = state.mouseReporting ? "mouse is on (:mouse off lets the terminal select text)" : "mouse is off (:mouse on turns it on)"
                return []
            default: return CommandLine.usage(&state, "mouse")
            }
        },
        Command(name: "linear", help: "read the journey stage by stage as plain lines, card by card, the cursor on the focused card (for screen readers); again, or Esc: the board") { state, _ in
            LinearView.toggle(&state)
        },
        Command(name: "theme", arguments: [.choice(ThemeName.names)],
                help: "colours for the room: dark, light (light backgrounds), high-contrast (projectors); alone: which is in force") { state, call in
            guard !call.rest.isEmpty else {
                state.message = "theme: \(state.theme.rawValue)\(state.useColor ? "" : " (no colours: NO_COLOR or --no-color)")"
                return []
            }
            guard let theme = ThemeName(rawValue: call.rest) else { return CommandLine.usage(&state, "theme") }
            state.theme = theme
            state.message = "theme: \(theme.rawValue)"
            return []
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
    static func persona(_ state: inout BoardState, _ call: CommandCall) -> [Effect] { PersonaCommands.persona(&state, call.arguments, line: call.line) }
    static func metric(_ state: inout BoardState, _ call: CommandCall) -> [Effect] { ScoringCommands.metric(&state, call.arguments) }
    static func sync(_ state: inout BoardState, _ call: CommandCall) -> [Effect] {
        guard call.rest.isEmpty else { return SyncSchedule.set(&state, call.rest) }
        state.message = "syncing \(DisplayText.sanitize(state.path)) with its git remote…"
        return [.sync]
    }
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
