import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// Properties of the merge over random boards and random edit scripts (seeded, so a failure
/// names the seed that reproduces it): every edit that is not in conflict survives;
/// merge(base, a, a) = a; merge(base, base, b) = b; swapping the sides gives the same board
/// apart from which side a conflict keeps live; the result is a valid board apart from its records.
final class MergePropertyTests: XCTestCase {
    static let trials = 400

    func testMergeKeepsEveryEditThatIsNotInConflict() {
        var conflicted = 0, edits = 0
        for seed in 0..<UInt64(Self.trials) {
            var g = MergeTestRandom(seed)
            let base = MergeRandomBoards.board(&g)
            let a = MergeRandomBoards.edited(base, &g)
            let b = MergeRandomBoards.edited(base, &g)
            let r = BoardMerge.merge(base: base, ours: a, theirs: b, labels: ["ours": "a", "theirs": "b"])
            if !r.conflicts.isEmpty { conflicted += 1 }
            let fb = MergeFlat.of(base), fa = MergeFlat.of(a), ft = MergeFlat.of(b), fm = MergeFlat.of(r.board)
            let recorded = r.conflicts.map(\.path)
            func covered(_ p: String) -> Bool { recorded.contains { p == $0 || p.hasPrefix($0 + "/") } }
            for p in Set(fb.keys).union(fa.keys).union(ft.keys).union(fm.keys) where !covered(p) {
                let vb = fb[p], va = fa[p], vt = ft[p], vm = fm[p]
                if va != vb || vt != vb { edits += 1 }
                let expected: JSONValue?
                if va == vt { expected = va } else if va == vb { expected = vt } else if vt == vb { expected = va } else {
                    XCTFail("seed \(seed): \(p) changed on both sides (\(String(describing: va)) / \(String(describing: vt))) without a record")
                    continue
                }
                if vm != expected {
                    XCTFail("seed \(seed): \(p): merged \(String(describing: vm)), expected \(String(describing: expected)) (base \(String(describing: vb)), a \(String(describing: va)), b \(String(describing: vt)))")
                }
            }
            XCTAssertEqual(MergeFixture.problems(r.board), [], "seed \(seed): the merged board must be valid apart from its records")
            XCTAssertEqual(try? MergeFixture.roundTrip(r.board), r.board, "seed \(seed)")
        }
        // the generator must exercise both outcomes
        XCTAssertGreaterThan(conflicted, Self.trials / 10)
        XCTAssertLessThan(conflicted, Self.trials * 9 / 10)
        XCTAssertGreaterThan(edits, Self.trials * 5)
    }

    func testMergingTheSameEditsGivesThemBack() {
        for seed in 0..<UInt64(Self.trials) {
            var g = MergeTestRandom(seed &+ 10_000)
            let base = MergeRandomBoards.board(&g)
            let a = MergeRandomBoards.edited(base, &g)
            let same = BoardMerge.merge(base: base, ours: a, theirs: a)
            XCTAssertEqual(same.board, a, "seed \(seed): merge(base, a, a) = a")
            XCTAssertEqual(same.conflicts, [], "seed \(seed)")
            let one = BoardMerge.merge(base: base, ours: base, theirs: a)
            XCTAssertEqual(one.board, a, "seed \(seed): merge(base, base, b) = b")
            XCTAssertEqual(one.conflicts, [], "seed \(seed)")
            let other = BoardMerge.merge(base: base, ours: a, theirs: base)
            XCTAssertEqual(other.board, a, "seed \(seed): merge(base, a, base) = a")
        }
    }

