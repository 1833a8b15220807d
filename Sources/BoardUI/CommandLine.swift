import JourneyKit

/// The `:` command line: runs a line through the command table (`Commands`), and the functions
/// of the commands with subcommands (`:stage …`, `:lane …`, `:journey …`).
enum CommandLine {
    static func run(_ state: inout BoardState, _ line: String) -> [Effect] {
        let words = line.trimmingSpaces.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let verb = words.first else { return [] }
        guard let command = Commands.row(for: words) else {
            state.message = "unknown command :\(verb) — ? lists the commands"
            return [.bell]
        }
        return command.handler(&state, CommandCall(line: line, arguments: Array(words.dropFirst())))
    }

    /// "usage: " and the usage of the command named `name` (a row of `Commands`).
    static func usage(_ state: inout BoardState, _ name: String, note: String = "") -> [Effect] {
        state.message = "usage: \(Commands.usage(name))\(note)"
        return [.bell]
    }

    /// "usage: " and the usage of every subcommand of `verb`.
    static func usage(_ state: inout BoardState, group verb: String) -> [Effect] {
        state.message = "usage: \(Commands.groupUsage(verb))"
        return [.bell]
    }

    /// The line's first word (the command as typed: `wq!`).
    static func verb(_ line: String) -> String {
        String(line.trimmingSpaces.split(separator: " ").first ?? "")
    }

    static func afterArgs(_ args: [String], _ n: Int) -> String { args.dropFirst(n).joined(separator: " ") }

    /// The line after its first word, as typed (inner spaces kept).
    static func afterVerb(_ line: String) -> String {
        let t = line.trimmingSpaces
        guard let sp = t.firstIndex(of: " ") else { return "" }
        return String(t[sp...]).trimmingSpaces
    }

    /// `:w`, `:wq`, `:x` save the board to its file. With a PATH they save as (vim's
    /// `:saveas`): the board is written to PATH and becomes that file — the status line names
    /// it and later saves go there; the file it was opened from stays as it was last saved.
    /// An existing PATH is written over only with `!` (`:w! PATH`). A PATH may be quoted.
    static func write(_ state: inout BoardState, _ verb: String, path raw: String) -> [Effect] {
        let quitAfter = verb.hasPrefix("wq") || verb.hasPrefix("x")
        var path = raw
        if path.count >= 2, let q = path.first, q == "\"" || q == "'", path.last == q { path = String(path.dropFirst().dropLast()) }
        if path.isEmpty || path == state.path { return [.save(path: state.path, quitAfter: quitAfter)] }
        return [.saveAs(path: path, overwrite: verb.hasSuffix("!"), quitAfter: quitAfter)]
    }

    static func stage(_ state: inout BoardState, _ args: [String], _ rest: String) -> [Effect] {
        let stages = state.stages
        let sub = args.first ?? ""
        let name = afterArgs(args, 1)
        switch sub {
        case "add":
            guard !name.isEmpty else { return usage(&state, "stage add") }
            guard !state.journeyID.isEmpty else { state.message = "usage: \(Commands.usage("journey add")) first"; return [.bell] }
            let i = stages.isEmpty ? -1 : state.stageIndex
            let before = i >= 0 ? stages[i].order : nil
            let after = i + 1 < stages.count ? stages[i + 1].order : nil
            let st = Stage(id: IDs.stage(), journey: state.journeyID, title: name, order: OrderKey.between(before, after))
            state.perform(BoardEdit("add stage", [.stage(st.id, nil, st)]))
            state.focusStage = st.id
            state.focusCard = nil
            state.repairFocus()
        case "rename":
            guard !name.isEmpty, let id = state.focusStage, let old = state.board.stages[id] else { return usage(&state, "stage rename") }
            var n = old; n.title = name
            state.perform(BoardEdit("rename stage", [.stage(id, old, n)]))
        case "move":
            guard let id = state.focusStage, let old = state.board.stages[id] else { return [] }
            let i = state.stageIndex
            var n = old
            switch args.dropFirst().first {
            case "left":
                guard i > 0 else { return [.bell] }
                n.order = OrderKey.between(i >= 2 ? stages[i - 2].order : nil, stages[i - 1].order)
            case "right":
                guard i + 1 < stages.count else { return [.bell] }
                n.order = OrderKey.between(stages[i + 1].order, i + 2 < stages.count ? stages[i + 2].order : nil)
            default: return usage(&state, "stage move")
            }
            state.perform(BoardEdit("move stage", [.stage(id, old, n)]))
        case "delete":
            guard let id = state.focusStage, let st = state.board.stages[id] else { return [] }
            let n = Editing.cardsIn(state, stage: id).count
            if n > 0 {
                state.mode = .confirm(Prompt(kind: .deleteStage(id), message: "Delete stage \"\(DisplayText.sanitize(st.title))\" and its \(n) card\(n == 1 ? "" : "s")?",
                                         options: [("y", "delete"), ("n", "keep")]))
            } else {
                Editing.deleteStage(&state, id)
            }
        default:
            return usage(&state, group: "stage")
        }
        return []
    }

