import JourneyKit

/// Votes used per participant across the board, and the cards linking to each card. Kept up
/// to date card by card as edits are performed (like `CellIndex`), so the status line and the
/// card badges never scan the board.
public struct VoteTally: Sendable {
    /// Participants compare by code points: "é" and "e\u{301}" are two participants.
    public private(set) var used: CodePointMap<Int> = [:]
    public private(set) var incoming: [String: Set<String>] = [:]

    public init() {}
    public init(_ board: Board) { for card in board.cards.values { update(old: nil, new: card) } }

    public mutating func update(old: Card?, new: Card?) {
        if let oldCard = old {
            for (participant, count) in oldCard.votes { used[participant, default: 0] -= count }
            for target in oldCard.links { incoming[target]?.remove(oldCard.id) }
        }
        if let newCard = new {
            for (participant, count) in newCard.votes { used[participant, default: 0] += count }
            for target in newCard.links { incoming[target, default: []].insert(newCard.id) }
        }
    }

    public func votesUsed(by participant: String) -> Int { used[participant] ?? 0 }
}
