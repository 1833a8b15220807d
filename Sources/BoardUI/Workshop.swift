import JourneyKit

/// Facilitation state: who is at the keyboard, dot voting, the timebox, filters, presentation
/// and link mode. Kept apart from the board itself: none of it is saved except votes and links.
public struct Workshop: Sendable, Equatable {
    /// The participant whose votes `v` and `V` give and take (`--as NAME`, `:as NAME`, else $USER).
    public var participant: String = "facilitator"
    /// The timebox: when it ends (seconds since the epoch) and how long it was.
    public var timerEnd: Double?
    public var timerLength: Double = 0
    /// The bell rang for the current timebox.
    public var timerRang = false
    /// The clock, as the loop last told it (the reducer never reads a clock itself).
    public var now: Double = 0
    public var filter: CardFilter?
    /// Hide non-matching cards instead of dimming them.
    public var filterHides = false
    /// `Z`: presentation mode for projectors.
    public var presenting = false
    /// Link mode: the card links are made from.
    public var linkSource: String?

    public init() {}

    /// Seconds left in the timebox (0 when it has run out), or nil without one.
    public var timerRemaining: Double? { timerEnd.map { max(0, $0 - now) } }
}

/// Which cards a filter keeps: `kind:pains`, `channel:phone`, `tag:digital`, `owner:mei`,
/// `persona:ana`, `status:idea`, `votes` (has votes), `conflict` (in a merge conflict), or
/// plain words (text contains). Several terms must all match. A value with spaces is quoted
/// (`tag:"first bill"`, `owner:"install squad"`); a quoted term is always plain words. The
/// filter is read once, when it is set (it is matched against every card of every frame).
public struct CardFilter: Sendable, Equatable {
    public let text: String
    enum Term: Sendable, Equatable {
        case kind(String), channel(String), tag(String), owner(String), status(String), persona(String)
        case votes, conflict
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
        for w in QuotedWords.split(text) {
            let value = w.text.lowercased()
            // key:value only when the colon is outside quotes and a word of letters precedes it
            if let colon = w.bare.firstIndex(of: ":"), !w.bare[..<colon].isEmpty, w.bare[..<colon].allSatisfy(\.isLetter) {
                let key = w.bare[..<colon].lowercased()
                let v = String(w.text[w.text.index(after: colon)...]).lowercased()
                switch key {
                case "kind": terms.append(.kind(v))
                case "channel": terms.append(.channel(v))
                case "tag": terms.append(.tag(v))
                case "owner": terms.append(.owner(v))
                case "status": terms.append(.status(v))
                case "persona": terms.append(.persona(v))
                default:
                    if error == nil {
                        error = "unknown filter key '\(DisplayText.sanitize(String(w.bare[...colon])))' — use kind: channel: tag: owner: persona: status: votes conflict"
                    }
                }
                continue
            }
            switch (value, w.isQuoted) {
            case ("votes", false): terms.append(.votes)
            case ("conflict", false): terms.append(.conflict)
            default: if !value.isEmpty { terms.append(.words(value)) }
            }
        }
        self.terms = terms
        self.error = error
    }

    /// `voter`: while votes are hidden, `votes` keeps only the cards this participant voted for.
    public func matches(_ c: Card, in b: Board, conflicted: Set<String>, voter: String? = nil) -> Bool {
        for term in terms {
            switch term {
            case .kind(let v): if (b.lanes[c.lane]?.kind ?? "").lowercased() != v { return false }
            case .channel(let v): if (c.channel ?? "").lowercased() != v { return false }
            case .tag(let v): if !c.tags.contains(where: { $0.lowercased() == v }) { return false }
            case .owner(let v): if !(c.owner ?? "").lowercased().contains(v) { return false }
            case .status(let v): if (c.status ?? "").lowercased() != v { return false }
            case .persona(let v):
                let name = b.journeyID(ofCard: c).flatMap { b.journeys[$0]?.persona }.flatMap { b.personas[$0]?.name } ?? ""
                if !name.lowercased().contains(v) { return false }
            case .votes: if (voter.map { c.votes[$0] ?? 0 } ?? c.totalVotes) == 0 { return false }
            case .conflict: if !conflicted.contains(c.id) { return false }
            case .words(let v): if !c.text.lowercased().contains(v) { return false }
            }
        }
        return true
    }

    /// The words a filter understands, for the prompt and help.
    public static let syntax = "kind:K channel:C tag:T owner:O persona:P status:S votes conflict, or words; quote values with spaces: tag:\"first bill\""
}

/// Reading a duration as facilitators write it: `5m`, `90s`, `1h`, `1h30m`, `mm:ss`, or minutes.
public enum Duration {
    public static func parse(_ s: String) -> Double? {
        let t = s.trimmingSpaces.lowercased()
        guard !t.isEmpty else { return nil }
        if t.contains(":") {
            let p = t.split(separator: ":").map { Double($0) }
            guard p.count == 2, let m = p[0], let sec = p[1], m >= 0, sec >= 0, sec < 60 else { return nil }
            return m * 60 + sec
        }
        if let minutes = Double(t) { return minutes > 0 ? minutes * 60 : nil }
        var total = 0.0, number = ""
        for ch in t {
            if ch.isNumber || ch == "." { number.append(ch); continue }
            guard let n = Double(number) else { return nil }
            switch ch {
            case "h": total += n * 3600
            case "m": total += n * 60
            case "s": total += n
            default: return nil
            }
            number = ""
        }
        guard number.isEmpty, total > 0 else { return nil }
        return total
    }

    /// `4:59`, `1:02:03`.
    public static func clock(_ seconds: Double) -> String {
        // no timebox runs for centuries: beyond that (or not a number) there is nothing to count
        guard seconds.isFinite, abs(seconds) < 1e12 else { return "–:––" }
        let s = Int(seconds.rounded(.up))
        let h = s / 3600, m = (s % 3600) / 60, sec = s % 60
        let ss = sec < 10 ? "0\(sec)" : "\(sec)"
        if h > 0 { return "\(h):\(m < 10 ? "0" : "")\(m):\(ss)" }
        return "\(m):\(ss)"
    }
}
