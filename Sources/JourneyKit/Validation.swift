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
        // file order; problems without a place (a board built in memory) by message, so the
        // list is the same on every run
        var found = v.found.sorted { $0.offset != $1.offset ? $0.offset < $1.offset : $0.d.message < $1.d.message }
        // every position in one pass over the file (per problem, thousands of problems
        // would each scan the file)
        if let b = bytes {
            let placed = found.indices.filter { found[$0].offset != Int.max }
            let positions = SourcePosition.of(offsets: placed.map { found[$0].offset }, in: b)
            for (k, n) in placed.enumerated() { found[n].d.position = positions[k] }
        }
        return found.map(\.d)
    }

    init(board: Board, bytes: [UInt8]?, file: String) { self.board = board; self.bytes = bytes; self.file = file }

    /// Reports a problem at `field` of the entity at `loc` (or at the entity itself).
    mutating func report(_ message: String, _ loc: SourceLocation?, field: String? = nil) {
        report(message, offset: loc?.offset ?? -1, field: field)
    }

    /// `offset`: where the entity's object starts in `bytes` (-1: unknown).
    mutating func report(_ message: String, offset start: Int, field: String? = nil) {
        var offset = start
        if let b = bytes, offset >= 0, let f = field, let at = Validator.fieldOffset(b, objectAt: offset, key: f) {
            offset = at
        }
        // the position is filled in by `validate`, for all problems at once
        found.append((offset < 0 ? Int.max : offset, Diagnostic(file: file, position: nil, message: message)))
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

    /// Where the board's own member `key` (e.g. "scoring") starts, for problems of members
    /// that are not entities.
    func topLevelOffset(_ key: String) -> Int {
        guard let b = bytes else { return -1 }
        var start = b.withUnsafeBufferPointer { BOM.length($0) }
        while start < b.count, b[start] == 0x20 || b[start] == 0x0A || b[start] == 0x0D || b[start] == 0x09 { start += 1 }
        return Validator.fieldOffset(b, objectAt: start, key: key) ?? -1
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
            report("scoring.gate must be one of all, any, none — not \"\(b.scoring.gate)\"", offset: topLevelOffset("scoring"), field: "gate")
        }
        if b.scoring.votesPerParticipant < 0 {
            report("scoring.votesPerParticipant must not be negative", offset: topLevelOffset("scoring"), field: "votesPerParticipant")
        }

        // the same id in two maps, reported at the later map's entity (cards are the big
        // map: the small ones are looked up in it, never the other way round)
        let small: [(String, [String])] = [
            ("journeys", Array(b.journeys.keys)), ("stages", Array(b.stages.keys)),
            ("lanes", Array(b.lanes.keys)), ("personas", Array(b.personas.keys)),
        ]
        func firstOwner(_ id: String, before index: Int) -> String? {
            for (k, (name, _)) in small.enumerated() where k < index {
                switch name {
                case "journeys" where b.journeys.index(forKey: id) != nil: return name
                case "stages" where b.stages.index(forKey: id) != nil: return name
                case "lanes" where b.lanes.index(forKey: id) != nil: return name
                case "personas" where b.personas.index(forKey: id) != nil: return name
                default: continue
                }
            }
            return nil
        }
        for (k, (name, ids)) in small.enumerated() {
            for id in ids {
                if k > 0, let other = firstOwner(id, before: k) {
                    let loc: SourceLocation? = name == "stages" ? b.stages[id]?.loc : name == "lanes" ? b.lanes[id]?.loc : b.personas[id]?.loc
                    report("id \(id) is used in both \(other) and \(name)", loc)
                }
                if let i = b.cards.index(forKey: id), firstOwner(id, before: k) == nil {
                    report("id \(id) is used in both \(name) and cards", b.cards[i].value.loc)
                }
            }
        }

        // built once and then only read: the closure holds the finished table, not the
        // function's variables (asking it copied them, per metric of every card)
        let metricTable: IDTable<Bool> = {
            var table = IDTable<Bool>(capacity: metricIDs.count)
            for id in metricIDs.keys { table.insert(id, true) }
            return table
        }()
        let knownMetric: (String) -> Bool = { metricTable.contains($0) }

        for j in b.orderedJourneys {
            Validator.checkJourney(j, in: b, knownMetric: knownMetric) { message, field in report(message, j.loc, field: field) }
        }
        for s in b.stages.values where b.journeys[s.journey] == nil {
            report("stage \(s.id): journey \(s.journey.isEmpty ? "(none)" : s.journey) does not exist", s.loc, field: "journey")
        }
        for l in b.lanes.values {
            if b.journeys[l.journey] == nil { report("lane \(l.id): journey \(l.journey.isEmpty ? "(none)" : l.journey) does not exist", l.loc, field: "journey") }
            if l.laneKind == nil { report("lane \(l.id): unknown kind \"\(l.kind)\" (one of \(LaneKind.allCases.map(\.rawValue).joined(separator: ", ")))", l.loc, field: "kind") }
        }
        // the journey of each stage and lane, looked up per card without copying the entities
        var stageJourney = IDTable<String>(capacity: b.stages.count), laneJourney = IDTable<String>(capacity: b.lanes.count)
        for (id, s) in b.stages { stageJourney.insert(id, s.journey) }
        for (id, l) in b.lanes { laneJourney.insert(id, l.journey) }
        for c in b.cards.values {
            let loc = c.loc
            let sj = stageJourney.value(for: c.stage), lj = laneJourney.value(for: c.lane)
            if sj == nil { report("card \(c.id): stage \(c.stage.isEmpty ? "(none)" : c.stage) does not exist", loc, field: "stage") }
            if lj == nil { report("card \(c.id): lane \(c.lane.isEmpty ? "(none)" : c.lane) does not exist", loc, field: "lane") }
            if let s = sj, let l = lj, s != l {
                report("card \(c.id): its stage \(c.stage) belongs to journey \(s) but its lane \(c.lane) to journey \(l)", loc, field: "lane")
            }
            Validator.checkCardFields(c, in: b, knownMetric: knownMetric) { message, field in report(message, loc, field: field) }
        }
        for (n, cf) in b.conflicts.enumerated() {
            report("unresolved merge conflict \(n + 1) of \(b.conflicts.count) at \(cf.path): open the board and press c to resolve it", cf.loc)
        }
    }
}

