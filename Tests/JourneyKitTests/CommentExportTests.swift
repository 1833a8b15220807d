import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// A card's thread reaches `journey show` and every export, escaped the way each format
/// escapes board text.
final class CommentExportTests: XCTestCase {
    /// The merge fixture with a thread on "Technician visit": one open comment, one resolved,
    /// the open one with text that must not reach a terminal, a spreadsheet or a page raw.
    func board() -> Board {
        var b = MergeFixture.board()
        b.cards["cd_0000000004"]!.comments = [
            "cm_aaaaaaaaaa": CardComment(author: "ana", time: "2026-12-06T22:50:00Z", text: "=who <b>says</b> \u{1B}[31mso?"),
            "cm_bbbbbbbbbb": CardComment(author: "ben", time: "2026-12-06T22:51:00Z", text: "NPS verbatims", resolved: true),
        ]
        return b
    }

    func testTheViewHoldsTheThreadOldestFirst() {
        let card = ExportView(board()).journeys[0].cards.first { $0.id == "cd_0000000004" }!
        XCTAssertEqual(card.comments.map(\.author), ["ana", "ben"])
        XCTAssertEqual(card.openComments, 1)
    }

    func testMarkdownMarksTheCardAndListsTheThread() {
        let md = ExportMarkdown.render(ExportView(board()))
        XCTAssertTrue(md.contains("Technician visit 💬1"), md)
        XCTAssertTrue(md.contains("### Comments\n\n- **Technician visit**\n  - ana, 2026-12-06T22:50:00Z: =who &lt;b&gt;says&lt;/b&gt; ␛\\[31mso?\n  - ben, 2026-12-06T22:51:00Z (resolved): NPS verbatims\n"), md)
    }

    func testCSVHasACommentsColumnThatIsNeverAFormula() throws {
        let records = try ExportFormatsTests.readWithPython(ExportCSV.render(ExportView(board())))
        let column = try XCTUnwrap(records[0].firstIndex(of: "comments"))
        let row = try XCTUnwrap(records.first { $0[0] == "cd_0000000004" })
        XCTAssertEqual(row[column], "ana: =who <b>says</b> ␛[31mso?; (resolved) ben: NPS verbatims")
        XCTAssertEqual(records.first { $0[0] == "cd_0000000001" }?[column], "")
        let formula = try XCTUnwrap(records.first { $0[0] == "cd_0000000004" })
        var b = board()
        b.cards["cd_0000000004"]!.comments = ["cm_x": CardComment(author: "=HYPERLINK(1)", time: "2026-12-06T22:50:00Z", text: "x")]
        let hostile = try ExportFormatsTests.readWithPython(ExportCSV.render(ExportView(b)))
        XCTAssertFalse(hostile.first { $0[0] == "cd_0000000004" }![column].hasPrefix("="))
        XCTAssertEqual(formula.count, records[0].count)
    }

    func testJSONListsEachComment() throws {
        let text = ExportJSON.render(ExportView(board()))
        let json = try Array(text.utf8).withUnsafeBufferPointer { buffer -> JSONValue in
            var reader = StrictJSONReader(buffer)
            return try reader.readValue()
        }
        let cards = json.objectValue?["journeys"]?.arrayValue?[0].objectValue?["lanes"]?.arrayValue?
            .flatMap { $0.objectValue?["cells"]?.arrayValue ?? [] }.flatMap { $0.objectValue?["cards"]?.arrayValue ?? [] } ?? []
        let card = try XCTUnwrap(cards.first { $0.objectValue?["id"] == .string("cd_0000000004") })
        XCTAssertEqual(card.objectValue?["comments"], .array([
            .object(["id": .string("cm_aaaaaaaaaa"), "author": .string("ana"), "time": .string("2026-12-06T22:50:00Z"),
                     "text": .string("=who <b>says</b> \u{1B}[31mso?"), "resolved": .bool(false)]),
            .object(["id": .string("cm_bbbbbbbbbb"), "author": .string("ben"), "time": .string("2026-12-06T22:51:00Z"),
                     "text": .string("NPS verbatims"), "resolved": .bool(true)]),
        ]))
    }

    func testThePageAndThePictureShowTheThread() {
        let view = ExportView(board())
        let page = ExportHTML.page(view, date: "2026-12-06")
        XCTAssertTrue(page.contains("<h3>Comments</h3>"), page)
        XCTAssertTrue(page.contains("=who &lt;b&gt;says&lt;/b&gt;"), page)
        XCTAssertFalse(page.contains("<b>says"))
        XCTAssertFalse(page.contains("\u{1B}"))
        XCTAssertTrue(page.contains("<li class=\"resolved\"><span class=\"who\">ben, 2026-12-06T22:51:00Z (resolved)</span>: NPS verbatims</li>"), page)
        XCTAssertTrue(page.contains("💬 1 comment"))
        XCTAssertTrue(ExportSVG.map(view, journey: view.journeys[0]).contains("💬 1 comment"))
    }

    func testShowMarksTheCardAndPrintsTheThreadSanitized() {
        let text = SwimlaneText.render(board(), journey: "jr_0000000001", width: 100)
        XCTAssertTrue(text.contains("💬1"), text)
        XCTAssertTrue(text.contains("Comments\n“Technician visit”\n  ana, 2026-12-06T22:50:00Z: =who <b>says</b> ␛[31mso?\n  ben, 2026-12-06T22:51:00Z (resolved): NPS verbatims\n"), text)
        XCTAssertFalse(text.contains("\u{1B}"))
        XCTAssertFalse(SwimlaneText.render(MergeFixture.board(), journey: "jr_0000000001", width: 100).contains("Comments"))
    }
}
