import JourneyKit

/// A question the board is waiting on, answered with one key.
public struct Prompt: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case quitUnsaved
        case deleteStage(String)
        case deleteLane(String)
        /// A recovery file from a session that ended without saving.
        case recovery
        case clearVotes
        case deletePersona(String)
        case deleteJourney(String)
    }
    public var kind: Kind
    public var message: String
    /// (key, label) pairs; Esc always cancels.
    public var options: [(Character, String)]

    public static func == (a: Prompt, b: Prompt) -> Bool {
        a.kind == b.kind && a.message == b.message && a.options.map(\.0) == b.options.map(\.0)
    }
}

/// What has the keyboard right now.
public enum Mode: Equatable, Sendable {
    case board
    /// Typing a new card into the focused cell.
    case adding(LineEditor)
    /// The details form of the focused card.
    case form(CardForm)
    case command(LineEditor)
    case search(LineEditor)
    case help(scroll: Int)
    case confirm(Prompt)
    /// `f`: typing a filter.
    case filter(LineEditor)
    /// `:votes`: the voted cards, most votes first (board order while votes are hidden).
    case votes(selected: Int)
    /// `gl`: the focused card's links.
    case links(selected: Int)
    /// `:compare`: current against future, stage by stage.
    case compare
    /// The prioritisation panel (`p`): see PrioritisationPanel.swift.
    case prioritisation(PrioritisationPanel)
    /// The conflicts list (`c`): resolve the board's merge records.
    case conflicts(ConflictsPanel)
    /// The `journey check` problems of the board as it was opened (`openProblems`).
    case problems(scroll: Int)
    /// `:metric`: the hero metrics, listed.
    case metrics(scroll: Int)
}

/// The whole state of an open board: a value, changed only by `reduce`.
public struct BoardState: Sendable {
    /// Any change, however made, moves `revision` on. (A `didSet` that does not read
    /// `oldValue` still modifies in place: no copy of a large board.)
    public var board: Board { didSet { revision &+= 1 } }
    public private(set) var index: CellIndex
    /// The file the board is saved to.
    public var path: String
    public var journeyID: String
    public var focusStage: String?
    public var focusLane: String?
    public var focusCard: String?
    /// First visible stage and lane (scrolling); kept so the focus stays in view.
    public var firstStage = 0
    public var firstLane = 0
    /// `z`: only the focused stage, at full width.
    public var zoomed = false
    public var mode: Mode = .board
    /// The keys of a chord pressed so far (`g` of `g l`); the next key completes or breaks it.
    public var pendingKeys: [Key] = []
    /// The mode help (`?`) was opened from, and returns to when it closes.
    public var modeUnderHelp: Mode?
    /// Whether the terminal reports mouse clicks (`--no-mouse`, `:mouse on|off`); while it does,
    /// the terminal selects text only with Shift held.
    public var mouseReporting = true
    /// This session's `:` commands and searches, oldest first (↑ ↓ recall them), and where
    /// the open prompt is in its history (nil: at the line being typed).
    public var commandHistory: [String] = []
    public var searchHistory: [String] = []
    public var historyPosition: Int?
    public var message: String?
    public var lastSearch: String?
    /// The matches of `lastSearch` are highlighted on the board (after `/`, `n`, `N`; Esc clears).
    public var highlightSearch = false
    /// Where the focus was before each jump, latest last (`'` goes back: JumpList.swift).
    public var jumps: [JumpPlace] = []
    public var width: Int
    public var height: Int
    public var useColor: Bool
    /// The colours and emphasis the board is drawn with (`--theme`, `:theme`).
    public var theme: ThemeName = .dark
    /// `:linear`: the journey read stage by stage as plain lines (LinearView.swift), the
    /// focus moving card by card and the terminal cursor on the focused card.
    public var linearReading = false
    /// Unsaved edits found in a recovery file, waiting for the user's answer.
    public var recovered: Board?
    /// Voting, timebox, filters, presentation, link mode.
    public var workshop = Workshop()
    /// The others with this board open, and whether edits are shared live (Room.swift).
    public var room = Room()
    /// Counts the times others' edits were merged in (they go on no undo history, so caches
    /// keyed on the history look at this too).
    public private(set) var othersEdits = 0
    /// Votes used per participant and links pointing at each card, kept up to date edit by
    /// edit like `index`, so the status line and card badges never scan the board.
    public private(set) var tally = VoteTally()
    /// Counts every change to the board; derived values computed from the board are kept
    /// with the revision they belong to.
    public private(set) var revision = 0
    /// Journey vs touchpoints of the current journey, as of `revision`: it reads every
    /// touchpoint of the journey, so it is refreshed after a change, not on every frame.
    var comparisonCache: (journey: String, revision: Int, value: JourneyComparison?)?
    /// Wrapped card text, remembered: wrapping measures every character with wcwidth, and the
    /// same cards are laid out on every frame. Shared by copies of the state; it only ever
    /// holds what `DisplayText.wrap` would return for the same input.
    let wrapCache = WrapCache()

