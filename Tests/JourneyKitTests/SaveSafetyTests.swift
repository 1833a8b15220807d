import XCTest
@testable import JourneyKit
#if canImport(Glibc)
import Glibc
import JourneyTestSupport
#endif

/// Saving never damages a board: a save that fails leaves the original byte-for-byte and no
/// temporary file behind; a save keeps the file's mode; a symlinked board is written through
/// to its target and the link stays a link.
///
/// The tests run as root, where permission bits stop nothing (a chmod 0555 directory is still
/// writable), so the failures are made in ways that fail for root too:
/// - a full disk: `RLIMIT_FSIZE` makes every write past a size fail with EFBIG, exactly where a
///   full file system fails with ENOSPC (SIGXFSZ is ignored for the duration, so the write
///   returns the error instead of killing the process);
/// - a missing directory, and a "directory" that is really a regular file (ENOTDIR);
/// - a target that is a directory (the final rename fails with EISDIR).
final class SaveSafetyTests: XCTestCase {
    var dir = ""

    override func setUp() {
        super.setUp()
        dir = Fixture.temporaryDirectory(self)
    }

    func write(_ name: String, _ bytes: [UInt8], mode: mode_t = 0o644) -> String {
        let p = dir + "/" + name
        _ = FileManager.default.createFile(atPath: p, contents: Data(bytes))
        chmod(p, mode)
        return p
    }

    func mode(_ path: String) -> mode_t {
        var st = stat()
        XCTAssertEqual(stat(path, &st), 0, path)
        return st.st_mode & 0o7777
    }

    func isSymlink(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
    }

