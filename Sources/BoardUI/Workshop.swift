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
    /// A `g` was pressed: the next key completes a chord (`gl`, `gL`).
    public var pendingG = false

    public init() {}

    /// Seconds left in the timebox (0 when it has run out), or nil without one.
    public var timerRemaining: Double? { timerEnd.map { max(0, $0 - now) } }
}

/// Which cards a filter keeps: `kind:pains`, `channel:phone`, `tag:digital`, `owner:mei`,
/// `persona:ana`, `status:idea`, `votes` (has votes), `conflict` (in a merge conflict), or
/// plain words (text contains). Several terms must all match.
public struct CardFilter: Sendable, Equatable {
    public var text: String
    public init(_ text: String) { self.text = text }

    /// `voter`: while votes are hidden, `votes` keeps only the cards this participant voted for.
    public func matches(_ c: Card, in b: Board, conflicted: Set<String>, voter: String? = nil) -> Bool {
        for term in text.split(separator: " ").map({ String($0).lowercased() }) {
            let parts = term.split(separator: ":", maxSplits: 1).map(String.init)
            let key = parts[0], value = parts.count > 1 ? parts[1] : ""
            switch key {
            case "kind": if (b.lanes[c.lane]?.kind ?? "") != value { return false }
            case "channel": if (c.channel ?? "").lowercased() != value { return false }
            case "tag": if !c.tags.contains(where: { $0.lowercased() == value }) { return false }
            case "owner": if !(c.owner ?? "").lowercased().contains(value) { return false }
            case "status": if (c.status ?? "").lowercased() != value { return false }
            case "persona":
                let name = b.journeyID(ofCard: c).flatMap { b.journeys[$0]?.persona }.flatMap { b.personas[$0]?.name } ?? ""
                if !name.lowercased().contains(value) { return false }
            case "votes": if (voter.map { c.votes[$0] ?? 0 } ?? c.totalVotes) == 0 { return false }
            case "conflict": if !conflicted.contains(c.id) { return false }
            default: if !c.text.lowercased().contains(term) { return false }
            }
        }
        return true
    }

    /// The words a filter understands, for the prompt and help.
    public static let syntax = "kind:K channel:C tag:T owner:O persona:P status:S votes conflict, or words"
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
        let s = Int(seconds.rounded(.up))
        let h = s / 3600, m = (s % 3600) / 60, sec = s % 60
        let ss = sec < 10 ? "0\(sec)" : "\(sec)"
        if h > 0 { return "\(h):\(m < 10 ? "0" : "")\(m):\(ss)" }
        return "\(m):\(ss)"
    }
}
