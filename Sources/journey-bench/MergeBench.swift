import Foundation
import JourneyKit

/// Merge figures (docs/MERGING.md), self-contained so the bench harness can call it:
/// - merging two branches of an N-card board in memory (`BoardMerge.merge`), against the time
///   to read one board (goal: at most 3×);
/// - `journey merge BASE OURS THEIRS` as a whole process (what git runs), with `git merge-file`
///   on the very same three files as a peer.
/// Each branch edits 5% of the cards (different ones), moves 1%, votes on 2% (some cards on
/// both branches, by different people), adds 2%, deletes 0.5%; 10 cards are edited on both
/// branches differently, so the merge also records conflicts.
enum MergeBench {
    struct Figures {
        var cards: Int
        var fileBytes: Int
        var runs: Int
        var readMedian: Double          // seconds: BoardCodec.read of one board from bytes
        var mergeMedian: Double         // seconds: BoardMerge.merge of the two branches
        var mergeP90: Double
        var conflicts: Int
        var processMedian: Double?      // seconds: `journey merge` as a process
        var processCheckMedian: Double? // seconds: `journey check` of one board as a process (peer)
        var gitMergeFileMedian: Double? // seconds: `git merge-file` on the same files (peer)

        var lines: [String] {
            func ms(_ s: Double) -> String { String(format: "%.1f ms", s * 1000) }
            var out = [
                "merge \(cards) cards (\(fileBytes / 1024) KiB per file, \(runs) runs, medians):",
                "  read one board        \(ms(readMedian))",
                "  merge two branches    \(ms(mergeMedian)) (p90 \(ms(mergeP90))) = \(String(format: "%.2f", mergeMedian / readMedian))× read (goal ≤ 3×), \(conflicts) conflicts recorded",
            ]
            if let p = processMedian { out.append("  journey merge process \(ms(p))") }
            if let p = processCheckMedian { out.append("  journey check process \(ms(p)) (reads and validates one board)") }
            if let p = gitMergeFileMedian { out.append("  git merge-file        \(ms(p)) (line merge of the same files)") }
            return out
        }
    }

    /// Runs the measurement. `journey` is the binary to time as a process (default: beside this
    /// one); `dir` keeps the generated files (default: a temporary directory, removed after).
    static func run(cards n: Int = 10_000, runs: Int = 11, journey: String? = nil, dir: String? = nil) throws -> Figures {
        var g = SeededGenerator(seed: 5)
        let base = board(cards: n, &g)
        var ours = base, theirs = base
        branch(&ours, of: base, side: 0, &g)
        branch(&theirs, of: base, side: 1, &g)
        let baseBytes = BoardCodec.write(base)
        let oursBytes = BoardCodec.write(ours), theirsBytes = BoardCodec.write(theirs)

        // in memory: read one board; merge the two branches (read back, as a file would give them)
        let b0 = try BoardCodec.read(baseBytes), o0 = try BoardCodec.read(oursBytes), t0 = try BoardCodec.read(theirsBytes)
        var reads: [Double] = [], merges: [Double] = []
        var conflicts = 0
        for _ in 0..<runs {
            reads.append(try time { _ = try BoardCodec.read(baseBytes) })
            merges.append(time {
                let r = BoardMerge.merge(base: b0, ours: o0, theirs: t0, labels: ["ours": "main", "theirs": "feature"])
                conflicts = r.conflicts.count
            })
        }

        var figures = Figures(cards: n, fileBytes: baseBytes.count, runs: runs,
                              readMedian: median(reads), mergeMedian: median(merges), mergeP90: percentile(merges, 0.9),
                              conflicts: conflicts)

        // whole process
        let fm = FileManager.default
        let work = dir ?? (NSTemporaryDirectory() + "journey-merge-bench-\(getpid())")
        try fm.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { if dir == nil { try? fm.removeItem(atPath: work) } }
        let bin = journey ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("journey").path
        try Data(baseBytes).write(to: URL(fileURLWithPath: work + "/base.json"))
        try Data(oursBytes).write(to: URL(fileURLWithPath: work + "/ours.json"))
        try Data(theirsBytes).write(to: URL(fileURLWithPath: work + "/theirs.json"))
        if fm.isExecutableFile(atPath: bin) {
            var procs: [Double] = [], checks: [Double] = []
            for _ in 0..<runs {
                try? fm.removeItem(atPath: work + "/result.json")
                try fm.copyItem(atPath: work + "/ours.json", toPath: work + "/result.json")
                procs.append(spawn(bin, ["merge", work + "/base.json", work + "/result.json", work + "/theirs.json", "boards/bench.json"]))
                checks.append(spawn(bin, ["check", work + "/base.json"]))
            }
            figures.processMedian = median(procs)
            figures.processCheckMedian = median(checks)
        }
        var gits: [Double] = []
        for _ in 0..<runs {
            try? fm.removeItem(atPath: work + "/result-git.json")
            try fm.copyItem(atPath: work + "/ours.json", toPath: work + "/result-git.json")
            gits.append(spawn("/usr/bin/env", ["git", "merge-file", work + "/result-git.json", work + "/base.json", work + "/theirs.json"]))
        }
        figures.gitMergeFileMedian = gits.allSatisfy { $0 >= 0 } ? median(gits) : nil
        return figures
    }

    // MARK: boards