    struct Step: Sendable { var serial: Int; var edit: BoardEdit }
    var undoStack: [Step] = []
    var redoStack: [Step] = []
    var nextSerial = 1
    var savedSerial = 0

    public init(board: Board, path: String, width: Int = 120, height: Int = 40, useColor: Bool = true) {
        self.board = board
        self.index = CellIndex(board)
        self.tally = VoteTally(board)
        self.path = path
        self.width = width
        self.height = height
        self.useColor = useColor
        self.journeyID = board.orderedJourneys.first?.id ?? ""
        resetFocus()
    }

    /// True when there are edits since the last save (or since opening).
    public var isModified: Bool { (undoStack.last?.serial ?? 0) != savedSerial }
    public var canUndo: Bool { !undoStack.isEmpty }
    public var canRedo: Bool { !redoStack.isEmpty }
    public var undoCount: Int { undoStack.count }

    // MARK: derived views of the current journey

    public var journeys: [Journey] { board.orderedJourneys }
    public var stages: [Stage] { board.stages(of: journeyID) }
    public var lanes: [Lane] { board.lanes(of: journeyID) }

    public var stageIndex: Int { stages.firstIndex { $0.id == focusStage } ?? 0 }
    public var laneIndex: Int { lanes.firstIndex { $0.id == focusLane } ?? 0 }

    public func cellCards(stage: String?, lane: String?) -> [String] {
        guard let s = stage, let l = lane else { return [] }
        return index.ids(stage: s, lane: l)
    }

    public var focusedCellCards: [String] { cellCards(stage: focusStage, lane: focusLane) }
    public var cardIndex: Int? { focusCard.flatMap { focusedCellCards.firstIndex(of: $0) } }
    /// What `journey check` found in the file when it was opened (`FILE:LINE:COL: error: …`
    /// lines); the board is shown as read, with a warning in the status line while any remain listed.
    public var openProblems: [String] = []

    /// Opens with the file's `journey check` problems listed over the board (Esc closes) and a
    /// warning on the message line.
    public mutating func showOpenProblems(_ lines: [String]) {
        openProblems = lines
        guard !lines.isEmpty else { return }
        mode = .problems(scroll: 0)
        message = "⚠ this board fails `journey check` (\(lines.count) problem\(lines.count == 1 ? "" : "s")): shown as read — fix them, or run `journey check \(DisplayText.sanitize(path))`"
    }

    public var focusedCard: Card? { focusCard.flatMap { board.cards[$0] } }
    /// Silent voting (`scoring.votesHidden`, saved in the board): counts are hidden everywhere;
    /// each participant still sees their own votes.
    public var votesHidden: Bool { board.scoring.votesHidden }
    /// The votes shown for a card: every participant's, or only the one at the keyboard's while
    /// votes are hidden.
    public func shownVotes(_ c: Card) -> Int { votesHidden ? (c.votes[workshop.participant] ?? 0) : c.totalVotes }

    /// Focus the first card of the first cell of the current journey.
    public mutating func resetFocus() {
        let s = stages, l = lanes
        focusStage = s.first?.id
        focusLane = l.first?.id
        focusCard = cellCards(stage: focusStage, lane: focusLane).first
        firstStage = 0
        firstLane = 0
    }

    /// Makes sure the focus points at things that exist (after undo, deletes, journey switches).
    mutating func repairFocus() {
        let s = stages, l = lanes
        if !s.contains(where: { $0.id == focusStage }) { focusStage = s.first?.id }
        if !l.contains(where: { $0.id == focusLane }) { focusLane = l.first?.id }
        let cell = focusedCellCards
        if let c = focusCard, !cell.contains(c) { focusCard = cell.first }
        if focusCard == nil { focusCard = cell.first }
    }

    /// Focus a card wherever it is (any journey).
    public mutating func focus(card id: String) {
        guard let c = board.cards[id], let j = board.journeyID(ofCard: c) else { return }
        journeyID = j
        focusStage = c.stage
        focusLane = c.lane
        focusCard = id
    }