    static func lane(_ state: inout BoardState, _ args: [String]) -> [Effect] {
        let lanes = state.lanes
        let sub = args.first ?? ""
        switch sub {
        case "add":
            guard args.count >= 2, let kind = LaneKind(rawValue: args[1]) else {
                return usage(&state, "lane add", note: " (KIND: \(Commands.laneKinds.joined(separator: ", ")))")
            }
            guard !state.journeyID.isEmpty else { state.message = "usage: \(Commands.usage("journey add")) first"; return [.bell] }
            let name = afterArgs(args, 2)
            let i = lanes.isEmpty ? -1 : state.laneIndex
            let before = i >= 0 ? lanes[i].order : nil
            let after = i + 1 < lanes.count ? lanes[i + 1].order : nil
            let ln = Lane(id: IDs.lane(), journey: state.journeyID, kind: kind, title: name.isEmpty ? nil : name, order: OrderKey.between(before, after))
            state.perform(BoardEdit("add lane", [.lane(ln.id, nil, ln)]))
            state.focusLane = ln.id
            state.focusCard = nil
            state.repairFocus()
        case "rename":
            let name = afterArgs(args, 1)
            guard !name.isEmpty, let id = state.focusLane, let old = state.board.lanes[id] else { return usage(&state, "lane rename") }
            var n = old; n.title = name
            state.perform(BoardEdit("rename lane", [.lane(id, old, n)]))
        case "move":
            guard let id = state.focusLane, let old = state.board.lanes[id] else { return [] }
            let i = state.laneIndex
            var n = old
            switch args.dropFirst().first {
            case "up":
                guard i > 0 else { return [.bell] }
                n.order = OrderKey.between(i >= 2 ? lanes[i - 2].order : nil, lanes[i - 1].order)
            case "down":
                guard i + 1 < lanes.count else { return [.bell] }
                n.order = OrderKey.between(lanes[i + 1].order, i + 2 < lanes.count ? lanes[i + 2].order : nil)
            default: return usage(&state, "lane move")
            }
            state.perform(BoardEdit("move lane", [.lane(id, old, n)]))
        case "delete":
            guard let id = state.focusLane, let ln = state.board.lanes[id] else { return [] }
            let n = state.stages.reduce(0) { $0 + state.index.count(stage: $1.id, lane: id) }
            if n > 0 {
                state.mode = .confirm(Prompt(kind: .deleteLane(id), message: "Delete lane \"\(DisplayText.sanitize(ln.title))\" and its \(n) card\(n == 1 ? "" : "s")?",
                                         options: [("y", "delete"), ("n", "keep")]))
            } else {
                Editing.deleteLane(&state, id)
            }
        default:
            return usage(&state, group: "lane")
        }
        return []
    }

