import Foundation

/// A temporary directory, removed when the test ends.
public final class TemporaryDirectory {
    public let path: String
    public init(_ label: String = "journey-test") {
        let base = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    public func file(_ name: String) -> String { path + "/" + name }

    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        let target = file(name)
        try! FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: target, contents: Data(text.utf8))
        return target
    }

    public func read(_ name: String) -> String {
        (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? ""
    }

    public func bytes(_ name: String) -> Data { FileManager.default.contents(atPath: file(name)) ?? Data() }

    /// Copies an example board from boards/ into this directory.
    @discardableResult
    public func copyBoard(_ name: String, as newName: String? = nil) -> String {
        let dst = file(newName ?? name)
        try? FileManager.default.createDirectory(atPath: (dst as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: dst)
        try! FileManager.default.copyItem(atPath: Fixture.boardPath(name), toPath: dst)
        return dst
    }
}
