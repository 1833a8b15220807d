/// A card on the board: one sticky note in a cell (stage × lane).
///
/// A value type, like every model type, but stored as one reference to a copy-on-write box:
/// a board of 100k cards keeps them in a dictionary, and a dictionary of 300-byte values
/// would cost its empty buckets too (about 2.4× the file at 100k cards). With the box a
/// bucket holds a pointer, copying a card out of the board is one retain, and the first
/// change to a shared card copies its box — so undo stacks, merges and snapshots that hold
/// old cards are never disturbed. The optional numbers are kept as plain doubles with a
/// reserved NaN meaning "absent" (a value no file or edit can produce), 8 bytes instead of 16.
public struct Card: Equatable, Sendable {
    @usableFromInline
    final class Storage: @unchecked Sendable { // mutated only while uniquely referenced
        // Scoring reads id, lane, impact, measured, confidence, reach, cost and text: they come
        // first, so one card's score touches as few cache lines as possible. Fields are changed only
        // through `Card`'s accessors, after `makeUnique`, so no two accesses overlap: the
        // run-time exclusivity checks are left out.
        @usableFromInline @exclusivity(unchecked) var id: String
        @usableFromInline @exclusivity(unchecked) var lane: String
        @usableFromInline @exclusivity(unchecked) var impact: [String: Double] = [:]
        @usableFromInline @exclusivity(unchecked) var measured: [String: Double] = [:]
        @usableFromInline @exclusivity(unchecked) var confidence: Double = Card.absent
        @usableFromInline @exclusivity(unchecked) var reach: Double = Card.absent
        @usableFromInline @exclusivity(unchecked) var cost: Double = Card.absent
        @usableFromInline @exclusivity(unchecked) var text: String
        @usableFromInline @exclusivity(unchecked) var stage: String
        @usableFromInline @exclusivity(unchecked) var order: String
        @usableFromInline @exclusivity(unchecked) var status: String?
        @usableFromInline @exclusivity(unchecked) var votes: [String: Int] = [:]
        @usableFromInline @exclusivity(unchecked) var metrics: [String: Double] = [:]
        @usableFromInline @exclusivity(unchecked) var volume: Double = Card.absent
        @usableFromInline @exclusivity(unchecked) var value: Double = Card.absent
        @usableFromInline @exclusivity(unchecked) var notes: String?
        @usableFromInline @exclusivity(unchecked) var channel: String?
        @usableFromInline @exclusivity(unchecked) var owner: String?
        @usableFromInline @exclusivity(unchecked) var tags: [String] = []
        @usableFromInline @exclusivity(unchecked) var links: [String] = []
        @usableFromInline @exclusivity(unchecked) var source: String?
        @usableFromInline @exclusivity(unchecked) var extra: [String: JSONValue] = [:]
        @usableFromInline @exclusivity(unchecked) var loc: SourceLocation = SourceLocation()

        @usableFromInline
        init(id: String, lane: String, stage: String, order: String, text: String) {
            self.id = id; self.lane = lane; self.stage = stage; self.order = order; self.text = text
        }

        @usableFromInline
        init(copying o: Storage) {
            id = o.id
            lane = o.lane
            stage = o.stage
            order = o.order
            text = o.text
            notes = o.notes
            channel = o.channel
            owner = o.owner
            tags = o.tags
            status = o.status
            metrics = o.metrics
            volume = o.volume
            value = o.value
            impact = o.impact
            confidence = o.confidence
            reach = o.reach
            cost = o.cost
            links = o.links
            votes = o.votes
            measured = o.measured
            source = o.source
            extra = o.extra
            loc = o.loc
        }
    }

    @usableFromInline var storage: Storage

    /// The bit pattern stored for a missing optional number: a signalling NaN with a payload
    /// that arithmetic never produces (and JSON cannot spell).
    @usableFromInline static let absentBits: UInt64 = 0x7FF4_CA2D_0000_0A5E
    @usableFromInline static var absent: Double { Double(bitPattern: absentBits) }
    @inlinable static func load(_ x: Double) -> Double? { x.bitPattern == absentBits ? nil : x }
    @inlinable static func store(_ x: Double?) -> Double { x ?? absent }

    public init(id: String, lane: String, stage: String, order: String, text: String) {
        storage = Storage(id: id, lane: lane, stage: stage, order: order, text: text)
    }