    static var journeyAddUsage: String { Commands.usage("journey add") }

    static func journey(_ state: inout BoardState, _ args: [String], line: String) -> [Effect] {
        let sub = args.first ?? ""
        let title = afterArgs(args, 1)
        switch sub {
        case "add":
            // :journey add TITLE [--from CURRENT|JOURNEY] [--state current|future]: the title
            // is every word that is not an option or an option's value (quote it to keep
            // "--" in it); an option's value is one word (quote a title with spaces)
            var words = QuotedWords.split(line)
            words.removeFirst(min(2, words.count))   // "journey", "add"
            var titleWords: [String] = []
            var from: String?, journeyState: JourneyState?
            var i = 0
            while i < words.count {
                let w = words[i]
                i += 1
                guard w.bare.hasPrefix("--") else { titleWords.append(w.text); continue }
                var name = w.text, value: String?
                if let eq = w.bare.firstIndex(of: "=") {
                    name = String(w.text[..<eq]); value = String(w.text[w.text.index(after: eq)...])
                } else if i < words.count {
                    value = words[i].text; i += 1
                }
                switch name {
                case "--from", "--state":
                    guard let v = value, !v.isEmpty else { return usage(&state, "journey add", note: " (\(name) needs a value)") }
                    if name == "--from" { from = v; continue }
                    guard let st = JourneyState(rawValue: v.lowercased()) else {
                        return usage(&state, "journey add", note: " (--state is current or future, not \(DisplayText.sanitize(v)))")
                    }
                    journeyState = st
                default:
                    state.message = "unknown option \(DisplayText.sanitize(name)) — usage: \(journeyAddUsage)"
                    return [.bell]
                }
            }
            let name = titleWords.joined(separator: " ")
            guard !name.isEmpty else { return usage(&state, "journey add") }
            if let f = from {
                let source = f == "CURRENT" || f == "current" ? state.journeyID : JourneyLookup.find(f, in: state.board)
                guard let src = source, state.board.journeys[src] != nil else {
                    state.message = "no journey '\(DisplayText.sanitize(f))' to copy from (journeys: \(state.journeys.map { DisplayText.sanitize($0.title) }.joined(separator: ", ")); CURRENT is the one shown)"
                    return [.bell]
                }
                Facilitation.copyJourney(&state, from: src, title: name, state: journeyState ?? .future)
                return []
            }
            let js = state.journeys
            let j = Journey(id: IDs.journey(), title: name, persona: state.board.journeys[state.journeyID]?.persona,
                            state: journeyState ?? .current, order: OrderKey.between(js.last?.order, nil))
            // a new journey starts with the default lanes and one stage, ready for cards
            var changes: [BoardChange] = [.journey(j.id, nil, j)]
            let st = Stage(id: IDs.stage(), journey: j.id, title: "Stage 1", order: OrderKey.first)
            changes.append(.stage(st.id, nil, st))
            let kinds: [LaneKind] = [.steps, .touchpoints, .emotion, .pains, .opportunities]
            for (k, o) in zip(kinds, OrderKey.sequence(kinds.count)) {
                let ln = Lane(id: IDs.lane(), journey: j.id, kind: k, order: o)
                changes.append(.lane(ln.id, nil, ln))
            }
            state.perform(BoardEdit("add journey", changes))
            state.journeyID = j.id
            state.resetFocus()
            state.message = "journey added: \(DisplayText.sanitize(name))" + ((journeyState ?? .current) == .current ? "" : " [\(j.state)]")
        case "rename":
            guard !title.isEmpty, let old = state.board.journeys[state.journeyID] else { return usage(&state, "journey rename") }
            var n = old; n.title = title
            state.perform(BoardEdit("rename journey", [.journey(old.id, old, n)]))
        default:
            return usage(&state, group: "journey")
        }
        return []
    }
}
