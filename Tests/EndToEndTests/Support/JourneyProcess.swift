import Foundation
import XCTest
import JourneyTestSupport

/// The real `journey` binary, run as a process: status, stdout, stderr.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum JourneyBinary {
    /// The package's root.
    static let packageRoot = URL(fileURLWithPath: Fixture.packageRoot)

    /// The built `journey` executable beside the test bundle (`swift test` builds it, since
    /// the test target depends on it). `JOURNEY_BIN` overrides.
    static let path: String = {
        if let p = ProcessInfo.processInfo.environment["JOURNEY_BIN"] { return p }
        let fm = FileManager.default
        var candidates: [URL] = []
        for b in Bundle.allBundles {
            candidates.append(b.bundleURL.deletingLastPathComponent().appendingPathComponent("journey"))
            candidates.append(b.bundleURL.appendingPathComponent("journey"))
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/journey"))
        for c in candidates where fm.isExecutableFile(atPath: c.path) { return c.path }
        return packageRoot.appendingPathComponent(".build/debug/journey").path
    }()

    static func boardPath(_ name: String) -> String { Fixture.boardPath(name) }

    /// Runs `journey ARGS` (or another executable) and waits for it.
    @discardableResult
    /// `detached`: the process leaves a daemon behind (tmux's server) that would hold our
    /// pipes open forever, so its output goes to /dev/null and nothing is read.
    static func run(_ args: [String], cwd: String? = nil, stdin: String? = nil,
                    environment: [String: String] = [:], executable: String? = nil, detached: Bool = false) -> ProcessResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable ?? path)
        p.arguments = args
        if let cwd = cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        for (k, v) in environment { env[k] = v }
        p.environment = env
        if detached {
            return ProcessResult(status: spawnDetached(executable ?? path, args, cwd: cwd, environment: env), stdout: "", stderr: "")
        }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        do { try p.run() } catch {
            return ProcessResult(status: -1, stdout: "", stderr: "cannot run \(p.executableURL!.path): \(error)")
        }
        if let s = stdin { inp.fileHandleForWriting.write(Data(s.utf8)) }
        try? inp.fileHandleForWriting.close()
        // read both pipes concurrently so a chatty process never blocks
        final class Box: @unchecked Sendable { var data = Data() }
        let outBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outBox.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let outData = outBox.data
        p.waitUntilExit()
        return ProcessResult(status: p.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    /// posix_spawn with stdin/stdout/stderr on /dev/null, then waitpid. Foundation's Process
    /// does not reliably reap a client whose daemon child lives on (tmux new-session -d).
    /// (It runs in the caller's directory; tmux takes its start directory with `-c`.)
    static func spawnDetached(_ exe: String, _ args: [String], cwd: String?, environment: [String: String]) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in Int32(0)...2 { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        let argv = ([exe] + args).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, exe, &actions, nil, argv, envp) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }

    /// Runs a shell command line (for git and friends) in `cwd`.
    @discardableResult
    static func sh(_ command: String, cwd: String, environment: [String: String] = [:]) -> ProcessResult {
        run(["-c", command], cwd: cwd, environment: environment, executable: "/bin/sh")
    }
}
