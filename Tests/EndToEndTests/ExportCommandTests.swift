import Foundation
import JourneyKit
import JourneyTestSupport
import XCTest

/// `journey export` as a process: stdout, -o with the format from the extension, never over
/// the board itself, usage errors and file problems.
final class ExportCommandTests: XCTestCase {
    let broadband = JourneyBinary.boardPath("broadband-onboarding.json")

    func testStdoutIsMarkdownByDefaultAndEachFormatOnRequest() throws {
        let board = try BoardFile.load(broadband)
        let view = ExportView(board)
        let md = JourneyBinary.run(["export", broadband])
        XCTAssertEqual(md.status, 0, md.stderr)
        XCTAssertEqual(md.stderr, "")
        XCTAssertEqual(md.stdout, ExportMarkdown.render(view))
        let csv = JourneyBinary.run(["export", broadband, "--format", "csv"])
        XCTAssertEqual(csv.stdout, ExportCSV.render(view))
        let json = JourneyBinary.run(["export", broadband, "--format", "json"])
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)))
        let second = board.orderedJourneys[1]
        let mermaid = JourneyBinary.run(["export", broadband, "--format", "mermaid", "--journey", second.title])
        XCTAssertEqual(mermaid.status, 0, mermaid.stderr)
        XCTAssertEqual(mermaid.stdout, ExportMermaid.render(ExportView(board, journey: second.id).journeys[0]))
    }

    func testOutputFileTakesItsFormatFromTheExtension() throws {
        let dir = TemporaryDirectory()
        let view = ExportView(try BoardFile.load(broadband))
        for (name, expected) in [("map.md", ExportMarkdown.render(view)), ("cards.csv", ExportCSV.render(view)),
                                 ("journey.mmd", ExportMermaid.render(view.journeys[0])), ("board.json", ExportJSON.render(view))] {
            let r = JourneyBinary.run(["export", broadband, "-o", dir.file(name)])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertEqual(r.stdout, "")
            XCTAssertEqual(dir.read(name), expected, name)
        }
        // --format wins over the extension; --excel adds the byte-order mark
        let r = JourneyBinary.run(["export", broadband, "--format", "csv", "--excel", "-o", dir.file("excel.txt")])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(Array(dir.bytes("excel.txt").prefix(3)), [0xEF, 0xBB, 0xBF])
    }

    func testNeverWritesOverTheBoard() throws {
        let dir = TemporaryDirectory()
        let board = dir.file("board.json")
        try FileManager.default.copyItem(atPath: broadband, toPath: board)
        let before = dir.bytes("board.json")
        try FileManager.default.createSymbolicLink(atPath: dir.file("link.json"), withDestinationPath: board)
        XCTAssertEqual(link(board, dir.file("hard.json")), 0)
        for out in [board, dir.file("./board.json"), dir.file("link.json"), dir.file("hard.json")] {
            let r = JourneyBinary.run(["export", board, "--format", "json", "-o", out])
            XCTAssertEqual(r.status, 2, out)
            XCTAssertTrue(r.stderr.contains("is the board itself"), r.stderr)
            XCTAssertEqual(dir.bytes("board.json"), before)
        }
    }

    func testUsageErrorsAndFileProblems() {
        let dir = TemporaryDirectory()
        let unknown = JourneyBinary.run(["export", broadband, "--format", "pdf"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertEqual(unknown.stdout, "")
        let noExtension = JourneyBinary.run(["export", broadband, "-o", dir.file("out.docx")])
        XCTAssertEqual(noExtension.status, 2)
        XCTAssertTrue(noExtension.stderr.contains("cannot tell the format"), noExtension.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("out.docx")))
        let excel = JourneyBinary.run(["export", broadband, "--excel"])
        XCTAssertEqual(excel.status, 2)
        let broken = dir.write("broken.json", "{\n  \"format\": \"journey-board\",\n  \"title\": \n}\n")
        let r = JourneyBinary.run(["export", broken, "-o", dir.file("out.md")])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains(broken + ":4:1: error: "), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("out.md")))
        let noJourney = JourneyBinary.run(["export", broadband, "--journey", "No such journey"])
        XCTAssertEqual(noJourney.status, 1)
        XCTAssertTrue(noJourney.stderr.contains("no journey 'No such journey'"), noJourney.stderr)
    }

    func testAHostileBoardReachesNeitherTheTerminalNorASpreadsheetAsCode() throws {
        let dir = TemporaryDirectory()
        var board = try BoardFile.load(broadband)
        let hostile = ["<script>alert(1)</script>", "=cmd|' /C calc'!A0", "esc \u{1B}]0;owned\u{07} \u{1B}[2J",
                       "bidi \u{202E}fdp.exe\u{202C}", "quote \" and ; # : title"]
        let ids = board.cards.values.map(\.id).sorted()
        for (i, id) in ids.enumerated() { board.cards[id]!.text = hostile[i % hostile.count] }
        board.title = hostile[2]
        let path = dir.file("hostile.json")
        try BoardFile.save(board, to: path)
        for format in ["md", "csv", "mermaid", "json"] {
            let r = JourneyBinary.run(["export", path, "--format", format])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertFalse(r.stdout.unicodeScalars.contains { DisplayText.isUnsafe($0.value) && $0 != "\n" && $0 != "\r" }, format)
            XCTAssertFalse(r.stdout.contains("\n=cmd") || r.stdout.contains(",=cmd"), format)
        }
        // written to a file, the JSON keeps every text exactly
        XCTAssertEqual(JourneyBinary.run(["export", path, "-o", dir.file("out.json")]).status, 0)
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: dir.bytes("out.json")) as? [String: Any])
        XCTAssertEqual(root["title"] as? String, hostile[2])
        var texts: [String] = []
        for journey in root["journeys"] as! [[String: Any]] {
            for lane in journey["lanes"] as! [[String: Any]] {
                for cell in lane["cells"] as! [[String: Any]] { texts += (cell["cards"] as! [[String: Any]]).map { $0["text"] as! String } }
            }
        }
        XCTAssertEqual(texts.sorted(), board.cards.values.map(\.text).sorted())
    }
}
