/// Three-way merge of boards (docs/MERGING.md): what `journey merge` runs as a git merge driver,
/// and what the app runs when the file changed on disk under unsaved edits
/// (base = what the app loaded, ours = the app's board, theirs = the file on disk).
///
/// Matching is by id in every map. Entities are merged field by field on their JSON fields
/// (`allFields()`), so fields this version does not know merge too:
/// - equal on both sides → kept; changed on one side only → taken;
/// - changed differently on both → a conflict record, with ours kept live;
/// - deleted on one side and edited on the other → a conflict record for the whole entity
///   (`cards/<id>`), and the edited entity is kept live, so nothing is lost;
/// - `tags` and `links` merge as sets (additions and removals of either side both apply);
/// - `votes`, `metrics`, `impact`, `measured` (and a journey's `metrics`) merge key by key, so
///   two people voting, or two squads measuring different metrics, never collide;
/// - a card's place (`stage`, `lane`, `order`) merges as one unit: a card moved on one side
///   and edited on the other is clean, but moved to two different places is a conflict
///   (one record per field that differs), so stage and lane always stay in one journey;
/// - an entity deleted on one side but still used on the other (a stage or lane that got new
///   cards, a card that got a new link, a hero metric that got a new impact, a journey, a
///   persona) is kept, with a whole-entity record whose `reason` says who uses it.
/// Conflict records already in the sides merge as a set: a record resolved on one side stays
/// resolved. New records are appended sorted by path. The result is a valid board apart from
/// its records whenever the three inputs are valid: what a field-by-field merge would break
/// across entities is repaired and recorded (`placeCardsInOneJourney`), and
/// `problemsBesidesConflicts` is the check the tests and the fuzzer hold it to.
public enum BoardMerge {
    /// The base used when there is none (both branches added the file): an empty board.
    public static var emptyBase: Board { Board(title: "") }

    /// Merges `ours` and `theirs`, both changed from `base` (nil or empty: both added the file).
    /// `labels` names the sides for the records and messages: keys "base", "ours", "theirs"
    /// (stored in each new record as given; pass `[:]` when the names are unknown).
    /// Returns the merged board (its `conflicts` holds the records of both sides and the new
    /// ones) and the records this merge added.
    public static func merge(base: Board?, ours: Board, theirs: Board,
                             labels: [String: String] = [:]) -> (board: Board, conflicts: [Conflict]) {
        var m = Merger(base: base ?? emptyBase, ours: ours, theirs: theirs, labels: labels)
        m.run()
        return (m.result, m.found)
    }

    /// The app's case: unsaved edits (`edited`, made on top of `loaded`) merged into the file as
    /// it is now on disk. Labels: ours = "your edits", theirs = "on disk".
    public static func mergeUnsavedEdits(loaded: Board, edited: Board, onDisk: Board) -> (board: Board, conflicts: [Conflict]) {
        merge(base: loaded, ours: edited, theirs: onDisk,
              labels: ["base": "as loaded", "ours": "your edits", "theirs": "on disk"])
    }

    /// How a field of an entity merges.
    public enum FieldKind: Sendable {
        case atomic, set, keyed

        init(_ merge: FieldMerge) {
            switch merge {
            case .plain, .place: self = .atomic
            case .set: self = .set
            case .keyed: self = .keyed
            }
        }
    }

    /// How the field `field` of an entity of the map `map` merges, from the entity's declaration.
    public static func fieldKind(map: String, field: String) -> FieldKind {
        guard let kind = EntityKind(rawValue: map) else { return .atomic }
        return FieldKind(kind.merge(of: field))
    }

    /// The fields of a card that give its place; they merge as one unit.
    public static var placeFields: [String] { EntityKind.cards.placeFields }

    /// What `journey check` would report about `board` apart from its unresolved conflict
    /// records: empty for every merge of three valid boards.
    public static func problemsBesidesConflicts(_ board: Board) -> [Diagnostic] {
        var b = board
        b.conflicts = []
        return Validator.validate(b)
    }
}

