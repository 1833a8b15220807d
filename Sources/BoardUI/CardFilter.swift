import JourneyKit

/// Which cards a filter keeps: `kind:pains`, `channel:phone`, `tag:digital`, `owner:mei`,
/// `persona:ana`, `status:idea`, `votes` (has votes), `conflict` (in a merge conflict),
/// `comments` (has an open comment thread), or
/// plain words (text contains). Several terms must all match. A value with spaces is quoted
/// (`tag:"first bill"`, `owner:"install squad"`); a quoted term is always plain words. The
/// filter is read once, when it is set (it is matched against every card of every frame).
public struct CardFilter: Sendable, Equatable {
    public let text: String
    enum Term: Sendable, Equatable {
        case kind(String), channel(String), tag(String), owner(String), status(String), persona(String)
        case votes, conflict, comments
        case words(String)
    }
    let terms: [Term]
    /// Why the filter cannot be used (an unknown key), or nil.
    public let error: String?

    public static let keys = ["kind", "channel", "tag", "owner", "persona", "status"]

    public init(_ text: String) {
        self.text = text
        var terms: [Term] = []
        var error: String?
        for word in QuotedWords.split(text) {
            let lowered = word.text.lowercased()
            // key:value only when the colon is outside quotes and a word of letters precedes it
            if let colon = word.bare.firstIndex(of: ":"), !word.bare[..<colon].isEmpty, word.bare[..<colon].allSatisfy(\.isLetter) {
                let key = word.bare[..<colon].lowercased()
                let value = String(word.text[word.text.index(after: colon)...]).lowercased()
                switch key {
                case "kind": terms.append(.kind(value))
                case "channel": terms.append(.channel(value))
                case "tag": terms.append(.tag(value))
                case "owner": terms.append(.owner(value))
                case "status": terms.append(.status(value))
                case "persona": terms.append(.persona(value))
                default:
                    if error == nil {
                        error = "unknown filter key '\(DisplayText.sanitize(String(word.bare[...colon])))' — use kind: channel: tag: owner: persona: status: votes conflict comments"
                    }
                }
                continue
            }
            switch (lowered, word.isQuoted) {
            case ("votes", false): terms.append(.votes)
            case ("conflict", false): terms.append(.conflict)
            case ("comments", false): terms.append(.comments)
            default: if !lowered.isEmpty { terms.append(.words(lowered)) }
            }
        }
        self.terms = terms
        self.error = error
    }

    /// `voter`: while votes are hidden, `votes` keeps only the cards this participant voted for.
    public func matches(_ card: Card, in board: Board, conflicted: Set<String>, voter: String? = nil) -> Bool {
        for term in terms {
            switch term {
            case .kind(let value): if (board.lanes[card.lane]?.kind ?? "").lowercased() != value { return false }
            case .channel(let value): if (card.channel ?? "").lowercased() != value { return false }
            case .tag(let value): if !card.tags.contains(where: { $0.lowercased() == value }) { return false }
            case .owner(let value): if !(card.owner ?? "").lowercased().contains(value) { return false }
            case .status(let value): if (card.status ?? "").lowercased() != value { return false }
            case .persona(let value):
                let name = board.journeyID(ofCard: card).flatMap { board.journeys[$0]?.persona }.flatMap { board.personas[$0]?.name } ?? ""
                if !name.lowercased().contains(value) { return false }
            case .votes: if (voter.map { card.votes[$0] ?? 0 } ?? card.totalVotes) == 0 { return false }
            case .conflict: if !conflicted.contains(card.id) { return false }
            case .comments: if CommentThread.openCount(card.comments) == 0 { return false }
            case .words(let value): if !card.text.lowercased().contains(value) { return false }
            }
        }
        return true
    }

    /// The words a filter understands, for the prompt and help.
    public static let syntax = "kind:K channel:C tag:T owner:O persona:P status:S votes conflict comments, or words; quote values with spaces: tag:\"first bill\""
}