    /// Copies the box before the first change to a card that is shared.
    @inlinable
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(copying: storage) }
    }

    /// The card's id (`cd_…`).
    @inlinable public var id: String {
        get { storage.id }
        _modify { makeUnique(); yield &storage.id }
    }
    @inlinable public var lane: String {
        get { storage.lane }
        _modify { makeUnique(); yield &storage.lane }
    }
    @inlinable public var stage: String {
        get { storage.stage }
        _modify { makeUnique(); yield &storage.stage }
    }
    @inlinable public var order: String {
        get { storage.order }
        _modify { makeUnique(); yield &storage.order }
    }
    @inlinable public var text: String {
        get { storage.text }
        _modify { makeUnique(); yield &storage.text }
    }
    @inlinable public var notes: String? {
        get { storage.notes }
        _modify { makeUnique(); yield &storage.notes }
    }
    @inlinable public var channel: String? {
        get { storage.channel }
        _modify { makeUnique(); yield &storage.channel }
    }
    @inlinable public var owner: String? {
        get { storage.owner }
        _modify { makeUnique(); yield &storage.owner }
    }
    /// A set: written sorted, merged element-wise.
    @inlinable public var tags: [String] {
        get { storage.tags }
        _modify { makeUnique(); yield &storage.tags }
    }
    @inlinable public var status: String? {
        get { storage.status }
        _modify { makeUnique(); yield &storage.status }
    }
    /// Measured values of a touchpoint (hero metric id → value in the metric's units).
    @inlinable public var metrics: [String: Double] {
        get { storage.metrics }
        _modify { makeUnique(); yield &storage.metrics }
    }
    /// How many customers or contacts pass this touchpoint (weights the journey mean).
    @inlinable public var volume: Double? {
        get { Card.load(storage.volume) }
        set { makeUnique(); storage.volume = Card.store(newValue) }
    }
    /// Emotion cards: −2 … +2.
    @inlinable public var value: Double? {
        get { Card.load(storage.value) }
        set { makeUnique(); storage.value = Card.store(newValue) }
    }
    /// Expected change per hero metric, in the metric's own units (effort −1 = one point easier).
    @inlinable public var impact: [String: Double] {
        get { storage.impact }
        _modify { makeUnique(); yield &storage.impact }
    }
    @inlinable public var confidence: Double? {
        get { Card.load(storage.confidence) }
        set { makeUnique(); storage.confidence = Card.store(newValue) }
    }
    @inlinable public var reach: Double? {
        get { Card.load(storage.reach) }
        set { makeUnique(); storage.reach = Card.store(newValue) }
    }
    @inlinable public var cost: Double? {
        get { Card.load(storage.cost) }
        set { makeUnique(); storage.cost = Card.store(newValue) }
    }
    /// A set of card ids (any journey of the board).
    @inlinable public var links: [String] {
        get { storage.links }
        _modify { makeUnique(); yield &storage.links }
    }
    /// Dot votes per participant, so votes cast on two branches merge.
    @inlinable public var votes: [String: Int] {
        get { storage.votes }
        _modify { makeUnique(); yield &storage.votes }
    }
    /// Measured change after shipping, beside the prediction in `impact`.
    @inlinable public var measured: [String: Double] {
        get { storage.measured }
        _modify { makeUnique(); yield &storage.measured }
    }
    /// Where an insight comes from ("NPS verbatims, Oct 2026").
    @inlinable public var source: String? {
        get { storage.source }
        _modify { makeUnique(); yield &storage.source }
    }
    /// Fields this version does not know, written back as they came.
    @inlinable public var extra: [String: JSONValue] {
        get { storage.extra }
        _modify { makeUnique(); yield &storage.extra }
    }
    /// Where the card was read (equality-neutral).
    @inlinable public var loc: SourceLocation {
        get { storage.loc }
        _modify { makeUnique(); yield &storage.loc }
    }

    public var totalVotes: Int { votes.values.reduce(0, +) }

    public static func == (a: Card, b: Card) -> Bool {
        if a.storage === b.storage { return true }
        let x = a.storage, y = b.storage
        // text compares by code points (Swift's == is canonical equivalence): an edit from
        // "é" to "e\u{301}" is a change that must be saved
        func same(_ p: String, _ q: String) -> Bool { CanonicalJSON.sameText(p, q) }
        func same(_ p: String?, _ q: String?) -> Bool { p == nil ? q == nil : q.map { same(p!, $0) } ?? false }
        func same(_ p: [String], _ q: [String]) -> Bool { p.count == q.count && !zip(p, q).contains { !same($0, $1) } }
        return same(x.id, y.id) && same(x.lane, y.lane) && same(x.stage, y.stage) && same(x.order, y.order) && same(x.text, y.text)
            && same(x.notes, y.notes) && same(x.channel, y.channel) && same(x.owner, y.owner)
            && same(x.tags, y.tags) && same(x.status, y.status) && x.metrics == y.metrics
            && Card.load(x.volume) == Card.load(y.volume) && Card.load(x.value) == Card.load(y.value) && x.impact == y.impact
            && Card.load(x.confidence) == Card.load(y.confidence) && Card.load(x.reach) == Card.load(y.reach) && Card.load(x.cost) == Card.load(y.cost)
            && same(x.links, y.links) && x.votes == y.votes && x.measured == y.measured
            && same(x.source, y.source) && x.extra == y.extra
    }
}
