/// What an import created and what it left out or changed: `journey import` prints it.
public struct ImportReport: Equatable, Sendable {
    public struct JourneyResult: Equatable, Sendable {
        public var title: String
        /// A journey the import made (not one the board had).
        public var created: Bool
        public var stagesCreated: [String] = []
        public var lanesCreated: [ImportDraft.Lane] = []
        public var cardsCreated = 0
        /// Cards of the source already on the board (the same text in the same cell): not added again.
        public var cardsAlreadyThere = 0
    }

    public var journeys: [JourneyResult] = []
    public var personasCreated: [String] = []
    /// The readers' notes (skipped and changed things, with where), then the import's own.
    public var notes: [ImportNote] = []

    public init() {}

    public var journeysCreated: Int { journeys.filter(\.created).count }
    public var stagesCreated: Int { journeys.reduce(0) { $0 + $1.stagesCreated.count } }
    public var lanesCreated: Int { journeys.reduce(0) { $0 + $1.lanesCreated.count } }
    public var cardsCreated: Int { journeys.reduce(0) { $0 + $1.cardsCreated } }
    public var cardsAlreadyThere: Int { journeys.reduce(0) { $0 + $1.cardsAlreadyThere } }
    /// Whether the import changes the board at all.
    public var changesBoard: Bool { journeysCreated + stagesCreated + lanesCreated + cardsCreated + personasCreated.count > 0 }
}

/// Turns import drafts into a board, or adds them to one, the way every edit of JourneyKit
/// makes things: random ids (`IDs`), order keys after the last of their list (`OrderKey`), a
/// new board with the default hero metrics as `BoardTemplate` makes one.
///
/// - A journey goes into the one `journey` names (by id or title; a journey of that title is
///   made when there is none), else into the board's journey of the same title, else a new one.
/// - Stages are matched by title (the second "Checkout" of a source to the journey's second
///   "Checkout"); lanes by title and kind, then by title, then (except notes lanes) by kind;
///   what is missing is made after the journey's last stage or lane.
/// - A card is appended at the end of its cell — unless the cell already holds a card of the
///   same text that no other card of this import has matched: so an import run twice adds
///   nothing the second time, while a source holding the same text twice gets two cards.
/// - An emotion on a card outside an emotion lane (a spreadsheet's emotion column) also gives
///   an emotion card of the same text in the journey's emotion lane (made when it has none),
///   so it is on the emotion curve.
/// - Personas: one per draft persona name the board does not have; a new journey's persona is
///   the draft's.
public enum ImportApply {
    /// The participant an imported vote count is kept under (a sticky's dots name no one).
    public static let importedVoter = "imported"

    /// A new board holding the drafts. `title`: the board's title (default: the first draft's).
    public static func newBoard(_ drafts: [ImportDraft], journey: String? = nil, title: String? = nil) -> (Board, ImportReport) {
        let fallback = drafts.lazy.compactMap { $0.boardTitle ?? $0.journeys.first?.title }.first { !$0.isEmpty }
        var board = Board(title: title ?? fallback ?? "Imported journeys")
        board.heroMetrics = Board.defaultHeroMetrics
        return add(drafts, to: board, journey: journey)
    }

    /// `board` with the drafts added, and what was done.
    public static func add(_ drafts: [ImportDraft], to board: Board, journey target: String? = nil) -> (Board, ImportReport) {
        var applier = Applier(board: board)
        for draft in drafts {
            applier.report.notes += draft.notes
            for persona in draft.personas { _ = applier.persona(named: persona.name, description: persona.description) }
            for j in draft.journeys { applier.add(j, into: target) }
        }
        return (applier.board, applier.report)
    }
}

private struct Applier {
    var board: Board
    var report = ImportReport()
    /// Per cell (stage, lane): how many cards of each text it holds that no draft card has matched yet.
    var unmatched: [CellIndex.Key: [String: Int]] = [:]
    /// Per cell: the order key of its last card.
    var lastOrder: [CellIndex.Key: String] = [:]
    /// Journeys whose cards are in `unmatched` and `lastOrder`.
    var indexedJourneys: Set<String> = []

    init(board: Board) { self.board = board }

    mutating func persona(named name: String, description: String = "") -> String {
        if let p = board.personas.values.first(where: { $0.name == name }) { return p.id }
        let id = IDs.persona()
        let order = board.orderedPersonas.last.map { OrderKey.increment($0.order) } ?? OrderKey.first
        board.personas[id] = Persona(id: id, name: name, description: description, order: order)
        report.personasCreated.append(name)
        return id
    }

    /// The cards of one journey, by cell: counted once per journey, kept up to date as cards are added.
    mutating func index(journey: String) {
        guard indexedJourneys.insert(journey).inserted else { return }
        let stageIDs = Set(board.stages.values.filter { $0.journey == journey }.map(\.id))
        guard !stageIDs.isEmpty else { return }
        for card in board.cards.values where stageIDs.contains(card.stage) {
            let key = CellIndex.Key(stage: card.stage, lane: card.lane)
            unmatched[key, default: [:]][card.text, default: 0] += 1
            if let last = lastOrder[key], !CanonicalJSON.keyPrecedes(last, card.order) { continue }
            lastOrder[key] = card.order
        }
    }

