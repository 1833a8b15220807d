#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The recovery file beside a board (`BoardFile.recoveryPath`; docs/MERGING.md): the app's
/// unsaved edits, written atomically after a few idle seconds and on SIGHUP/SIGTERM/SIGINT.
///
/// It is a board (the edited one) with one extra top-level member, `"journeyRecovery"`, saying
/// who wrote it and on top of what:
///
/// ```json
/// "journeyRecovery": { "pid": 4242, "started": 1234567, "host": "studio", "savedAt": "2026-01-01T10:00:00Z",
///                      "base": { …the board as the file held it when the edits began… } }
/// ```
///
/// `started` (the process's start time, from /proc) tells a reused pid from the writer. The
/// member is stripped when the file is read, so it never reaches a board that gets saved.
/// Opening a board whose recovery file belongs to a process still running offers nothing
/// (another instance is editing); one from a process that ended is offered: recovered as it
/// is when the board on disk is still its `base`, or merged into the disk's version with the
/// merge engine (base = its `base`) when the disk changed since.
public enum RecoveryFile {
    public static let member = "journeyRecovery"

    /// The process that wrote a recovery file.
    public struct Owner: Equatable, Sendable {
        public var pid: Int32
        /// The process's start time (clock ticks since boot; Linux), nil when unknown.
        public var started: UInt64?
        public var host: String
        /// When it was written (ISO 8601, UTC).
        public var savedAt: String

        public init(pid: Int32, started: UInt64?, host: String, savedAt: String) {
            self.pid = pid; self.started = started; self.host = host; self.savedAt = savedAt
        }

        /// This process, now.
        public static func current() -> Owner {
            Owner(pid: getpid(), started: processStart(getpid()), host: hostName(), savedAt: isoNow())
        }

        /// The same process (the time written aside).
        public func isSameProcess(as o: Owner) -> Bool { pid == o.pid && started == o.started && host == o.host }

        /// Whether the process that wrote the file still runs. On another host it cannot be
        /// told, and is taken as running (so nothing is offered or written over).
        public var isRunning: Bool {
            guard host == RecoveryFile.hostName() else { return true }
            guard pid > 0 else { return false }
            if kill(pid, 0) != 0 && errno != EPERM { return false }
            if let s = started, let now = RecoveryFile.processStart(pid), now != s { return false } // pid reused
            return true
        }

        var json: JSONValue {
            var o: CodePointMap<JSONValue> = ["pid": .number(Double(pid)), "host": .string(host), "savedAt": .string(savedAt)]
            if let s = started { o["started"] = .number(Double(s)) }
            return .object(o)
        }

        init?(json: JSONValue?) {
            guard let o = json?.objectValue, let p = o["pid"]?.numberValue, p == p.rounded(), p > 0, p < 1e10 else { return nil }
            pid = Int32(truncatingIfNeeded: Int64(p))
            started = o["started"]?.numberValue.flatMap { $0 >= 0 && $0 < 1.8e19 ? UInt64($0) : nil }
            host = o["host"]?.stringValue ?? ""
            savedAt = o["savedAt"]?.stringValue ?? ""
        }

        /// "pid 4242, 2026-01-01 10:00" (UTC) for messages.
        public var summary: String {
            let t = savedAt.replacingFirst("T", " ").prefix(16)
            return "pid \(pid)\(host == RecoveryFile.hostName() ? "" : " on \(DisplayText.sanitize(host))")\(t.isEmpty ? "" : ", \(t) UTC")"
        }
    }

    /// What a recovery file holds.
    public struct Contents: Equatable, Sendable {
        /// The edited board, without the `journeyRecovery` member.
        public var board: Board
        /// The version of the file the edits were made on (nil in a file without it).
        public var base: Board?
        public var owner: Owner?
    }

    /// Writes `edited` (with who wrote it and its `base`) to `path` atomically, mode 0600.
    public static func write(edited: Board, base: Board?, to path: String, owner: Owner = .current()) throws {
        try BoardFile.writeAtomically(bytes(edited: edited, base: base, owner: owner), to: path, mode: 0o600)
    }

