/// One problem found in a board, with where it is. Printed as `FILE:LINE:COL: error: MESSAGE`.
public struct Diagnostic: Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public var file: String
    public var position: SourcePosition?
    public var severity: Severity
    public var message: String

    public init(file: String, position: SourcePosition?, severity: Severity = .error, message: String) {
        self.file = file; self.position = position; self.severity = severity; self.message = message
    }

    public var description: String {
        if let p = position { return "\(file):\(p.line):\(p.column): \(severity.rawValue): \(message)" }
        return "\(file): \(severity.rawValue): \(message)"
    }
}

/// Checks a board beyond syntax: references, ranges, kinds, conflicts. Every problem is
/// listed (not just the first), each at the field concerned when the file's bytes are given.
public struct Validator {
    public let board: Board
    public let bytes: [UInt8]?
    public let file: String
    private var found: [(offset: Int, d: Diagnostic)] = []

    public static let gates = ["all", "any", "none"]

    public static func validate(_ board: Board, bytes: [UInt8]? = nil, file: String = "<board>") -> [Diagnostic] {
        var v = Validator(board: board, bytes: bytes, file: file)
        v.run()
        return v.found.sorted { $0.offset < $1.offset }.map(\.d)
    }

    init(board: Board, bytes: [UInt8]?, file: String) { self.board = board; self.bytes = bytes; self.file = file }

    /// Reports a problem at `field` of the entity at `loc` (or at the entity itself).
    mutating func report(_ message: String, _ loc: SourceLocation?, field: String? = nil) {
        var offset = loc?.offset ?? -1
        if let b = bytes, offset >= 0, let f = field, let at = Validator.fieldOffset(b, objectAt: offset, key: f) {
            offset = at
        }
        let pos = (bytes != nil && offset >= 0) ? SourcePosition.of(offset: offset, in: bytes!) : nil
        found.append((offset < 0 ? Int.max : offset, Diagnostic(file: file, position: pos, message: message)))
    }

    /// The offset of `key`'s value inside the object that starts at `objectAt`.
    static func fieldOffset(_ bytes: [UInt8], objectAt: Int, key: String) -> Int? {
        bytes.withUnsafeBufferPointer { p in
            var r = StrictJSONReader(p, at: objectAt)
            var result: Int?
            struct Found: Error {}
            do {
                try r.readObject(checkDuplicates: false) { r, k, _ in
                    r.skipSpace()
                    if k == key { result = r.i; throw Found() }
                    try r.skipFast()
                }
            } catch {}
            return result
        }
    }

