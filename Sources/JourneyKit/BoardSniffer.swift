#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Telling a journey board from any other JSON file without reading it as a board: a board is a
/// JSON object holding `"format": "journey-board"` (docs/FORMAT.md). The picker lists only the
/// files that pass, so `package.json` and friends stay out of it.
///
/// The check reads the file in 64 KB blocks and stops at the marker; a file whose first byte
/// (after white space) is not `{` is rejected after one read. Boards are written with keys
/// sorted, so `format` follows `cards` and `conflicts`: on a large board the marker is not in
/// the first few KB, which is why the scan goes on until it is found or the file ends.
public enum BoardSniffer {
    static let value = Array("\"journey-board\"".utf8)
    static let key = Array("\"format\"".utf8)

    /// Whether the file at `path` looks like a journey board (it may still fail `journey check`).
    public static func isBoard(path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return false }
        let blockSize = 64 * 1024
        var block = [UInt8](repeating: 0, count: blockSize)
        var window: [UInt8] = []
        var first = true
        while true {
            let n = block.withUnsafeMutableBytes { read(fd, $0.baseAddress, blockSize) }
            guard n > 0 else { return false }
            if first {
                first = false
                guard let lead = block[0..<n].first(where: { !isSpace($0) }), lead == UInt8(ascii: "{") else { return false }
            }
            window += block[0..<n]
            if contains(window) { return true }
            // keep a tail long enough for a marker cut by the block boundary
            let keep = 256
            if window.count > keep { window.removeFirst(window.count - keep) }
        }
    }

    /// Whether `bytes` hold `"format"`, white space, `:`, white space, `"journey-board"`.
    public static func contains(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= value.count else { return false }
        var start = 0
        while start + value.count <= bytes.count {
            guard let hit = find(value, in: bytes, from: start) else { return false }
            var i = hit - 1
            while i >= 0, isSpace(bytes[i]) { i -= 1 }
            if i >= 0, bytes[i] == UInt8(ascii: ":") {
                i -= 1
                while i >= 0, isSpace(bytes[i]) { i -= 1 }
                if i + 1 >= key.count, Array(bytes[(i + 1 - key.count)...i]) == key { return true }
            }
            start = hit + 1
        }
        return false
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard let firstByte = needle.first else { return nil }
        var i = from
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == firstByte {
                var j = 1
                while j < needle.count && bytes[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
