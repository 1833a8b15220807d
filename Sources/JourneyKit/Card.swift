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
    /// The card's stored fields. Scoring reads id, lane, impact, measured, confidence, reach,
    /// cost and text: they come first, so one card's score touches as few cache lines as
    /// possible. Every field but `id`, `extra` and `loc` has a row in `Card.declaration`.
    public struct Fields: Sendable {
        public var id: String
        public var lane: String
        public var impact = [String: Double]()
        public var measured = [String: Double]()
        public var confidence = AbsentNumber.absent
        public var reach = AbsentNumber.absent
        public var cost = AbsentNumber.absent
        public var text: String
        public var stage: String
        public var order: String
        public var status: String?
        public var votes = CodePointMap<Int>()
        public var metrics = [String: Double]()
        public var volume = AbsentNumber.absent
        public var value = AbsentNumber.absent
        public var notes: String?
        public var channel: String?
        public var owner: String?
        public var tags: [String] = []
        public var links: [String] = []
        public var source: String?
        public var comments = CodePointMap<CardComment>()
        public var extra = CodePointMap<JSONValue>()
        public var loc = SourceLocation()
    }

    @usableFromInline
    final class Storage: @unchecked Sendable { // mutated only while uniquely referenced
        // Fields are changed only through `Card`'s accessors, after `makeUnique`, so no two
        // accesses overlap: the run-time exclusivity checks are left out.
        @usableFromInline @exclusivity(unchecked) var fields: Fields

        @usableFromInline
        init(fields: Fields) { self.fields = fields }
    }

    @usableFromInline var storage: Storage

    public init(id: String, lane: String, stage: String, order: String, text: String) {
        storage = Storage(fields: Fields(id: id, lane: lane, text: text, stage: stage, order: order))
    }

    /// Copies the box before the first change to a card that is shared.
    @inlinable
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(fields: storage.fields) }
    }

    /// The card's id (`cd_…`).
    @inlinable public var id: String {
        get { storage.fields.id }
        _modify { makeUnique(); yield &storage.fields.id }
    }
    @inlinable public var lane: String {
        get { storage.fields.lane }
        _modify { makeUnique(); yield &storage.fields.lane }
    }
    @inlinable public var stage: String {
        get { storage.fields.stage }
        _modify { makeUnique(); yield &storage.fields.stage }
    }
    @inlinable public var order: String {
        get { storage.fields.order }
        _modify { makeUnique(); yield &storage.fields.order }
    }
    @inlinable public var text: String {
        get { storage.fields.text }
        _modify { makeUnique(); yield &storage.fields.text }
    }
    @inlinable public var notes: String? {
        get { storage.fields.notes }
        _modify { makeUnique(); yield &storage.fields.notes }
    }
    @inlinable public var channel: String? {
        get { storage.fields.channel }
        _modify { makeUnique(); yield &storage.fields.channel }
    }
    @inlinable public var owner: String? {
        get { storage.fields.owner }
        _modify { makeUnique(); yield &storage.fields.owner }
    }
    /// A set: written sorted, merged element-wise.
    @inlinable public var tags: [String] {
        get { storage.fields.tags }
        _modify { makeUnique(); yield &storage.fields.tags }
    }
    @inlinable public var status: String? {
        get { storage.fields.status }
        _modify { makeUnique(); yield &storage.fields.status }
    }
    /// Measured values of a touchpoint (hero metric id → value in the metric's units).
    @inlinable public var metrics: [String: Double] {
        get { storage.fields.metrics }
        _modify { makeUnique(); yield &storage.fields.metrics }
    }
    /// How many customers or contacts pass this touchpoint (weights the journey mean).
    @inlinable public var volume: Double? {
        get { storage.fields.volume.value }
        set { makeUnique(); storage.fields.volume.value = newValue }
    }
    /// Emotion cards: −2 … +2.
    @inlinable public var value: Double? {
        get { storage.fields.value.value }
        set { makeUnique(); storage.fields.value.value = newValue }
    }
    /// Expected change per hero metric, in the metric's own units (effort −1 = one point easier).
    @inlinable public var impact: [String: Double] {
        get { storage.fields.impact }
        _modify { makeUnique(); yield &storage.fields.impact }
    }
    @inlinable public var confidence: Double? {
        get { storage.fields.confidence.value }
        set { makeUnique(); storage.fields.confidence.value = newValue }
    }
    @inlinable public var reach: Double? {
        get { storage.fields.reach.value }
        set { makeUnique(); storage.fields.reach.value = newValue }
    }
    @inlinable public var cost: Double? {
        get { storage.fields.cost.value }
        set { makeUnique(); storage.fields.cost.value = newValue }
    }
    /// A set of card ids (any journey of the board).
    @inlinable public var links: [String] {
        get { storage.fields.links }
        _modify { makeUnique(); yield &storage.fields.links }
    }
    /// Dot votes per participant, so votes cast on two branches merge.
    @inlinable public var votes: CodePointMap<Int> {
        get { storage.fields.votes }
        _modify { makeUnique(); yield &storage.fields.votes }
    }
    /// Measured change after shipping, beside the prediction in `impact`.
    @inlinable public var measured: [String: Double] {
        get { storage.fields.measured }
        _modify { makeUnique(); yield &storage.fields.measured }
    }
    /// Where an insight comes from ("NPS verbatims, Oct 2026").
    @inlinable public var source: String? {
        get { storage.fields.source }
        _modify { makeUnique(); yield &storage.fields.source }
    }
    /// The card's conversation, by comment id (CardComment.swift).
    @inlinable public var comments: CodePointMap<CardComment> {
        get { storage.fields.comments }
        _modify { makeUnique(); yield &storage.fields.comments }
    }
    /// Fields this version does not know, written back as they came.
    @inlinable public var extra: CodePointMap<JSONValue> {
        get { storage.fields.extra }
        _modify { makeUnique(); yield &storage.fields.extra }
    }
    /// Where the card was read (equality-neutral).
    @inlinable public var loc: SourceLocation {
        get { storage.fields.loc }
        _modify { makeUnique(); yield &storage.fields.loc }
    }

    public var totalVotes: Int { votes.values.reduce(0, +) }

    /// Equal when every declared field is (text by code points) and the unknown fields are.
    public static func == (a: Card, b: Card) -> Bool {
        if a.storage === b.storage { return true }
        return withUnsafePointer(to: &a.storage.fields) { x in
            withUnsafePointer(to: &b.storage.fields) { y in
                CanonicalJSON.sameText(x.pointee.id, y.pointee.id)
                    && Card.declaration.allEqual(UnsafeRawPointer(x), UnsafeRawPointer(y)) && x.pointee.extra == y.pointee.extra
            }
        }
    }

    public func withStoredFields<R>(_ body: (UnsafeRawPointer) throws -> R) rethrows -> R {
        try withUnsafePointer(to: &storage.fields) { try body(UnsafeRawPointer($0)) }
    }

    public mutating func withMutableStoredFields<R>(_ body: (UnsafeMutableRawPointer) throws -> R) rethrows -> R {
        makeUnique()
        return try withUnsafeMutablePointer(to: &storage.fields) { try body(UnsafeMutableRawPointer($0)) }
    }
}

extension Card: BoardEntity {
    /// The card's known fields: one row per JSON key (docs/FORMAT.md). Reading, writing,
    /// equality, merge, diff and textconv follow this table; the rows' order numbers the
    /// reader's fields (the required-field mask), the write order is the names' code-point order.
    public static let declaration = EntityDeclaration<Fields>("card", [
        .string("lane", \.lane, merge: .place),
        .string("stage", \.stage, merge: .place),
        .string("order", \.order, merge: .place),
        .string("text", \.text, required: true),
        .string("notes", \.notes),
        .string("channel", \.channel),
        .string("owner", \.owner),
        .stringSet("tags", \.tags),
        .string("status", \.status),
        .numbers("metrics", \.metrics),
        .number("volume", \.volume),
        .number("value", \.value),
        .numbers("impact", \.impact),
        .number("confidence", \.confidence),
        .number("reach", \.reach),
        .number("cost", \.cost),
        .stringSet("links", \.links),
        .integers("votes", \.votes),
        .numbers("measured", \.measured),
        .string("source", \.source),
        .comments("comments", \.comments),
    ])

    public static let entityKind = EntityKind.cards
    public init(decodingID id: String) { self.init(id: id, lane: "", stage: "", order: "", text: "") }
}
