import JourneyKit

/// The prioritisation panel (`p`): the board's opportunities ranked by the CX score
/// (docs/SCORING.md), the focused one's breakdown, its numbers edited in place, the gate, and a
/// value × cost matrix. A full-screen overlay with its own keys (`PrioritisationPanel.keys`).
///
/// - It ranks the current journey's opportunities (`a`: every journey's) once when it opens and
///   keeps the `Ranking`; an edit of one card moves that card (`Ranking.updating`), anything
///   else (gate, undo, redo) ranks afresh. The focused row follows its card when it re-ranks.
/// - Edits are the board's undoable edits: `u` / Ctrl-R in the panel undo and redo on the
///   board's own stack, and the board shows them as unsaved.
/// - Keys: `e` edits the chosen field and Enter goes to the card on the board (Enter jumps, as
///   in the other lists; editing has `e`, as on the board).
public struct PrioritisationPanel: Equatable, Sendable {
    /// A number of the focused opportunity that can be edited in place.
    public enum Field: Hashable, Sendable {
        case impact(String)
        case confidence, reach, cost
    }

    /// The journey ranked; nil: every journey of the board.
    public var journey: String?
    /// The focused opportunity (the row follows its card when it re-ranks).
    public var focusCard: String?
    /// The field Tab / ← → choose, edited with `e`.
    public var field: Field
    /// The in-place editor of `field`, while editing.
    public var editor: LineEditor?
    /// The editor still holds the number as it was: the first character typed replaces it
    /// (as in a spreadsheet cell); a cursor key or Backspace edits it instead.
    public var editorFresh = false
    /// `m`: the value × cost matrix instead of the table.
    public var matrix = false
    /// The first row shown (table and matrix legend scroll to keep the focus in view).
    public var top = 0
    public private(set) var ranking: Ranking
    var stamp: Stamp

    /// What the ranking was computed from: the board's edit history and a few sizes. When it
    /// no longer matches the board (an edit or a reload while the panel was open), the panel
    /// ranks again before it is used.
    struct Stamp: Equatable, Sendable {
        var undo: Int, redo: Int, serial: Int, cards: Int, metrics: Int, gate: String
        init(_ s: BoardState) {
            undo = s.undoStack.count; redo = s.redoStack.count; serial = s.nextSerial
            cards = s.board.cards.count; metrics = s.board.heroMetrics.count; gate = s.board.scoring.gate
        }
    }

    init(_ s: BoardState, journey: String?) {
        self.journey = journey
        ranking = Scoring.ranking(s.board, journey: journey)
        stamp = Stamp(s)
        field = PrioritisationPanel.fields(s.board).first ?? .confidence
        if let c = s.focusCard, ranking.index(of: c) != nil { focusCard = c } else { focusCard = ranking.entries.first?.card }
    }

    public static func == (a: PrioritisationPanel, b: PrioritisationPanel) -> Bool {
        a.journey == b.journey && a.focusCard == b.focusCard && a.field == b.field && a.editor == b.editor && a.editorFresh == b.editorFresh
            && a.matrix == b.matrix && a.top == b.top && a.stamp == b.stamp && a.ranking.entries == b.ranking.entries
            && a.ranking.gate == b.ranking.gate
    }

    /// The 0-based rank of the focused row.
    public var focusIndex: Int? { focusCard.flatMap { ranking.index(of: $0) } }

    /// The editable fields, in Tab order: the impact on each hero metric, then confidence, reach, cost.
    public static func fields(_ b: Board) -> [Field] {
        b.orderedHeroMetrics.map { .impact($0.id) } + [.confidence, .reach, .cost]
    }

    /// Ranks again (everything), keeping the focus on its card, or on the same row when the
    /// card is no longer ranked.
    mutating func rerank(_ s: BoardState) {
        let i = focusIndex ?? 0
        ranking = Scoring.ranking(s.board, journey: journey)
        stamp = Stamp(s)
        refocus(previous: i)
        if !PrioritisationPanel.fields(s.board).contains(field) { field = PrioritisationPanel.fields(s.board).first ?? .confidence }
    }

    /// After one card changed: moves it into place.
    mutating func rerank(_ s: BoardState, card: String) {
        let i = focusIndex ?? 0
        ranking.update(s.board, card: card)
        stamp = Stamp(s)
        refocus(previous: i)
    }

    mutating func refreshIfStale(_ s: BoardState) {
        if stamp != Stamp(s) { rerank(s) }
    }

    mutating func refocus(previous i: Int) {
        if focusCard.flatMap({ ranking.index(of: $0) }) == nil {
            focusCard = ranking.entries.isEmpty ? nil : ranking.entries[min(max(0, i), ranking.count - 1)].card
        }
    }

