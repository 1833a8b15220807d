import JourneyKit

/// `:persona …` and the journey's own fields (`:journey persona|state|metric|delete`): each
/// change is one undoable edit, checked with the rules `journey check` applies
/// (`Validator.checkJourney`), so the board never writes a file `check` refuses.
enum PersonaCommands {
    /// The persona a word names: its id, its name, or its name in any case.
    static func find(_ text: String, in board: Board) -> Persona? {
        if let p = board.personas[text] { return p }
        let personas = board.orderedPersonas
        return personas.first { $0.name == text } ?? personas.first { $0.name.lowercased() == text.lowercased() }
    }

    /// "Ana (2 journeys), Ben": what the board's personas are, for messages.
    static func list(_ board: Board) -> String {
        let personas = board.orderedPersonas
        guard !personas.isEmpty else { return "no personas yet: \(Commands.usage("persona add"))" }
        return "personas: " + personas.map { p in
            let uses = journeys(using: p.id, in: board).count
            return DisplayText.sanitize(p.name) + (uses > 0 ? " (\(uses) journey\(uses == 1 ? "" : "s"))" : "")
        }.joined(separator: ", ")
    }

    static func journeys(using persona: String, in board: Board) -> [Journey] {
        board.orderedJourneys.filter { $0.persona == persona }
    }

    /// The words after the subcommand, quotes honoured: `rename "Ana B" Ana` is ["Ana B", "Ana"].
    static func words(_ line: String) -> [String] {
        Array(QuotedWords.split(line).dropFirst(2).map(\.text))
    }