/// The rules of one entity's own fields, shared by `journey check` (which reports each problem at
/// its field in the file) and the board (which refuses an edit that breaks one): one copy of
/// each rule.
extension Validator {
    /// A journey's persona, state and measured metrics. `knownMetric`: is the id a hero metric
    /// of the board (`check` passes a table built once for the whole board).
    public static func checkJourney(_ j: Journey, in b: Board, knownMetric: (String) -> Bool,
                                    _ problem: (_ message: String, _ field: String) -> Void) {
        if let p = j.persona, b.personas[p] == nil { problem("journey \(j.id): persona \(p) does not exist", "persona") }
        if JourneyState(rawValue: j.state) == nil { problem("journey \(j.id): state must be \"current\" or \"future\", not \"\(j.state)\"", "state") }
        unknownMetrics(j.metrics, "journey", j.id, "metrics", in: b, knownMetric: knownMetric, problem)
    }

    /// A card's own fields (its place — stage, lane and their journey — is checked by `check`
    /// against the whole board).
    public static func checkCardFields(_ c: Card, in b: Board, knownMetric: (String) -> Bool,
                                       _ problem: (_ message: String, _ field: String) -> Void) {
        if let st = c.status, CardStatus(rawValue: st) == nil {
            problem("card \(c.id): status must be one of \(CardStatus.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(st)\"", "status")
        }
        if let v = c.value, v < -2 || v > 2 { problem("card \(c.id): emotion value must be between -2 and 2, not \(CanonicalJSON.numberText(v))", "value") }
        if let v = c.confidence, v < 0 || v > 100 { problem("card \(c.id): confidence must be between 0 and 100, not \(CanonicalJSON.numberText(v))", "confidence") }
        if let v = c.reach, v < 0 || v > 100 { problem("card \(c.id): reach must be between 0 and 100, not \(CanonicalJSON.numberText(v))", "reach") }
        if let v = c.cost, v <= 0 { problem("card \(c.id): cost must be greater than 0, not \(CanonicalJSON.numberText(v))", "cost") }
        if let v = c.volume, v < 0 { problem("card \(c.id): volume must not be negative", "volume") }
        if !c.votes.isEmpty, c.votes.values.contains(where: { $0 < 0 }) {
            for (name, n) in c.votes.sorted(by: { CanonicalJSON.keyPrecedes($0.key, $1.key) }) where n < 0 {
                problem("card \(c.id): votes of \(name) must not be negative", "votes")
            }
        }
        unknownMetrics(c.impact, "card", c.id, "impact", in: b, knownMetric: knownMetric, problem)
        unknownMetrics(c.metrics, "card", c.id, "metrics", in: b, knownMetric: knownMetric, problem)
        unknownMetrics(c.measured, "card", c.id, "measured", in: b, knownMetric: knownMetric, problem)
        for t in c.links {
            if b.cards.index(forKey: t) == nil { problem("card \(c.id): link target \(t) does not exist", "links") }
            else if t == c.id { problem("card \(c.id): links to itself", "links") }
        }
    }

    /// `what`: "card" or "journey", and its id; one problem per key of `m` that is not a hero metric.
    @inline(__always)
    static func unknownMetrics(_ m: [String: Double], _ what: String, _ id: String, _ field: String, in b: Board,
                               knownMetric: (String) -> Bool, _ problem: (String, String) -> Void) {
        guard !m.isEmpty, m.keys.contains(where: { !knownMetric($0) }) else { return }
        for k in m.keys.sorted() where !knownMetric(k) {
            problem("\(what) \(id): \(field) names \"\(k)\", which is not a hero metric of this board (\(b.heroMetrics.keys.sorted().joined(separator: ", ")))", field)
        }
    }

    /// What `check` would say about this journey, first problem first (empty: none).
    public static func problems(of j: Journey, in b: Board) -> [String] {
        var found: [String] = []
        checkJourney(j, in: b, knownMetric: { b.heroMetrics[$0] != nil }) { message, _ in found.append(message) }
        return found
    }

    /// What `check` would say about this card's own fields (empty: none).
    public static func problems(of c: Card, in b: Board) -> [String] {
        var found: [String] = []
        checkCardFields(c, in: b, knownMetric: { b.heroMetrics[$0] != nil }) { message, _ in found.append(message) }
        return found
    }
}
