#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The room's timebox, shared through the presence sidecar: when it ends (nil: stopped), how
/// long it was, when it was set (the newest setting wins in every instance) and by whom.
public struct SharedTimer: Equatable, Sendable {
    public var end: Double?
    public var length: Double
    /// Paused: the seconds that were left (nil: running or stopped).
    public var pausedLeft: Double?
    public var setAt: Double
    public var by: String
    public init(end: Double?, length: Double, pausedLeft: Double? = nil, setAt: Double, by: String) {
        self.end = end; self.length = length; self.pausedLeft = pausedLeft; self.setAt = setAt; self.by = by
    }
}

/// One instance with a board open, as it announces itself in the presence sidecar: who, where
/// its focus is, whether it shares edits live, the room's timebox as it knows it, and when it
/// last said so (its heartbeat).
public struct Presence: Equatable, Sendable {
    public var name: String
    public var journey: String?
    public var stage: String?
    public var lane: String?
    public var card: String?
    public var live: Bool
    public var timer: SharedTimer?
    /// Seconds since the epoch.
    public var heartbeat: Double
    public var pid: Int32
    public var started: UInt64?
    public var host: String

    public init(name: String, journey: String? = nil, stage: String? = nil, lane: String? = nil, card: String? = nil,
                live: Bool = false, timer: SharedTimer? = nil, heartbeat: Double = 0,
                pid: Int32 = 0, started: UInt64? = nil, host: String = "") {
        self.name = name; self.journey = journey; self.stage = stage; self.lane = lane; self.card = card
        self.live = live; self.timer = timer; self.heartbeat = heartbeat
        self.pid = pid; self.started = started; self.host = host
    }

    var json: JSONValue {
        var o: CodePointMap<JSONValue> = ["name": .string(name), "live": .bool(live), "heartbeat": .number(heartbeat),
                                          "pid": .number(Double(pid)), "host": .string(host)]
        if let s = started { o["started"] = .number(Double(s)) }
        for (k, v) in [("journey", journey), ("stage", stage), ("lane", lane), ("card", card)] { if let v { o[k] = .string(v) } }
        if let t = timer {
            var to: CodePointMap<JSONValue> = ["length": .number(t.length), "setAt": .number(t.setAt), "by": .string(t.by)]
            if let e = t.end { to["end"] = .number(e) }
            if let left = t.pausedLeft { to["pausedLeft"] = .number(left) }
            o["timer"] = .object(to)
        }
        return .object(o)
    }

    init?(json: JSONValue) {
        guard let o = json.objectValue, let name = o["name"]?.stringValue, let hb = o["heartbeat"]?.numberValue,
              let p = o["pid"]?.numberValue, p == p.rounded(), p > 0, p < 1e10 else { return nil }
        self.name = name
        heartbeat = hb
        pid = Int32(truncatingIfNeeded: Int64(p))
        started = o["started"]?.numberValue.flatMap { $0 >= 0 && $0 < 1.8e19 ? UInt64($0) : nil }
        host = o["host"]?.stringValue ?? ""
        journey = o["journey"]?.stringValue
        stage = o["stage"]?.stringValue
        lane = o["lane"]?.stringValue
        card = o["card"]?.stringValue
        if case .bool(let l)? = o["live"] { live = l } else { live = false }
        if let t = o["timer"]?.objectValue, let len = t["length"]?.numberValue, let at = t["setAt"]?.numberValue,
           len.isFinite, at.isFinite {
            let end = t["end"]?.numberValue.flatMap { $0.isFinite ? $0 : nil }
            let paused = t["pausedLeft"]?.numberValue.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
            timer = SharedTimer(end: end, length: len, pausedLeft: paused, setAt: at, by: t["by"]?.stringValue ?? "")
        }
    }

    /// The presence file's bytes.
    public var bytes: [UInt8] {
        var w = CanonicalJSON()
        w.write(json, indent: 0)
        return w.bytes + [0x0A]
    }

    /// Reads presence bytes; nil when they are not a presence record.
    public static func parse(_ bytes: [UInt8]) -> Presence? {
        guard !bytes.isEmpty, bytes.count < 1 << 16 else { return nil }
        return bytes.withUnsafeBufferPointer { p -> Presence? in
            var r = StrictJSONReader(p)
            guard let v = try? r.readValue(limit: 8) else { return nil }
            return Presence(json: v)
        }
    }
}

/// The presence sidecar of a board: a directory beside it (`.NAME.journey-room/`) holding one
/// small file per open instance (`HOST-PID.json`), each written only by its instance and
/// replaced atomically (a temporary file renamed over it). No lock is needed: no file has two
/// writers, and a reader sees a whole old or a whole new file. An instance that ends removes
/// its file; one killed leaves it behind, and readers ignore it (and remove it) once its
/// heartbeat is older than `staleAfter` or, on the same host, once its process is gone.
public struct PresenceRoom: Sendable {
    /// The sidecar directory.
    public let directory: String
    /// This instance's file in it.
    public let ownFile: String
    public let me: RecoveryFile.Owner
    /// A heartbeat older than this (seconds) means the instance is gone.
    public static let staleAfter: Double = 10

    public init(boardPath: String, me: RecoveryFile.Owner = .current()) {
        directory = PresenceRoom.directory(for: boardPath)
        self.me = me
        let host = String(me.host.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" })
        ownFile = directory + "/" + host + "-" + String(me.pid) + ".json"
    }

    public static func directory(for boardPath: String) -> String { BoardFile.sidecar(boardPath, "room") }

    /// Writes this instance's presence (making the directory when needed). Best effort: a
    /// board whose directory cannot be written to simply has no room.
    @discardableResult
    public func announce(_ p: Presence) -> Bool {
        var p = p
        p.pid = me.pid; p.started = me.started; p.host = me.host
        if mkdir(directory, 0o755) != 0 && errno != EEXIST { return false }
        let tmp = ownFile + ".tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        let bytes = p.bytes
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count, rename(tmp, ownFile) == 0 else { unlink(tmp); return false }
        return true
    }

    /// The other instances here now, by name (stale files are removed on the way).
    public func others(now: Double) -> [Presence] {
        guard let dir = opendir(directory) else { return [] }
        var names: [String] = []
        while let e = readdir(dir) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix(".json") { names.append(name) }
        }
        closedir(dir)
        var found: [Presence] = []
        for n in names {
            let path = directory + "/" + n
            if path == ownFile { continue }
            guard let bytes = try? BoardFile.readBytes(path), let p = Presence.parse(bytes) else { continue }
            let owner = RecoveryFile.Owner(pid: p.pid, started: p.started, host: p.host, savedAt: "")
            if now - p.heartbeat > PresenceRoom.staleAfter || !owner.isRunning {
                unlink(path)
                continue
            }
            if owner.isSameProcess(as: me) { continue }
            found.append(p)
        }
        return found.sorted { ($0.name, $0.pid) < ($1.name, $1.pid) }
    }

    /// This instance leaves: its file goes, and the directory when it is empty.
    public func leave() {
        unlink(ownFile)
        rmdir(directory)
    }
}
