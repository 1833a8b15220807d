#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JourneyKit

/// Peak memory of reading and validating one board, measured in a fresh child process (this
/// executable run as `journey-bench --peak-read FILE`), so the boards generated and measured
/// before do not inflate the figure. The child reports VmHWM (peak resident set) from
/// /proc/self/status at its start and after reading + validating, with the board still alive.
enum PeakMemory {
    struct Result { var startKB: Int; var peakKB: Int }

    /// Kilobytes of a /proc/self/status field (VmHWM, VmRSS), or nil.
    static func status(_ field: String) -> Int? {
        guard let f = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), f) != nil {
            let s = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if s.hasPrefix(field + ":") {
                return Int(s.dropFirst(field.count + 1).filter { $0.isNumber })
            }
        }
        return nil
    }

    /// Peak RSS in kB: VmHWM, else getrusage's ru_maxrss.
    static func peakKB() -> Int {
        if let v = status("VmHWM") { return v }
        var ru = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &ru)
        return Int(ru.ru_maxrss)
    }

    /// The child's side: prints "START PEAK" in kB and exits 0 (1 when the board has problems).
    static func childMain(file: String) -> Int32 {
        let start = peakKB()
        let r = BoardChecker.check(file: file, keepBytes: false) // as `journey check` does
        let peak = peakKB()
        print("\(start) \(peak) \(r.board?.cards.count ?? -1)")
        withExtendedLifetime(r) {}
        return r.diagnostics.isEmpty ? 0 : 1
    }

    /// Runs the child and parses what it prints.
    static func measure(executable: String, file: String) -> Result? {
        guard let out = runCapturing(executable, ["--peak-read", file]) else { return nil }
        let parts = out.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        guard parts.count >= 2 else { return nil }
        return Result(startKB: parts[0], peakKB: parts[1])
    }

    /// Runs `path ARGS`, returns its stdout when it exits 0.
    static func runCapturing(_ path: String, _ args: [String]) -> String? {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
        close(fds[1])
        guard rc == 0 else { close(fds[0]); return nil }
        var data: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            data.append(contentsOf: buf[0..<n])
        }
        close(fds[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// This executable's path.
    static func selfPath() -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        if n > 0 { return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return CommandLine.arguments[0]
    }
}