extension Conflict {
    /// Why the record exists, when a bare base/ours/theirs would not say it (e.g. "stage kept:
    /// deleted on theirs, but 2 cards on ours are in it"). Stored as the record's `reason`.
    public var reason: String? {
        get { extra["reason"]?.stringValue }
        set { extra["reason"] = newValue.map { .string($0) } }
    }
}

/// Conflict paths: segments joined by "/", each escaped as in a JSON Pointer (RFC 6901:
/// "~" → "~0", "/" → "~1"), so a participant or unknown key containing "/" stays one segment.
public enum ConflictPath {
    public static func escape(_ s: String) -> String {
        guard s.contains("~") || s.contains("/") else { return s }
        var out = ""
        for ch in s {
            switch ch {
            case "~": out += "~0"
            case "/": out += "~1"
            default: out.append(ch)
            }
        }
        return out
    }
    public static func unescape(_ s: String) -> String {
        guard s.contains("~") else { return s }
        var out = ""
        var tilde = false
        for ch in s {
            if tilde {
                out += ch == "1" ? "/" : ch == "0" ? "~" : "~" + String(ch)
                tilde = false
            } else if ch == "~" { tilde = true } else { out.append(ch) }
        }
        if tilde { out += "~" }
        return out
    }
    public static func join(_ segments: [String]) -> String { segments.map(escape).joined(separator: "/") }
    public static func split(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: false).map { unescape(String($0)) }
    }
}

// MARK: the merger

struct Merger {
    let base: Board
    let ours: Board
    let theirs: Board
    let labels: [String: String]
    var result: Board
    /// Records this merge adds.
    var found: [Conflict] = []

    init(base: Board, ours: Board, theirs: Board, labels: [String: String]) {
        self.base = base; self.ours = ours; self.theirs = theirs; self.labels = labels
        result = ours
    }

    var oursName: String { labels["ours"] ?? "ours" }
    var theirsName: String { labels["theirs"] ?? "theirs" }

    mutating func run() {
        result.title = merge3(["title"], .string(base.title), .string(ours.title), .string(theirs.title))?.stringValue ?? ours.title
        mergeScoring()
        mergeTopLevelExtra()
        // what others refer to first, as the records are made in this order
        for kind in [EntityKind.heroMetrics, .personas, .journeys, .stages, .lanes, .cards] {
            var mapMerger = MapMerger(merger: self)
            self = Merger(base: base, ours: ours, theirs: theirs, labels: labels)
            kind.visit(&mapMerger)
            self = mapMerger.merger
        }
        keepWhatIsStillUsed()
        placeCardsInOneJourney()
        mergeConflictRecords()
    }

    mutating func record(_ segments: [String], _ b: JSONValue?, _ o: JSONValue?, _ t: JSONValue?, reason: String? = nil) {
        var c = Conflict(path: ConflictPath.join(segments), base: b, ours: o, theirs: t, labels: labels)
        c.reason = reason
        found.append(c)
    }

    /// Three-way merge of one value; a conflict keeps ours.
    mutating func merge3(_ path: [String], _ b: JSONValue?, _ o: JSONValue?, _ t: JSONValue?) -> JSONValue? {
        if o == t { return o }
        if o == b { return t }
        if t == b { return o }
        record(path, b, o, t)
        return o
    }

    // MARK: board-level members

    mutating func mergeScoring() {
        func fields(_ s: Scoring) -> CodePointMap<JSONValue> { BoardCodec.scoringJSON(s).objectValue ?? [:] }
        let bf = fields(base.scoring), of = fields(ours.scoring), tf = fields(theirs.scoring)
        if of == tf || tf == bf { return }  // result already holds ours
        if of == bf { result.scoring = theirs.scoring; return }
        var s = Scoring()
        s.extra = [:]
        for key in CodePointMap.keys(of: bf, of, tf) {
            let v = merge3(["scoring", key], bf[key], of[key], tf[key])
            switch key {
            case "gate": s.gate = v?.stringValue ?? ours.scoring.gate
            case "votesPerParticipant": s.votesPerParticipant = v?.numberValue.map { Int($0) } ?? ours.scoring.votesPerParticipant
            case "votesHidden": s.votesHidden = v == .bool(true)
            default: if let v = v { s.extra[key] = v }
            }
        }
        result.scoring = s
    }

