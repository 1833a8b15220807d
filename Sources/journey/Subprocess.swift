#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Running git and friends, with posix_spawn and pipes — no Foundation in this executable:
/// linking it cost every run about 4 ms of start-up, and git runs `journey textconv` and
/// `journey merge` once per file.
enum Subprocess {
    struct Result { var status: Int32; var stdout: String; var stderr: String }

    /// Runs `args` (looked up on PATH), stdin from /dev/null (or `stdinPath`), and waits. (To run git
    /// elsewhere, `git -C DIR`.) A program that cannot be started gives status -1 and the
    /// reason in `stderr`.
    static func run(_ args: [String]) -> Result { run(args, stdinPath: "/dev/null") }

    /// Runs `args` with `input` as its stdin (through a temporary file, so a child that
    /// writes a lot before it reads all its input cannot block on us).
    static func run(_ args: [String], input: [UInt8]) -> Result {
        var template = Array("/tmp/journey-input-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return failed(args.first ?? "", errno) }
        let path = String(cString: template)
        defer { unlink(path) }
        var written = 0
        while written < input.count {
            let n = input[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; close(fd); return failed(args.first ?? "", errno) }
            written += n
        }
        close(fd)
        return run(args, stdinPath: path)
    }

    static func run(_ args: [String], stdinPath: String) -> Result {
        guard let program = args.first else { return Result(status: -1, stdout: "", stderr: "nothing to run") }
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0 else { return failed(program, errno) }
        guard pipe(&errPipe) == 0 else { close(outPipe[0]); close(outPipe[1]); return failed(program, errno) }
        for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) } // the child gets them as 1 and 2 only
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, program, &actions, nil, &argv, environ)
        close(outPipe[1]); close(errPipe[1])
        guard rc == 0 else { close(outPipe[0]); close(errPipe[0]); return failed(program, rc) }
        let (out, err) = readBoth(outPipe[0], errPipe[0])
        close(outPipe[0]); close(errPipe[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Result(status: code, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    /// Reads two pipes to their ends at once (a child that fills one while we wait on the
    /// other would block forever).
    static func readBoth(_ a: Int32, _ b: Int32) -> ([UInt8], [UInt8]) {
        var data: [[UInt8]] = [[], []]
        var fds = [pollfd(fd: a, events: Int16(POLLIN), revents: 0), pollfd(fd: b, events: Int16(POLLIN), revents: 0)]
        var open = 2
        var buf = [UInt8](repeating: 0, count: 65536)
        while open > 0 {
            if poll(&fds, 2, -1) < 0 { if errno == EINTR { continue }; break }
            for i in 0..<2 where fds[i].fd >= 0 && fds[i].revents != 0 {
                let n = buf.withUnsafeMutableBytes { read(fds[i].fd, $0.baseAddress, $0.count) }
                if n > 0 { data[i] += buf[0..<n] } else if n == 0 || errno != EINTR { fds[i].fd = -1; open -= 1 }
            }
        }
        return (data[0], data[1])
    }

    static func failed(_ program: String, _ code: Int32) -> Result {
        Result(status: -1, stdout: "", stderr: "cannot run \(program): \(String(cString: strerror(code)))")
    }

    /// The process's environment as name → value.
    static func environment() -> [String: String] {
        var env: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") { env[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
            p += 1
        }
        return env
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks.
    var trimmedWhitespace: String {
        let ws: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !ws($0) }), let last = lastIndex(where: { !ws($0) }) else { return "" }
        return String(self[first...last])
    }
}
