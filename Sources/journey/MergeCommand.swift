import ArgumentParser
import Dispatch
import Glibc
import JourneyKit

/// `journey merge BASE OURS THEIRS [PATH]`: the git merge driver (`%O %A %B %P`).
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Three-way merge of a board (a git merge driver: journey merge %O %A %B %P).",
        discussion: """
            Matches entities by id and merges field by field; writes the canonical result over OURS \
            (atomically). Exit 0 when clean; exit 1 when conflicts were recorded in the board's \
            "conflicts" (open the board and press c to resolve them). An empty or missing BASE is an \
            empty board. When a side is not a board or does not parse, falls back to \
            `git merge-file` (conflict markers in OURS) and exits 1. `journey git-setup` configures git to use it.
            """
    )

    @Argument(help: "The common ancestor (git's %O).") var base: String
    @Argument(help: "Our version; the result is written over it (git's %A).") var ours: String
    @Argument(help: "Their version (git's %B).") var theirs: String
    @Argument(help: "The file's path in the repository, for messages (git's %P).") var path: String?

    @Option(name: .customLong("ours-label"), help: "Name of our side (default: the current branch, when git says).") var oursLabel: String?
    @Option(name: .customLong("theirs-label"), help: "Name of their side (default: the branch being merged, when git says).") var theirsLabel: String?
    @Option(name: .customLong("base-label"), help: "Name of the base.") var baseLabel: String?
    @Option(name: .customLong("marker-size"), help: "Conflict marker size for the line-merge fallback (git's %L).") var markerSize: Int?

    func run() throws {
        let name = path ?? ours
        final class GitNames: @unchecked Sendable { var found: (ours: String?, theirs: String?) = (nil, nil) }
        let gitNames = GitNames()
        let baseBoard: Board?
        let oursBoard: Board, theirsBoard: Board
        do {
            // the branch names git makes known are asked for (a git process) while the sides are read
            (baseBoard, oursBoard, theirsBoard) = try Self.readAll(base, ours, theirs) {
                if oursLabel == nil || theirsLabel == nil { gitNames.found = Self.gitLabels() }
            }
        } catch {
            let why = (error as? BoardReadError).map { "\(name): \(Self.sideName($0.file, self)) is not a readable board: \($0.message) (line \($0.position.line), column \($0.position.column))" }
                ?? "\(name): \(error)"
            try fallBack(name: name, why: why)
            return
        }
        var labels: [String: String] = [:]
        let found = gitNames.found
        if let l = oursLabel ?? found.ours { labels["ours"] = l }
        if let l = theirsLabel ?? found.theirs { labels["theirs"] = l }
        if let l = baseLabel { labels["base"] = l }
        let (merged, conflicts) = BoardMerge.merge(base: baseBoard, ours: oursBoard, theirs: theirsBoard, labels: labels)
        let bytes = BoardCodec.write(merged)
        Self.leftToExit(baseBoard, oursBoard, theirsBoard, merged)
        do {
            try BoardFile.writeAtomically(bytes, to: ours)
        } catch {
            printError("journey merge: \(error)")
            throw ExitCode(2)
        }
        if conflicts.isEmpty { return }
        let n = conflicts.count
        printError("journey merge: \(name): \(n) conflict\(n == 1 ? "" : "s") recorded in the board (both sides kept; ours is live):")
        for i in (merged.conflicts.count - n)..<merged.conflicts.count {
            let info = merged.conflictInfo(i)
            printError("  \(DisplayText.sanitize(info.path)): \(info.subject) — \(info.what)")
        }
        printError("Resolve them on the board (journey \(name), then c), or edit \"conflicts\" by hand; `journey check` lists them.")
        throw ExitCode(1)
    }

    /// Reads the three versions at once (three big files on a multi-core machine), and does
    /// `alongside` meanwhile.
    static func readAll(_ base: String, _ ours: String, _ theirs: String, alongside: () -> Void = {}) throws -> (Board?, Board, Board) {
        final class Slot: @unchecked Sendable { var result: Result<Board?, Error> = .success(nil) }
        let slots = [Slot(), Slot(), Slot()]
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            if i == 3 { alongside(); return }
            slots[i].result = Result {
                switch i {
                case 0: return try readBase(base)
                case 1: return try BoardFile.load(ours)
                default: return try BoardFile.load(theirs)
                }
            }
        }
        // report the first side that fails in a stable order: ours, theirs, base
        let o = try slots[1].result.get()!, t = try slots[2].result.get()!
        return (try slots[0].result.get(), o, t)
    }

    /// The process ends right after the merge: its four boards are left for the exit to take
    /// back at once rather than freed entity by entity (on a large board that is a tenth of
    /// the process's work).
    static func leftToExit(_ boards: Board?...) {
        final class Kept { let boards: [Board?]; init(_ b: [Board?]) { boards = b } }
        _ = Unmanaged.passRetained(Kept(boards))
    }

    static func sideName(_ file: String, _ c: MergeCommand) -> String {
        file == c.base ? "the base" : file == c.theirs ? "their side" : file == c.ours ? "our side" : file
    }

    /// A missing or empty base (both branches added the file) is an empty board.
    static func readBase(_ path: String) throws -> Board? {
        guard BoardFile.exists(path) else { return nil }
        let bytes = try BoardFile.readBytes(path)
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        return try BoardCodec.read(bytes, file: path)
    }

    /// Branch names git makes known to a merge driver: the branch being merged is in
    /// `GITHEAD_<sha>`; ours is the current branch. Nothing during a rebase (HEAD is detached).
    static func gitLabels() -> (ours: String?, theirs: String?) {
        let heads = Subprocess.environment().filter { $0.key.hasPrefix("GITHEAD_") }
        guard heads.count == 1, let theirs = heads.first?.value else { return (nil, nil) }
        let r = Subprocess.run(["git", "symbolic-ref", "--quiet", "--short", "HEAD"])
        let ours = r.status == 0 ? r.stdout.trimmedWhitespace : nil
        return (ours?.isEmpty == false ? ours : nil, theirs)
    }

    /// Not a board on some side: a plain line merge with conflict markers, exit 1.
    func fallBack(name: String, why: String) throws {
        var args = ["git", "merge-file", "-L", oursLabel ?? "ours", "-L", baseLabel ?? "base", "-L", theirsLabel ?? "theirs"]
        if let m = markerSize { args += ["--marker-size=\(m)"] }
        var basePath = base
        var emptyBase: String?
        if !BoardFile.exists(base) {
            let p = (getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp") + "/journey-empty-base-\(getpid())"
            let fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            if fd >= 0 { close(fd) }
            emptyBase = p; basePath = p
        }
        defer { if let p = emptyBase { unlink(p) } }
        args += [ours, basePath, theirs]
        let r = Subprocess.run(args)
        printError("journey merge: \(why)")
        if r.status < 0 || r.status > 127 {
            printError("journey merge: \(name): the line merge (git merge-file) failed too: \(r.stderr.trimmedWhitespace)")
            throw ExitCode(2)
        }
        printError("journey merge: \(name): fell back to a line merge (git merge-file): \(r.status == 0 ? "no overlapping lines, but check the file" : "\(r.status) conflict\(r.status == 1 ? "" : "s") marked in the file"); fix it by hand, then `journey check \(name)`")
        throw ExitCode(1)
    }
}