    mutating func mergeTopLevelExtra() {
        let b = base.extra, o = ours.extra, t = theirs.extra
        if o == t || t == b { return }
        if o == b { result.extra = t; return }
        var out: CodePointMap<JSONValue> = [:]
        for key in CodePointMap.keys(of: b, o, t) {
            if let v = merge3([key], b[key], o[key], t[key]) { out[key] = v }
        }
        result.extra = out
    }

    /// Records on both sides merge as a set (by value): kept when on both sides or added on
    /// one; dropped when one side resolved (removed) it. New records follow, sorted by path.
    mutating func mergeConflictRecords() {
        let b = base.conflicts, o = ours.conflicts, t = theirs.conflicts
        var out: [Conflict] = []
        if o == t || t == b { out = o }
        else if o == b { out = t }
        else {
            for c in o where t.contains(c) || !b.contains(c) { out.append(c) }
            for c in t where !o.contains(c) && !b.contains(c) { out.append(c) }
        }
        found.sort { CanonicalJSON.keyPrecedes($0.path, $1.path) }
        var added: [Conflict] = []
        for c in found where !out.contains(c) && !added.contains(c) { added.append(c) }
        found = added
        result.conflicts = out + added
    }

    // MARK: entity maps

    /// Merges one map of entities (the merger moves in and back, so the result is not copied).
    struct MapMerger: EntityMapVisitor {
        var merger: Merger
        mutating func visit<M: EntityMap>(_ kind: EntityKind, _ map: WritableKeyPath<Board, M>) where M.Entity: BoardEntity {
            merger.mergeMap(map, kind.rawValue)
        }
    }

    mutating func mergeMap<M: EntityMap>(_ kp: WritableKeyPath<Board, M>, _ map: String) where M.Entity: BoardEntity {
        let b = base[keyPath: kp], o = ours[keyPath: kp], t = theirs[keyPath: kp]
        var out = o
        // Everything theirs changed or added (unchanged on theirs: ours' state stands).
        for (id, tv) in t {
            let bv = b[id]
            if let bv = bv, bv == tv { continue }
            if let ov = o[id] {
                if ov == tv { continue }
                if let bv = bv, ov == bv { out[id] = tv; continue }
                out[id] = mergeEntity(map, id, bv, ov, tv)
            } else if let bv = bv {
                // deleted on ours, edited on theirs: keep the edited one
                out[id] = tv
                record([map, id], bv.jsonObject, nil, tv.jsonObject,
                       reason: "deleted on \(oursName), edited on \(theirsName): kept as edited on \(theirsName)")
            } else {
                out[id] = tv
            }
        }
        // Everything theirs deleted.
        for (id, bv) in b where t[id] == nil {
            guard let ov = o[id] else { continue }
            if ov == bv { out[id] = nil; continue }
            record([map, id], bv.jsonObject, ov.jsonObject, nil,
                   reason: "deleted on \(theirsName), edited on \(oursName): kept as edited on \(oursName)")
        }
        result[keyPath: kp] = out
    }

    static func fields<E: BoardEntity>(_ e: E?) -> CodePointMap<JSONValue> {
        guard let e = e else { return [:] }
        var d: CodePointMap<JSONValue> = [:]
        for (k, v) in e.allFields() { d[k] = v }
        return d
    }

