#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One version of a file on disk, told apart without reading it: device, inode, size,
/// modification and change times. An atomic save (a rename) always brings a new inode; an
/// editor writing in place changes the times and usually the size.
public struct DiskStamp: Equatable, Sendable, CustomStringConvertible {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    public var mtime: timespec
    public var ctime: timespec

    init(_ st: stat) {
        device = UInt64(st.st_dev); inode = UInt64(st.st_ino); size = Int64(st.st_size)
        mtime = st.st_mtim; ctime = st.st_ctim
    }

    /// The stamp of the file at `path` (symlinks followed); nil when there is no such file.
    public static func of(_ path: String) -> DiskStamp? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return DiskStamp(st)
    }

    public static func == (a: DiskStamp, b: DiskStamp) -> Bool {
        a.device == b.device && a.inode == b.inode && a.size == b.size
            && a.mtime.tv_sec == b.mtime.tv_sec && a.mtime.tv_nsec == b.mtime.tv_nsec
            && a.ctime.tv_sec == b.ctime.tv_sec && a.ctime.tv_nsec == b.ctime.tv_nsec
    }

    public var description: String { "inode \(inode), \(size) bytes, mtime \(mtime.tv_sec).\(mtime.tv_nsec)" }
}

/// A 64-bit FNV-1a hash of a file's bytes: tells "touched" from "changed" without keeping a
/// second copy of the board's bytes.
public enum ContentHash {
    public static func of(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }
}

/// Lines that git writes when a line merge stops (`<<<<<<<`, `=======`, `>>>>>>>`, `|||||||`
/// at the start of a line), found the way the reader finds them.
public enum ConflictMarkers {
    /// The 1-based line of the first marker, or nil.
    public static func firstLine(in bytes: [UInt8]) -> Int? {
        var line = 1
        var lineStart = true
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if lineStart, b == 0x3C || b == 0x3D || b == 0x3E || b == 0x7C, i + 7 <= n {
                var k = 1
                while k < 7 && bytes[i + k] == b { k += 1 }
                if k == 7 { return line }
            }
            lineStart = b == 0x0A
            if lineStart { line += 1 }
            i += 1
        }
        return nil
    }
}

/// What git is in the middle of, for the repository that holds a file, found by looking at the
/// files git leaves in its directory (no git process is run).
public enum GitState {
    /// The git directory of the repository (or worktree) holding `path`: the nearest `.git`
    /// walking up from the file's directory. A `.git` *file* (a linked worktree or a submodule)
    /// names the real directory with `gitdir: …`. Nil outside a repository.
    public static func gitDirectory(containing path: String) -> String? {
        let target = BoardFile.resolvedTarget(path)
        var dir = absoluteDirectory(BoardFile.directory(of: target))
        while true {
            let dotgit = dir == "/" ? "/.git" : dir + "/.git"
            var st = stat()
            if lstat(dotgit, &st) == 0 {
                if (st.st_mode & S_IFMT) == S_IFDIR { return dotgit }
                if (st.st_mode & S_IFMT) == S_IFREG, let bytes = try? BoardFile.readBytes(dotgit) {
                    let text = String(decoding: bytes, as: UTF8.self)
                    for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) where line.hasPrefix("gitdir:") {
                        let p = line.dropFirst("gitdir:".count).trimmingCharacters(in: " \t")
                        return p.hasPrefix("/") ? p : (dir == "/" ? "" : dir) + "/" + p
                    }
                }
            }
            if dir == "/" || dir.isEmpty { return nil }
            dir = BoardFile.directory(of: dir)
        }
    }

    /// "merge", "rebase", "cherry-pick" or "revert" when git stopped in the middle of one in
    /// this git directory (`MERGE_HEAD`, `rebase-merge/`, `rebase-apply/`, `CHERRY_PICK_HEAD`,
    /// `REVERT_HEAD`); nil otherwise.
    public static func operationInProgress(gitDirectory g: String) -> String? {
        for (file, op) in [("MERGE_HEAD", "merge"), ("rebase-merge", "rebase"), ("rebase-apply", "rebase"),
                           ("CHERRY_PICK_HEAD", "cherry-pick"), ("REVERT_HEAD", "revert")] {
            var st = stat()
            if stat(g + "/" + file, &st) == 0 { return op }
        }
        return nil
    }

    /// The operation in progress in the repository holding `path`, if any.
    public static func operationInProgress(forFileAt path: String) -> String? {
        gitDirectory(containing: path).flatMap { operationInProgress(gitDirectory: $0) }
    }

    static func absoluteDirectory(_ dir: String) -> String {
        if let r = realpath(dir, nil) {
            defer { free(r) }
            return String(cString: r)
        }
        if dir.hasPrefix("/") { return dir }
        var buf = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buf, buf.count) != nil else { return dir }
        return String(cString: buf) + "/" + dir
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}