    /// The file's text: the board's canonical text with the member; the base's canonical text
    /// is spliced in as it is (no second conversion of a large board into values).
    public static func bytes(edited: Board, base: Board?, owner: Owner) -> [UInt8] {
        var b = edited
        var meta = owner.json.objectValue!
        let placeholder = "journey-recovery-base-\(UInt64.random(in: 0...UInt64.max))"
        if base != nil { meta["base"] = .string(placeholder) }
        b.extra[member] = .object(meta)
        var out = BoardCodec.write(b)
        guard let base = base else { return out }
        let needle = Array("\"\(placeholder)\"".utf8)
        guard let at = find(needle, in: out) else { return out }
        var baseBytes = BoardCodec.write(base)
        while baseBytes.last == 0x0A { baseBytes.removeLast() }
        out.replaceSubrange(at..<(at + needle.count), with: baseBytes)
        return out
    }

    static func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard needle.count <= hay.count, let first = needle.first else { return nil }
        var i = 0
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first && hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// Reads a recovery file (errors as `BoardFile.load`'s).
    public static func read(_ path: String) throws -> Contents {
        var b = try BoardFile.load(path)
        let meta = b.extra.removeValue(forKey: member)
        var base: Board?
        if let bj = meta?.objectValue?["base"], case .object = bj {
            var w = CanonicalJSON()
            w.write(bj, indent: 0)
            base = try? BoardCodec.read(w.bytes, file: path + " (base)")
            base?.extra[member] = nil
        }
        return Contents(board: b, base: base, owner: Owner(json: meta))
    }

    // MARK: on opening a board

    public enum Offer: Equatable, Sendable {
        /// The writer still runs: another instance is editing; offer nothing.
        case ownerRunning(Owner)
        /// The file holds nothing the board on disk does not: it can go.
        case nothingNew
        /// Offer `board` (the disk's board with the recovered edits) — `merged` when the disk
        /// changed since the edits began and they were merged into it, with `conflicts` new
        /// records.
        case offer(board: Board, merged: Bool, conflicts: Int)
    }

    /// What to do with a recovery file when opening the board whose file now holds `disk`.
    public static func offer(_ r: Contents, disk: Board, ownerRunning: Bool) -> Offer {
        if let o = r.owner, ownerRunning { return .ownerRunning(o) }
        if r.board == disk { return .nothingNew }
        guard let base = r.base, base != disk else { return .offer(board: r.board, merged: false, conflicts: 0) }
        let m = BoardMerge.merge(base: base, ours: r.board, theirs: disk,
                                 labels: ["base": "as the session opened it", "ours": "recovered edits", "theirs": "on disk"])
        if m.board == disk { return .nothingNew }
        return .offer(board: m.board, merged: true, conflicts: m.conflicts.count)
    }

    // MARK: helpers

    /// Start time of a process (field 22 of /proc/PID/stat), nil when unknown.
    public static func processStart(_ pid: Int32) -> UInt64? {
        guard let bytes = try? BoardFile.readBytes("/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        // the command name (field 2) is in parentheses and may hold spaces: count after the last ")"
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state); field 22 is fields[19]
        guard fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    public static func hostName() -> String {
        var buf = [CChar](repeating: 0, count: 256)
        guard gethostname(&buf, buf.count - 1) == 0 else { return "" }
        return String(cString: buf)
    }

    static func isoNow() -> String {
        var t = time(nil)
        var tmv = tm()
        gmtime_r(&t, &tmv)
        var buf = [CChar](repeating: 0, count: 32)
        strftime(&buf, buf.count, "%Y-%m-%dT%H:%M:%SZ", &tmv)
        return String(cString: buf)
    }
}

