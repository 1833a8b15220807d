import JourneyKit

/// Scoring edits on the board (`ScoringEdit`, checked by `Board.apply`) as undoable steps, and
/// the `:metric …` and `:gate …` commands that make them.
enum ScoringCommands {
    /// Applies `edit` as one undoable step labelled `label`; on refusal nothing changes and the
    /// error says why. An edit of one card's numbers records that card's change only (a key in
    /// the panel costs the same on a 100k-card board); hero-metric and gate edits record the
    /// metrics and the scoring settings; removing a metric also records every card and journey
    /// whose values for it were removed.
    @discardableResult
    static func apply(_ s: inout BoardState, _ edit: ScoringEdit, label: String) -> Result<String, ScoringEditError> {
        switch edit {
        case let .impact(id, _, _), let .confidence(id, _), let .reach(id, _), let .cost(id, _):
            guard let old = s.board.cards[id] else { return .failure(ScoringEditError("no card \(id)")) }
            // the edit checks against the metrics: a board of the metrics and this one card will do
            var mini = Board(title: "")
            mini.heroMetrics = s.board.heroMetrics
            mini.cards[id] = old
            let r = mini.apply(edit)
            if case .success = r, let new = mini.cards[id], new != old {
                s.perform(BoardEdit(label, [.card(id, old, new)]))
            }
            return r
        case .removeMetric:
            var b = s.board
            let r = b.apply(edit)
            if case .success = r { s.perform(BoardEdit.between(s.board, b, label: label)) }
            return r
        default:
            var b = s.board
            let r = b.apply(edit)
            if case .success = r {
                var changes: [BoardChange] = []
                for (id, m) in s.board.heroMetrics where b.heroMetrics[id] != m { changes.append(.heroMetric(id, m, b.heroMetrics[id])) }
                for (id, m) in b.heroMetrics where s.board.heroMetrics[id] == nil { changes.append(.heroMetric(id, nil, m)) }
                if b.scoring != s.board.scoring { changes.append(.scoring(s.board.scoring, b.scoring)) }
                s.perform(BoardEdit(label, changes))
            }
            return r
        }
    }

    /// Runs an edit from the command line: the outcome goes to the message line.
    static func run(_ s: inout BoardState, _ edit: ScoringEdit, label: String) -> [Effect] {
        switch apply(&s, edit, label: label) {
        case .success(let m):
            s.message = DisplayText.sanitize(m) + " — u undoes"
            return []
        case .failure(let e):
            s.message = DisplayText.sanitize(e.message)
            return [.bell]
        }
    }

