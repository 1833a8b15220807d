/// One change to one entity of a board: its value before and after (nil = absent).
/// Edits are what undo and redo replay, so a keypress on a 100k-card board changes one
/// dictionary entry in place instead of copying the board.
public enum BoardChange: Equatable, Sendable {
    case card(String, Card?, Card?)
    case stage(String, Stage?, Stage?)
    case lane(String, Lane?, Lane?)
    case journey(String, Journey?, Journey?)
    case persona(String, Persona?, Persona?)
    case heroMetric(String, HeroMetric?, HeroMetric?)
    case scoring(Scoring, Scoring)
    case conflicts([Conflict], [Conflict])
    case title(String, String)
    /// A top-level member this version does not know (`Board.extra`), e.g. one a conflict
    /// record or a merge with the file on disk set.
    case member(String, JSONValue?, JSONValue?)

    /// The same change, undone.
    public var inverse: BoardChange {
        switch self {
        case let .card(id, a, b): return .card(id, b, a)
        case let .stage(id, a, b): return .stage(id, b, a)
        case let .lane(id, a, b): return .lane(id, b, a)
        case let .journey(id, a, b): return .journey(id, b, a)
        case let .persona(id, a, b): return .persona(id, b, a)
        case let .heroMetric(id, a, b): return .heroMetric(id, b, a)
        case let .scoring(a, b): return .scoring(b, a)
        case let .conflicts(a, b): return .conflicts(b, a)
        case let .title(a, b): return .title(b, a)
        case let .member(k, a, b): return .member(k, b, a)
        }
    }
}

/// A named group of changes that undo and redo treat as one step ("move card", "delete stage").
public struct BoardEdit: Equatable, Sendable {
    public var label: String
    public var changes: [BoardChange]
    public init(_ label: String, _ changes: [BoardChange]) { self.label = label; self.changes = changes }

    public var inverse: BoardEdit { BoardEdit(label, changes.reversed().map(\.inverse)) }
    public var isEmpty: Bool { changes.isEmpty }

    /// The changes that turn `old` into `new`, entity by entity. Linear in the board: for
    /// rare whole-board operations (scoring settings, metric changes, conflict resolution).
    public static func between(_ old: Board, _ new: Board, label: String) -> BoardEdit {
        var ch: [BoardChange] = []
        func diff<M: EntityMap>(_ a: M, _ b: M, _ make: (String, M.Entity?, M.Entity?) -> BoardChange) where M.Entity: Equatable {
            for (id, v) in a where b[id] != v { ch.append(make(id, v, b[id])) }
            for (id, v) in b where a[id] == nil { ch.append(make(id, nil, v)) }
        }
        if old.title != new.title { ch.append(.title(old.title, new.title)) }
        diff(old.heroMetrics, new.heroMetrics) { .heroMetric($0, $1, $2) }
        diff(old.personas, new.personas) { .persona($0, $1, $2) }
        diff(old.journeys, new.journeys) { .journey($0, $1, $2) }
        diff(old.stages, new.stages) { .stage($0, $1, $2) }
        diff(old.lanes, new.lanes) { .lane($0, $1, $2) }
        diff(old.cards, new.cards) { .card($0, $1, $2) }
        if old.scoring != new.scoring { ch.append(.scoring(old.scoring, new.scoring)) }
        if old.conflicts != new.conflicts { ch.append(.conflicts(old.conflicts, new.conflicts)) }
        for k in CodePointMap.keys(of: old.extra, new.extra) where old.extra[k] != new.extra[k] {
            ch.append(.member(k, old.extra[k], new.extra[k]))
        }
        return BoardEdit(label, ch)
    }
}

extension Board {
    /// Applies one change (its "after" side).
    public mutating func apply(_ c: BoardChange) {
        switch c {
        case let .card(id, _, v): cards[id] = v
        case let .stage(id, _, v): stages[id] = v
        case let .lane(id, _, v): lanes[id] = v
        case let .journey(id, _, v): journeys[id] = v
        case let .persona(id, _, v): personas[id] = v
        case let .heroMetric(id, _, v): heroMetrics[id] = v
        case let .scoring(_, v): scoring = v
        case let .conflicts(_, v): conflicts = v
        case let .title(_, v): title = v
        case let .member(k, _, v): extra[k] = v
        }
    }

    public mutating func apply(_ e: BoardEdit) { for c in e.changes { apply(c) } }
}