    mutating func run() {
        let b = board
        let metricIDs = b.heroMetrics
        // hero metrics
        for m in b.orderedHeroMetrics {
            if m.min >= m.max { report("hero metric \(m.id): min (\(CanonicalJSON.numberText(m.min))) must be less than max (\(CanonicalJSON.numberText(m.max)))", m.loc, field: "min") }
            if m.weight < 0 { report("hero metric \(m.id): weight must not be negative (\(CanonicalJSON.numberText(m.weight)))", m.loc, field: "weight") }
            if Better(rawValue: m.better) == nil { report("hero metric \(m.id): better must be \"higher\" or \"lower\", not \"\(m.better)\"", m.loc, field: "better") }
        }
        if !Validator.gates.contains(b.scoring.gate) {
            report("scoring.gate must be one of all, any, none — not \"\(b.scoring.gate)\"", nil)
        }
        if b.scoring.votesPerParticipant < 0 { report("scoring.votesPerParticipant must not be negative", nil) }

        // the same id in two maps
        var owner: [String: String] = [:]
        func claim(_ ids: Dictionary<String, some Any>.Keys, _ map: String, _ loc: (String) -> SourceLocation?) {
            for id in ids {
                if let other = owner[id] { report("id \(id) is used in both \(other) and \(map)", loc(id)) }
                else { owner[id] = map }
            }
        }
        claim(b.journeys.keys, "journeys") { b.journeys[$0]?.loc }
        claim(b.stages.keys, "stages") { b.stages[$0]?.loc }
        claim(b.lanes.keys, "lanes") { b.lanes[$0]?.loc }
        claim(b.personas.keys, "personas") { b.personas[$0]?.loc }
        claim(b.cards.keys, "cards") { b.cards[$0]?.loc }

        func checkMetricKeys(_ m: [String: Double], _ what: String, _ loc: SourceLocation, _ field: String) {
            for k in m.keys.sorted() where metricIDs[k] == nil {
                report("\(what): \(field) names \"\(k)\", which is not a hero metric of this board (\(metricIDs.keys.sorted().joined(separator: ", ")))", loc, field: field)
            }
        }

        for j in b.orderedJourneys {
            if let p = j.persona, b.personas[p] == nil { report("journey \(j.id): persona \(p) does not exist", j.loc, field: "persona") }
            if JourneyState(rawValue: j.state) == nil { report("journey \(j.id): state must be \"current\" or \"future\", not \"\(j.state)\"", j.loc, field: "state") }
            checkMetricKeys(j.metrics, "journey \(j.id)", j.loc, "metrics")
        }
        for s in b.stages.values.sorted(by: { $0.loc.offset < $1.loc.offset }) where b.journeys[s.journey] == nil {
            report("stage \(s.id): journey \(s.journey.isEmpty ? "(none)" : s.journey) does not exist", s.loc, field: "journey")
        }
        for l in b.lanes.values.sorted(by: { $0.loc.offset < $1.loc.offset }) {
            if b.journeys[l.journey] == nil { report("lane \(l.id): journey \(l.journey.isEmpty ? "(none)" : l.journey) does not exist", l.loc, field: "journey") }
            if l.laneKind == nil { report("lane \(l.id): unknown kind \"\(l.kind)\" (one of \(LaneKind.allCases.map(\.rawValue).joined(separator: ", ")))", l.loc, field: "kind") }
        }
        for c in b.cards.values.sorted(by: { $0.loc.offset < $1.loc.offset }) {
            let what = "card \(c.id)"
            let stage = b.stages[c.stage], lane = b.lanes[c.lane]
            if stage == nil { report("\(what): stage \(c.stage.isEmpty ? "(none)" : c.stage) does not exist", c.loc, field: "stage") }
            if lane == nil { report("\(what): lane \(c.lane.isEmpty ? "(none)" : c.lane) does not exist", c.loc, field: "lane") }
            if let s = stage, let l = lane, s.journey != l.journey {
                report("\(what): its stage \(s.id) belongs to journey \(s.journey) but its lane \(l.id) to journey \(l.journey)", c.loc, field: "lane")
            }
            if let v = c.value, v < -2 || v > 2 { report("\(what): emotion value must be between -2 and 2, not \(CanonicalJSON.numberText(v))", c.loc, field: "value") }
            if let v = c.confidence, v < 0 || v > 100 { report("\(what): confidence must be between 0 and 100, not \(CanonicalJSON.numberText(v))", c.loc, field: "confidence") }
            if let v = c.reach, v < 0 || v > 100 { report("\(what): reach must be between 0 and 100, not \(CanonicalJSON.numberText(v))", c.loc, field: "reach") }
            if let v = c.cost, v <= 0 { report("\(what): cost must be greater than 0, not \(CanonicalJSON.numberText(v))", c.loc, field: "cost") }
            if let v = c.volume, v < 0 { report("\(what): volume must not be negative", c.loc, field: "volume") }
            for (name, n) in c.votes.sorted(by: { $0.key < $1.key }) where n < 0 {
                report("\(what): votes of \(name) must not be negative", c.loc, field: "votes")
            }
            checkMetricKeys(c.impact, what, c.loc, "impact")
            checkMetricKeys(c.metrics, what, c.loc, "metrics")
            checkMetricKeys(c.measured, what, c.loc, "measured")
            for t in c.links {
                if b.cards[t] == nil { report("\(what): link target \(t) does not exist", c.loc, field: "links") }
                else if t == c.id { report("\(what): links to itself", c.loc, field: "links") }
            }
        }
        for (n, cf) in b.conflicts.enumerated() {
            report("unresolved merge conflict \(n + 1) of \(b.conflicts.count) at \(cf.path): open the board and press c to resolve it", cf.loc)
        }
    }
}
