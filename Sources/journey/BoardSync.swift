import JourneyKit
#if canImport(Glibc)
import Glibc
#endif

/// `journey sync` and `:sync`: the board travels through the repository's remote. Commits the
/// board file only (never other staged changes: `git commit --only`), with a message from the
/// semantic diff; fetches and rebases onto the remote branch (the merge driver that
/// `journey git-setup` installs merges the board; a disagreement it records in the board is
/// committed as a conflict record and reported); pushes. Other changes in the work tree and
/// index are stashed around the rebase and come back as they were (staged stays staged).
///
/// Never leaves the repository mid-rebase: anything the driver cannot settle (a line conflict
/// with markers, another file in conflict) aborts the rebase and puts back the state before
/// the sync — commit undone, board and other changes as they were.
struct BoardSync {
    enum Status: Int32 {
        case synced = 0
        /// The board holds conflict records (new from this pull, or left from before).
        case conflicts = 1
        /// Not a repository, no remote, a failed fetch or push (authentication …), a rebase that
        /// had to be aborted, a board that cannot be read.
        case failed = 2
    }

    struct Outcome {
        var status: Status
        /// One line per step.
        var lines: [String]
        /// One line for the board's status line.
        var summary: String
        /// The board file changed on disk (a pull brought changes).
        var boardChanged: Bool
    }

    let file: String
    /// Called with each step's line as it happens.
    var report: (String) -> Void = { _ in }