    static func persona(_ state: inout BoardState, _ args: [String], line: String) -> [Effect] {
        let sub = args.first ?? ""
        let rest = words(line)
        switch sub {
        case "":
            state.message = list(state.board)
        case "add":
            let name = rest.joined(separator: " ")
            guard !name.isEmpty else { return CommandLine.usage(&state, "persona add") }
            if find(name, in: state.board) != nil { state.message = "a persona named \(DisplayText.sanitize(name)) exists already"; return [.bell] }
            let persona = Persona(id: IDs.persona(), name: name, order: OrderKey.between(state.board.orderedPersonas.last?.order, nil))
            state.perform(BoardEdit("add persona", [.persona(persona.id, nil, persona)]))
            state.message = "persona added: \(DisplayText.sanitize(name)) — :journey persona \(name.contains(" ") ? "\"\(DisplayText.sanitize(name))\"" : DisplayText.sanitize(name)) gives it to this journey"
        case "rename", "describe":
            guard rest.count >= 2, let old = find(rest[0], in: state.board) else {
                if let first = rest.first, find(first, in: state.board) == nil { return unknown(&state, first) }
                return CommandLine.usage(&state, "persona \(sub)")
            }
            let text = rest.dropFirst().joined(separator: " ")
            var changed = old
            if sub == "rename" {
                if let other = find(text, in: state.board), other.id != old.id { state.message = "a persona named \(DisplayText.sanitize(text)) exists already"; return [.bell] }
                changed.name = text
            } else {
                changed.description = text
            }
            state.perform(BoardEdit("\(sub) persona", [.persona(old.id, old, changed)]))
            state.message = sub == "rename" ? "persona renamed: \(DisplayText.sanitize(old.name)) → \(DisplayText.sanitize(text))"
                                            : "persona \(DisplayText.sanitize(old.name)) described"
        case "delete":
            let name = rest.joined(separator: " ")
            guard !name.isEmpty else { return CommandLine.usage(&state, "persona delete") }
            guard let persona = find(rest.count == 1 ? rest[0] : name, in: state.board) else { return unknown(&state, name) }
            let users = journeys(using: persona.id, in: state.board)
            if users.isEmpty {
                deletePersona(&state, persona.id)
            } else {
                let titles = users.map { DisplayText.sanitize($0.title) }.joined(separator: ", ")
                state.mode = .confirm(Prompt(kind: .deletePersona(persona.id),
                                             message: "Persona \"\(DisplayText.sanitize(persona.name))\" is the persona of \(titles). Delete it and leave \(users.count == 1 ? "that journey" : "those journeys") without one?",
                                             options: [("y", "delete"), ("n", "keep")]))
            }
        default:
            return CommandLine.usage(&state, group: "persona")
        }
        return []
    }

    static func unknown(_ state: inout BoardState, _ name: String) -> [Effect] {
        state.message = "no persona \(DisplayText.sanitize(name)) — \(list(state.board))"
        return [.bell]
    }

    /// Deletes a persona and clears it from the journeys that had it: one edit.
    static func deletePersona(_ state: inout BoardState, _ id: String) {
        guard let persona = state.board.personas[id] else { return }
        var changes: [BoardChange] = [.persona(id, persona, nil)]
        for j in journeys(using: id, in: state.board) {
            var cleared = j; cleared.persona = nil
            changes.append(.journey(j.id, j, cleared))
        }
        state.perform(BoardEdit("delete persona", changes))
        state.message = "persona deleted: \(DisplayText.sanitize(persona.name)) — u undoes"
    }

    // MARK: the current journey's own fields

    /// Keeps `changed` as the current journey when `journey check` would accept it; otherwise
    /// says why and changes nothing.
    static func changeJourney(_ state: inout BoardState, _ label: String, _ changed: Journey) -> Bool {
        guard let old = state.board.journeys[changed.id] else { return false }
        if let problem = Validator.problems(of: changed, in: state.board).first {
            state.message = DisplayText.sanitize(problem)
            return false
        }
        state.perform(BoardEdit(label, [.journey(old.id, old, changed)]))
        return true
    }

    static func journeyField(_ state: inout BoardState, _ sub: String, line: String) -> [Effect] {
        guard let journey = state.board.journeys[state.journeyID] else {
            state.message = "no journey yet: \(Commands.usage("journey add")) adds one"
            return [.bell]
        }
        let rest = words(line)
        var changed = journey
        switch sub {
        case "persona":
            let name = rest.joined(separator: " ")
            guard !name.isEmpty else { return CommandLine.usage(&state, "journey persona") }
            if name == "none" {
                changed.persona = nil
            } else {
                guard let persona = find(rest.count == 1 ? rest[0] : name, in: state.board) else { return unknown(&state, name) }
                changed.persona = persona.id
            }
            guard changeJourney(&state, "set journey persona", changed) else { return [.bell] }
            state.message = changed.persona == nil ? "journey \(DisplayText.sanitize(journey.title)) has no persona now"
                : "persona of \(DisplayText.sanitize(journey.title)): \(DisplayText.sanitize(state.board.personas[changed.persona!]?.name ?? ""))"
        case "state":
            guard rest.count == 1 else { return CommandLine.usage(&state, "journey state") }
            changed.state = rest[0]
            guard changeJourney(&state, "set journey state", changed) else { return [.bell] }
            state.message = "journey \(DisplayText.sanitize(journey.title)) is a \(changed.state) state"
        case "metric":
            guard let id = rest.first else {
                let values = journey.metrics.keys.sorted().map { "\($0)=\(CanonicalJSON.numberText(journey.metrics[$0]!))" }
                state.message = values.isEmpty ? "no measured metrics on this journey — usage: \(Commands.usage("journey metric"))"
                    : "measured on this journey: " + DisplayText.sanitize(values.joined(separator: ", "))
                return []
            }
            guard rest.count <= 2 else { return CommandLine.usage(&state, "journey metric") }
            if rest.count == 1 || rest[1] == "-" {
                guard journey.metrics[id] != nil else { state.message = "\(DisplayText.sanitize(id)) is not measured on this journey"; return [.bell] }
                changed.metrics[id] = nil
            } else {
                guard let value = Double(rest[1]), value.isFinite else {
                    return CommandLine.usage(&state, "journey metric", note: " (VALUE is a number, - removes it)")
                }
                changed.metrics[id] = value
            }
            guard changeJourney(&state, "set journey metric", changed) else { return [.bell] }
            state.message = changed.metrics[id].map { "\(DisplayText.sanitize(id)) of \(DisplayText.sanitize(journey.title)): \(CanonicalJSON.numberText($0))" }
                ?? "\(DisplayText.sanitize(id)) removed from \(DisplayText.sanitize(journey.title))"
        case "delete":
            let stages = state.stages.count, lanes = state.lanes.count
            let cards = journeyCards(state, journey.id).count
            state.mode = .confirm(Prompt(kind: .deleteJourney(journey.id),
                                         message: "Delete journey \"\(DisplayText.sanitize(journey.title))\" with its \(stages) stage\(stages == 1 ? "" : "s"), \(lanes) lane\(lanes == 1 ? "" : "s") and \(cards) card\(cards == 1 ? "" : "s")?",
                                         options: [("y", "delete"), ("n", "keep")]))
        default:
            return CommandLine.usage(&state, group: "journey")
        }
        return []
    }

    /// The ids of a journey's cards, cell by cell (from the cell index: no scan of the board).
    static func journeyCards(_ state: BoardState, _ journey: String) -> [String] {
        let board = state.board
        let lanes = board.lanes(of: journey)
        return board.stages(of: journey).flatMap { stage in lanes.flatMap { state.index.ids(stage: stage.id, lane: $0.id) } }
    }

    /// Deletes a journey with its stages, lanes and cards (and the links into its cards from
    /// other journeys): one edit. The board shows the next journey.
    static func deleteJourney(_ state: inout BoardState, _ id: String) {
        guard let journey = state.board.journeys[id] else { return }
        let position = state.journeys.firstIndex { $0.id == id } ?? 0
        var changes = Editing.removal(of: journeyCards(state, id), in: state)
        for stage in state.board.stages(of: id) { changes.append(.stage(stage.id, stage, nil)) }
        for lane in state.board.lanes(of: id) { changes.append(.lane(lane.id, lane, nil)) }
        changes.append(.journey(id, journey, nil))
        state.perform(BoardEdit("delete journey", changes))
        let rest = state.journeys
        state.journeyID = rest.isEmpty ? "" : rest[min(position, rest.count - 1)].id
        state.resetFocus()
        state.message = "journey deleted: \(DisplayText.sanitize(journey.title)) — u undoes"
    }
}
