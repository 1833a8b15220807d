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

    static func afterArgs(_ args: [String], _ count: Int) -> String { args.dropFirst(count).joined(separator: " ") }

    /// The line after its first word, as typed (inner spaces kept).
    static func afterVerb(_ line: String) -> String {
        let trimmed = line.trimmingSpaces
        guard let space = trimmed.firstIndex(of: " ") else { return "" }
        return String(trimmed[space...]).trimmingSpaces
    }

    /// `:w`, `:wq`, `:x` save the board to its file. With a PATH they save as (vim's
    /// `:saveas`): the board is written to PATH and becomes that file — the status line names
    /// it and later saves go there; the file it was opened from stays as it was last saved.
    /// An existing PATH is written over only with `!` (`:w! PATH`). A PATH may be quoted.
    static func write(_ state: inout BoardState, _ verb: String, path raw: String) -> [Effect] {
        let quitAfter = verb.hasPrefix("wq") || verb.hasPrefix("x")
        var path = raw
        if path.count >= 2, let quote = path.first, quote == "\"" || quote == "'", path.last == quote { path = String(path.dropFirst().dropLast()) }
        if path.isEmpty || path == state.path { return [.save(path: state.path, quitAfter: quitAfter)] }
        return [.saveAs(path: path, overwrite: verb.hasSuffix("!"), quitAfter: quitAfter)]
    }

    static func stage(_ state: inout BoardState, _ args: [String], _ rest: String) -> [Effect] {
        let stages = state.stages
        let sub = args.first ?? ""
        let name = afterArgs(args, 1)
        if let number = Int(sub), args.count == 1 {
            // :stage N: the Nth stage of the journey, 1-based
            guard number >= 1, number <= stages.count else {
                state.message = stages.isEmpty ? "no stages yet: \(Commands.usage("stage add"))" : "no stage \(number): this journey has stages 1–\(stages.count)"
                return [.bell]
            }
            return JumpList.recording(&state) { s in
                Navigation.toStage(&s, number - 1)
                s.message = "stage \(number)/\(stages.count): \(DisplayText.sanitize(stages[number - 1].title))"
                return []
            }
        }
        switch sub {
        case "add":
            guard !name.isEmpty else { return usage(&state, "stage add") }
            guard !state.journeyID.isEmpty else { state.message = "no journey yet: \(Commands.usage("journey add")) adds one"; return [.bell] }
            let index = stages.isEmpty ? -1 : state.stageIndex
            let before = index >= 0 ? stages[index].order : nil
            let after = index + 1 < stages.count ? stages[index + 1].order : nil
            let newStage = Stage(id: IDs.stage(), journey: state.journeyID, title: name, order: OrderKey.between(before, after))
            state.perform(BoardEdit("add stage", [.stage(newStage.id, nil, newStage)]))
            state.focusStage = newStage.id
            state.focusCard = nil
            state.repairFocus()
            state.message = "stage added: \(DisplayText.sanitize(name)) (\(state.stageIndex + 1) of \(stages.count + 1)) — u undoes"
        case "rename":
            guard !name.isEmpty, let id = state.focusStage, let old = state.board.stages[id] else { return usage(&state, "stage rename") }
            var changed = old; changed.title = name
            state.perform(BoardEdit("rename stage", [.stage(id, old, changed)]))
            state.message = "stage renamed: \(DisplayText.sanitize(old.title)) → \(DisplayText.sanitize(name)) — u undoes"
        case "move":
            guard let id = state.focusStage, let old = state.board.stages[id] else { return [] }
            let index = state.stageIndex
            var changed = old
            switch args.dropFirst().first {
            case "left":
                guard index > 0 else { return [.bell] }
                changed.order = OrderKey.between(index >= 2 ? stages[index - 2].order : nil, stages[index - 1].order)
            case "right":
                guard index + 1 < stages.count else { return [.bell] }
                changed.order = OrderKey.between(stages[index + 1].order, index + 2 < stages.count ? stages[index + 2].order : nil)
            default: return usage(&state, "stage move")
            }
            state.perform(BoardEdit("move stage", [.stage(id, old, changed)]))
            state.message = "stage moved \(args[1]): \(DisplayText.sanitize(old.title)) is now \(state.stageIndex + 1) of \(stages.count) — u undoes"
        case "delete":
            guard let id = state.focusStage, let stage = state.board.stages[id] else { return [] }
            let cardCount = Editing.cardsIn(state, stage: id).count
            if cardCount > 0 {
                state.mode = .confirm(Prompt(kind: .deleteStage(id), message: "Delete stage \"\(DisplayText.sanitize(stage.title))\" and its \(cardCount) card\(cardCount == 1 ? "" : "s")?",
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
            guard !state.journeyID.isEmpty else { state.message = "no journey yet: \(Commands.usage("journey add")) adds one"; return [.bell] }
            let name = afterArgs(args, 2)
            let index = lanes.isEmpty ? -1 : state.laneIndex
            let before = index >= 0 ? lanes[index].order : nil
            let after = index + 1 < lanes.count ? lanes[index + 1].order : nil
            let newLane = Lane(id: IDs.lane(), journey: state.journeyID, kind: kind, title: name.isEmpty ? nil : name, order: OrderKey.between(before, after))
            state.perform(BoardEdit("add lane", [.lane(newLane.id, nil, newLane)]))
            state.focusLane = newLane.id
            state.focusCard = nil
            state.repairFocus()
            state.message = "lane added: \(DisplayText.sanitize(newLane.title)) (\(kind.rawValue)) — u undoes"
        case "rename":
            let name = afterArgs(args, 1)
            guard !name.isEmpty, let id = state.focusLane, let old = state.board.lanes[id] else { return usage(&state, "lane rename") }
            var changed = old; changed.title = name
            state.perform(BoardEdit("rename lane", [.lane(id, old, changed)]))
            state.message = "lane renamed: \(DisplayText.sanitize(old.title)) → \(DisplayText.sanitize(name)) — u undoes"
        case "move":
            guard let id = state.focusLane, let old = state.board.lanes[id] else { return [] }
            let index = state.laneIndex
            var changed = old
            switch args.dropFirst().first {
            case "up":
                guard index > 0 else { return [.bell] }
                changed.order = OrderKey.between(index >= 2 ? lanes[index - 2].order : nil, lanes[index - 1].order)
            case "down":
                guard index + 1 < lanes.count else { return [.bell] }
                changed.order = OrderKey.between(lanes[index + 1].order, index + 2 < lanes.count ? lanes[index + 2].order : nil)
            default: return usage(&state, "lane move")
            }
            state.perform(BoardEdit("move lane", [.lane(id, old, changed)]))
            state.message = "lane moved \(args[1]): \(DisplayText.sanitize(old.title)) is now \(state.laneIndex + 1) of \(lanes.count) — u undoes"
        case "delete":
            guard let id = state.focusLane, let lane = state.board.lanes[id] else { return [] }
            let cardCount = state.stages.reduce(0) { $0 + state.index.count(stage: $1.id, lane: id) }
            if cardCount > 0 {
                state.mode = .confirm(Prompt(kind: .deleteLane(id), message: "Delete lane \"\(DisplayText.sanitize(lane.title))\" and its \(cardCount) card\(cardCount == 1 ? "" : "s")?",
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
            var index = 0
            while index < words.count {
                let word = words[index]
                index += 1
                guard word.bare.hasPrefix("--") else { titleWords.append(word.text); continue }
                var name = word.text, value: String?
                if let equals = word.bare.firstIndex(of: "=") {
                    name = String(word.text[..<equals]); value = String(word.text[word.text.index(after: equals)...])
                } else if index < words.count {
                    value = words[index].text; index += 1
                }
                switch name {
                case "--from", "--state":
                    guard let text = value, !text.isEmpty else { return usage(&state, "journey add", note: " (\(name) needs a value)") }
                    if name == "--from" { from = text; continue }
                    guard let parsed = JourneyState(rawValue: text.lowercased()) else {
                        return usage(&state, "journey add", note: " (--state is current or future, not \(DisplayText.sanitize(text)))")
                    }
                    journeyState = parsed
                default:
                    state.message = "unknown option \(DisplayText.sanitize(name)) — usage: \(journeyAddUsage)"
                    return [.bell]
                }
            }
            let name = titleWords.joined(separator: " ")
            guard !name.isEmpty else { return usage(&state, "journey add") }
            if let fromName = from {
                let source = fromName == "CURRENT" || fromName == "current" ? state.journeyID : JourneyLookup.find(fromName, in: state.board)
                guard let sourceID = source, state.board.journeys[sourceID] != nil else {
                    state.message = "no journey '\(DisplayText.sanitize(fromName))' to copy from (journeys: \(state.journeys.map { DisplayText.sanitize($0.title) }.joined(separator: ", ")); CURRENT is the one shown)"
                    return [.bell]
                }
                Editing.copyJourney(&state, from: sourceID, title: name, journeyState: journeyState ?? .future)
                return []
            }
            let journeys = state.journeys
            let newJourney = Journey(id: IDs.journey(), title: name, persona: state.board.journeys[state.journeyID]?.persona,
                            state: journeyState ?? .current, order: OrderKey.between(journeys.last?.order, nil))
            // a new journey starts with the default lanes and one stage, ready for cards
            var changes: [BoardChange] = [.journey(newJourney.id, nil, newJourney)]
            let firstStage = Stage(id: IDs.stage(), journey: newJourney.id, title: "Stage 1", order: OrderKey.first)
            changes.append(.stage(firstStage.id, nil, firstStage))
            let kinds: [LaneKind] = [.steps, .touchpoints, .emotion, .pains, .opportunities]
            for (kind, order) in zip(kinds, OrderKey.sequence(kinds.count)) {
                let newLane = Lane(id: IDs.lane(), journey: newJourney.id, kind: kind, order: order)
                changes.append(.lane(newLane.id, nil, newLane))
            }
            state.perform(BoardEdit("add journey", changes))
            state.journeyID = newJourney.id
            state.resetFocus()
            state.message = "journey added: \(DisplayText.sanitize(name))" + ((journeyState ?? .current) == .current ? "" : " [\(newJourney.state)]")
        case "rename":
            guard !title.isEmpty, let old = state.board.journeys[state.journeyID] else { return usage(&state, "journey rename") }
            var changed = old; changed.title = title
            state.perform(BoardEdit("rename journey", [.journey(old.id, old, changed)]))
            state.message = "journey renamed: \(DisplayText.sanitize(old.title)) → \(DisplayText.sanitize(title)) — u undoes"
        case "persona", "state", "metric", "delete":
            return PersonaCommands.journeyField(&state, sub, line: line)
        default:
            return usage(&state, group: "journey")
        }
        return []
    }
}
