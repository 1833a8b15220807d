import Foundation
import XCTest

enum TmuxError: Error { case cannotStart(status: Int32) }

/// The real binary in a real terminal: a detached tmux session on a private socket, driven
/// with send-keys and read with capture-pane. Waits poll the screen for what should appear
/// (never for a fixed time), up to a generous limit that only a broken build reaches.
final class TmuxSession {
    let socket: String
    let name = "t"
    let cwd: String
    static let tmuxPath: String = {
        for p in ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"] where FileManager.default.isExecutableFile(atPath: p) { return p }
        return "tmux"
    }()

    /// Starts `command` (a shell command line) in a `width`×`height` terminal.
    init(_ command: String, width: Int = 120, height: Int = 40, cwd: String, environment: [String: String] = [:]) throws {
        socket = "journey-e2e-\(getpid())-\(UUID().uuidString.prefix(6))"
        self.cwd = cwd
        var env = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color"]
        for (k, v) in environment { env[k] = v }
        let exports = env.map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        // tmux's own config is ignored (-f /dev/null); the program's environment is set inline
        let r = JourneyBinary.run(["-L", socket, "-f", "/dev/null", "new-session", "-d", "-c", cwd, "-s", name, "-x", "\(width)", "-y", "\(height)",
                                   "env \(exports) \(command); echo \"[journey exited with status $?]\"; sleep 600"],
                                  cwd: cwd, environment: ["LANG": "C.UTF-8"], executable: TmuxSession.tmuxPath, detached: true)
        guard r.status == 0 else { throw TmuxError.cannotStart(status: r.status) }
        tmux(["set-option", "-t", name, "status", "off"])
        tmux(["set-option", "-g", "escape-time", "0"])
    }

    deinit { tmux(["kill-server"]) }

    @discardableResult
    func tmux(_ args: [String]) -> ProcessResult {
        JourneyBinary.run(["-L", socket] + args, cwd: cwd, environment: ["LANG": "C.UTF-8"], executable: TmuxSession.tmuxPath)
    }

    /// Sends tmux key names (e.g. "Enter", "Escape", "C-s", "S-Right", "Left").
    func keys(_ names: String...) { for k in names { tmux(["send-keys", "-t", name, k]) } }

    /// Sends literal text (any script), typed as if pasted.
    func type(_ text: String) { tmux(["send-keys", "-t", name, "-l", text]) }

    /// The visible screen.
    func capture() -> String { tmux(["capture-pane", "-p", "-t", name]).stdout }

    func resize(width: Int, height: Int) {
        tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// The pid of the `journey` process running in the pane.
    func programPID() -> Int32? {
        let pane = tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // the pane runs `sh -c "env … journey …; …"`: journey is a child of that shell
        let r = JourneyBinary.sh("pgrep -P \(pane)", cwd: "/")
        for pid in r.stdout.split(separator: "\n") {
            let comm = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? ""
            if comm.hasPrefix("journey") { return Int32(pid) }
        }
        return nil
    }

    /// Polls the screen until `predicate` holds and returns that screen. When it never holds
    /// within `timeout`, the test fails with `what` was awaited and the last screen captured.
    /// (`reportTimeout` is how the failure is reported: XCTFail, unless a test of the waits
    /// itself records it.)
    @discardableResult
    func waitUntil(_ what: String = "the screen to change", timeout: TimeInterval = 20,
                   file: StaticString = #filePath, line: UInt = #line,
                   reportTimeout: (String, StaticString, UInt) -> Void = { XCTFail($0, file: $1, line: $2) },
                   _ predicate: (String) -> Bool) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = capture()
        while !predicate(screen) {
            if Date() > deadline {
                reportTimeout("timed out after \(timeout) s waiting for \(what); screen:\n\(screen)", file, line)
                return screen
            }
            usleep(50_000)
            screen = capture()
        }
        return screen
    }

    /// Waits for `text` to be on screen; fails the test with the screen when it never is.
    @discardableResult
    func waitFor(text: String, timeout: TimeInterval = 20, file: StaticString = #filePath, line: UInt = #line) -> String {
        waitUntil(text.debugDescription, timeout: timeout, file: file, line: line) { $0.contains(text) }
    }

    /// Waits for `text` to leave the screen; fails the test with the screen when it stays.
    @discardableResult
    func waitForAbsence(of text: String, timeout: TimeInterval = 20, file: StaticString = #filePath, line: UInt = #line) -> String {
        waitUntil("\(text.debugDescription) to go", timeout: timeout, file: file, line: line) { !$0.contains(text) }
    }

    /// Waits until the program has exited (the wrapper prints its status) and returns the status.
    @discardableResult
    func waitForExit(file: StaticString = #filePath, line: UInt = #line) -> Int32? {
        let s = waitFor(text: "[journey exited with status ", file: file, line: line)
        guard let r = s.range(of: "[journey exited with status ") else { return nil }
        return Int32(s[r.upperBound...].prefix { $0.isNumber })
    }
}
