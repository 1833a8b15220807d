import Foundation
import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// Save-as (`:w PATH`): the open board is written to another file through the same save path,
/// and the new file's coordinator takes over; existing files are written over only when asked,
/// never a directory or a file that cannot be read.
final class SaveAsTests: XCTestCase {
    let c1 = "cd_0000000001"

    func testNewFileIsWrittenAndItsCoordinatorTakesOver() throws {
        let d = ScratchDir()
        var board = MergeFixture.board()
        board.cards[c1]!.text = "saved as"
        guard case .done(var c, .saved(nil)) = try SaveCoordinator.saveAs(board, to: d.file("copy.json"), overwrite: false) else {
            return XCTFail("written")
        }
        XCTAssertEqual(c.path, d.file("copy.json"))
        XCTAssertEqual(try BoardFile.load(d.file("copy.json")), board)
        XCTAssertEqual(c.base, board)
        // later saves go to the new file, as plain saves
        board.cards[c1]!.text = "saved again"
        XCTAssertEqual(try c.save(board), .saved(note: nil))
        XCTAssertEqual(try BoardFile.load(d.file("copy.json")).cards[c1]?.text, "saved again")
    }

    func testAnExistingFileIsWrittenOverOnlyWhenAsked() throws {
        let d = ScratchDir()
        d.write("other.json", "not even a board\n")
        let board = MergeFixture.board()
        guard case .exists = try SaveCoordinator.saveAs(board, to: d.file("other.json"), overwrite: false) else { return XCTFail("refused") }
        XCTAssertEqual(try String(contentsOfFile: d.file("other.json"), encoding: .utf8), "not even a board\n")
        guard case .done(_, .saved) = try SaveCoordinator.saveAs(board, to: d.file("other.json"), overwrite: true) else { return XCTFail("written") }
        XCTAssertEqual(try BoardFile.load(d.file("other.json")), board)
        // an existing board is replaced, not merged with
        var next = board
        next.cards[c1]!.text = "replaced"
        guard case .done(_, .saved) = try SaveCoordinator.saveAs(next, to: d.file("other.json"), overwrite: true) else { return XCTFail("written") }
        XCTAssertEqual(try BoardFile.load(d.file("other.json")), next)
    }

    func testNeverWritesOverADirectoryOrAnUnreadableFile() throws {
        let d = ScratchDir()
        try FileManager.default.createDirectory(atPath: d.file("dir.json"), withIntermediateDirectories: false)
        for overwrite in [false, true] {
            guard case .refused(let why) = try SaveCoordinator.saveAs(MergeFixture.board(), to: d.file("dir.json"), overwrite: overwrite) else {
                return XCTFail("a directory is refused")
            }
            XCTAssertTrue(why.contains("is a directory"), why)
        }
        var isDir: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: d.file("dir.json"), isDirectory: &isDir) && isDir.boolValue)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: d.file("dir.json")), [])

        // a file that cannot be opened for reading, even by root: a Unix socket
        let sock = d.file("sock.json")
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { buf in for (i, b) in sock.utf8.enumerated() { buf[i] = b } }
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        XCTAssertEqual(bound, 0)
        guard case .refused(let why) = try SaveCoordinator.saveAs(MergeFixture.board(), to: sock, overwrite: true) else {
            return XCTFail("a file that cannot be read is refused")
        }
        XCTAssertTrue(why.contains("cannot be read"), why)
        var st = stat()
        XCTAssertTrue(stat(sock, &st) == 0 && (st.st_mode & S_IFMT) == S_IFSOCK, "the socket is still there")

        // a file without read permission (root reads everything, so only checked as another user)
        if geteuid() != 0 {
            d.write("locked.json", "secret\n")
            chmod(d.file("locked.json"), 0o200)
            guard case .refused(let why) = try SaveCoordinator.saveAs(MergeFixture.board(), to: d.file("locked.json"), overwrite: true) else {
                return XCTFail("an unreadable file is refused")
            }
            XCTAssertTrue(why.contains("cannot be read"), why)
            chmod(d.file("locked.json"), 0o600)
            XCTAssertEqual(try String(contentsOfFile: d.file("locked.json"), encoding: .utf8), "secret\n")
        }
    }

    func testAMissingDirectoryIsSaidAsSuch() throws {
        let d = ScratchDir()
        guard case .refused(let why) = try SaveCoordinator.saveAs(MergeFixture.board(), to: d.file("nowhere/b.json"), overwrite: false) else {
            return XCTFail("refused")
        }
        XCTAssertEqual(why, "the directory \(d.file("nowhere")) does not exist")
        XCTAssertFalse(FileManager.default.fileExists(atPath: d.file("nowhere")), "nothing created")
    }

    func testSameFileIsToldBySymlinkAndPath() throws {
        let d = ScratchDir()
        try BoardFile.save(MergeFixture.board(), to: d.file("b.json"))
        try FileManager.default.createSymbolicLink(atPath: d.file("link.json"), withDestinationPath: d.file("b.json"))
        XCTAssertTrue(SaveCoordinator.isSameFile(d.file("link.json"), d.file("b.json")))
        XCTAssertTrue(SaveCoordinator.isSameFile(d.path + "/./b.json", d.file("b.json")))
        XCTAssertFalse(SaveCoordinator.isSameFile(d.file("new.json"), d.file("b.json")))
    }
}