    func testSwappingSidesOnlyChangesWhichSideIsLive() throws {
        for seed in 0..<UInt64(Self.trials) {
            var g = MergeTestRandom(seed &+ 20_000)
            let base = MergeRandomBoards.board(&g)
            let a = MergeRandomBoards.edited(base, &g)
            let b = MergeRandomBoards.edited(base, &g)
            let r1 = BoardMerge.merge(base: base, ours: a, theirs: b)
            let r2 = BoardMerge.merge(base: base, ours: b, theirs: a)
            func swapped(_ c: Conflict) -> Conflict {
                var x = Conflict(path: c.path, base: c.base, ours: c.theirs, theirs: c.ours)
                x.reason = nil
                return x
            }
            func plain(_ c: Conflict) -> Conflict {
                var x = c; x.reason = nil; x.labels = [:]; return x
            }
            XCTAssertEqual(r2.conflicts.map(plain), r1.conflicts.map(swapped), "seed \(seed): the same records, sides swapped")
            // give every disputed value the same live value on both, then the boards are equal
            var x1 = r1.board, x2 = r2.board
            for c in r1.conflicts { try x2.setValue(x1.value(at: c.path), at: c.path) }
            x1.conflicts = []; x2.conflicts = []
            XCTAssertEqual(x1, x2, "seed \(seed): apart from live sides, the same board")
        }
    }

    func testResolvingEveryRecordLeavesAValidBoard() throws {
        var resolved = 0
        for seed in 0..<UInt64(Self.trials / 2) {
            var g = MergeTestRandom(seed &+ 30_000)
            let base = MergeRandomBoards.board(&g)
            let r = BoardMerge.merge(base: base, ours: MergeRandomBoards.edited(base, &g), theirs: MergeRandomBoards.edited(base, &g))
            for choice in [ConflictChoice.ours, .theirs, .base] {
                var b = r.board
                var guardN = 0
                while !b.conflicts.isEmpty && guardN < 100 {
                    guardN += 1
                    do { try b.resolveConflict(0, choice) } catch {
                        // refused (e.g. deleting a stage still in use): keep what is live instead
                        try b.resolveConflict(0, .value(b.value(at: b.conflicts[0].path)))
                    }
                    resolved += 1
                }
                XCTAssertEqual(b.conflicts, [], "seed \(seed)")
                XCTAssertEqual(Validator.validate(b).map(\.message), [], "seed \(seed), resolving all with \(choice)")
            }
        }
        XCTAssertGreaterThan(resolved, 50)
    }
}

// MARK: flattening a board to leaves, for comparing edits

enum MergeFlat {
    /// Every leaf of a board: entity existence (`cards/<id>`), fields, each key of a keyed
    /// field, each element of a set field, the board's members.
    static func of(_ b: Board) -> CodePointMap<JSONValue> {
        var out: CodePointMap<JSONValue> = [:]
        out["title"] = .string(b.title)
        for (k, v) in BoardCodec.scoringJSON(b.scoring).objectValue! { out["scoring/" + ConflictPath.escape(k)] = v }
        for (k, v) in b.extra { out[ConflictPath.escape(k)] = v }
        func map<M: EntityMap>(_ m: M, _ name: String) where M.Entity: BoardEntity {
            for (id, e) in m {
                let p = name + "/" + id
                out[p] = true
                for (k, v) in e.allFields() {
                    let fp = p + "/" + ConflictPath.escape(k)
                    switch BoardMerge.fieldKind(map: name, field: k) {
                    case .atomic: out[fp] = v
                    case .keyed: for (kk, vv) in v.objectValue! { out[fp + "/" + ConflictPath.escape(kk)] = vv }
                    case .set: for s in v.arrayValue! { out[fp + "/" + ConflictPath.escape(s.stringValue!)] = true }
                    }
                }
            }
        }
        map(b.journeys, "journeys"); map(b.personas, "personas"); map(b.stages, "stages")
        map(b.lanes, "lanes"); map(b.cards, "cards"); map(b.heroMetrics, "heroMetrics")
        return out
    }
}

// MARK: random boards and edit scripts

