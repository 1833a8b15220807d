import Foundation
import JourneyKit
import XCTest
import JourneyTestSupport

/// Small promises of the board, in the real binary in tmux: no recovery file outlives the
/// edits it holds, and `:w PATH` saves as.
final class BoardPromisesEndToEndTests: XCTestCase {
    func open(_ dir: TemporaryDirectory, _ file: String) throws -> TmuxSession {
        let t = try TmuxSession("'\(JourneyBinary.path)' '\(file)'", width: 120, height: 40, cwd: dir.path,
                                environment: ["SWIFT_BACKTRACE": "interactive=no"])
        t.waitFor(text: "? help")
        return t
    }

    func testUndoBackToTheSavedStateLeavesNoRecoveryFile() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("broadband-onboarding.json", as: "board.json")
        let before = dir.bytes("board.json")
        let recovery = dir.file(".board.json.journey-recover")
        let t = try open(dir, "board.json")
        t.press(.addCard); t.type("Undone card"); t.keys("Enter")
        t.waitFor(text: "Undone card")
        waitForFile(recovery, "the unsaved card is autosaved to the recovery file after a few idle seconds")
        XCTAssertTrue(try BoardFile.load(recovery).cards.values.contains { $0.text == "Undone card" })
        t.press(.undo)
        t.waitFor(text: "undid: add card")
        waitForFile(recovery, exists: false, "back at the saved state, the recovery file goes")
        t.press(.quit)   // nothing unsaved: quits without asking
        XCTAssertEqual(t.waitForExit(), 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: recovery))
        XCTAssertEqual(dir.bytes("board.json"), before)

        let t2 = try open(dir, "board.json")
        let screen = t2.capture()
        XCTAssertFalse(screen.contains("Unsaved edits from an earlier session"), "nothing is offered:\n\(screen)")
        XCTAssertFalse(screen.contains("Undone card"), "the undone card does not come back:\n\(screen)")
        t2.press(.quit)
        XCTAssertEqual(t2.waitForExit(), 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: recovery))
    }

    func testABoardEqualToItsFileKeepsNoRecoveryFile() throws {
        // edits made and then reversed by hand (add, delete): the board equals the file
        let dir = TemporaryDirectory()
        dir.copyBoard("broadband-onboarding.json", as: "board.json")
        let recovery = dir.file(".board.json.journey-recover")
        let t = try open(dir, "board.json")
        t.press(.addCard); t.type("Gone again"); t.keys("Enter")
        t.waitFor(text: "Gone again")
        waitForFile(recovery, "autosaved")
        t.press(.deleteCard)
        t.waitFor(text: "deleted")
        // the next autosave finds nothing to keep: the board equals the file on disk
        waitForFile(recovery, exists: false, "no recovery file for a board equal to its file")
        t.press(.commandLine); t.type("q!"); t.keys("Enter")
        XCTAssertEqual(t.waitForExit(), 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: recovery))
    }

    func testWriteToAPathSavesAs() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("broadband-onboarding.json", as: "board.json")
        let original = dir.bytes("board.json")
        try FileManager.default.createDirectory(atPath: dir.file("folder.json"), withIntermediateDirectories: false)
        let t = try open(dir, "board.json")
        t.press(.addCard); t.type("Saved elsewhere"); t.keys("Enter")
        t.waitFor(text: "Saved elsewhere")
        t.press(.commandLine); t.type("w copy.json"); t.keys("Enter")
        var screen = t.waitFor(text: "saved as copy.json")
        XCTAssertTrue(screen.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?.contains("copy.json") == true,
                      "the status line names the new file:\n\(screen)")
        XCTAssertFalse(screen.contains("[+]"), "nothing unsaved:\n\(screen)")
        XCTAssertTrue(try BoardFile.load(dir.file("copy.json")).cards.values.contains { $0.text == "Saved elsewhere" })
        XCTAssertEqual(dir.bytes("board.json"), original, "the file it was opened from is not written")

        // later saves go to the new file
        t.press(.addCard); t.type("Second save"); t.keys("Enter")
        t.waitFor(text: "Second save")
        t.press(.save)
        t.waitFor(text: "saved copy.json")
        let copy = try BoardFile.load(dir.file("copy.json"))
        XCTAssertTrue(copy.cards.values.contains { $0.text == "Second save" })
        XCTAssertEqual(dir.bytes("board.json"), original)

        // an existing file only with !, and never a directory
        t.press(.commandLine); t.type("w board.json"); t.keys("Enter")
        t.waitFor(text: "board.json exists — :w! board.json writes over it")
        XCTAssertEqual(dir.bytes("board.json"), original)
        t.press(.commandLine); t.type("w! folder.json"); t.keys("Enter")
        t.waitFor(text: "folder.json is a directory")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.file("folder.json")), [])
        t.press(.commandLine); t.type("w! board.json"); t.keys("Enter")
        screen = t.waitFor(text: "saved as board.json")
        XCTAssertEqual(try BoardFile.load(dir.file("board.json")), copy, "written over, as asked")
        t.press(.quit)
        XCTAssertEqual(t.waitForExit(), 0)
        for f in ["board.json", "copy.json"] {
            let check = JourneyBinary.run(["check", dir.file(f)])
            XCTAssertEqual(check.status, 0, check.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file(".copy.json.journey-recover")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file(".board.json.journey-recover")))
    }
}
