import Foundation
import XCTest

/// The real `journey` binary, run as a process: status, stdout, stderr.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum JourneyBinary {
    /// The package's root (three levels above this file).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

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

    static func boardPath(_ name: String) -> String {
        packageRoot.appendingPathComponent("boards").appendingPathComponent(name).path
    }

    /// Runs `journey ARGS` (or another executable) and waits for it.
    @discardableResult
    static func run(_ args: [String], cwd: String? = nil, stdin: String? = nil,
                    environment: [String: String] = [:], executable: String? = nil) -> ProcessResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable ?? path)
        p.arguments = args
        if let cwd = cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        for (k, v) in environment { env[k] = v }
        p.environment = env
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

    /// Runs a shell command line (for git and friends) in `cwd`.
    @discardableResult
    static func sh(_ command: String, cwd: String, environment: [String: String] = [:]) -> ProcessResult {
        run(["-c", command], cwd: cwd, environment: environment, executable: "/bin/sh")
    }
}

/// A temporary directory, removed when the test ends.
final class TemporaryDirectory {
    let path: String
    init(_ label: String = "journey-test") {
        let base = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let p = file(name)
        try! FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: p, contents: Data(text.utf8))
        return p
    }

    func read(_ name: String) -> String {
        (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? ""
    }

    func bytes(_ name: String) -> Data { FileManager.default.contents(atPath: file(name)) ?? Data() }

    /// Copies an example board from boards/ into this directory.
    @discardableResult
    func copyBoard(_ name: String, as newName: String? = nil) -> String {
        let dst = file(newName ?? name)
        try? FileManager.default.removeItem(atPath: dst)
        try! FileManager.default.copyItem(atPath: JourneyBinary.boardPath(name), toPath: dst)
        return dst
    }
}