    /// Both sides changed one entity (or both added it with the same id): field by field.
    mutating func mergeEntity<E: BoardEntity>(_ map: String, _ id: String, _ b: E?, _ o: E, _ t: E) -> E {
        let bf = Merger.fields(b), of = Merger.fields(o), tf = Merger.fields(t)
        var keys = CodePointMap.unorderedKeys(of: bf, of, tf)
        var merged: CodePointMap<JSONValue> = [:]
        let before = found.count

        let place = E.placeFields
        if !place.isEmpty {
            // A card's place merges as one unit, so stage and lane stay in one journey.
            let pb = place.map { bf[$0] }, po = place.map { of[$0] }, pt = place.map { tf[$0] }
            let chosen: [JSONValue?]
            if po == pt || pt == pb { chosen = po }
            else if po == pb { chosen = pt }
            else {
                chosen = po
                for (n, f) in place.enumerated() where po[n] != pt[n] {
                    record([map, id, f], pb[n], po[n], pt[n],
                           reason: "moved to different places on \(oursName) and \(theirsName)")
                }
            }
            for (n, f) in place.enumerated() {
                keys.removeAll { $0 == f } // field names are ASCII
                if let v = chosen[n] { merged[f] = v }
            }
        }

        for key in keys {
            let bv = bf[key], ov = of[key], tv = tf[key]
            let v: JSONValue?
            if ov == tv { v = ov }
            else if ov == bv { v = tv }
            else if tv == bv { v = ov }
            else {
                switch BoardMerge.FieldKind(E.merge(of: key)) {
                case .atomic: v = merge3([map, id, key], bv, ov, tv)
                case .set: v = mergeSet([map, id, key], bv, ov, tv)
                case .keyed: v = mergeKeyed([map, id, key], bv, ov, tv)
                }
            }
            if let v = v { merged[key] = v }
        }

        if var e = try? E(id: id, json: .object(merged)), Merger.holdsTogether(e) {
            e.loc = o.loc
            return e
        }
        // The fields do not make a valid entity together (e.g. min ≥ max): keep ours whole.
        found.removeSubrange(before...)
        record([map, id], b?.jsonObject, o.jsonObject, t.jsonObject,
               reason: "edited on both sides; the edits do not fit together: kept as on \(oursName)")
        return o
    }

    /// Rules within one entity that a field-by-field merge could break.
    static func holdsTogether<E: BoardEntity>(_ e: E) -> Bool {
        if let m = e as? HeroMetric { return m.min < m.max }
        return true
    }

    /// Sets of strings: an element stays when both sides have it, or one side added it;
    /// removed on either side, it goes.
    mutating func mergeSet(_ path: [String], _ b: JSONValue?, _ o: JSONValue?, _ t: JSONValue?) -> JSONValue? {
        func strings(_ v: JSONValue?) -> [String]? {
            guard let v = v else { return [] }
            guard let a = v.arrayValue else { return nil }
            var out: [String] = []
            for e in a { guard let s = e.stringValue else { return nil }; out.append(s) }
            return out
        }
        guard let bs = strings(b), let os = strings(o), let ts = strings(t) else { return merge3(path, b, o, t) }
        // elements compared by code points: "é" and "e\u{301}" are two tags
        let bset = Set(bs.map(CodePoints.init)), oset = Set(os.map(CodePoints.init)), tset = Set(ts.map(CodePoints.init))
        var out: [String] = []
        for s in oset where tset.contains(s) || !bset.contains(s) { out.append(s.string) }
        for s in tset where !oset.contains(s) && !bset.contains(s) { out.append(s.string) }
        if out.isEmpty { return nil }
        return .array(StringSet.normalized(out).map { .string($0) })
    }

    /// Maps of participants or metrics: each key merges on its own.
    mutating func mergeKeyed(_ path: [String], _ b: JSONValue?, _ o: JSONValue?, _ t: JSONValue?) -> JSONValue? {
        func object(_ v: JSONValue?) -> CodePointMap<JSONValue>? {
            guard let v = v else { return [:] }
            return v.objectValue
        }
        guard let bo = object(b), let oo = object(o), let to = object(t) else { return merge3(path, b, o, t) }
        var out: CodePointMap<JSONValue> = [:]
        for key in CodePointMap.keys(of: bo, oo, to) {
            if let v = merge3(path + [key], bo[key], oo[key], to[key]) { out[key] = v }
        }
        return out.isEmpty ? nil : .object(out)
    }

