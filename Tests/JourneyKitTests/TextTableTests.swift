import XCTest
@testable import JourneyKit

final class TextTableTests: XCTestCase {
    func testColumnsAreAsWideAsTheirWidestCellTwoSpacesApartTrailingSpacesTrimmed() {
        let lines = TextTable.lines([.init("#", right: true), .init("name"), .init("note", last: true)],
                                    [["1", "ab", "x"], ["10", "a", ""]])
        XCTAssertEqual(lines, [" #  name  note", " 1  ab    x", "10  a"])
    }

    func testWidthsAreDisplayColumns() {
        let lines = TextTable.lines([.init("text"), .init("n", right: true)], [["小票", "1"], ["ab", "22"]])
        XCTAssertEqual(lines, ["text   n", "小票   1", "ab    22"])
        XCTAssertEqual(Set(lines.map(DisplayText.width)), [8])
    }

    func testCellsBeyondMaxWidthAreTruncatedButTheLastColumnRunsOn() {
        let long = "abcdefghij"
        let lines = TextTable.lines([.init("s", max: 4), .init("rest", last: true)], [[long, long]])
        XCTAssertEqual(lines.count, 2)
        let cell = String(lines[1].prefix(4))
        XCTAssertEqual(DisplayText.width(cell), 4)
        XCTAssertTrue(cell.hasSuffix("…"), cell)
        XCTAssertTrue(lines[1].hasSuffix("  " + long), lines[1])
    }

    func testMissingCellsAreEmptyAndExtraCellsIgnored() {
        let lines = TextTable.lines([.init("a"), .init("b", right: true)], [["x"], ["y", "1", "ignored"]])
        XCTAssertEqual(lines, ["a  b", "x", "y  1"])
    }
}

final class CSVTextTests: XCTestCase {
    func testPlainFieldsAreWrittenAsTheyAre() {
        XCTAssertEqual(CSVText.field("ETA by SMS"), "ETA by SMS")
        XCTAssertEqual(CSVText.field(""), "")
        XCTAssertEqual(CSVText.field("小票扫码"), "小票扫码")
    }

    func testCommasAndQuotesAreQuotedWithQuotesDoubled() {
        XCTAssertEqual(CSVText.field("a, b"), "\"a, b\"")
        XCTAssertEqual(CSVText.field("say \"hi\""), "\"say \"\"hi\"\"\"")
    }

    func testNoControlCharacterOrLineBreakSurvives() {
        XCTAssertEqual(CSVText.field("Tracker\nin app"), "Tracker in app")
        XCTAssertEqual(CSVText.field("Tracker\r\nin app"), "Tracker  in app")
        let hostile = CSVText.field("Owner \u{1B}[31mred \u{202E}x")
        XCTAssertFalse(hostile.unicodeScalars.contains { DisplayText.isUnsafe($0.value) }, hostile)
        XCTAssertTrue(hostile.hasPrefix("Owner ␛[31mred"), hostile)
    }

    func testRecordsAreCommaSeparatedAndEndInCRLF() {
        let text = CSVText.document([CSVText.record(["a", "b,c"]), CSVText.record(["1", ""])])
        XCTAssertEqual(text, "a,\"b,c\"\r\n1,\r\n")
    }
}
