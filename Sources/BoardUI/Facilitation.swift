import JourneyKit

/// Workshop facilitation: dot voting, the timebox, filters, presentation, links and evidence.
/// (Copying a journey is a board operation: `JourneyCopy` in JourneyKit, `Editing.copyJourney`.)
public enum Facilitation {
    // MARK: voting

    static func votesLeft(_ s: BoardState) -> Int {
        s.board.scoring.votesPerParticipant - s.tally.votesUsed(by: s.workshop.participant)
    }

    static func vote(_ s: inout BoardState) -> [Effect] {
        guard let c = s.focusedCard else { s.message = "no card here to vote for"; return [.bell] }
        let p = s.workshop.participant
        let limit = s.board.scoring.votesPerParticipant
        guard votesLeft(s) > 0 else {
            s.message = "\(p) has no votes left (\(limit) of \(limit) used) — V takes one back"
            return [.bell]
        }
        var n = c
        n.votes[p, default: 0] += 1
        s.perform(BoardEdit("vote", [.card(c.id, c, n)]))
        s.message = "\(p) voted — \(votesLeft(s)) of \(limit) votes left"
        return []
    }

    static func unvote(_ s: inout BoardState) -> [Effect] {
        let p = s.workshop.participant
        guard let c = s.focusedCard, let mine = c.votes[p], mine > 0 else {
            s.message = "\(p) has no vote on this card"
            return [.bell]
        }
        var n = c
        n.votes[p] = mine > 1 ? mine - 1 : nil
        s.perform(BoardEdit("take back a vote", [.card(c.id, c, n)]))
        s.message = "\(p) took a vote back — \(votesLeft(s)) of \(s.board.scoring.votesPerParticipant) votes left"
        return []
    }

    /// Voted cards of the whole board, most votes first (ties: board order); while votes are
    /// hidden, in board order only, so the order gives no count away.
    static func votedCards(_ s: BoardState) -> [String] {
        let order = Search.orderedCards(s.board, index: s.index)
        if s.votesHidden { return order.filter { (s.board.cards[$0]?.totalVotes ?? 0) > 0 } }
        let pos = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return s.board.cards.values.filter { $0.totalVotes > 0 }
            .sorted { a, b in a.totalVotes != b.totalVotes ? a.totalVotes > b.totalVotes : (pos[a.id] ?? 0) < (pos[b.id] ?? 0) }
            .map(\.id)
    }

    static func clearVotes(_ s: inout BoardState) {
        let changes: [BoardChange] = s.board.cards.values.filter { !$0.votes.isEmpty }.map { c in
            var n = c; n.votes = [:]; return .card(c.id, c, n)
        }
        s.perform(BoardEdit("clear votes", changes))
        s.message = "all votes cleared — u undoes"
    }

    // MARK: timebox

    static func clock(_ s: inout BoardState, _ now: Double) -> [Effect] {
        s.workshop.now = now
        guard let end = s.workshop.timerEnd, now >= end, !s.workshop.timerRang else { return [] }
        s.workshop.timerRang = true
        s.message = "⏱ time is up (\(Duration.clock(s.workshop.timerLength)) timebox) — :timer stops it"
        return [.bell]
    }

    static func timer(_ s: inout BoardState, _ arg: String) -> [Effect] {
        if arg.isEmpty {
            s.workshop.timerEnd = nil
            s.message = "timer stopped"
            return []
        }
        guard let d = Duration.parse(arg) else {
            s.message = "usage: :timer 5m | 90s | 1h | mm:ss (:timer alone stops it)"
            return [.bell]
        }
        s.workshop.timerEnd = s.workshop.now + d
        s.workshop.timerLength = d
        s.workshop.timerRang = false
        s.message = "timer: \(Duration.clock(d))"
        return []
    }

    /// What the timer shows now (the loop redraws when this changes).
    public static func timerText(_ w: Workshop) -> String {
        guard let (label, flash) = timerLabel(w) else { return "" }
        return label + (flash ? "*" : "")
    }