/// The save path of an open board (docs/MERGING.md, "Merge on save"): it remembers the version of the file the
/// app read or last wrote (the *base*: its board, its stamp and a hash of its bytes), and
///
/// - `save` holds an advisory `flock` on the sidecar lock file (`BoardFile.lockPath`; never on
///   the board, whose inode every save replaces) while it looks at the file and writes it, so
///   two instances' saves happen one after the other. If the file changed since the base
///   (another instance, a `git pull`, an editor), the app's edits are merged into it with
///   `BoardMerge.mergeUnsavedEdits` (base = what the app loaded) and the merge is written. A
///   file holding git conflict markers, or one that changed while the repository is in the
///   middle of a merge (or rebase, cherry-pick, revert), or that cannot be read as a board, is
///   never written over: the save is refused with the reason. A board *opened* mid-merge (to
///   resolve what the merge driver recorded) saves normally, since it has not changed under
///   the app.
/// - `checkDisk` (called on idle ticks) notices a changed file: with no unsaved edits it reads
///   the new board (the app shows it); with unsaved edits it only says so (the save merges).
///
/// Equal bytes (a `touch`, a rewrite with the same text) or an equal board (a reformat) are not
/// changes.
public struct SaveCoordinator: Sendable {
    public let path: String
    /// The board as the file held it when the app last read or wrote it: a merge's base.
    public internal(set) var base: Board
    var baseStamp: DiskStamp?
    var baseHash: UInt64?
    /// The last version `checkDisk` looked at, so each change is reported once.
    var seenStamp: DiskStamp?
    /// A version that could not be read as a board (reported once).
    var unreadableStamp: DiskStamp?
    /// How long a save waits for another instance's save to finish.
    public var lockTimeoutMs = 5000

    public init(path: String, loaded: Board, stamp: DiskStamp?, hash: UInt64?) {
        self.path = path
        base = loaded
        baseStamp = stamp
        baseHash = hash
        seenStamp = stamp
    }

    /// Reads the board at `path` and remembers it as the base.
    public static func load(_ path: String) throws -> (SaveCoordinator, Board) {
        let (stamp, bytes) = try readVersion(path)
        let board = try BoardCodec.read(bytes, file: path)
        return (SaveCoordinator(path: path, loaded: board, stamp: stamp, hash: ContentHash.of(bytes)), board)
    }

    /// A coordinator for a board that was just written to `path` by someone else (a new board
    /// from a template): the file as it is now is the base.
    public static func adopting(_ board: Board, at path: String) -> SaveCoordinator {
        let bytes = try? BoardFile.readBytes(path)
        return SaveCoordinator(path: path, loaded: board, stamp: DiskStamp.of(path), hash: bytes.map(ContentHash.of))
    }