    // MARK: editing with undo

    /// Applies an edit, records it for undo, clears redo.
    mutating func perform(_ edit: BoardEdit) {
        guard !edit.isEmpty else { return }
        apply(edit)
        undoStack.append(Step(serial: nextSerial, edit: edit))
        nextSerial += 1
        redoStack.removeAll()
    }

    mutating func apply(_ edit: BoardEdit) {
        for c in edit.changes {
            if case let .card(_, old, new) = c { index.update(old: old, new: new); tally.update(old: old, new: new) }
            board.apply(c)
        }
    }

    /// Undoes this instance's last edit. On a live board others may have changed what it
    /// touched since: their changes stay (`LiveMerge.replay`), and the label says so.
    mutating func undo() -> String? {
        guard let step = undoStack.popLast() else { return nil }
        let othersChanged = replay(step.edit.inverse)
        redoStack.append(step)
        refocus(after: step.edit, undoing: true)
        return step.edit.label + (othersChanged ? BoardState.othersChangedNote : "")
    }

    mutating func redo() -> String? {
        guard let step = redoStack.popLast() else { return nil }
        let othersChanged = replay(step.edit)
        undoStack.append(step)
        refocus(after: step.edit, undoing: false)
        return step.edit.label + (othersChanged ? BoardState.othersChangedNote : "")
    }

    static let othersChangedNote = " — someone else changed it since; their changes stay"

    /// Applies one of this instance's own edits (or its inverse) onto the board as it is now;
    /// true when others had changed what it touches.
    mutating func replay(_ edit: BoardEdit) -> Bool {
        let (e, othersChanged) = LiveMerge.replay(edit, onto: board)
        apply(e)
        return othersChanged
    }

    /// Others' edits: applied, but on no undo history (undo is per instance).
    mutating func applyOthers(_ edit: BoardEdit) {
        guard !edit.isEmpty else { return }
        apply(edit)
        othersEdits += 1
    }

    /// After undo/redo, focus the card the edit touched, so the room sees what changed.
    mutating func refocus(after edit: BoardEdit, undoing: Bool) {
        // a journey brought back (undoing its deletion) is shown; one taken away is left
        for c in edit.changes {
            if case let .journey(id, old, new) = c, (old == nil) != (new == nil) {
                if board.journeys[id] != nil { journeyID = id; resetFocus() }
                else if journeyID == id { journeyID = board.orderedJourneys.first?.id ?? ""; resetFocus() }
            }
        }
        for c in edit.changes {
            if case let .card(id, old, new) = c, let card = (undoing ? old : new) ?? nil, board.cards[id] != nil {
                _ = card
                focus(card: id)
                return
            }
        }
        repairFocus()
    }

    /// Journey vs touchpoints of the current journey: cached for this journey and revision.
    public var journeyComparison: JourneyComparison? {
        if let c = comparisonCache, c.journey == journeyID, c.revision == revision { return c.value }
        return JourneyComparison.of(board, journey: journeyID, index: index)
    }

    /// Brings the derived values up to date (called by `reduce` after every event).
    mutating func refreshDerived() {
        if let c = comparisonCache, c.journey == journeyID, c.revision == revision { return }
        comparisonCache = (journeyID, revision, JourneyComparison.of(board, journey: journeyID, index: index))
    }

    mutating func markSaved() { savedSerial = undoStack.last?.serial ?? 0 }

    /// Offers the unsaved edits of a recovery file: r recovers them (as an undoable, unsaved
    /// edit), o opens the board without them (the file stays), d deletes the file.
    public mutating func offerRecovery(_ b: Board, savedAt: String) {
        recovered = b
        mode = .confirm(Prompt(kind: .recovery,
                               message: "Unsaved edits from an earlier session were kept (\(savedAt)).",
                               options: [("r", "recover them"), ("o", "open without them"), ("d", "delete them")]))
    }

    /// Replaces the board wholesale (reload from disk), keeping the focus where possible.
    public mutating func replaceBoard(_ b: Board, keepHistory: Bool = false) {
        board = b
        index = CellIndex(b)
        tally = VoteTally(b)
        if !keepHistory { undoStack.removeAll(); redoStack.removeAll(); nextSerial = 1; savedSerial = 0 }
        if board.journeys[journeyID] == nil { journeyID = board.orderedJourneys.first?.id ?? "" }
        repairFocus()
    }
}
