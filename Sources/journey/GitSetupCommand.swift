import ArgumentParser
import Glibc
import JourneyKit

/// `journey git-setup [PATTERN...]`: makes git merge and diff boards with journey.
struct GitSetupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git-setup",
        abstract: "Make git merge and diff boards with journey in this repository.",
        discussion: """
            Adds `PATTERN merge=journey diff=journey` to the repository's top-level .gitattributes \
            (default pattern boards/**/*.json; patterns are relative to the top level), sets \
            merge.journey.name, merge.journey.driver and diff.journey.textconv in the repository's \
            .git/config to this binary, and adds journey's lock, temp, recovery and presence files to .gitignore. \
            Safe to run again. .gitattributes and .gitignore are meant to be committed; the config is \
            per clone, so each clone runs git-setup once. A hosting site's merge button does not run \
            custom drivers: there, the board's format is what keeps most merges clean.
            """
    )

    @Argument(help: "Which files are boards (default: boards/**/*.json).") var patterns: [String] = []

    static let ignoreLines = [".*.journey-lock", ".*.journey-tmp*", ".*.journey-recover", ".*.journey-room/"]

    func run() throws {
        let top = Subprocess.run(["git", "rev-parse", "--show-toplevel"])
        let root = top.stdout.trimmedWhitespace
        guard top.status == 0, !root.isEmpty else {
            printError("journey git-setup: not in a git repository (run it inside a clone; `git init` makes one)")
            throw ExitCode(1)
        }
        let bin = Self.executablePath()
        let pats = patterns.isEmpty ? ["boards/**/*.json"] : patterns
        for p in pats where p.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            printError("journey git-setup: pattern '\(p)' contains white space, which .gitattributes cannot hold")
            throw ExitCode(1)
        }

        // .gitattributes
        let attrPath = root + "/.gitattributes"
        var attr = Self.readLines(attrPath)
        var added: [String] = []
        for p in pats {
            let has = attr.contains { line in
                let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                return f.first == p && f.contains("merge=journey") && f.contains("diff=journey")
            }
            if has { printLine("\(".gitattributes"): already has \(p) merge=journey diff=journey"); continue }
            let line = "\(p) merge=journey diff=journey"
            attr.append(line); added.append(line)
            printLine(".gitattributes: added \(line)")
        }
        if !added.isEmpty { try Self.writeLines(attr, attrPath) }

        // .gitignore
        let ignPath = root + "/.gitignore"
        var ign = Self.readLines(ignPath)
        var ignAdded: [String] = []
        for l in Self.ignoreLines where !ign.contains(l) {
            if ignAdded.isEmpty && !ign.isEmpty { ign.append("# journey's lock, temp, recovery and presence files beside boards") }
            ign.append(l); ignAdded.append(l)
        }
        if ignAdded.isEmpty { printLine(".gitignore: already ignores journey's sidecar files") }
        else { try Self.writeLines(ign, ignPath); printLine(".gitignore: added \(ignAdded.joined(separator: " "))") }

        // config
        let q = Self.shellQuoted(bin)
        let settings = [
            ("merge.journey.name", "journey board merge (field by field; conflicts recorded in the board)"),
            ("merge.journey.driver", "\(q) merge %O %A %B %P"),
            ("diff.journey.textconv", "\(q) textconv"),
        ]
        for (k, v) in settings {
            let r = Subprocess.run(["git", "-C", root, "config", "--local", k, v])
            guard r.status == 0 else {
                printError("journey git-setup: git config \(k) failed: \(r.stderr.trimmedWhitespace)")
                throw ExitCode(1)
            }
            printLine("git config \(k) \"\(v)\"")
        }
        printLine("git now merges and diffs \(pats.joined(separator: ", ")) with journey; commit .gitattributes and .gitignore.")
    }

    /// This binary's absolute path, as it was run (a symlink such as /usr/local/bin/journey is
    /// kept, so an upgrade behind it is picked up); /proc/self/exe when that cannot be told.
    static func executablePath() -> String {
        let a = CommandLine.arguments[0]
        if a.hasPrefix("/") { return a }
        if a.contains("/") {
            var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            guard getcwd(&buf, buf.count) != nil else { return a }
            return normalizedPath(String(cString: buf) + "/" + a)
        }
        for dir in (getenv("PATH").map { String(cString: $0) } ?? "").split(separator: ":") where dir.hasPrefix("/") {
            let p = "\(dir)/\(a)"
            var st = stat()
            if stat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG && access(p, X_OK) == 0 { return p }
        }
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        return n > 0 ? String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : a
    }

    /// An absolute path with its "." and ".." steps taken (symlinks are left as they are).
    static func normalizedPath(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func shellQuoted(_ s: String) -> String {
        if s.allSatisfy({ $0.isLetter || $0.isNumber || "/._-+".contains($0) }) { return s }
        return "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    static func readLines(_ path: String) -> [String] {
        guard let bytes = try? BoardFile.readBytes(path) else { return [] }
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    static func writeLines(_ lines: [String], _ path: String) throws {
        do { try BoardFile.writeAtomically(Array((lines.joined(separator: "\n") + "\n").utf8), to: path) } catch {
            printError("journey git-setup: \(error)")
            throw ExitCode(1)
        }
    }
}
