/// One row of a key table: the key sequences that run `action` in one mode, how help writes
/// them, what they do, and the few words a footer gives them. A sequence of one key is a plain
/// key; a longer one is a chord (`g l`).
public struct KeyBinding<ModeAction: Sendable & Equatable>: Sendable {
    public var sequences: [[Key]]
    /// How the keys are written in help ("← h", "Ctrl-R U", "g l").
    public var keyLabel: String
    public var action: ModeAction
    public var help: String
    /// The words a footer hint shows for this row ("o keep ours"); nil: not in footers.
    public var hint: String?

    /// Single keys, each one an alternative.
    public init(keys: [Key], keyLabel: String, action: ModeAction, help: String, hint: String? = nil) {
        self.sequences = keys.map { [$0] }
        self.keyLabel = keyLabel; self.action = action; self.help = help; self.hint = hint
    }

    /// A chord: the keys pressed one after the other.
    public init(chord: [Key], keyLabel: String, action: ModeAction, help: String, hint: String? = nil) {
        self.sequences = [chord]
        self.keyLabel = keyLabel; self.action = action; self.help = help; self.hint = hint
    }

    /// The single keys of this row (a chord's keys are in `sequences`).
    public var keys: [Key] { sequences.filter { $0.count == 1 }.map { $0[0] } }
}

/// What pressing a key does in a table, given the keys of a chord pressed before it.
public enum KeyPress<ModeAction: Sendable & Equatable>: Equatable, Sendable {
    case run(ModeAction)
    /// The key starts (or continues) a chord: the table waits for the next key.
    case waiting
    /// The key is not in the table; `brokeChord` when it ended a chord that matches nothing.
    case unbound(brokeChord: Bool)
}

/// A help or README row, whatever the mode's action type.
public struct KeyRow: Equatable, Sendable {
    public var keys: String
    public var help: String
}

/// One mode's keys: its rows, looked up by sequence. Help, README and footers are generated
/// from the same rows, so they never disagree with what the keys do.
public struct KeyTable<ModeAction: Sendable & Equatable>: Sendable {
    /// The heading help and the README give the mode ("Prioritisation panel (p)").
    public let title: String
    public let bindings: [KeyBinding<ModeAction>]
    private let lookup: [[Key]: ModeAction]
    /// The one-key sequences again, keyed by the key: a key press looks up without building an array.
    private let singleKeys: [Key: ModeAction]
    private let chordPrefixes: Set<[Key]>

    public init(_ title: String, _ bindings: [KeyBinding<ModeAction>]) {
        self.title = title
        self.bindings = bindings
        var lookup: [[Key]: ModeAction] = [:]
        var prefixes = Set<[Key]>()
        for binding in bindings {
            for sequence in binding.sequences where lookup[sequence] == nil {
                lookup[sequence] = binding.action
                for length in 1..<max(1, sequence.count) { prefixes.insert(Array(sequence.prefix(length))) }
            }
        }
        self.lookup = lookup
        var singleKeys: [Key: ModeAction] = [:]
        for (sequence, action) in lookup where sequence.count == 1 { singleKeys[sequence[0]] = action }
        self.singleKeys = singleKeys
        self.chordPrefixes = prefixes
    }

    public func action(for sequence: [Key]) -> ModeAction? { lookup[sequence] }
    public func action(for key: Key) -> ModeAction? { singleKeys[key] }

    /// Every key sequence bound to `action` in this table (tests press keys by the row).
    public func keys(for action: ModeAction) -> [[Key]] {
        bindings.filter { $0.action == action }.flatMap(\.sequences)
    }

    /// Looks `key` up after the chord keys in `pending`, and updates `pending`.
    public func press(_ key: Key, pending: inout [Key]) -> KeyPress<ModeAction> {
        if pending.isEmpty, let action = singleKeys[key] { return .run(action) }
        let sequence = pending + [key]
        if let action = lookup[sequence] { pending = []; return .run(action) }
        if chordPrefixes.contains(sequence) { pending = sequence; return .waiting }
        let broke = !pending.isEmpty
        pending = []
        return .unbound(brokeChord: broke)
    }

    /// The footer hint of `action`'s row.
    public func hint(_ action: ModeAction) -> String? { bindings.first { $0.action == action }?.hint }

    /// The footer hints of these actions' rows, joined ("Enter jumps, Esc closes").
    public func hints(_ actions: [ModeAction], separator: String = " · ") -> String {
        actions.compactMap { hint($0) }.joined(separator: separator)
    }

    public var rows: [KeyRow] { bindings.map { KeyRow(keys: $0.keyLabel, help: $0.help) } }

    /// Sequences bound by more than one row, or twice in one row (a test keeps this empty).
    public var doubleBound: [[Key]] {
        var seen = Set<[Key]>(), twice: [[Key]] = []
        for sequence in bindings.flatMap(\.sequences) {
            if !seen.insert(sequence).inserted { twice.append(sequence) }
        }
        return twice
    }

    /// Every bound sequence.
    public var sequences: [[Key]] { bindings.flatMap(\.sequences) }
}

/// A footer hint line from rows: the hints of the given items, joined.
func footerHint(_ parts: [String?]) -> String {
    parts.compactMap { $0 }.joined(separator: " · ")
}