    // MARK: nothing lost: entities deleted on one side but still used on the other

    /// Finds references to entities that are gone from the result (a stage deleted on one side
    /// that got cards on the other …) and brings those entities back, each with a record.
    /// Repeats, since a restored entity may use another deleted one (a stage its journey).
    mutating func keepWhatIsStillUsed() {
        for _ in 0..<8 {
            let missing = missingReferences()
            if missing.isEmpty { return }
            var restoredAny = false
            let keys = missing.keys.sorted { $0.map == $1.map ? CanonicalJSON.keyPrecedes($0.id, $1.id) : $0.map < $1.map }
            for k in keys where restore(k.map, k.id, users: missing[k]!) { restoredAny = true }
            if !restoredAny { return }
        }
    }

    // MARK: one journey per card

    /// A card's place merges as one unit, but its stage and lane can still end up in two
    /// journeys when the other side moved the stage (or lane) to another journey: e.g. ours
    /// moved a stage to the future journey, theirs added a card to it. Each such card is put
    /// back where one side had it, if that place holds in the merged board (ours, then theirs,
    /// then base); when no side's place holds, the card leaves the live board and is kept whole
    /// in its record (nothing is lost; resolving the record brings it back once its stage and
    /// lane are in one journey again), and links to it are dropped so the board stays valid.
    /// Either way a whole-card record says what happened.
    mutating func placeCardsInOneJourney() {
        func journeyOf(stage: String, lane: String) -> String? {
            guard let s = result.stages[stage], let l = result.lanes[lane], s.journey == l.journey else { return nil }
            return s.journey
        }
        var misplaced: [String] = []
        for c in result.cards.values where journeyOf(stage: c.stage, lane: c.lane) == nil {
            // only when both exist: a missing stage or lane is the other repair's business
            if result.stages[c.stage] != nil && result.lanes[c.lane] != nil { misplaced.append(c.id) }
        }
        if misplaced.isEmpty { return }
        misplaced.sort(by: CanonicalJSON.keyPrecedes)
        var dropped: [String] = []
        for id in misplaced {
            guard let live = result.cards[id] else { continue }
            let b = base.cards[id], o = ours.cards[id], t = theirs.cards[id]
            let why = "its stage \(live.stage) and lane \(live.lane) ended up in different journeys (one side moved one of them to another journey)"
            let candidates: [(String, Card?)] = [(oursName, o), (theirsName, t), ("the base", b)]
            if let (side, c) = candidates.first(where: { $0.1.map { journeyOf(stage: $0.stage, lane: $0.lane) != nil } ?? false }), let from = c {
                var fixed = live
                fixed.stage = from.stage; fixed.lane = from.lane; fixed.order = from.order
                result.cards[id] = fixed
                record(["cards", id], b?.jsonObject, o?.jsonObject, t?.jsonObject,
                       reason: "card placed as on \(side): \(why)")
            } else {
                _ = result.cards.removeValue(forKey: id)
                dropped.append(id)
                let linkers = result.cards.values.filter { $0.links.contains(id) }.map(\.id).sorted(by: CanonicalJSON.keyPrecedes)
                let links = linkers.isEmpty ? "" : "; links to it dropped from " + linkers.joined(separator: ", ")
                record(["cards", id], b?.jsonObject, o?.jsonObject, t?.jsonObject,
                       reason: "card kept only in this record: \(why), and no side's place for it holds\(links)")
            }
        }
        if dropped.isEmpty { return }
        let gone = Set(dropped)
        for c in result.cards.values where c.links.contains(where: { gone.contains($0) }) {
            var fixed = c
            fixed.links.removeAll { gone.contains($0) }
            result.cards[c.id] = fixed
        }
    }

    struct MissingKey: Hashable {
        var map: String, id: String
        init(_ map: String, _ id: String) { self.map = map; self.id = id }
    }