/// Who may write and delete the recovery file of one open board (the app keeps one).
///
/// Two instances on one board share the one recovery path, so an instance writes or deletes it
/// only when it is its own (it wrote it last), when there is none, or when it is the file of an
/// ended session that this instance offered at opening (the user answered: recovered it, or
/// opened without it). It never writes over, or deletes, the file of an instance still running,
/// nor of a session that ended while this one ran (that is offered at the next opening).
public struct RecoveryKeeper: Sendable {
    public let path: String
    /// A file of an ended session was offered when the board was opened (and, the prompt
    /// being modal, answered before any edit): this instance may replace or delete it.
    public var offeredAtOpen = false
    /// Its owner (nil: a file without one, from an older build).
    public var offeredOwner: RecoveryFile.Owner?
    /// The stamp of the file as this instance last wrote it.
    var written: DiskStamp?
    public let me: RecoveryFile.Owner

    public init(boardPath: String, me: RecoveryFile.Owner = .current()) {
        path = BoardFile.recoveryPath(for: boardPath)
        self.me = me
    }

    /// Whether the file may be written over or deleted now; when not, the owner who keeps it.
    public func mayReplace() -> (Bool, RecoveryFile.Owner?) {
        guard let now = DiskStamp.of(path) else { return (true, nil) }
        if now == written { return (true, nil) }
        // a file that cannot be read cannot be recovered either (opening said so)
        guard let c = try? RecoveryFile.read(path) else { return (true, nil) }
        // without an owner (an older build's): only when it was offered
        guard let o = c.owner else { return (offeredAtOpen && offeredOwner == nil, nil) }
        if o.isSameProcess(as: me) { return (true, nil) }
        if offeredAtOpen, let off = offeredOwner, off.isSameProcess(as: o), !o.isRunning { return (true, nil) }
        return (false, o)
    }

    public enum WriteResult: Equatable, Sendable {
        case written
        /// Nothing to keep: the edited board equals its base (the file on disk). This
        /// instance's own recovery file, if any, was removed, so none outlives its edits.
        case nothingToKeep
        /// Not written: the file belongs to another session (running, or ended unrecovered).
        case keptOthers(RecoveryFile.Owner?)
        case failed(String)
    }

    /// Writes the unsaved edits (see the type's comment for when it does not).
    public mutating func write(edited: Board, base: Board?) -> WriteResult {
        if let b = base, edited == b {
            deleteOwn()
            return .nothingToKeep
        }
        let (ok, other) = mayReplace()
        guard ok else { return .keptOthers(other) }
        do {
            var o = me
            o.savedAt = RecoveryFile.Owner.current().savedAt
            try RecoveryFile.write(edited: edited, base: base, to: path, owner: o)
            written = DiskStamp.of(path)
            offeredAtOpen = false
            return .written
        } catch {
            return .failed((error as? FileError)?.message ?? "\(error)")
        }
    }

    /// Removes the file after a clean save or when the user discards the edits (see the type's
    /// comment for when it does not). True when there is no file of this instance's left.
    @discardableResult
    public mutating func delete() -> Bool {
        let (ok, _) = mayReplace()
        guard ok else { return false }
        unlink(path)
        written = nil
        offeredAtOpen = false
        return true
    }
}

extension RecoveryKeeper {
    /// Removes the recovery file only if this instance wrote it (the board holds no unsaved
    /// edits any more: undone back to the saved state, or quitting clean). A file offered at
    /// opening and not answered by an edit, or another session's, stays. True when no file of
    /// this instance's is left.
    @discardableResult
    public mutating func deleteOwn() -> Bool {
        guard let now = DiskStamp.of(path) else { written = nil; return true }
        var mine = now == written
        if !mine, let o = (try? RecoveryFile.read(path))?.owner { mine = o.isSameProcess(as: me) }
        guard mine else { return false }
        unlink(path)
        written = nil
        return true
    }
}

extension String {
    func replacingFirst(_ a: Character, _ b: Character) -> String {
        guard let i = firstIndex(of: a) else { return self }
        var s = self
        s.replaceSubrange(i...i, with: String(b))
        return s
    }
}