    static let words = ["customer", "order", "technician", "router", "install", "bill", "wait", "call", "app", "email",
                        "SMS", "appointment", "window", "engineer", "broadband", "setup", "delay", "refund", "chat", "form"]

    static func text(_ g: inout SeededGenerator) -> String {
        (0..<(6 + Int(g.next() % 8))).map { _ in words[Int(g.next() % UInt64(words.count))] }.joined(separator: " ")
    }

    static func board(cards n: Int, _ g: inout SeededGenerator) -> Board {
        var b = Board(title: "Bench board")
        b.heroMetrics = Board.defaultHeroMetrics
        let jr = IDs.make("jr", using: &g)
        b.journeys[jr] = Journey(id: jr, title: "Journey", order: "a0")
        let stages = (0..<10).map { _ in IDs.make("st", using: &g) }
        let lanes = (0..<8).map { _ in IDs.make("ln", using: &g) }
        for (i, (s, k)) in zip(stages, OrderKey.sequence(stages.count)).enumerated() { b.stages[s] = Stage(id: s, journey: jr, title: "Stage \(i)", order: k) }
        for (i, (l, k)) in zip(lanes, OrderKey.sequence(lanes.count)).enumerated() {
            b.lanes[l] = Lane(id: l, journey: jr, kind: LaneKind.allCases[i % LaneKind.allCases.count], order: k)
        }
        var ids: [String] = []
        for i in 0..<n {
            let id = IDs.make("cd", using: &g)
            var c = Card(id: id, lane: lanes[Int(g.next() % 8)], stage: stages[Int(g.next() % 10)], order: OrderKey.sequence(1, after: "a\(i % 10)")[0], text: text(&g))
            if i % 3 == 0 { c.impact = ["satisfaction": Double(g.next() % 10), "effort": -Double(g.next() % 3)]; c.confidence = 60; c.cost = 3 }
            if i % 4 == 0 { c.votes = ["mei": 1] }
            if i % 5 == 0 { c.tags = ["quick-win"] }
            if i % 7 == 0, let l = ids.last { c.links = [l] }
            if i % 6 == 0 { c.owner = "squad \(i % 4)" }
            b.cards[id] = c
            ids.append(id)
        }
        return b
    }

    /// One branch's edits: side 0 and side 1 pick different cards, apart from 10 both edit.
    static func branch(_ b: inout Board, of base: Board, side: Int, _ g: inout SeededGenerator) {
        let ids = base.cards.keys.sorted()
        let stages = base.stages.keys.sorted(), lanes = base.lanes.keys.sorted()
        for (i, id) in ids.enumerated() {
            switch i % 200 {
            case 0..<10 where i % 2 == side: b.cards[id]!.text = text(&g)                      // 5% edited
            case 10..<12 where i % 2 == side:                                                 // 1% moved
                b.cards[id]!.stage = stages[Int(g.next() % UInt64(stages.count))]
                b.cards[id]!.lane = lanes[Int(g.next() % UInt64(lanes.count))]
            case 12..<16: b.cards[id]!.votes[side == 0 ? "sam" : "ana"] = 1 + side              // 2% voted on both
            case 16 where i % 2 == side:                                                      // 0.5% deleted
                b.cards[id] = nil
                for (k, c) in b.cards where c.links.contains(id) { b.cards[k]!.links.removeAll { $0 == id } }
            default: break
            }
        }
        for i in 0..<10 { b.cards[ids[i * 997 % ids.count]]?.notes = "side \(side) says \(i)" }  // 10 real conflicts
        for _ in 0..<(ids.count / 50) {                                                       // 2% added
            let id = IDs.make("cd", using: &g)
            b.cards[id] = Card(id: id, lane: lanes[Int(g.next() % 8)], stage: stages[Int(g.next() % 10)], order: "a5", text: text(&g))
        }
    }

    // MARK: timing

    static func time(_ f: () throws -> Void) rethrows -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try f()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }

    /// Runs a process to the end, output discarded; its wall time in seconds (-1 if it cannot run).
    static func spawn(_ path: String, _ args: [String]) -> Double {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        let t0 = DispatchTime.now().uptimeNanoseconds
        do { try p.run() } catch { return -1 }
        p.waitUntilExit()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }

    static func median(_ a: [Double]) -> Double { percentile(a, 0.5) }
    static func percentile(_ a: [Double], _ q: Double) -> Double {
        guard !a.isEmpty else { return 0 }
        let s = a.sorted()
        return s[min(s.count - 1, Int((Double(s.count - 1) * q).rounded()))]
    }
}


/// `journey-bench` rows: a three-way merge of two branches of a board of this size.
struct MergeRows: Benchmark {
    let name = "merge"
    func run(_ ctx: BenchContext) throws -> [BenchRow] {
        let f = try MergeBench.run(cards: ctx.cardCount, runs: max(3, min(ctx.runs, 7)), journey: nil, dir: ctx.out.map { $0 + "/merge-\(ctx.label)" })
        var rows = [
            BenchRow(measure: "merge two branches", median: Format.seconds(f.mergeMedian),
                     note: "\(Format.fixed(f.mergeMedian / f.readMedian, 2))× one read (goal ≤ 3×), \(f.conflicts) conflicts"),
        ]
        if let p = f.processMedian { rows.append(BenchRow(measure: "journey merge (process)", median: Format.seconds(p))) }
        if let p = f.gitMergeFileMedian { rows.append(BenchRow(measure: "git merge-file (peer)", median: Format.seconds(p))) }
        return rows
    }
}