    /// Reads a file with the stamp of the very inode read (taken before reading, so a change
    /// during the read shows as a newer stamp later).
    public static func readVersion(_ path: String) throws -> (DiskStamp, [UInt8]) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: path, message: "cannot read: \(BoardFile.errnoText())") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileError(path: path, message: "cannot read: \(BoardFile.errnoText())") }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw FileError(path: path, message: "is a directory, not a board file") }
        var out: [UInt8] = []
        out.reserveCapacity(Int(st.st_size) + 1)
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, message: "cannot read: \(BoardFile.errnoText())")
            }
            if n == 0 { break }
            out.append(contentsOf: buf[0..<n])
        }
        return (DiskStamp(st), out)
    }

    // MARK: saving

    public enum SaveOutcome: Equatable, Sendable {
        /// Written as it was. `note` says something worth knowing (the file had been deleted).
        case saved(note: String?)
        /// The file had changed on disk: the edits were merged into it and the merge written.
        /// `newConflicts` are the records this merge added (also in `board.conflicts`).
        case merged(Board, newConflicts: [Conflict])
        /// Nothing written, and why.
        case refused(String)
    }

    /// Saves `board` (the app's board: the base plus its edits) as described on the type.
    /// Throws `FileError` when the file cannot be written or the lock not taken; the file on
    /// disk is then unchanged.
    public mutating func save(_ board: Board) throws -> SaveOutcome {
        try withLock {
            let target = BoardFile.resolvedTarget(path)
            guard let now = DiskStamp.of(target) else {
                let note: String? = baseStamp == nil ? nil : "the file had been deleted on disk; written again"
                try write(board)
                return .saved(note: note)
            }
            if now == baseStamp {
                try write(board)
                return .saved(note: nil)
            }
            let (_, bytes) = try SaveCoordinator.readVersion(target)
            if ContentHash.of(bytes) == baseHash {
                try write(board)
                return .saved(note: nil)
            }
            if let line = ConflictMarkers.firstLine(in: bytes) {
                return .refused("the board on disk has git conflict markers (line \(line)): resolve them or abort the merge, then save again")
            }
            if let op = GitState.operationInProgress(forFileAt: target) {
                return .refused("the board changed on disk while the repository is in the middle of a \(op): finish or abort the \(op), then save again")
            }
            let disk: Board
            do { disk = try BoardCodec.read(bytes, file: path) } catch {
                return .refused("the board on disk changed and cannot be read (\(error)): fix it, then save again")
            }
            if disk == base {
                try write(board)
                return .saved(note: nil)
            }
            let merged = BoardMerge.mergeUnsavedEdits(loaded: base, edited: board, onDisk: disk)
            try write(merged.board)
            return .merged(merged.board, newConflicts: merged.conflicts)
        }
    }

    mutating func write(_ board: Board) throws {
        let bytes = BoardCodec.write(board)
        try BoardFile.writeAtomically(bytes, to: path)
        base = board
        baseStamp = DiskStamp.of(BoardFile.resolvedTarget(path))
        baseHash = ContentHash.of(bytes)
        seenStamp = baseStamp
    }

    /// Runs `body` holding an exclusive `flock` on the board's sidecar lock file.
    public func withLock<T>(_ body: () throws -> T) throws -> T {
        let lock = BoardFile.lockPath(for: path)
        let fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw FileError(path: path, message: "cannot save: cannot open the lock file \(lock): \(BoardFile.errnoText()) (the board on disk is unchanged)")
        }
        defer { close(fd) }   // closing releases the lock
        var waited = 0
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw FileError(path: path, message: "cannot save: cannot lock \(lock): \(BoardFile.errnoText()) (the board on disk is unchanged)")
            }
            if waited >= lockTimeoutMs {
                throw FileError(path: path, message: "cannot save: another journey has been saving this board for \(waited / 1000) s (lock \(lock)); try again (the board on disk is unchanged)")
            }
            usleep(20_000)
            waited += 20
        }
        return try body()
    }

    // MARK: watching

    public enum DiskChange: Equatable, Sendable {
        case none
        /// The file changed and the app has no unsaved edits: the new board (now the base).
        case reloaded(Board)
        /// The file changed while the app has unsaved edits: the next save merges.
        case changedUnderEdits
        /// The file changed but is not a readable board now (half-written, conflict markers …).
        case unreadable(String)
        /// The file is gone (the next save writes it again).
        case deleted
    }

    /// Looks at the file (a `stat`; it is read only when its stamp changed) and says what
    /// changed since the last look. Each change is reported once.
    public mutating func checkDisk(hasUnsavedEdits: Bool) -> DiskChange {
        let target = BoardFile.resolvedTarget(path)
        guard let now = DiskStamp.of(target) else {
            defer { seenStamp = nil }
            return seenStamp == nil ? .none : .deleted
        }
        if now == baseStamp { seenStamp = now; return .none }
        // the file is not the base: reported already, and nothing new to do?
        let reported = now == seenStamp
        if reported && (hasUnsavedEdits || now == unreadableStamp) { return .none }
        switch readChangedFile(target, decode: !hasUnsavedEdits) {
        case nil, .sameAsBase?: return .none
        case .changed?: return .changedUnderEdits
        case .unreadable(let why)?: return .unreadable(why)
        case let .board(disk, stamp, hash)?:
            baseStamp = stamp
            baseHash = hash
            if disk == base { return .none }
            base = disk
            return .reloaded(disk)
        }
    }

    /// What reading a file whose stamp changed found.
    enum ChangedFile {
        /// The same bytes as the base (its new stamp is now the base's).
        case sameAsBase
        /// Other bytes, not decoded (asked not to).
        case changed
        /// The board the file holds now, with its stamp and content hash.
        case board(Board, DiskStamp, UInt64)
        /// Not a readable board (conflict markers, a half-written file …): remembered by its
        /// stamp, so it is reported once.
        case unreadable(String)
    }

    /// Reads `target` after its stamp changed (nil: it could not be read at all). The one read
    /// behind both `checkDisk` and a live board's `mergeFromDisk`.
    mutating func readChangedFile(_ target: String, decode: Bool) -> ChangedFile? {
        guard let (stamp, bytes) = try? SaveCoordinator.readVersion(target) else { return nil }
        seenStamp = stamp
        let hash = ContentHash.of(bytes)
        if hash == baseHash { baseStamp = stamp; return .sameAsBase }
        guard decode else { return .changed }
        if let line = ConflictMarkers.firstLine(in: bytes) {
            unreadableStamp = stamp
            return .unreadable("the board on disk has git conflict markers (line \(line))")
        }
        do { return .board(try BoardCodec.read(bytes, file: path), stamp, hash) } catch {
            unreadableStamp = stamp
            return .unreadable("\(error)")
        }
    }
}

