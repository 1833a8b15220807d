import JourneyKit

/// Workshop facilitation: dot voting, the timebox, filters, presentation, links and evidence.
/// (Copying a journey is a board operation: `JourneyCopy` in JourneyKit, `Editing.copyJourney`.)
public enum Facilitation {
    // MARK: voting

    static func votesLeft(_ state: BoardState) -> Int {
        state.board.scoring.votesPerParticipant - state.tally.votesUsed(by: state.workshop.participant)
    }

    static func vote(_ state: inout BoardState) -> [Effect] {
        guard let card = state.focusedCard else { state.message = "no card here to vote for"; return [.bell] }
        let participant = state.workshop.participant
        let limit = state.board.scoring.votesPerParticipant
        guard votesLeft(state) > 0 else {
            state.message = "\(participant) has no votes left (\(limit) of \(limit) used) — V takes one back"
            return [.bell]
        }
        var voted = card
        voted.votes[participant, default: 0] += 1
        state.perform(BoardEdit("vote", [.card(card.id, card, voted)]))
        state.message = "\(participant) voted — \(votesLeft(state)) of \(limit) votes left"
        return []
    }

    static func unvote(_ state: inout BoardState) -> [Effect] {
        let participant = state.workshop.participant
        guard let card = state.focusedCard, let mine = card.votes[participant], mine > 0 else {
            state.message = "\(participant) has no vote on this card"
            return [.bell]
        }
        var unvoted = card
        unvoted.votes[participant] = mine > 1 ? mine - 1 : nil
        state.perform(BoardEdit("take back a vote", [.card(card.id, card, unvoted)]))
        state.message = "\(participant) took a vote back — \(votesLeft(state)) of \(state.board.scoring.votesPerParticipant) votes left"
        return []
    }

    /// Voted cards of the whole board, most votes first (ties: board order); while votes are
    /// hidden, in board order only, so the order gives no count away.
    static func votedCards(_ state: BoardState) -> [String] {
        let order = Search.orderedCards(state.board, index: state.index)
        if state.votesHidden { return order.filter { (state.board.cards[$0]?.totalVotes ?? 0) > 0 } }
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return state.board.cards.values.filter { $0.totalVotes > 0 }
            .sorted { a, b in a.totalVotes != b.totalVotes ? a.totalVotes > b.totalVotes : (position[a.id] ?? 0) < (position[b.id] ?? 0) }
            .map(\.id)
    }

    static func clearVotes(_ state: inout BoardState) {
        let changes: [BoardChange] = state.board.cards.values.filter { !$0.votes.isEmpty }.map { card in
            var cleared = card; cleared.votes = [:]; return .card(card.id, card, cleared)
        }
        state.perform(BoardEdit("clear votes", changes))
        state.message = "all votes cleared — u undoes"
    }

    // MARK: timebox

    static func clock(_ state: inout BoardState, _ now: Double) -> [Effect] {
        state.workshop.now = now
        guard let end = state.workshop.timerEnd, now >= end, !state.workshop.timerRang, state.workshop.timerPausedLeft == nil else { return [] }
        state.workshop.timerRang = true
        state.message = "⏱ time is up (\(Duration.clock(state.workshop.timerLength)) timebox) — :timer stops it"
        return [.bell]
    }

    static func timer(_ state: inout BoardState, _ argument: String) -> [Effect] {
        var w = state.workshop
        defer {
            // a change is shared with the room: the newest setting wins in every instance
            if w != state.workshop { w.timerSetAt = w.now; w.timerSetBy = w.participant }
            state.workshop = w
        }
        switch argument {
        case "":
            w.timerEnd = nil
            w.timerPausedLeft = nil
            state.message = "timer stopped"
            return []
        case "pause":
            guard let left = w.timerRemaining, w.timerPausedLeft == nil else {
                state.message = w.timerPausedLeft != nil ? "the timer is paused already — :timer resume" : "no timer running: :timer 5m starts one"
                return [.bell]
            }
            guard left > 0 else { state.message = "the timebox has run out — :timer +2m gives it more"; return [.bell] }
            w.timerPausedLeft = left
            state.message = "timer paused at \(Duration.clock(left)) — :timer resume"
            return []
        case "resume":
            guard let left = w.timerPausedLeft, w.timerEnd != nil else {
                state.message = w.timerEnd == nil ? "no timer: :timer 5m starts one" : "the timer is running"
                return [.bell]
            }
            w.timerEnd = w.now + left
            w.timerPausedLeft = nil
            state.message = "timer resumed: \(Duration.clock(left)) left"
            return []
        default:
            break
        }
        // +2m / -30s: more (or less) time on the running timebox
        if let sign = argument.first, sign == "+" || sign == "-" {
            guard let amount = Duration.parse(String(argument.dropFirst())) else { return timerUsage(&state) }
            guard let left = w.timerRemaining else { state.message = "no timer to extend: :timer 5m starts one"; return [.bell] }
            let delta = sign == "+" ? amount : -amount
            let newLeft = max(0, left + delta)
            if w.timerPausedLeft != nil { w.timerPausedLeft = newLeft } else { w.timerEnd = w.now + newLeft }
            w.timerLength = max(0, w.timerLength + delta)
            if newLeft > 0 { w.timerRang = false }
            state.message = "timer \(sign == "+" ? "extended" : "shortened") by \(Duration.clock(amount)): \(Duration.clock(newLeft)) left"
            return []
        }
        guard let length = Duration.parse(argument) else { return timerUsage(&state) }
        w.timerEnd = w.now + length
        w.timerLength = length
        w.timerRang = false
        w.timerPausedLeft = nil
        state.message = "timer: \(Duration.clock(length))"
        return []
    }

