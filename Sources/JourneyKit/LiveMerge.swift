#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A live board (several instances on one file, docs/MERGING.md "Live boards"): what others
/// wrote merged into an instance's own state at once, and an instance's undo replayed on top of
/// what others changed since. Both are the three-way merge of `BoardMerge`, never another one.
public enum LiveMerge {
    /// Others' edits (`theirs`: the file as another instance wrote it) merged into this
    /// instance's board (`ours`), whose unshared edits were made on top of `base` (the version
    /// it last synced). With no unshared edits the result is `theirs` itself. A field changed
    /// differently on both sides becomes a conflict record, ours live, as on any merge.
    public static func mergeIn(base: Board, ours: Board, theirs: Board, me: String) -> (board: Board, conflicts: [Conflict]) {
        if ours == base { return (theirs, []) }
        return BoardMerge.merge(base: base, ours: ours, theirs: theirs,
                                labels: ["base": "last shared", "ours": me, "theirs": "another participant"])
    }

    /// One's own edit (or its inverse, for undo) applied to a board others may have changed
    /// since: where every entity it touches still holds the edit's "before" value it is applied
    /// as it is; otherwise it is merged in as the change from its "before" to its "after" values
    /// (base = the board with the before values, ours = the board as it is, theirs = the board
    /// with the after values), so others' changes to the same entities stay. Where both changed
    /// the same field, theirs — the other participant's change, already on the board — is kept
    /// and no record is made: an undo never undoes someone else's work (nor brings back an
    /// entity someone else deleted, nor deletes one someone else edited).
    /// Returns the edit that makes the change, and whether others had changed what it touches.
    public static func replay(_ edit: BoardEdit, onto board: Board) -> (edit: BoardEdit, othersChanged: Bool) {
        if edit.changes.allSatisfy({ board.holds(before: $0) }) { return (edit, false) }
        var base = board
        for c in edit.changes.reversed() { base.apply(c.inverse) }
        var wanted = board
        wanted.apply(edit)
        let merged = BoardMerge.merge(base: base, ours: board, theirs: wanted)
        var result = merged.board
        for c in merged.conflicts where !board.conflicts.contains(c) {
            result.conflicts.removeAll { $0 == c }
            // a whole entity in dispute (deleted on one side): it stays as it is on the board
            let parts = ConflictPath.split(c.path)
            if parts.count == 2, let kind = EntityKind(rawValue: parts[0]) {
                var keep = KeepEntity(id: parts[1], from: board, into: result)
                kind.visit(&keep)
                result = keep.into
            }
        }
        return (BoardEdit.between(board, result, label: edit.label), true)
    }
}

/// Puts one entity (or its absence) of `from` into `into`, whatever map it is in.
struct KeepEntity: EntityMapVisitor {
    let id: String
    let from: Board
    var into: Board
    mutating func visit<M: EntityMap>(_ kind: EntityKind, _ map: WritableKeyPath<Board, M>) where M.Entity: BoardEntity {
        into[keyPath: map][id] = from[keyPath: map][id]
    }
}

extension LiveMerge {
    /// An edit made on a view of the board others have changed since (a card's form opened
    /// before their change): where every entity it touches still holds its "before" value it
    /// is the edit itself; otherwise it is merged in as the change from its before to its after
    /// values, so others' changes to other fields stay, and where both changed the same field
    /// this edit's value is live and a conflict record says so. Returns the edit that makes the
    /// change and how many records it adds.
    public static func commit(_ edit: BoardEdit, onto board: Board, me: String) -> (edit: BoardEdit, conflicts: Int) {
        if edit.changes.allSatisfy({ board.holds(before: $0) }) { return (edit, 0) }
        var base = board
        for c in edit.changes.reversed() { base.apply(c.inverse) }
        var wanted = board
        wanted.apply(edit)
        let merged = BoardMerge.merge(base: base, ours: wanted, theirs: board,
                                      labels: ["base": "before the edit", "ours": me, "theirs": "another participant"])
        return (BoardEdit.between(board, merged.board, label: edit.label), merged.conflicts.count)
    }
}

extension Board {
    /// Whether the entity a change touches holds the change's "before" value here.
    func holds(before c: BoardChange) -> Bool {
        switch c {
        case let .card(id, v, _): return cards[id] == v
        case let .stage(id, v, _): return stages[id] == v
        case let .lane(id, v, _): return lanes[id] == v
        case let .journey(id, v, _): return journeys[id] == v
        case let .persona(id, v, _): return personas[id] == v
        case let .heroMetric(id, v, _): return heroMetrics[id] == v
        case let .scoring(v, _): return scoring == v
        case let .conflicts(v, _): return conflicts == v
        case let .title(v, _): return title == v
        case let .member(k, v, _): return extra[k] == v
        }
    }
}

extension SaveCoordinator {
    public enum LiveChange: Equatable, Sendable {
        /// Nothing new on disk.
        case none
        /// Others wrote the file: the board is this instance's with their edits merged in
        /// (`LiveMerge.mergeIn`); the file as read is now the base. `newConflicts` are the
        /// records this merge added.
        case merged(Board, newConflicts: [Conflict])
        /// The file changed but is not a readable board now (reported once).
        case unreadable(String)
        /// The file is gone (reported once; the next write makes it again).
        case deleted
    }

    /// A live board's look at its file after a change was noticed: whatever another instance
    /// wrote is merged into `ours` at once — also while `ours` holds edits not yet written
    /// (base = the version last read or written). The file is read only when its stamp changed.
    public mutating func mergeFromDisk(ours: Board, me: String) -> LiveChange {
        let target = BoardFile.resolvedTarget(path)
        guard let now = DiskStamp.of(target) else {
            defer { seenStamp = nil }
            return seenStamp == nil ? .none : .deleted
        }
        if now == baseStamp || now == unreadableStamp { seenStamp = now; return .none }
        let disk: Board
        switch readChangedFile(target, decode: true) {
        case nil, .sameAsBase?, .changed?: return .none
        case .unreadable(let why)?: return .unreadable(why)
        case let .board(board, stamp, hash)?:
            disk = board
            baseStamp = stamp
            baseHash = hash
        }
        let merged = LiveMerge.mergeIn(base: base, ours: ours, theirs: disk, me: me)
        base = disk
        return merged.board == ours ? .none : .merged(merged.board, newConflicts: merged.conflicts)
    }
}
