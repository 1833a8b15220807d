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
    /// `:timer pause`: the seconds that were left when it was paused (nil: running or none).
    public var timerPausedLeft: Double?
    /// When the timebox was last set or stopped, and by whom: the room shares it (the
    /// newest setting wins in every instance; 0: never set).
    public var timerSetAt: Double = 0
    public var timerSetBy = ""
    /// The clock, as the loop last told it (the reducer never reads a clock itself).
    public var now: Double = 0
    public var filter: CardFilter?
    /// Hide non-matching cards instead of dimming them.
    public var filterHides = false
    /// `Z`: presentation mode for projectors.
    public var presenting = false
    /// Link mode: the card links are made from.
    public var linkSource: String?
    /// `:sync --every 30s`: how often the board syncs with its git remote, and when next.
    public var syncEvery: Double?
    public var nextSync: Double?

    public init() {}

    /// Seconds left in the timebox (0 when it has run out), or nil without one.
    public var timerRemaining: Double? {
        if let left = timerPausedLeft, timerEnd != nil { return left }
        return timerEnd.map { max(0, $0 - now) }
    }
}
