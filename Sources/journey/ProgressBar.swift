#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A progress bar for work over many files (`check`, `score`): one line on stderr, redrawn in
/// place, wiped when the work ends. Shown only to a person watching — stderr a terminal, TERM
/// set and not "dumb", not under CI — and only once the work has taken half a second, so quick
/// runs, pipes, files and CI logs never see it. It holds counts only, never text from a board.
struct ProgressBar {
    /// Is a bar wanted where stderr is (`stderrIsTerminal`) in this environment (`env`)?
    static func wanted(stderrIsTerminal: Bool, env: (String) -> String?) -> Bool {
        guard stderrIsTerminal, let term = env("TERM"), !term.isEmpty, term != "dumb" else { return false }
        if let ci = env("CI"), !ci.isEmpty, ci != "0", ci.lowercased() != "false" { return false }
        return true
    }

    /// The bar's line: "checking [########----------------] 12/40 boards".
    static func line(_ verb: String, done: Int, total: Int, unit: String, width: Int = 24) -> String {
        let filled = total > 0 ? min(width, done * width / total) : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        return "\(verb) [\(bar)] \(done)/\(total) \(unit)"
    }

    let verb: String, unit: String, total: Int
    let enabled: Bool
    /// Seconds of work before the bar first shows (`JOURNEY_PROGRESS_DELAY` overrides, for tests).
    let delay: Double
    private let start: Double
    private var lastDrawn = -1.0
    private var showing = false

    init(_ verb: String, total: Int, unit: String) {
        self.verb = verb; self.total = total; self.unit = unit
        enabled = total > 1 && ProgressBar.wanted(stderrIsTerminal: isatty(2) != 0) { name in getenv(name).map { String(cString: $0) } }
        delay = getenv("JOURNEY_PROGRESS_DELAY").flatMap { Double(String(cString: $0)) } ?? 0.5
        start = ProgressBar.now()
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// `done` items are finished: redraws the bar (at most ten times a second).
    mutating func update(_ done: Int) {
        guard enabled else { return }
        let t = ProgressBar.now()
        guard t - start >= delay, t - lastDrawn >= 0.1 || done == total else { return }
        lastDrawn = t
        showing = true
        fputs("\r" + ProgressBar.line(verb, done: done, total: total, unit: unit) + "\u{1B}[K", stderr)
        fflush(stderr)
    }

    /// Wipes the bar, if shown, before other output goes to stderr or the work ends.
    mutating func clear() {
        guard showing else { return }
        showing = false
        fputs("\r\u{1B}[K", stderr)
        fflush(stderr)
    }
}
