#if canImport(Glibc)
import Glibc
#endif
import JourneyKit

/// Tells the loop when the board's file or its presence sidecar changed, without polling:
/// inotify on the board's *directory* (a save renames a new file over the board, so a watch on
/// the board's own inode would see nothing after the first save) and on the sidecar directory.
/// `fd` is what the loop's poll(2) waits on; -1 when inotify is not available, and the loop
/// then looks at the files on a timer instead.
final class FileWatch {
    private(set) var fd: Int32 = -1
    private let boardName: String
    private let roomPath: String
    private let roomName: String
    private var dirWatch: Int32 = -1
    private var roomWatch: Int32 = -1

    // <sys/inotify.h>
    static let inMovedTo: UInt32 = 0x80, inMovedFrom: UInt32 = 0x40, inCreate: UInt32 = 0x100
    static let inDelete: UInt32 = 0x200, inCloseWrite: UInt32 = 0x8, inIgnored: UInt32 = 0x8000
    static let inOverflow: UInt32 = 0x4000

    init(boardPath: String, roomDirectory: String) {
        let target = BoardFile.resolvedTarget(boardPath)
        boardName = BoardFile.fileName(of: target)
        roomPath = roomDirectory
        roomName = BoardFile.fileName(of: roomDirectory)
        fd = inotify_init1(Int32(O_NONBLOCK | O_CLOEXEC))
        guard fd >= 0 else { return }
        let mask = FileWatch.inMovedTo | FileWatch.inMovedFrom | FileWatch.inCreate | FileWatch.inDelete | FileWatch.inCloseWrite
        dirWatch = inotify_add_watch(fd, BoardFile.directory(of: target), mask)
        if dirWatch < 0 { close(fd); fd = -1; return }
        watchRoom()
    }

    deinit { if fd >= 0 { close(fd) } }

    var isActive: Bool { fd >= 0 }

    /// Watches the sidecar directory once it exists (again, after the last instance removed it).
    func watchRoom() {
        guard fd >= 0, roomWatch < 0 else { return }
        roomWatch = inotify_add_watch(fd, roomPath, FileWatch.inMovedTo | FileWatch.inDelete)
    }

    /// Reads what inotify has, without waiting: whether the board file and the room changed.
    func drain() -> (board: Bool, room: Bool) {
        guard fd >= 0 else { return (false, false) }
        var board = false, room = false
        var buf = [UInt8](repeating: 0, count: 8192)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            var i = 0
            while i + 16 <= n {
                let (wd, mask, len) = buf.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                    (raw.loadUnaligned(fromByteOffset: i, as: Int32.self),
                     raw.loadUnaligned(fromByteOffset: i + 4, as: UInt32.self),
                     Int(raw.loadUnaligned(fromByteOffset: i + 12, as: UInt32.self)))
                }
                let nameBytes = buf[(i + 16)..<min(n, i + 16 + len)].prefix { $0 != 0 }
                let name = String(decoding: nameBytes, as: UTF8.self)
                if mask & FileWatch.inOverflow != 0 { board = true; room = true }
                if wd == dirWatch {
                    if name == boardName { board = true }
                    if name == roomName { room = true; if mask & FileWatch.inCreate != 0 { watchRoom() } }
                } else if wd == roomWatch {
                    if mask & FileWatch.inIgnored != 0 { roomWatch = -1 } else { room = true }
                }
                i += 16 + len
            }
        }
        if roomWatch < 0 { watchRoom() }
        return (board, room)
    }
}