    /// The field's value on the card as text (empty when missing).
    static func text(of f: Field, _ c: Card) -> String {
        let v: Double?
        switch f {
        case .impact(let m): v = c.impact[m]
        case .confidence: v = c.confidence
        case .reach: v = c.reach
        case .cost: v = c.cost
        }
        return v.map(CanonicalJSON.numberText) ?? ""
    }

    static func name(of f: Field, _ b: Board) -> String {
        switch f {
        case .impact(let m): return "impact on " + DisplayText.sanitize(b.heroMetrics[m]?.label ?? m)
        case .confidence: return "confidence"
        case .reach: return "reach"
        case .cost: return "cost"
        }
    }

    /// The panel's keys, for its hint line, the help overlay and the README.
    public static let keys: [(String, String)] = [
        ("j k ↓ ↑", "move between opportunities (PgUp PgDn Home End)"),
        ("Tab ← → h l", "choose the number to edit: the impact on each hero metric, confidence, reach, cost"),
        ("e", "edit the chosen number in place (Enter keeps, Esc drops; empty: back to its default)"),
        ("Enter", "go to the opportunity's card on the board"),
        ("g", "switch the gate: all → any → none (undoable)"),
        ("m", "matrix: CX score up, cost across (what the table ranks by) — quick wins, big bets, fill-ins, time sinks"),
        ("a", "this journey / every journey"),
        ("u  Ctrl-R U", "undo, redo (the board's history)"),
        ("s Ctrl-S", "save"),
        ("Esc q p", "close the panel"),
    ]
}

/// The panel's key handling.
enum Prioritisation {
    static func open(_ s: inout BoardState) -> [Effect] {
        let p = PrioritisationPanel(s, journey: s.journeyID.isEmpty ? nil : s.journeyID)
        s.mode = .prioritisation(p)
        s.message = p.ranking.count == 0 ? "no opportunities in this journey — a shows every journey's" : nil
        return []
    }

    static func handleKey(_ s: inout BoardState, _ key: Key) -> [Effect] {
        guard case .prioritisation(var p) = s.mode else { return [] }
        p.refreshIfStale(s)
        if p.editor != nil {
            let effects = edit(&s, &p, key)
            keepFocusVisible(&p, s)
            s.mode = .prioritisation(p)
            return effects
        }
        s.message = nil
        var effects: [Effect] = []
        let count = p.ranking.count
        let i = p.focusIndex ?? 0
        func focus(_ k: Int) {
            guard count > 0 else { return }
            p.focusCard = p.ranking.entries[min(max(0, k), count - 1)].card
        }
        let fields = PrioritisationPanel.fields(s.board)
        let f = fields.firstIndex(of: p.field) ?? 0
        switch key {
        case .escape, .char("q"), .char("p"):
            s.mode = .board
            return []
        case .ctrl("c"):
            s.mode = .board
            return perform(&s, .quit)
        case .ctrl("z"):
            effects = [.suspend]
        case .down, .char("j"): focus(i + 1)
        case .up, .char("k"): focus(i - 1)
        case .pageDown, .char(" "): focus(i + max(1, PrioritisationView.pageRows(s, p) - 1))
        case .pageUp: focus(i - max(1, PrioritisationView.pageRows(s, p) - 1))
        case .home: focus(0)
        case .end: focus(count - 1)
        case .tab, .right, .char("l"):
            p.field = fields[(f + 1) % fields.count]
            s.message = "chosen: \(PrioritisationPanel.name(of: p.field, s.board)) — e edits it"
        case .backTab, .left, .char("h"):
            p.field = fields[(f + fields.count - 1) % fields.count]
            s.message = "chosen: \(PrioritisationPanel.name(of: p.field, s.board)) — e edits it"
        case .char("e"):
            if p.matrix {
                s.message = "m goes back to the table, where e edits the chosen number"
            } else if let id = p.focusCard, let c = s.board.cards[id] {
                p.editor = LineEditor(PrioritisationPanel.text(of: p.field, c))
                p.editorFresh = true
            } else {
                s.message = "no opportunity to edit"
                effects = [.bell]
            }
        case .enter:
            guard let id = p.focusCard, s.board.cards[id] != nil else {
                s.message = "no opportunity here"
                s.mode = .prioritisation(p)
                return [.bell]
            }
            let before = s.journeyID
            s.mode = .board
            s.zoomed = false
            s.focus(card: id)
            var m = "#\(i + 1): \(DisplayText.sanitize(s.board.cards[id]!.text))"
            if s.journeyID != before, let n = s.journeys.firstIndex(where: { $0.id == s.journeyID }) {
                m += " — journey \(n + 1)/\(s.journeys.count): \(DisplayText.sanitize(s.board.journeys[s.journeyID]!.title))"
            }
            s.message = m + " (p: back to the panel)"
            return []
        case .char("g"):
            let all = Gate.allCases
            let next = all[((all.firstIndex(of: s.board.scoring.effectiveGate) ?? 0) + 1) % all.count]
            effects = ScoringCommands.run(&s, .gate(next), label: "gate \(next.rawValue)")
            p.rerank(s)
        case .char("a"):
            p.journey = p.journey == nil ? (s.journeyID.isEmpty ? nil : s.journeyID) : nil
            p.rerank(s)
            p.top = 0
            s.message = p.journey == nil ? "every journey's opportunities (a: this journey's)" : "this journey's opportunities (a: every journey's)"
        case .char("m"):
            p.matrix.toggle()
            p.top = 0
        case .char("u"):
            let touched = touchedCard(s.undoStack.last?.edit)
            if let what = s.undo() { s.message = "undid: \(what)" } else { s.message = "nothing to undo"; effects = [.bell] }
            p.rerank(s)
            if let c = touched, p.ranking.index(of: c) != nil { p.focusCard = c }
        case .ctrl("r"), .char("U"):
            let touched = touchedCard(s.redoStack.last?.edit)
            if let what = s.redo() { s.message = "redid: \(what)" } else { s.message = "nothing to redo"; effects = [.bell] }
            p.rerank(s)
            if let c = touched, p.ranking.index(of: c) != nil { p.focusCard = c }
        case .char("s"), .ctrl("s"):
            effects = [.save(path: s.path, quitAfter: false)]
        case .char("?"):
            s.message = PrioritisationPanel.keys.map { "\($0.0) \($0.1)" }.joined(separator: " · ")
        default:
            break
        }
        keepFocusVisible(&p, s)
        s.mode = .prioritisation(p)
        return effects
    }

