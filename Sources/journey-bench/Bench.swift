#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JourneyKit

/// One measurement of `journey-bench`: given a generated board of one size, it times what it
/// measures and returns rows for that size's table.
///
/// To add yours: in its own file (`ScoringBench.swift`, `MergeBench.swift`, `RenderBench.swift`,
/// …) write a type that conforms to `Benchmark` (any name: `struct ScoringRows: Benchmark`) and
/// put an instance in `BenchRegistry.all` — one line, in the slot reserved for it, so branches
/// that add different benchmarks merge cleanly. Time with `ctx.time { … }` (a warm-up run, then
/// `ctx.runs` timed runs) and return rows: `.timing("rank 10k", t, p99: true)`.
protocol Benchmark {
    /// Used by `--only` and in error messages ("read-write", "scoring", …).
    var name: String { get }
    func run(_ ctx: BenchContext) throws -> [BenchRow]
}

enum BenchRegistry {
    /// Every benchmark, in the order its rows appear in each size's table.
    static let all: [any Benchmark] = [
        ReadWriteBench(),

        ScoringRows(),

        MergeRows(),

        RenderRows(),

        // (more here; keep a blank line between entries)
    ]
}

/// What a benchmark gets for one size.
struct BenchContext {
    /// "1k", "10k", "100k".
    let label: String
    let cardCount: Int
    /// The generated board and its canonical bytes (exactly what is on disk at `path`).
    let board: Board
    let bytes: [UInt8]
    /// The file the board was written to (in `--out DIR`, else a temporary directory).
    let path: String
    /// How many timed runs each measurement makes (after a warm-up run).
    let runs: Int
    /// This executable, for measuring in a fresh child process (see `PeakMemory`).
    let executable: String
    /// `--out DIR` when given: where a benchmark keeps other files it generates, so other tools
    /// can be timed on them too.
    var out: String? = nil

    /// Times making a value `runs` times (after `warmup` untimed runs); the value is freed
    /// after the clock stops, so freeing a large board is not counted as reading it.
    func time<T>(runs: Int? = nil, warmup: Int = 1, making body: () throws -> T) rethrows -> Timing {
        for _ in 0..<warmup { _ = try body() }
        var samples: [Double] = []
        for _ in 0..<(runs ?? self.runs) {
            let t0 = Clock.now()
            let value = try body()
            samples.append(Clock.now() - t0)
            withExtendedLifetime(value) {}
        }
        return Timing(samples: samples)
    }

    /// Times `body` `runs` times, after `warmup` untimed runs.
    func time(runs: Int? = nil, warmup: Int = 1, _ body: () throws -> Void) rethrows -> Timing {
        for _ in 0..<warmup { try body() }
        var samples: [Double] = []
        for _ in 0..<(runs ?? self.runs) {
            let t0 = Clock.now()
            try body()
            samples.append(Clock.now() - t0)
        }
        return Timing(samples: samples)
    }
}

/// One row of a size's table.
struct BenchRow {
    var measure: String
    /// The median, already formatted ("12.3 ms", "4.20 MB").
    var median: String
    var p99: String = ""
    /// Anything else worth saying: a rate, a ratio, what exactly was measured.
    var note: String = ""

    static func timing(_ measure: String, _ t: Timing, p99: Bool = false, note: String = "") -> BenchRow {
        BenchRow(measure: measure, median: Format.seconds(t.median), p99: p99 ? Format.seconds(t.p99) : "", note: note)
    }
}

/// The samples of one timed measurement, in seconds.
struct Timing {
    var samples: [Double]
    var sorted: [Double] { samples.sorted() }
    var median: Double {
        let s = sorted
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
    /// Nearest-rank 99th percentile (the maximum when there are fewer than 100 samples).
    var p99: Double {
        let s = sorted
        guard !s.isEmpty else { return .nan }
        let rank = Int((0.99 * Double(s.count)).rounded(.up))
        return s[Swift.max(0, Swift.min(s.count - 1, rank - 1))]
    }
}

enum Clock {
    /// Monotonic seconds.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

enum Format {
    static func fixed(_ v: Double, _ decimals: Int) -> String {
        guard v.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let whole = Int((abs(v) * scale).rounded())
        let sign = v < 0 && whole != 0 ? "-" : ""
        if decimals == 0 { return sign + String(whole) }
        var frac = String(whole % Int(scale))
        while frac.count < decimals { frac = "0" + frac }
        return sign + String(whole / Int(scale)) + "." + frac
    }

    static func seconds(_ s: Double) -> String {
        if !s.isFinite { return "-" }
        if s < 1e-3 { return fixed(s * 1e6, 1) + " µs" }
        if s < 1 { return fixed(s * 1e3, s < 0.1 ? 2 : 1) + " ms" }
        return fixed(s, 3) + " s"
    }

    static func bytes(_ n: Int) -> String {
        let d = Double(n)
        if d >= 1e6 { return fixed(d / 1e6, 2) + " MB" }
        if d >= 1e3 { return fixed(d / 1e3, 1) + " kB" }
        return "\(n) B"
    }

    /// 1234567 → "1,234,567".
    static func grouped(_ n: Int) -> String {
        var out: [Character] = []
        for (i, c) in String(n).reversed().enumerated() {
            if i > 0 && i % 3 == 0 && c != "-" { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    /// Rows as aligned columns: measure, median, p99, note.
    static func table(_ rows: [BenchRow]) -> String {
        let all = [BenchRow(measure: "measure", median: "median", p99: "p99", note: "")] + rows
        let w0 = all.map { DisplayText.width($0.measure) }.max() ?? 0
        let w1 = all.map { DisplayText.width($0.median) }.max() ?? 0
        let w2 = all.map { DisplayText.width($0.p99) }.max() ?? 0
        return all.map { r -> String in
            var line = DisplayText.pad(r.measure, columns: w0) + "  "
            line += String(repeating: " ", count: w1 - DisplayText.width(r.median)) + r.median + "  "
            line += String(repeating: " ", count: w2 - DisplayText.width(r.p99)) + r.p99
            if !r.note.isEmpty { line += "  " + r.note }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
