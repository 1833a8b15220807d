import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// A table fitted to a width (`journey score` on a terminal), and telling boards from other
/// JSON files (the picker).
final class FittingTablesTests: XCTestCase {
    func testTheLastColumnIsCutToTheRoomLeft() {
        let rows = [["1", "Clone a quote into side-by-side variants for the family"], ["2", "short"]]
        let lines = TextTable.lines([.init("#", right: true), .init("opportunity", last: true)], rows, width: 30)
        for line in lines { XCTAssertLessThanOrEqual(DisplayText.width(line), 30, line) }
        XCTAssertTrue(lines[1].hasSuffix("…"), lines[1])
        XCTAssertEqual(lines[2], "2  short")
        XCTAssertEqual(TextTable.lines([.init("#", right: true), .init("opportunity", last: true)], rows)[1],
                       "1  Clone a quote into side-by-side variants for the family", "no width: nothing is cut")
    }

    func testTextColumnsGiveUpRoomWhenTheLastColumnWouldBeTooNarrow() {
        let rows = [["a stage with a long title", "opportunity text that is long"]]
        let lines = TextTable.lines([.init("stage", max: 30), .init("opportunity", last: true)], rows, width: 34, minimumLast: 16)
        for line in lines { XCTAssertLessThanOrEqual(DisplayText.width(line), 34, line) }
        XCTAssertTrue(lines[1].hasPrefix("a stage with a") && lines[1].contains("…  opportunity"), lines[1])
    }

    func testTheScoreTableFitsTheWidthAndAPipeKeepsEveryWord() throws {
        let board = try Fixture.exampleBoard("holiday-booking.json")
        let report = ScoreReport(files: ["holiday-booking.json"], boards: [board], journeys: [nil], gate: nil, top: nil)
        for width in [60, 80, 120] {
            for line in report.table(width: width).split(separator: "\n") {
                XCTAssertLessThanOrEqual(DisplayText.width(String(line)), width, "\(width): \(line)")
            }
        }
        let full = report.table()
        XCTAssertTrue(full.contains("Clone a quote into side-by-side variants"), full)
        XCTAssertTrue(full.split(separator: "\n").contains { DisplayText.width(String($0)) > 120 }, "without a width the long rows run on")
    }

    func testABoardIsToldFromOtherJSONFiles() throws {
        XCTAssertTrue(BoardSniffer.contains(Array("{\"format\":\"journey-board\"}".utf8)))
        XCTAssertTrue(BoardSniffer.contains(Array("{\n  \"format\" :\n\t \"journey-board\",".utf8)))
        XCTAssertFalse(BoardSniffer.contains(Array("{\"name\": \"journey-board\"}".utf8)), "the marker is the format key's value")
        XCTAssertFalse(BoardSniffer.contains(Array("{\"format\": \"journey-boards\"}".utf8)))
        let dir = TemporaryDirectory()
        _ = dir.write("package.json", "{\n  \"name\": \"web\",\n  \"version\": \"1.0.0\"\n}\n")
        _ = dir.write("list.json", "[{\"format\": \"journey-board\"}]")
        _ = dir.copyBoard("holiday-booking.json", as: "board.json")
        XCTAssertFalse(BoardSniffer.isBoard(path: dir.file("package.json")))
        XCTAssertFalse(BoardSniffer.isBoard(path: dir.file("list.json")), "a board is an object")
        XCTAssertTrue(BoardSniffer.isBoard(path: dir.file("board.json")))
        XCTAssertFalse(BoardSniffer.isBoard(path: dir.file("missing.json")))
        XCTAssertFalse(BoardSniffer.isBoard(path: dir.path), "a directory is not a board")
        // keys are sorted, so on a large board the marker comes after the cards: far past 64 KB,
        // and across a block boundary
        var big = try Fixture.exampleBoard("holiday-booking.json")
        let template = big.cards.values.first!
        for i in 0..<2000 {
            let card = Card(id: "cd_big\(i)", lane: template.lane, stage: template.stage, order: "b\(i)", text: "A card to make the board large, number \(i)")
            big.cards[card.id] = card
        }
        try BoardFile.save(big, to: dir.file("big.json"))
        let size = try FileManager.default.attributesOfItem(atPath: dir.file("big.json"))[.size] as? Int ?? 0
        XCTAssertGreaterThan(size, 200_000)
        XCTAssertTrue(BoardSniffer.isBoard(path: dir.file("big.json")))
    }
}
