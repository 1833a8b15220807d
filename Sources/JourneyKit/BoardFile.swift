#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A problem with a file on disk (cannot read, cannot save), with the path it concerns.
public struct FileError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String
    public init(path: String, message: String) { self.path = path; self.message = message }
    public var description: String { "\(path): error: \(message)" }
}

/// A whole regular file mapped read-only into memory (MAP_POPULATE: the pages arrive in one
/// go, with no copy and no page faults one by one). Nil for what cannot be mapped — an empty
/// file, a directory, a pipe, a file that cannot be opened — which callers read the usual way.
final class MappedFile {
    let base: UnsafeMutableRawPointer
    let count: Int

    init?(_ path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 else { return nil }
        let n = Int(st.st_size)
        #if os(Linux)
        let flags = MAP_PRIVATE | MAP_POPULATE
        #else
        let flags = MAP_PRIVATE
        #endif
        guard let m = mmap(nil, n, PROT_READ, flags, fd, 0), m != MAP_FAILED else { return nil }
        base = m
        count = n
    }

    var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// Gives the pages before `offset` back to the kernel (less what a reader may still look
    /// back at). They stay in the page cache and come back on the next touch — the mapping is
    /// private and never written, so nothing is lost — but they leave this process's memory.
    func release(before offset: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = (max(0, min(offset, count) - 65_536) / page) * page
        guard end > released else { return }
        _ = madvise(base + released, end - released, MADV_DONTNEED)
        released = end
    }
    private var released = 0

    deinit { munmap(base, count) }
}

/// Reading and safely saving board files.
///
/// Saving never leaves a half-written board: the new text goes to a temporary file in the same
/// directory, is fsynced, renamed over the board, and the directory is fsynced. The board's
/// mode is kept, and a symlinked board is written through to its target (Foundation's
/// `.atomic` write resets the mode, replaces the link and does not fsync the directory).
public enum BoardFile {
    public static func readBytes(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: path, message: "cannot read: \(errnoText())") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileError(path: path, message: "cannot read: \(errnoText())") }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw FileError(path: path, message: "is a directory, not a board file") }
        // read straight into the array (no copy through a buffer); a file that grows while
        // it is read is followed to its end
        var out: [UInt8] = []
        var capacity = max(Int(st.st_size), 0) + 1
        while true {
            let have = out.count
            var failed: Int32 = 0
            var ended = false
            out.append(contentsOf: repeatElement(0, count: capacity - have))
            let got = out.withUnsafeMutableBytes { buf -> Int in
                var n = have
                while n < buf.count {
                    let r = read(fd, buf.baseAddress! + n, buf.count - n)
                    if r < 0 { if errno == EINTR { continue }; failed = errno; break }
                    if r == 0 { ended = true; break }
                    n += r
                }
                return n
            }
            out.removeLast(out.count - got)
            if failed != 0 { errno = failed; throw FileError(path: path, message: "cannot read: \(errnoText())") }
            if ended { return out }
            capacity *= 2
        }
    }

    /// Reads and decodes a board; errors carry `FILE:LINE:COL`.
    public static func load(_ path: String) throws -> Board {
        try BoardCodec.read(try readBytes(path), file: path)
    }

    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// Where a save really writes: the final target of a symlink chain, else the path itself.
    public static func resolvedTarget(_ path: String) -> String {
        var p = path
        for _ in 0..<40 {
            var st = stat()
            guard lstat(p, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK else { return p }
            var buf = [CChar](repeating: 0, count: 4096)
            let n = readlink(p, &buf, buf.count - 1)
            guard n > 0 else { return p }
            let target = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            p = target.hasPrefix("/") ? target : directory(of: p) + "/" + target
        }
        return p
    }

    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let d = String(path[..<slash])
        return d.isEmpty ? "/" : d
    }

    public static func fileName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Sidecar files live beside the board, hidden, named after it:
    /// `.NAME.journey-lock`, `.NAME.journey-recover`, `.NAME.journey-tmp-…`.
    public static func sidecar(_ path: String, _ suffix: String) -> String {
        let t = resolvedTarget(path)
        return directory(of: t) + "/." + fileName(of: t) + ".journey-" + suffix
    }

    public static func recoveryPath(for path: String) -> String { sidecar(path, "recover") }
    public static func lockPath(for path: String) -> String { sidecar(path, "lock") }

    /// Writes `bytes` to `path` atomically (see the type's comment). On failure the original
    /// file is untouched and the temporary file removed.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, mode newMode: mode_t = 0o644) throws {
        let target = resolvedTarget(path)
        let dir = directory(of: target)
        var st = stat()
        let existing = stat(target, &st) == 0
        let mode = existing ? (st.st_mode & 0o7777) : newMode
        var dst = stat()
        guard stat(dir, &dst) == 0 else {
            if errno == ENOENT { throw FileError(path: path, message: "cannot save: the directory \(dir) does not exist") }
            throw FileError(path: path, message: "cannot save: \(dir): \(errnoText())")
        }
        guard (dst.st_mode & S_IFMT) == S_IFDIR else {
            throw FileError(path: path, message: "cannot save: \(dir) is not a directory")
        }
        let tmp = sidecar(target, "tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FileError(path: path, message: "cannot save: cannot create a temporary file in \(dir): \(errnoText())") }
        var ok = false
        defer { if !ok { unlink(tmp) } }
        do {
            var off = 0
            try bytes.withUnsafeBytes { raw in
                while off < raw.count {
                    let n = write(fd, raw.baseAddress! + off, raw.count - off)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw FileError(path: path, message: "cannot save: \(errnoText()) (the board on disk is unchanged)")
                    }
                    off += n
                }
            }
            if existing { _ = fchmod(fd, mode) }
            if fsync(fd) != 0 { throw FileError(path: path, message: "cannot save: fsync failed: \(errnoText()) (the board on disk is unchanged)") }
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        if rename(tmp, target) != 0 {
            throw FileError(path: path, message: "cannot save: \(errnoText()) (the board on disk is unchanged)")
        }
        ok = true
        let dfd = open(dir, O_RDONLY | O_CLOEXEC)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }

    /// Saves a board in canonical form, atomically.
    public static func save(_ board: Board, to path: String) throws {
        try writeAtomically(BoardCodec.write(board), to: path)
    }

    public static func errnoText() -> String { String(cString: strerror(errno)) }
}