    /// The first card an edit touches (undo and redo focus it, so the room sees what changed).
    static func touchedCard(_ e: BoardEdit?) -> String? {
        for c in e?.changes ?? [] { if case let .card(id, _, _) = c { return id } }
        return nil
    }

    /// Keys while the in-place editor is open: Enter keeps (when valid), Esc drops.
    static func edit(_ s: inout BoardState, _ p: inout PrioritisationPanel, _ key: Key) -> [Effect] {
        guard var ed = p.editor else { return [] }
        switch key {
        case .escape:
            p.editor = nil
            s.message = "edit dropped"
            return []
        case .enter:
            guard let id = p.focusCard, let card = s.board.cards[id] else { p.editor = nil; return [] }
            let text = ed.text.trimmingSpaces
            let name = PrioritisationPanel.name(of: p.field, s.board)
            var value: Double?
            if !text.isEmpty {
                guard let v = ScoringCommands.number(text) else {
                    s.message = "\(name) must be a number, not \"\(DisplayText.sanitize(text))\" (Esc drops the edit)"
                    return [.bell]
                }
                value = v
            }
            let edit: ScoringEdit
            switch p.field {
            case .impact(let m): edit = .impact(card: id, metric: m, value)
            case .confidence: edit = .confidence(card: id, value)
            case .reach: edit = .reach(card: id, value)
            case .cost: edit = .cost(card: id, value)
            }
            let before = p.focusIndex
            switch ScoringCommands.apply(&s, edit, label: "edit \(name)") {
            case .failure(let e):
                s.message = DisplayText.sanitize(e.message) + " (Esc drops the edit)"
                return [.bell]
            case .success(let what):
                p.editor = nil
                p.rerank(s, card: id)
                let after = p.focusIndex
                var m = DisplayText.sanitize(what)
                if let a = after, let b = before {
                    m += a == b ? " — still #\(a + 1)" : " — now #\(a + 1) (was #\(b + 1))"
                }
                if s.board.cards[id] == card { m = "unchanged" }
                s.message = m
                return []
            }
        case .char(let ch) where p.editorFresh:
            p.editor = LineEditor(String(ch))
            p.editorFresh = false
            return []
        default:
            ed.handle(key)
            p.editor = ed
            p.editorFresh = false
            return []
        }
    }

    /// Scrolls the table (or the matrix legend) so the focused row is in view.
    static func keepFocusVisible(_ p: inout PrioritisationPanel, _ s: BoardState) {
        let rows = max(1, PrioritisationView.pageRows(s, p))
        let i = p.focusIndex ?? 0
        if i < p.top { p.top = i }
        if i >= p.top + rows { p.top = i - rows + 1 }
        p.top = max(0, min(p.top, p.ranking.count - rows))
    }
}
