#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import JourneyKit

/// `journey-bench` — release-mode benchmarks (docs/ARCHITECTURE.md, "Speed"). Generates boards of the sizes
/// asked for with a seeded generator, writes them (to `--out DIR` when given, so other tools can
/// be timed on the very same files), and prints one table per size: each registered
/// `Benchmark`'s rows, as medians of several runs.
@main
struct JourneyBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journey-bench",
        abstract: "Benchmarks of journey on generated boards (build with -c release).",
        discussion: "Sizes are card counts: 1k, 10k, 100k, or a plain number. The boards are generated with a fixed seed, so every run measures the same files."
    )

    @Option(help: "Comma-separated sizes (card counts).")
    var sizes: String = "1k,10k,100k"

    @Option(help: "Keep the generated boards in this directory (bench-1k.json, …).")
    var out: String?

    @Option(help: "Timed runs per measurement (default: 31 at 1k, 15 at 10k, 7 at 100k).")
    var runs: Int?

    @Option(help: "Seed of the board generator.")
    var seed: UInt64 = 0x6A6F75726E6579

    @Option(help: "Run only the benchmarks with these names (comma-separated).")
    var only: String?

    @Flag(help: "Only generate the boards (with --out), measure nothing.")
    var generateOnly = false

    @Option(help: .hidden)
    var peakRead: String?

    func run() throws {
        if let f = peakRead { throw ExitCode(PeakMemory.childMain(file: f)) }
        let labels = sizes.split(separator: ",").map { String($0).trimmingSpaces }
        var counts: [(String, Int)] = []
        for l in labels {
            guard let n = BoardGenerator.cardCount(l), n > 0 else { throw ValidationError("not a size: '\(l)' (e.g. 1k, 10k, 100k, 2500)") }
            counts.append((l, n))
        }
        let dir: String
        var temporary = false
        if let o = out {
            if mkdir(o, 0o755) != 0 && errno != EEXIST { throw ValidationError("cannot create \(o): \(BoardFile.errnoText())") }
            dir = o
        } else {
            var template = Array("/tmp/journey-bench-XXXXXX".utf8CString)
            guard let p = mkdtemp(&template) else { throw ValidationError("cannot create a temporary directory") }
            dir = String(cString: p)
            temporary = true
        }
        let benches = BenchRegistry.all.filter { b in only.map { $0.split(separator: ",").contains(Substring(b.name)) } ?? true }
        #if DEBUG
        print("warning: a debug build; measure with `swift build -c release --product journey-bench`\n")
        #endif
        var files: [String] = []
        for (label, n) in counts {
            var g = BoardGenerator(seed: seed &+ UInt64(n))
            let t0 = Clock.now()
            let board = g.generate(cards: n)
            let bytes = BoardCodec.write(board)
            let path = dir + "/bench-\(label).json"
            try BoardFile.writeAtomically(bytes, to: path)
            files.append(path)
            let genTime = Clock.now() - t0
            if generateOnly { print("\(path): \(Format.grouped(bytes.count)) bytes, \(Format.grouped(n)) cards"); continue }
            let runs = self.runs ?? (n <= 2_000 ? 31 : n <= 20_000 ? 15 : 7)
            let ctx = BenchContext(label: label, cardCount: n, board: board, bytes: bytes, path: path,
                                   runs: runs, executable: PeakMemory.selfPath(), out: out)
            print("== \(label): \(Format.grouped(n)) cards, \(path) (generated in \(Format.seconds(genTime)); medians of \(runs) runs) ==")
            var rows: [BenchRow] = []
            for b in benches {
                do { rows += try b.run(ctx) } catch {
                    rows.append(BenchRow(measure: b.name, median: "failed", note: "\(error)"))
                }
            }
            print(Format.table(rows))
            print("")
        }
        if temporary {
            for f in files { unlink(f) }
            rmdir(dir)
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