struct MergeTestRandom: RandomNumberGenerator {
    var state: UInt64
    init(_ seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum MergeRandomBoards {
    static let words = ["Order", "online", "SMS", "ETA", "technician", "router", "bill", "call", "wait", "chat", "install", "界面", "😀"]
    static let people = ["mei", "sam", "ana", "li"]
    static let tags = ["quick-win", "sms", "web", "field", "later"]
    static let orders = ["a0", "a1", "a2", "a3", "a5", "b0"]

    static func pick<T, G: RandomNumberGenerator>(_ a: [T], _ g: inout G) -> T { a[Int(g.next() % UInt64(a.count))] }
    static func chance<G: RandomNumberGenerator>(_ percent: Int, _ g: inout G) -> Bool { Int(g.next() % 100) < percent }
    static func text<G: RandomNumberGenerator>(_ g: inout G) -> String {
        (0..<(1 + Int(g.next() % 4))).map { _ in pick(words, &g) }.joined(separator: " ")
    }

    static func board<G: RandomNumberGenerator>(_ g: inout G) -> Board {
        var b = Board(title: "Random")
        b.heroMetrics = Board.defaultHeroMetrics
        let pe = IDs.make("pe", using: &g)
        b.personas[pe] = Persona(id: pe, name: "Persona", order: "a0")
        for j in 0..<(g.next() % 3 == 0 ? 1 : 2) {
            let jr = IDs.make("jr", using: &g)
            b.journeys[jr] = Journey(id: jr, title: "Journey \(j)", persona: j == 0 ? pe : nil, order: "a\(j)")
            for s in 0..<(2 + Int(g.next() % 3)) { addStage(&b, jr, "Stage \(s)", &g) }
            for _ in 0..<(2 + Int(g.next() % 3)) { addLane(&b, jr, &g) }
        }
        for _ in 0..<(3 + Int(g.next() % 25)) { addCard(&b, &g) }
        return b
    }

    static func addStage<G: RandomNumberGenerator>(_ b: inout Board, _ jr: String, _ title: String, _ g: inout G) {
        let id = IDs.make("st", using: &g)
        b.stages[id] = Stage(id: id, journey: jr, title: title, order: pick(orders, &g))
    }

    static func addLane<G: RandomNumberGenerator>(_ b: inout Board, _ jr: String, _ g: inout G) {
        let id = IDs.make("ln", using: &g)
        b.lanes[id] = Lane(id: id, journey: jr, kind: pick(LaneKind.allCases, &g), order: pick(orders, &g))
    }

    /// A random cell (stage and lane of one journey), if the board has one.
    static func cell<G: RandomNumberGenerator>(_ b: Board, _ g: inout G) -> (String, String)? {
        let js = b.journeys.keys.sorted()
        guard !js.isEmpty else { return nil }
        let jr = pick(js, &g)
        let ss = b.stages.values.filter { $0.journey == jr }.map(\.id).sorted()
        let ls = b.lanes.values.filter { $0.journey == jr }.map(\.id).sorted()
        guard !ss.isEmpty, !ls.isEmpty else { return nil }
        return (pick(ss, &g), pick(ls, &g))
    }

    static func addCard<G: RandomNumberGenerator>(_ b: inout Board, _ g: inout G) {
        guard let (s, l) = cell(b, &g) else { return }
        let id = IDs.make("cd", using: &g)
        var c = Card(id: id, lane: l, stage: s, order: pick(orders, &g), text: text(&g))
        if chance(30, &g) { c.votes = [pick(people, &g): 1 + Int(g.next() % 3)] }
        if chance(30, &g) { c.tags = [pick(tags, &g)] }
        if chance(20, &g) { c.impact = ["satisfaction": Double(g.next() % 10)] }
        if chance(20, &g), let other = b.cards.keys.sorted().first { c.links = [other] }
        b.cards[id] = c
    }

    static func deleteCard(_ b: inout Board, _ id: String) {
        b.cards[id] = nil
        for (k, c) in b.cards where c.links.contains(id) { b.cards[k]!.links.removeAll { $0 == id } }
    }

    /// The base with 1–10 random edits; always a valid board.
    static func edited<G: RandomNumberGenerator>(_ base: Board, _ g: inout G) -> Board {
        var b = base
        for _ in 0..<(1 + Int(g.next() % 10)) { edit(&b, &g) }
        return b
    }

    static func edit<G: RandomNumberGenerator>(_ b: inout Board, _ g: inout G) {
        let cards = b.cards.keys.sorted()
        let op = Int(g.next() % 100)
        if cards.isEmpty || op < 12 { addCard(&b, &g); return }
        // most edits go to a few "hot" cards, so both sides often touch the same card
        let id = chance(70, &g) ? pick(Array(cards.prefix(2)), &g) : pick(cards, &g)
        switch op {
        case 12..<15: deleteCard(&b, id)
        case 15..<18: b.cards[id]!.votes[pick(people, &g)] = Int(g.next() % 4)
        case 18..<28: b.cards[id]!.text = text(&g)
        case 28..<33: b.cards[id]!.notes = chance(70, &g) ? text(&g) : nil
        case 33..<36: b.cards[id]!.owner = chance(70, &g) ? pick(people, &g) : nil
        case 36..<44:
            var t = Set(b.cards[id]!.tags)
            let x = pick(tags, &g)
            if t.contains(x) { t.remove(x) } else { t.insert(x) }
            b.cards[id]!.tags = StringSet.normalized(Array(t))
        case 44..<50:
            let other = pick(cards, &g)
            guard other != id else { return }
            var l = Set(b.cards[id]!.links)
            if l.contains(other) { l.remove(other) } else { l.insert(other) }
            b.cards[id]!.links = StringSet.normalized(Array(l))
        case 50..<60:
            let p = pick(people, &g)
            b.cards[id]!.votes[p] = chance(80, &g) ? Int(g.next() % 4) : nil
        case 60..<62:
            let m = pick(["satisfaction", "effort", "engagement"], &g)
            b.cards[id]!.impact[m] = chance(80, &g) ? Double(Int(g.next() % 20)) - 5 : nil
        case 62..<72:
            // move: to a random cell, or along one axis only (stage or lane) in the same journey
            if let (s, l) = cell(b, &g) {
                let axis = Int(g.next() % 3)
                let sameJourney = b.stages[s]?.journey == b.stages[b.cards[id]!.stage]?.journey
                if axis != 2 || !sameJourney { b.cards[id]!.stage = s }
                if axis != 1 || !sameJourney { b.cards[id]!.lane = l }
                if chance(50, &g) { b.cards[id]!.order = pick(orders, &g) }
            }
        case 72..<76: b.cards[id]!.order = pick(orders, &g)
        case 76..<80: b.cards[id]!.extra["x-ticket"] = chance(80, &g) ? .string(text(&g)) : nil
        case 80..<84:
            if let s = b.stages.keys.sorted().randomElement(using: &g) { b.stages[s]!.title = text(&g) }
        case 84..<86:
            if let l = b.lanes.keys.sorted().randomElement(using: &g) { b.lanes[l]!.title = text(&g) }
        case 86..<88:
            if let j = b.journeys.keys.sorted().randomElement(using: &g) {
                if chance(50, &g) { addStage(&b, j, text(&g), &g) } else { addLane(&b, j, &g) }
            }
        case 88..<90:
            // delete a stage (or a lane) with its cards
            if chance(50, &g), let s = b.stages.keys.sorted().randomElement(using: &g) {
                b.stages[s] = nil
                for (k, c) in b.cards where c.stage == s { deleteCard(&b, k) }
            } else if let l = b.lanes.keys.sorted().randomElement(using: &g) {
                b.lanes[l] = nil
                for (k, c) in b.cards where c.lane == l { deleteCard(&b, k) }
            }
        case 90..<91: b.cards[id]!.source = chance(80, &g) ? text(&g) : nil
        case 91..<92:
            // delete a journey with everything in it
            if b.journeys.count > 1, let j = b.journeys.keys.sorted().randomElement(using: &g) {
                b.journeys[j] = nil
                for (k, s) in b.stages where s.journey == j { b.stages[k] = nil }
                for (k, l) in b.lanes where l.journey == j { b.lanes[k] = nil }
                for (k, c) in b.cards where b.stages[c.stage] == nil { deleteCard(&b, k) }
            }
        case 92..<93:
            // delete a hero metric and every value of it
            b.heroMetrics["engagement"] = nil
            for k in b.cards.keys {
                b.cards[k]!.impact["engagement"] = nil; b.cards[k]!.metrics["engagement"] = nil; b.cards[k]!.measured["engagement"] = nil
            }
            for k in b.journeys.keys { b.journeys[k]!.metrics["engagement"] = nil }
        case 93..<95: b.title = text(&g)
        case 95..<97: b.scoring.gate = pick(["all", "any", "none"], &g)
        case 97..<99: b.extra["x-owner"] = chance(80, &g) ? .string(pick(people, &g)) : nil
        default: b.heroMetrics["effort"]!.weight = Double(g.next() % 3)
        }
    }
}