    func entries(_ d: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: d)) ?? []).sorted()
    }

    func bytes(_ path: String) -> [UInt8] { (try? BoardFile.readBytes(path)) ?? [] }

    var original: [UInt8] { BoardCodec.write(Fixture.smallBoard()) }
    var changed: [UInt8] {
        var b = Fixture.smallBoard()
        b.title = "Changed " + String(repeating: "and longer ", count: 2_000)
        return BoardCodec.write(b)
    }

    // MARK: success

    func testSaveWritesTheNewBytesAndLeavesNoTemporaryFile() throws {
        let p = write("board.json", original)
        try BoardFile.writeAtomically(changed, to: p)
        XCTAssertEqual(bytes(p), changed)
        XCTAssertEqual(entries(dir), ["board.json"])
    }

    func testSaveKeepsTheMode() throws {
        for m: mode_t in [0o600, 0o640, 0o644, 0o664, 0o755, 0o444] {
            let p = write("board-\(String(m, radix: 8)).json", original, mode: m)
            XCTAssertEqual(mode(p), m)
            try BoardFile.save(Fixture.smallBoard(), to: p)
            try BoardFile.writeAtomically(changed, to: p)
            XCTAssertEqual(mode(p), m, "mode \(String(m, radix: 8)) after saving")
            XCTAssertEqual(bytes(p), changed)
        }
    }

    func testANewFileGetsTheUsualMode() throws {
        let p = dir + "/new.json"
        let mask = umask(0o022)
        defer { umask(mask) }
        try BoardFile.save(Fixture.smallBoard(), to: p)
        XCTAssertEqual(mode(p), 0o644)
        XCTAssertEqual(try BoardCodec.read(bytes(p)), Fixture.smallBoard())
    }

    func testASymlinkedBoardIsWrittenThroughAndStaysALink() throws {
        try FileManager.default.createDirectory(atPath: dir + "/real", withIntermediateDirectories: true)
        let target = write("real/board.json", original, mode: 0o640)
        let link = dir + "/board.json"
        XCTAssertEqual(symlink("real/board.json", link), 0) // relative, as git checks links out
        try BoardFile.writeAtomically(changed, to: link)
        XCTAssertTrue(isSymlink(link), "the link must stay a link")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "real/board.json")
        XCTAssertEqual(bytes(target), changed)
        XCTAssertEqual(mode(target), 0o640)
        XCTAssertEqual(entries(dir), ["board.json", "real"])
        XCTAssertEqual(entries(dir + "/real"), ["board.json"])
    }

    func testAChainOfSymlinksIsFollowedToTheEnd() throws {
        let other = Fixture.temporaryDirectory(self)
        let target = other + "/target.json"
        _ = FileManager.default.createFile(atPath: target, contents: Data(original))
        XCTAssertEqual(symlink(target, dir + "/hop.json"), 0) // absolute
        XCTAssertEqual(symlink("hop.json", dir + "/board.json"), 0)
        try BoardFile.writeAtomically(changed, to: dir + "/board.json")
        XCTAssertTrue(isSymlink(dir + "/board.json"))
        XCTAssertTrue(isSymlink(dir + "/hop.json"))
        XCTAssertEqual(bytes(target), changed)
        XCTAssertEqual(entries(other), ["target.json"])
        XCTAssertEqual(entries(dir), ["board.json", "hop.json"])
    }

    // MARK: failure

    /// A full disk, simulated with RLIMIT_FSIZE (see the type's comment).
    func testAFailingWriteLeavesTheOriginalIntactAndNoTemporaryFile() throws {
        let p = write("board.json", original, mode: 0o600)
        try FileManager.default.createDirectory(atPath: dir + "/real", withIntermediateDirectories: true)
        let target = write("real/linked.json", original)
        XCTAssertEqual(symlink("real/linked.json", dir + "/linked.json"), 0)
        XCTAssertGreaterThan(changed.count, 8192)

        var error1: Error?, error2: Error?
        withFileSizeLimit(4096) {
            do { try BoardFile.writeAtomically(changed, to: p) } catch { error1 = error }
            do { try BoardFile.writeAtomically(changed, to: dir + "/linked.json") } catch { error2 = error }
        }
        for e in [error1, error2] {
            guard let fe = e as? FileError else { XCTFail("the save should fail with a FileError, got \(String(describing: e))"); continue }
            XCTAssertTrue(fe.message.contains("cannot save"), fe.message)
            XCTAssertTrue(fe.message.contains("the board on disk is unchanged"), fe.message)
        }
        XCTAssertEqual(bytes(p), original, "the original must be byte-for-byte intact")
        XCTAssertEqual(mode(p), 0o600)
        XCTAssertEqual(bytes(target), original)
        XCTAssertTrue(isSymlink(dir + "/linked.json"))
        XCTAssertEqual(entries(dir), ["board.json", "linked.json", "real"], "no temporary file may be left")
        XCTAssertEqual(entries(dir + "/real"), ["linked.json"])

        // and once there is room again, the same save works
        try BoardFile.writeAtomically(changed, to: p)
        XCTAssertEqual(bytes(p), changed)
    }

    func testSavingIntoAMissingDirectoryFailsClearly() {
        let p = dir + "/missing/board.json"
        XCTAssertThrowsError(try BoardFile.save(Fixture.smallBoard(), to: p)) { e in
            let m = (e as? FileError)?.message ?? "\(e)"
            XCTAssertTrue(m.contains("\(dir)/missing does not exist"), m)
        }
        XCTAssertEqual(entries(dir), [])
    }

    func testSavingWhereTheDirectoryIsAFileFailsClearly() {
        let file = write("notes.txt", Array("not a directory\n".utf8))
        XCTAssertThrowsError(try BoardFile.save(Fixture.smallBoard(), to: file + "/board.json")) { e in
            let m = (e as? FileError)?.message ?? "\(e)"
            XCTAssertTrue(m.contains("is not a directory"), m)
        }
        XCTAssertEqual(bytes(file), Array("not a directory\n".utf8))
        XCTAssertEqual(entries(dir), ["notes.txt"])
    }

    func testSavingOverADirectoryFailsAndCleansUp() throws {
        try FileManager.default.createDirectory(atPath: dir + "/board.json/inner", withIntermediateDirectories: true)
        XCTAssertThrowsError(try BoardFile.writeAtomically(original, to: dir + "/board.json"))
        XCTAssertEqual(entries(dir), ["board.json"])
        XCTAssertEqual(entries(dir + "/board.json"), ["inner"])
    }

    func testReadingADirectoryOrAMissingFileNamesTheProblem() {
        XCTAssertThrowsError(try BoardFile.readBytes(dir)) { e in
            XCTAssertTrue("\(e)".contains("is a directory"), "\(e)")
        }
        XCTAssertThrowsError(try BoardFile.load(dir + "/nope.json")) { e in
            XCTAssertEqual("\(e)", "\(dir)/nope.json: error: cannot read: No such file or directory")
        }
    }

    func testSidecarsLiveBesideTheTarget() throws {
        try FileManager.default.createDirectory(atPath: dir + "/real", withIntermediateDirectories: true)
        _ = write("real/b.json", original)
        XCTAssertEqual(symlink("real/b.json", dir + "/b.json"), 0)
        XCTAssertEqual(BoardFile.lockPath(for: dir + "/b.json"), dir + "/real/.b.json.journey-lock")
        XCTAssertEqual(BoardFile.recoveryPath(for: dir + "/plain.json"), dir + "/.plain.json.journey-recover")
    }
}

/// Runs `body` with writes limited to `bytes` per file (as root too), SIGXFSZ ignored.
func withFileSizeLimit(_ bytes: UInt, _ body: () -> Void) {
    var old = rlimit()
    getrlimit(Int32(RLIMIT_FSIZE.rawValue), &old)
    let oldHandler = signal(SIGXFSZ, SIG_IGN)
    var limited = old
    limited.rlim_cur = rlim_t(bytes)
    setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limited)
    body()
    setrlimit(Int32(RLIMIT_FSIZE.rawValue), &old)
    signal(SIGXFSZ, oldHandler)
}