    func run() -> Outcome {
        var lines: [String] = []
        func say(_ line: String) { let l = DisplayText.sanitize(line); lines.append(l); report(l) }
        func fail(_ why: String) -> Outcome {
            say("sync failed: " + why)
            return Outcome(status: .failed, lines: lines, summary: "sync failed: " + DisplayText.sanitize(why), boardChanged: false)
        }

        guard BoardFile.exists(file) else { return fail("\(file) does not exist") }
        guard let repo = GitBoard(file: file) else { return fail("\(file) is not in a git repository") }
        let gitDir = repo.git(["rev-parse", "--absolute-git-dir"]).stdout.trimmedWhitespace
        for (marker, what) in [("rebase-merge", "rebase"), ("rebase-apply", "rebase"), ("MERGE_HEAD", "merge"),
                               ("CHERRY_PICK_HEAD", "cherry-pick"), ("REVERT_HEAD", "revert")]
        where BoardFile.exists(gitDir + "/" + marker) {
            return fail("the repository is in the middle of a \(what); finish or abort it first")
        }
        let branch = repo.git(["symbolic-ref", "--quiet", "--short", "HEAD"]).stdout.trimmedWhitespace
        guard !branch.isEmpty else { return fail("HEAD is detached; check out a branch first") }
        // the remote: the branch's upstream, else origin, else the only remote
        var remote = repo.git(["config", "branch.\(branch).remote"]).stdout.trimmedWhitespace
        var remoteBranch = repo.git(["config", "branch.\(branch).merge"]).stdout.trimmedWhitespace
        if remoteBranch.hasPrefix("refs/heads/") { remoteBranch = String(remoteBranch.dropFirst("refs/heads/".count)) }
        if remote.isEmpty || remote == "." {
            let remotes = repo.git(["remote"]).stdout.split(separator: "\n").map(String.init)
            if remotes.contains("origin") { remote = "origin" } else if remotes.count == 1 { remote = remotes[0] } else {
                return fail(remotes.isEmpty ? "the repository has no remote (git remote add origin URL)"
                                            : "no upstream for \(branch) and no origin among the remotes: git branch -u REMOTE/BRANCH")
            }
        }
        if remoteBranch.isEmpty { remoteBranch = branch }

        // read the board: a file that is not a board (markers, a bad edit) is not committed
        let current: Board
        do { current = try BoardFile.load(file) } catch { return fail("the board cannot be read: \(error)") }
        if repo.git(["check-attr", "merge", "--", repo.name]).stdout.trimmedWhitespace.hasSuffix(": journey") == false
            || repo.git(["config", "merge.journey.driver"]).stdout.trimmedWhitespace.isEmpty {
            say("note: git does not merge this board with journey here (run journey git-setup): a disagreement would stop the sync")
        }
        say("sync \(repo.pathInRepository) on \(branch) with \(remote)/\(remoteBranch)")

        // 1. commit the board, and only it
        let headBefore = repo.git(["rev-parse", "--verify", "--quiet", "HEAD"]).stdout.trimmedWhitespace
        let wasStaged = repo.git(["diff", "--cached", "--quiet", "--", repo.name]).status != 0
        let changed = !repo.git(["status", "--porcelain", "--untracked-files=all", "--", repo.name]).stdout.trimmedWhitespace.isEmpty
        var committed = false
        var commitText = "nothing to commit"
        if changed {
            let before = headBefore.isEmpty ? nil : repo.board(at: "HEAD")
            let headline = BoardDiff.between(before ?? Board(title: ""), current).headline
            let message = "\(current.title.isEmpty ? repo.name : current.title): \(headline)\n\nCommitted by journey sync."
            if repo.git(["ls-files", "--error-unmatch", "--", repo.name]).status != 0 {
                let add = repo.git(["add", "--", repo.name])
                guard add.status == 0 else { return fail("git add: " + GitBoard.message(add)) }
            }
            let commit = repo.git(["commit", "--quiet", "--no-verify", "--only", "-m", DisplayText.sanitize(message, keepNewlines: true), "--", repo.name])
            guard commit.status == 0 else { return fail("git commit: " + GitBoard.message(commit)) }
            committed = true
            commitText = "committed: \(headline)"
            say("commit: \(headline) (\(repo.git(["rev-parse", "--short", "HEAD"]).stdout.trimmedWhitespace))")
        } else {
            say("commit: nothing to commit (the board is as committed)")
        }

        /// Puts back the state before the sync: the commit undone (the board's index entry as
        /// it was), other changes restored.
        func restore(stashed: Bool) {
            if committed {
                if headBefore.isEmpty { repo.git(["update-ref", "-d", "HEAD"]) } else { repo.git(["reset", "--quiet", "--soft", headBefore]) }
                if !wasStaged { repo.git(["reset", "--quiet", "--", repo.name]) }
            }
            if stashed { repo.git(["stash", "pop", "--quiet", "--index"]) }
        }

        // 2. fetch and rebase onto the remote branch
        let fetch = repo.git(["fetch", "--quiet", remote])
        guard fetch.status == 0 else {
            restore(stashed: false)
            return fail("git fetch \(remote): " + GitBoard.message(fetch))
        }
        let upstream = "refs/remotes/\(remote)/\(remoteBranch)"
        let upstreamHash = repo.git(["rev-parse", "--verify", "--quiet", upstream]).stdout.trimmedWhitespace
        var pulled = "nothing to pull"
        var boardChanged = false
        var recorded = 0
        let head = repo.git(["rev-parse", "--verify", "--quiet", "HEAD"]).stdout.trimmedWhitespace
        if upstreamHash.isEmpty {
            say("pull: nothing to pull (\(remote) has no \(remoteBranch) yet)")
        } else if !head.isEmpty && repo.git(["merge-base", "--is-ancestor", upstreamHash, head]).status == 0 {
            say("pull: nothing to pull (up to date with \(remote)/\(remoteBranch))")
        } else {
            let incoming = Int(repo.git(["rev-list", "--count", head.isEmpty ? upstreamHash : "\(head)..\(upstreamHash)"]).stdout.trimmedWhitespace) ?? 0
            let boardBefore = current
            // other changes (staged or not) step aside for the rebase and come back after it
            let dirty = !repo.git(["status", "--porcelain", "--untracked-files=no"]).stdout.trimmedWhitespace.isEmpty
            var stashed = false
            if dirty {
                let stash = repo.git(["stash", "push", "--quiet", "--message", "journey sync: other changes"])
                guard stash.status == 0 else { restore(stashed: false); return fail("git stash: " + GitBoard.message(stash)) }
                stashed = true
            }
            if head.isEmpty {
                // an unborn branch (nothing committed here): take the remote's
                let reset = repo.git(["reset", "--quiet", "--hard", upstreamHash])
                guard reset.status == 0 else { restore(stashed: stashed); return fail("git reset: " + GitBoard.message(reset)) }
            } else {
                var rebase = repo.git(["-c", "core.editor=true", "rebase", "--quiet", upstream])
                // each step the driver settled by recording conflicts in the board goes on; anything
                // else (markers, another file) aborts and restores
                var rounds = 0
                while rebase.status != 0 {
                    rounds += 1
                    let unmerged = repo.git(["diff", "--name-only", "--diff-filter=U"]).stdout.split(separator: "\n").map(String.init)
                    let boardOnly = unmerged == [repo.pathInRepository]
                    let readable = (try? BoardFile.load(file)) != nil
                    guard rounds < 1000, boardOnly, readable else {
                        repo.git(["rebase", "--abort"])
                        restore(stashed: stashed)
                        let why = !boardOnly && !unmerged.isEmpty ? "other files conflict (\(unmerged.joined(separator: ", ")))"
                            : !readable ? "git could not merge the board (is journey git-setup done in this clone?)"
                            : GitBoard.message(rebase)
                        return fail("pull: \(why); the rebase was aborted and the repository is as it was")
                    }
                    let onDisk = try? BoardFile.load(file)
                    recorded += onDisk?.conflicts.count ?? 0
                    repo.git(["add", "--", repo.name])
                    rebase = repo.git(["-c", "core.editor=true", "rebase", "--continue"])
                }
            }
            if stashed {
                let pop = repo.git(["stash", "pop", "--quiet", "--index"])
                if pop.status != 0 { say("note: your other changes could not be put back cleanly; they are in git stash (git stash pop --index)") }
            }
            let after = (try? BoardFile.load(file)) ?? boardBefore
            let brought = BoardDiff.between(boardBefore, after)
            boardChanged = !brought.isEmpty
            pulled = "pulled \(incoming) commit\(incoming == 1 ? "" : "s")" + (brought.isEmpty ? "" : ": \(brought.headline)")
            say("pull: \(incoming) commit\(incoming == 1 ? "" : "s") from \(remote)/\(remoteBranch)"
                + (brought.isEmpty ? " (the board is unchanged)" : ": \(brought.headline)")
                + (recorded > 0 ? " — the merge recorded conflicts in the board" : ""))
        }

        // 3. push
        var pushed = "nothing to push"
        let headNow = repo.git(["rev-parse", "--verify", "--quiet", "HEAD"]).stdout.trimmedWhitespace
        let remoteNow = repo.git(["rev-parse", "--verify", "--quiet", upstream]).stdout.trimmedWhitespace
        if !headNow.isEmpty && headNow != remoteNow {
            var args = ["push", "--quiet", remote, "HEAD:refs/heads/\(remoteBranch)"]
            if repo.git(["config", "branch.\(branch).remote"]).stdout.trimmedWhitespace.isEmpty && remoteBranch == branch {
                args.insert("--set-upstream", at: 1)
            }
            let push = repo.git(args)
            guard push.status == 0 else {
                say("push: failed: " + GitBoard.message(push))
                return Outcome(status: .failed, lines: lines,
                               summary: "sync: \(commitText); \(pulled); push failed: " + GitBoard.message(push), boardChanged: boardChanged)
            }
            pushed = "pushed"
            say("push: \(remote) \(remoteBranch) (\(repo.git(["rev-parse", "--short", "HEAD"]).stdout.trimmedWhitespace))")
        } else {
            say("push: nothing to push")
        }

        let records = ((try? BoardFile.load(file)) ?? current).conflicts.count
        if !committed && pulled == "nothing to pull" && pushed == "nothing to push" {
            say("in sync: nothing to commit, pull or push")
        }
        if records > 0 {
            say("the board holds \(records) conflict record\(records == 1 ? "" : "s"): resolve them on the board (c), then sync again")
            return Outcome(status: .conflicts, lines: lines,
                           summary: "sync: \(commitText); \(pulled); \(pushed) — \(records) conflict\(records == 1 ? "" : "s") recorded (‼): c resolves",
                           boardChanged: boardChanged)
        }
        return Outcome(status: .synced, lines: lines, summary: "synced: \(commitText); \(pulled); \(pushed)", boardChanged: boardChanged)
    }
}