    /// A number as people type it: `12`, `-0.5`, `+3`, `−1` (a minus sign), `85%`.
    static func number(_ text: String) -> Double? {
        var t = text.trimmingSpaces
        if t.hasSuffix("%") { t.removeLast() }
        t = String(t.map { $0 == "−" ? "-" : $0 })
        if t.hasPrefix("+") { t.removeFirst() }
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "e" || $0 == "E") }),
              let v = Double(t), v.isFinite else { return nil }
        return v
    }

    static var metricUsage: String { Commands.groupUsage("metric") }

    /// `:metric …` — see the `metric` rows of `Commands`. With no arguments (or `list`), lists the hero metrics.
    static func metric(_ s: inout BoardState, _ args: [String]) -> [Effect] {
        func usage(_ name: String? = nil) -> [Effect] {
            s.message = "usage: \(name.map(Commands.usage) ?? metricUsage)"
            return [.bell]
        }
        func notNumber(_ what: String, _ t: String) -> [Effect] {
            s.message = "\(what) must be a number, not \"\(DisplayText.sanitize(t))\""
            return [.bell]
        }
        let sub = args.first ?? "list"
        let rest = Array(args.dropFirst())
        switch sub {
        case "list":
            // listed in an overlay: a message line cannot hold more than a metric or two
            guard !s.board.heroMetrics.isEmpty else { s.message = "no hero metrics — \(Commands.usage("metric add"))"; return [] }
            s.mode = .metrics(scroll: 0)
            return []
        case "add":
            // ID LABEL… MIN MAX higher|lower [WEIGHT]: read from the end, so the label may have spaces
            guard rest.count >= 5 else { return usage("metric add") }
            var tail = rest[...]
            var weight = 1.0
            if Better(rawValue: tail.last!) == nil {
                guard let w = number(tail.last!) else { return usage("metric add") }
                weight = w
                tail = tail.dropLast()
            }
            guard tail.count >= 5, let better = Better(rawValue: tail.last!) else {
                return usage("metric add")
            }
            tail = tail.dropLast()
            guard let hi = number(tail.last!) else { return notNumber("max", tail.last!) }
            tail = tail.dropLast()
            guard let lo = number(tail.last!) else { return notNumber("min", tail.last!) }
            tail = tail.dropLast()
            let id = tail.first!
            var label = tail.dropFirst().joined(separator: " ")
            if label.count >= 2, label.first == "\"", label.last == "\"" { label = String(label.dropFirst().dropLast()) }
            let m = HeroMetric(id: id, label: label, min: lo, max: hi, better: better, weight: weight, order: "")
            return run(&s, .addMetric(m), label: "add hero metric \(id)")
        case "remove", "delete":
            guard rest.count == 1 else { return usage("metric remove") }
            return run(&s, .removeMetric(rest[0]), label: "remove hero metric \(rest[0])")
        case "label", "rename":
            guard rest.count >= 2 else { return usage("metric label") }
            var label = rest.dropFirst().joined(separator: " ")
            if label.count >= 2, label.first == "\"", label.last == "\"" { label = String(label.dropFirst().dropLast()) }
            return run(&s, .metricLabel(rest[0], label), label: "relabel hero metric \(rest[0])")
        case "unit":
            guard rest.count >= 1 else { return usage("metric unit") }
            return run(&s, .metricUnit(rest[0], rest.dropFirst().joined(separator: " ")), label: "unit of hero metric \(rest[0])")
        case "scale":
            guard rest.count == 3 else { return usage("metric scale") }
            guard let lo = number(rest[1]) else { return notNumber("min", rest[1]) }
            guard let hi = number(rest[2]) else { return notNumber("max", rest[2]) }
            return run(&s, .metricScale(rest[0], min: lo, max: hi), label: "scale of hero metric \(rest[0])")
        case "better":
            guard rest.count == 2, let b = Better(rawValue: rest[1]) else { return usage("metric better") }
            return run(&s, .metricDirection(rest[0], b), label: "direction of hero metric \(rest[0])")
        case "weight":
            guard rest.count == 2 else { return usage("metric weight") }
            guard let w = number(rest[1]) else { return notNumber("weight", rest[1]) }
            return run(&s, .metricWeight(rest[0], w), label: "weight of hero metric \(rest[0])")
        default:
            return usage()
        }
    }

    /// `:votes hide` / `:votes show`: silent voting is board state, saved and undoable like the gate.
    static func votesHidden(_ s: inout BoardState, _ hidden: Bool) -> [Effect] {
        guard s.board.scoring.votesHidden != hidden else {
            s.message = hidden ? "vote counts are already hidden — :votes show reveals them" : "vote counts are already shown"
            return []
        }
        return run(&s, .votesHidden(hidden), label: hidden ? "hide votes" : "show votes")
    }

    /// `:gate all|any|none`; `:gate` alone says which gate is in force.
    static func gate(_ s: inout BoardState, _ args: [String]) -> [Effect] {
        guard let word = args.first else {
            let g = s.board.scoring.effectiveGate
            s.message = "gate: \(g.rawValue) — \(g.summary) (\(Commands.usage("gate")) changes it)"
            return []
        }
        guard args.count == 1, let g = Gate(rawValue: word) else {
            s.message = "usage: \(Commands.usage("gate"))"
            return [.bell]
        }
        return run(&s, .gate(g), label: "gate \(g.rawValue)")
    }
}