    static func timerUsage(_ state: inout BoardState) -> [Effect] {
        state.message = "usage: :timer 5m | 90s | 1h | mm:ss | pause | resume | +2m | -1m (:timer alone stops it)"
        return [.bell]
    }

    /// What the timer shows now (the loop redraws when this changes).
    public static func timerText(_ workshop: Workshop) -> String {
        guard let (label, flash) = timerLabel(workshop) else { return "" }
        return label + (flash ? "*" : "")
    }

    /// The status-line text of the timer, and whether it should flash now.
    static func timerLabel(_ workshop: Workshop) -> (String, Bool)? {
        guard let left = workshop.timerRemaining else { return nil }
        if workshop.timerPausedLeft != nil { return ("⏱ \(Duration.clock(left)) paused", false) }
        if left <= 0 {
            let flashing = workshop.timerEnd.map { workshop.now - $0 < 10 } ?? false
            return ("⏱ 0:00 time is up", flashing && Int(workshop.now) % 2 == 0)
        }
        return ("⏱ \(Duration.clock(left))", false)
    }

    // MARK: links

    static func toggleLink(_ state: inout BoardState) -> [Effect] {
        guard let sourceID = state.workshop.linkSource, let source = state.board.cards[sourceID] else {
            state.workshop.linkSource = nil
            return []
        }
        guard let target = state.focusCard, target != sourceID else { state.message = "move to another card to link it"; return [.bell] }
        var changed = source
        let linked = changed.links.contains(target)
        if linked { changed.links.removeAll { $0 == target } } else { changed.links = StringSet.normalized(changed.links + [target]) }
        state.perform(BoardEdit(linked ? "unlink" : "link", [.card(sourceID, source, changed)]))
        state.message = "\(linked ? "unlinked" : "linked") — \(changed.links.count) link\(changed.links.count == 1 ? "" : "s") from \"\(DisplayText.truncate(DisplayText.sanitize(source.text), columns: 30))\"; Esc ends link mode"
        return []
    }

    /// The cards a card links to and the cards linking to it, in that order, without repeats.
    static func linkedCards(_ state: BoardState, of id: String) -> [(id: String, outgoing: Bool)] {
        guard let card = state.board.cards[id] else { return [] }
        var out: [(String, Bool)] = card.links.filter { state.board.cards[$0] != nil }.map { ($0, true) }
        let incoming = (state.tally.incoming[id] ?? []).filter { !card.links.contains($0) }.sorted()
        out += incoming.map { ($0, false) }
        return out
    }

    /// Insight cards linked to or from a card: its evidence.
    static func evidence(_ state: BoardState, of card: Card) -> Int {
        func isInsight(_ id: String) -> Bool { state.board.cards[id].flatMap { state.board.kind(of: $0) } == .insights }
        var count = 0
        for link in card.links where isInsight(link) { count += 1 }
        for link in state.tally.incoming[card.id] ?? [] where !card.links.contains(link) && isInsight(link) { count += 1 }
        return count
    }

    // MARK: filter

    /// Sets the filter (`f`, `:filter TEXT`; empty clears it) and says how many cards of the
    /// current journey match; a filter with an unknown key is refused with the reason.
    static func setFilter(_ state: inout BoardState, _ text: String) -> [Effect] {
        let query = text.trimmingSpaces
        guard !query.isEmpty else {
            state.workshop.filter = nil
            state.message = "filter cleared"
            return []
        }
        let filter = CardFilter(query)
        if let error = filter.error { state.message = error; return [.bell] }
        state.workshop.filter = filter
        let (matching, total) = filterCount(state, filter)
        state.message = "filter \(DisplayText.sanitize(query)) — \(matching) of \(total) card\(total == 1 ? "" : "s") · F clears, :filter hide|dim"
        return []
    }

    /// How many cards of the current journey a filter keeps, of how many.
    static func filterCount(_ state: BoardState, _ filter: CardFilter) -> (Int, Int) {
        let conflicted = state.board.cardsWithConflicts
        var matching = 0, total = 0
        let lanes = state.lanes
        for stage in state.stages {
            for lane in lanes {
                for id in state.cellCards(stage: stage.id, lane: lane.id) {
                    guard let card = state.board.cards[id] else { continue }
                    total += 1
                    if filter.matches(card, in: state.board, conflicted: conflicted) { matching += 1 }
                }
            }
        }
        return (matching, total)
    }

    /// The journey to compare with: the variant made from this one (or the one this was made
    /// from), else the first journey of the other state.
    static func counterpart(_ state: BoardState) -> String? {
        guard let journey = state.board.journeys[state.journeyID] else { return nil }
        if case .string(let from)? = journey.extra["variantOf"], state.board.journeys[from] != nil { return from }
        if let variant = state.journeys.first(where: { $0.extra["variantOf"] == .string(journey.id) }) { return variant.id }
        return state.journeys.first { $0.id != journey.id && $0.state != journey.state }?.id
    }
}
