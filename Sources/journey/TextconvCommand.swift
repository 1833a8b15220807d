import ArgumentParser
import JourneyKit
#if canImport(Glibc)
import Glibc
#endif

/// `journey textconv FILE`: git's `diff.journey.textconv`.
struct TextconvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "textconv",
        abstract: "Print a board as sorted `path: value` lines, one per field (for git diff).",
        discussion: """
            Used by git as diff.journey.textconv (see `journey git-setup`), so `git diff` and \
            `git log -p` show `cards/cd_x/text: "…"` lines. Values are one-line JSON with control \
            and bidi characters escaped (in ids too). A file that is not a readable board is printed \
            as it is, with control and bidi characters shown as ␛ / �.
            """
    )

    @Argument(help: "The board file.") var file: String

    func run() throws {
        let bytes: [UInt8]
        do { bytes = try BoardFile.readBytes(file) } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        let out: [UInt8]
        if let board = try? BoardCodec.read(bytes, file: file) {
            out = Array(BoardTextconv.text(board).utf8)
        } else {
            // not a board: its lines as they are, but nothing in them may drive the terminal
            out = Array(DisplayText.sanitize(String(decoding: bytes, as: UTF8.self), keepNewlines: true).utf8)
        }
        out.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = write(1, raw.baseAddress! + off, raw.count - off)
                if n < 0 { if errno == EINTR { continue }; return }
                off += n
            }
        }
    }
}