    mutating func add(_ draft: ImportDraft.Journey, into target: String?) {
        let title = target ?? draft.title
        var result = ImportReport.JourneyResult(title: title, created: false)
        let jid: String
        if let found = target.flatMap({ JourneyLookup.find($0, in: board) }) ?? (target == nil ? board.orderedJourneys.first(where: { $0.title == draft.title })?.id : nil) {
            jid = found
            result.title = board.journeys[found]!.title
            if board.journeys[found]!.description.isEmpty, let d = draft.description { board.journeys[found]!.description = d }
            if board.journeys[found]!.persona == nil, let p = draft.persona { board.journeys[found]!.persona = persona(named: p) }
        } else {
            jid = IDs.journey()
            let order = board.orderedJourneys.last.map { OrderKey.increment($0.order) } ?? OrderKey.first
            var j = Journey(id: jid, title: title, persona: draft.persona.map { persona(named: $0) }, order: order)
            j.description = draft.description ?? ""
            board.journeys[jid] = j
            result.created = true
        }
        index(journey: jid)

        // stages: the n-th stage of a title in the source is the n-th of that title in the journey
        var existingStages = board.stages(of: jid)
        var used = Set<String>()
        var stageIDs: [String] = []
        for name in draft.stages {
            if let s = existingStages.first(where: { !used.contains($0.id) && $0.title == name })
                ?? existingStages.first(where: { !used.contains($0.id) && $0.title.lowercased() == name.lowercased() }) {
                used.insert(s.id)
                stageIDs.append(s.id)
                continue
            }
            let id = IDs.stage()
            let stage = Stage(id: id, journey: jid, title: name, order: existingStages.last.map { OrderKey.increment($0.order) } ?? OrderKey.first)
            board.stages[id] = stage
            existingStages.append(stage)
            used.insert(id)
            stageIDs.append(id)
            result.stagesCreated.append(name)
        }

        // lanes: by title and kind, by title, by kind (not notes), else a new lane
        var existingLanes = board.lanes(of: jid)
        var usedLanes = Set<String>()
        var laneIDs: [String] = []
        for lane in draft.lanes {
            let free = existingLanes.filter { !usedLanes.contains($0.id) }
            let title = lane.title.lowercased()
            if let l = free.first(where: { $0.laneKind == lane.kind && $0.title.lowercased() == title })
                ?? free.first(where: { $0.title.lowercased() == title })
                ?? (lane.kind == .notes ? nil : free.first(where: { $0.laneKind == lane.kind })) {
                usedLanes.insert(l.id)
                laneIDs.append(l.id)
                continue
            }
            let id = IDs.lane()
            let new = Lane(id: id, journey: jid, kind: lane.kind, title: lane.title, order: existingLanes.last.map { OrderKey.increment($0.order) } ?? OrderKey.first)
            board.lanes[id] = new
            existingLanes.append(new)
            usedLanes.insert(id)
            laneIDs.append(id)
            result.lanesCreated.append(lane)
        }

        // an emotion on a card of another kind (a spreadsheet's emotion column) is shown as an
        // emotion card of the same text, in the journey's emotion lane
        var emotionLane: String?
        func laneForEmotions() -> String {
            if let l = emotionLane { return l }
            let id = zip(draft.lanes, laneIDs).first { $0.0.kind == .emotion }?.1
                ?? existingLanes.first { $0.laneKind == .emotion && !usedLanes.contains($0.id) }?.id
                ?? {
                    let id = IDs.lane()
                    let lane = Lane(id: id, journey: jid, kind: .emotion, order: existingLanes.last.map { OrderKey.increment($0.order) } ?? OrderKey.first)
                    board.lanes[id] = lane
                    existingLanes.append(lane)
                    result.lanesCreated.append(ImportDraft.Lane(title: lane.title, kind: .emotion))
                    return id
                }()
            emotionLane = id
            return id
        }

        for c in draft.cards where stageIDs.indices.contains(c.stage) && laneIDs.indices.contains(c.lane) {
            let lane = laneIDs[c.lane]
            let isEmotionLane = board.lanes[lane]?.laneKind == .emotion
            add(c, stage: stageIDs[c.stage], lane: lane, value: isEmotionLane ? c.emotion : nil, to: &result)
            if !isEmotionLane, let e = c.emotion, e.isFinite {
                var feeling = ImportDraft.Card(stage: c.stage, lane: c.lane, text: c.text, source: c.source)
                feeling.emotion = e
                add(feeling, stage: stageIDs[c.stage], lane: laneForEmotions(), value: e, to: &result)
            }
        }
        report.journeys.append(result)
    }

    /// One card at the end of its cell, unless the cell holds an unmatched card of its text.
    mutating func add(_ c: ImportDraft.Card, stage: String, lane: String, value: Double?, to result: inout ImportReport.JourneyResult) {
        let key = CellIndex.Key(stage: stage, lane: lane)
        if let n = unmatched[key]?[c.text], n > 0 {
            unmatched[key]![c.text] = n - 1
            result.cardsAlreadyThere += 1
            return
        }
        let order = lastOrder[key].map(OrderKey.increment) ?? OrderKey.first
        lastOrder[key] = order
        var card = Card(id: IDs.card(), lane: lane, stage: stage, order: order, text: c.text)
        card.notes = c.notes.flatMap { $0.isEmpty ? nil : $0 }
        card.channel = c.channel.flatMap { $0.isEmpty ? nil : $0 }
        card.owner = c.owner.flatMap { $0.isEmpty ? nil : $0 }
        card.tags = Array(Set(c.tags.filter { !$0.isEmpty })).sorted { CanonicalJSON.keyPrecedes($0, $1) }
        if let v = c.votes, v > 0 { card.votes[ImportApply.importedVoter] = v }
        if let e = value, e.isFinite { card.value = min(2, max(-2, e)) }
        board.cards[card.id] = card
        result.cardsCreated += 1
    }
}