    /// The status-line text of the timer, and whether it should flash now.
    static func timerLabel(_ w: Workshop) -> (String, Bool)? {
        guard let left = w.timerRemaining else { return nil }
        if left <= 0 {
            let flashing = w.timerEnd.map { w.now - $0 < 10 } ?? false
            return ("⏱ 0:00 time is up", flashing && Int(w.now) % 2 == 0)
        }
        return ("⏱ \(Duration.clock(left))", false)
    }

    // MARK: links

    static func toggleLink(_ s: inout BoardState) -> [Effect] {
        guard let src = s.workshop.linkSource, let from = s.board.cards[src] else { s.workshop.linkSource = nil; return [] }
        guard let target = s.focusCard, target != src else { s.message = "move to another card to link it"; return [.bell] }
        var n = from
        let linked = n.links.contains(target)
        if linked { n.links.removeAll { $0 == target } } else { n.links = StringSet.normalized(n.links + [target]) }
        s.perform(BoardEdit(linked ? "unlink" : "link", [.card(src, from, n)]))
        s.message = "\(linked ? "unlinked" : "linked") — \(n.links.count) link\(n.links.count == 1 ? "" : "s") from \"\(DisplayText.truncate(DisplayText.sanitize(from.text), columns: 30))\"; Esc ends link mode"
        return []
    }

    /// The cards a card links to and the cards linking to it, in that order, without repeats.
    static func linkedCards(_ s: BoardState, of id: String) -> [(id: String, outgoing: Bool)] {
        guard let c = s.board.cards[id] else { return [] }
        var out: [(String, Bool)] = c.links.filter { s.board.cards[$0] != nil }.map { ($0, true) }
        let incoming = (s.tally.incoming[id] ?? []).filter { !c.links.contains($0) }.sorted()
        out += incoming.map { ($0, false) }
        return out
    }

    /// Insight cards linked to or from a card: its evidence.
    static func evidence(_ s: BoardState, of c: Card) -> Int {
        var n = 0
        for l in c.links where s.board.cards[l].flatMap({ s.board.kind(of: $0) }) == .insights { n += 1 }
        for l in s.tally.incoming[c.id] ?? [] where !c.links.contains(l) && s.board.cards[l].flatMap({ s.board.kind(of: $0) }) == .insights { n += 1 }
        return n
    }

    // MARK: filter

    /// Sets the filter (`f`, `:filter TEXT`; empty clears it) and says how many cards of the
    /// current journey match; a filter with an unknown key is refused with the reason.
    static func setFilter(_ s: inout BoardState, _ text: String) -> [Effect] {
        let q = text.trimmingSpaces
        guard !q.isEmpty else {
            s.workshop.filter = nil
            s.message = "filter cleared"
            return []
        }
        let f = CardFilter(q)
        if let e = f.error { s.message = e; return [.bell] }
        s.workshop.filter = f
        let (n, total) = filterCount(s, f)
        s.message = "filter \(DisplayText.sanitize(q)) — \(n) of \(total) card\(total == 1 ? "" : "s") · F clears, :filter hide|dim"
        return []
    }

    /// How many cards of the current journey a filter keeps, of how many.
    static func filterCount(_ s: BoardState, _ f: CardFilter) -> (Int, Int) {
        let conflicted = s.board.cardsWithConflicts
        var n = 0, total = 0
        let lanes = s.lanes
        for st in s.stages {
            for ln in lanes {
                for id in s.cellCards(stage: st.id, lane: ln.id) {
                    guard let c = s.board.cards[id] else { continue }
                    total += 1
                    if f.matches(c, in: s.board, conflicted: conflicted) { n += 1 }
                }
            }
        }
        return (n, total)
    }

    /// The journey to compare with: the variant made from this one (or the one this was made
    /// from), else the first journey of the other state.
    static func counterpart(_ s: BoardState) -> String? {
        guard let j = s.board.journeys[s.journeyID] else { return nil }
        if case .string(let from)? = j.extra["variantOf"], s.board.journeys[from] != nil { return from }
        if let v = s.journeys.first(where: { $0.extra["variantOf"] == .string(j.id) }) { return v.id }
        return s.journeys.first { $0.id != j.id && $0.state != j.state }?.id
    }
}