    func missingReferences() -> [MissingKey: [String]] {
        var missing: [MissingKey: [String]] = [:]
        let r = result
        func metricKeys(_ keys: Dictionary<String, Double>.Keys, _ user: String) {
            for k in keys where r.heroMetrics[k] == nil { missing[MissingKey("heroMetrics", k), default: []].append(user) }
        }
        for c in r.cards.values {
            if r.stages[c.stage] == nil { missing[MissingKey("stages", c.stage), default: []].append("cards/" + c.id) }
            if r.lanes[c.lane] == nil { missing[MissingKey("lanes", c.lane), default: []].append("cards/" + c.id) }
            for l in c.links where r.cards[l] == nil { missing[MissingKey("cards", l), default: []].append("cards/" + c.id) }
            if !c.metrics.isEmpty { metricKeys(c.metrics.keys, "cards/" + c.id) }
            if !c.impact.isEmpty { metricKeys(c.impact.keys, "cards/" + c.id) }
            if !c.measured.isEmpty { metricKeys(c.measured.keys, "cards/" + c.id) }
        }
        for s in r.stages.values where r.journeys[s.journey] == nil {
            missing[MissingKey("journeys", s.journey), default: []].append("stages/" + s.id)
        }
        for l in r.lanes.values where r.journeys[l.journey] == nil {
            missing[MissingKey("journeys", l.journey), default: []].append("lanes/" + l.id)
        }
        for j in r.journeys.values {
            if let p = j.persona, r.personas[p] == nil { missing[MissingKey("personas", p), default: []].append("journeys/" + j.id) }
            if !j.metrics.isEmpty { metricKeys(j.metrics.keys, "journeys/" + j.id) }
        }
        return missing
    }

    mutating func restore(_ map: String, _ id: String, users: [String]) -> Bool {
        guard let kind = EntityKind(rawValue: map) else { return false }
        var restorer = Restorer(merger: self, id: id, users: users)
        self = Merger(base: base, ours: ours, theirs: theirs, labels: labels)
        let restored = kind.visit(&restorer)
        self = restorer.merger
        return restored
    }

    /// Brings back one entity of a map (the merger moves in and back).
    struct Restorer: EntityMapVisitor {
        var merger: Merger
        let id: String, users: [String]
        mutating func visit<M: EntityMap>(_ kind: EntityKind, _ map: WritableKeyPath<Board, M>) -> Bool where M.Entity: BoardEntity {
            merger.restore(map, kind.rawValue, id, users)
        }
    }

    mutating func restore<M: EntityMap>(_ kp: WritableKeyPath<Board, M>, _ map: String, _ id: String, _ users: [String]) -> Bool where M.Entity: BoardEntity {
        let b = base[keyPath: kp][id], o = ours[keyPath: kp][id], t = theirs[keyPath: kp][id]
        guard let keep = o ?? t ?? b else { return false }
        result[keyPath: kp][id] = keep
        let sorted = users.sorted(by: CanonicalJSON.keyPrecedes)
        let shown = sorted.prefix(5).map { ConflictPath.split($0).last ?? $0 }.joined(separator: ", ")
            + (sorted.count > 5 ? " and \(sorted.count - 5) more" : "")
        let what = Merger.singular(map)
        let deletedOn: String
        switch (o != nil, t != nil) {
        case (true, false): deletedOn = "deleted on \(theirsName)"
        case (false, true): deletedOn = "deleted on \(oursName)"
        default: deletedOn = "deleted on both sides"
        }
        let usersKind = Set(sorted.map { ConflictPath.split($0).first ?? "" })
        let usersName = usersKind.count == 1 ? Merger.plural(usersKind.first!, sorted.count) : "\(sorted.count) entities"
        record([map, id], b?.jsonObject, o?.jsonObject, t?.jsonObject,
               reason: "\(what) kept: \(deletedOn), but still used by \(usersName) (\(shown))")
        return true
    }

    static func singular(_ map: String) -> String { EntityKind(rawValue: map)?.singular ?? map }

    static func plural(_ map: String, _ n: Int) -> String {
        let one = singular(map)
        return n == 1 ? "1 \(one)" : "\(n) \(one)s"
    }
}