// MARK: save as

extension SaveCoordinator {
    public enum SaveAsResult: Sendable {
        /// Written through the new file's coordinator (lock, atomic rename; `outcome` as `save`
        /// says it): the open board now belongs to that file, and later saves go there. An
        /// outcome `.refused` means nothing was written and the board stays where it was.
        case done(SaveCoordinator, SaveOutcome)
        /// A file is already there and `overwrite` was not asked for: nothing written.
        case exists
        /// Nothing written, and why (a directory, a file that cannot be read).
        case refused(String)
    }

    /// Save-as: writes `board` to `newPath` the way `save` writes (the lock beside the new
    /// file, an atomic rename), and hands back the new file's coordinator. An existing file is
    /// written over only with `overwrite`, and never when it is a directory or cannot be read
    /// (what cannot be read cannot be known to be safe to replace). Throws `FileError` when
    /// the file cannot be written; nothing on disk is then changed.
    public static func saveAs(_ board: Board, to newPath: String, overwrite: Bool) throws -> SaveAsResult {
        guard !newPath.isEmpty else { return .refused("no file name") }
        let target = BoardFile.resolvedTarget(newPath)
        var st = stat()
        var coordinator: SaveCoordinator
        if stat(target, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { return .refused("\(newPath) is a directory") }
            guard overwrite else { return .exists }
            let stamp: DiskStamp, bytes: [UInt8]
            do { (stamp, bytes) = try readVersion(target) } catch {
                return .refused("\(newPath) cannot be read (\((error as? FileError)?.message ?? "\(error)")), so it is not written over")
            }
            // the file as it is now is the base: the save replaces it (and would merge only
            // with a change made to it between this look and the write)
            let there = (try? BoardCodec.read(bytes, file: newPath)) ?? board
            coordinator = SaveCoordinator(path: newPath, loaded: there, stamp: stamp, hash: ContentHash.of(bytes))
        } else {
            let dir = BoardFile.directory(of: target)
            guard stat(dir, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { return .refused("the directory \(dir) does not exist") }
            coordinator = SaveCoordinator(path: newPath, loaded: board, stamp: nil, hash: nil)
        }
        let outcome = try coordinator.save(board)
        return .done(coordinator, outcome)
    }

    /// Whether two paths name the same file (same device and inode, symlinks followed).
    public static func isSameFile(_ a: String, _ b: String) -> Bool {
        guard let x = DiskStamp.of(a), let y = DiskStamp.of(b) else { return false }
        return x.device == y.device && x.inode == y.inode
    }
}
