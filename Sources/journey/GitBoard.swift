import JourneyKit
#if canImport(Glibc)
import Glibc
#endif

/// A board file inside a git repository, as `journey sync` and `journey log` see it: git is run
/// in the board's directory (`git -C DIR`), the board named by its file name there, and by its
/// path from the top of the repository where git wants that (`REV:PATH`).
struct GitBoard {
    /// The board's directory and file name.
    let directory: String
    let name: String
    /// The board's path from the repository's top level ("boards/onboarding.json").
    let pathInRepository: String

    /// The repository holding `file`; nil when it is not in one (or git cannot be run).
    init?(file: String) {
        directory = BoardFile.directory(of: file)
        name = BoardFile.fileName(of: file)
        let prefix = Subprocess.run(["git", "-C", directory, "rev-parse", "--show-prefix"])
        guard prefix.status == 0 else { return nil }
        pathInRepository = prefix.stdout.trimmedWhitespace + name
    }

    /// Runs git in the board's directory.
    @discardableResult
    func git(_ args: [String]) -> Subprocess.Result { Subprocess.run(["git", "-C", directory] + args) }

    /// git's own words for a failure, on one line, safe for a terminal.
    static func message(_ r: Subprocess.Result) -> String {
        let text = (r.stderr.trimmedWhitespace.isEmpty ? r.stdout : r.stderr).trimmedWhitespace
        let lines = text.split(separator: "\n").map { String($0).trimmedWhitespace }.filter { !$0.isEmpty && !$0.hasPrefix("hint:") }
        return DisplayText.truncate(DisplayText.sanitize(lines.prefix(3).joined(separator: " / ")), columns: 300)
    }

    /// The board as a revision holds it (`REV:PATH`); nil when the revision has no such file,
    /// an empty board when the file is there but not a board (so a diff still says something).
    func board(at revision: String) -> Board? {
        let r = git(["cat-file", "blob", "\(revision):\(pathInRepository)"])
        guard r.status == 0 else { return nil }
        return (try? BoardCodec.read(Array(r.stdout.utf8), file: name)) ?? Board(title: "")
    }

    /// Many revisions' boards with one git process (`git cat-file --batch`), in the order asked;
    /// nil for a revision without the file.
    func boards(at revisions: [String]) -> [Board?] {
        if revisions.isEmpty { return [] }
        let input = revisions.map { "\($0):\(pathInRepository)\n" }.joined()
        let r = Subprocess.run(["git", "-C", directory, "cat-file", "--batch"], input: Array(input.utf8))
        guard r.status == 0 else { return revisions.map { _ in nil } }
        let bytes = Array(r.stdout.utf8)
        var out: [Board?] = []
        var i = 0
        while out.count < revisions.count && i < bytes.count {
            // header: "<sha> <type> <size>\n" or "<object> missing\n"
            guard let eol = bytes[i...].firstIndex(of: 0x0A) else { break }
            let header = String(decoding: bytes[i..<eol], as: UTF8.self).split(separator: " ")
            i = eol + 1
            guard header.count == 3, let size = Int(header[2]) else { out.append(nil); continue }
            let end = min(bytes.count, i + size)
            let content = Array(bytes[i..<end])
            i = end + 1  // the newline after the content
            out.append(header[1] == "blob" ? ((try? BoardCodec.read(content, file: name)) ?? Board(title: "")) : nil)
        }
        while out.count < revisions.count { out.append(nil) }
        return out
    }
}

/// The board's history from git, as semantic changes per commit (`journey log`, and the last
/// change of a card in the details form).
struct BoardHistory {
    struct Entry {
        var commit: String
        var author: String
        /// "2026-12-06 22:50" (the author's date, in UTC).
        var date: String
        var subject: String
        var diff: BoardDiff
    }

    let repo: GitBoard

    /// The commits that changed the board, newest first (at most `limit`), each diffed against
    /// its first parent (a root commit against an empty board).
    func entries(limit: Int? = nil, skip: Int = 0) -> [Entry] {
        var args = ["log", "--format=%H%x1f%P%x1f%an%x1f%at%x1f%s"]
        if let n = limit { args.append("-n\(n)") }
        if skip > 0 { args.append("--skip=\(skip)") }
        let r = repo.git(args + ["--", repo.name])
        guard r.status == 0 else { return [] }
        var commits: [(hash: String, parent: String?, author: String, time: Double, subject: String)] = []
        for line in r.stdout.split(separator: "\n") {
            let f = line.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 5 else { continue }
            commits.append((f[0], f[1].split(separator: " ").first.map(String.init), f[2], Double(f[3]) ?? 0, f[4]))
        }
        // one git process for every version needed: each commit's and its parent's
        var revisions: [String] = []
        for c in commits { revisions.append(c.hash); if let p = c.parent { revisions.append(p) } }
        let boards = repo.boards(at: revisions)
        var k = 0
        var out: [Entry] = []
        for c in commits {
            let new = boards[k] ?? Board(title: ""); k += 1
            var old = Board(title: "")
            if c.parent != nil { old = boards[k] ?? Board(title: ""); k += 1 }
            out.append(Entry(commit: c.hash, author: DisplayText.sanitize(c.author), date: String(UTCTime.format(c.time).prefix(16)).replacingCharacter("T", " "),
                             subject: DisplayText.sanitize(c.subject), diff: BoardDiff.between(old, new)))
        }
        return out
    }

    /// "2026-12-06 22:50 ana: ~ card “X”: text" — the newest commit that changed the card, among
    /// the last `limit` commits of the board; nil when none did. Read newest first, ten commits
    /// at a time, so a card changed recently costs a few versions, not the whole history.
    func lastChange(ofCard id: String, limit: Int) -> String? {
        var seen = 0
        while seen < limit {
            let batch = entries(limit: min(10, limit - seen), skip: seen)
            for e in batch {
                let lines = e.diff.lines(only: id)
                if let first = lines.first { return "\(e.date) \(e.author): \(first)" + (lines.count > 1 ? " (+\(lines.count - 1) more)" : "") }
            }
            if batch.count < 10 { return nil }
            seen += batch.count
        }
        return nil
    }

    /// How far back the details form looks for a card's last change: 200 commits of a board
    /// under 1 MB, fewer for larger ones (each version is read and diffed while the form opens).
    static func formLimit(boardBytes: Int) -> Int { max(10, min(200, 200_000_000 / max(1, boardBytes))) }
}

extension String {
    func replacingCharacter(_ a: Character, _ b: Character) -> String { String(map { $0 == a ? b : $0 }) }
}
