import Foundation
import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// The score report's model and its three formats, without running `journey score`
/// (Tests/EndToEndTests/ScoreCommandTests.swift runs the command on the example boards).
final class ScoreReportTests: XCTestCase {
    static let opportunityID = "cd_0000000002"

    func report(_ boards: [Board], gate: Gate? = nil, top: Int? = nil) -> ScoreReport {
        ScoreReport(files: boards.indices.map { "board\($0 + 1).json" }, boards: boards,
                    journeys: boards.map { _ in nil }, gate: gate, top: top)
    }

    func votedBoard(hidden: Bool = false) -> Board {
        var board = Fixture.smallBoard()
        board.cards[Self.opportunityID]!.votes = ["Ann": 2, "Bo": 1]
        board.scoring.votesHidden = hidden
        return board
    }

    func exampleBoards() throws -> [Board] {
        try Fixture.exampleBoards.map { path in
            let checked = BoardChecker.check(file: path)
            return try XCTUnwrap(checked.board, "\(path): \(checked.diagnostics)")
        }
    }

    // MARK: model

    func testRowsAreRankedOverEveryBoardAndTopCutsOnlyTheRows() throws {
        let boards = try exampleBoards()
        let all = report(boards)
        XCTAssertEqual(all.rows.map(\.rank), Array(1...all.rows.count))
        XCTAssertEqual(Set(all.rows.map(\.file)), Set(boards.indices))
        let top = report(boards, top: 3)
        XCTAssertEqual(top.rows.map(\.score.card), Array(all.rows.prefix(3).map(\.score.card)))
        XCTAssertEqual(top.journeys.count, all.journeys.count)
        XCTAssertTrue(all.hasSeveralBoards)
        XCTAssertFalse(report([boards[0]]).hasSeveralBoards)
    }

    func testOnlyTheNamedJourneyIsShownAndBoardsWithoutItAreLeftOut() {
        let board = Fixture.smallBoard()
        let onlyFirst = ScoreReport(files: ["a.json", "b.json"], boards: [board, board],
                                    journeys: ["jr_0000000001", nil], gate: nil, top: nil)
        XCTAssertEqual(onlyFirst.rows.map(\.file), [0])
        XCTAssertEqual(onlyFirst.journeys.map(\.comparison.journey), ["jr_0000000001"])
    }

    func testGateTextSaysWhichGateRanked() {
        var strict = Fixture.smallBoard(), open = Fixture.smallBoard()
        strict.scoring.gate = "all"; open.scoring.gate = "none"
        XCTAssertEqual(report([strict]).gateText, "all (the board's own)")
        XCTAssertEqual(report([strict, open]).gateText, "each board's own (board1.json: all, board2.json: none)")
        XCTAssertEqual(report([strict, open], gate: .any).gateText, "any (--gate)")
    }

    // MARK: table

    func testTableRanksAndExplainsItsMarks() {
        let table = report([votedBoard()]).table()
        let lines = table.components(separatedBy: "\n")
        XCTAssertEqual(lines[0], "Opportunities — 1 ranked · gate: all (the board's own)")
        XCTAssertTrue(lines[2].hasPrefix("#  gate  CX score"), lines[2])
        XCTAssertTrue(lines[3].hasPrefix("1  ✗ ?"), "no engagement impact: fails gate all, incomplete: \(lines[3])")
        XCTAssertTrue(lines[3].hasSuffix("  Order  ETA by SMS"), lines[3])
        XCTAssertTrue(lines[3].contains("  3  "), "votes 2 + 1: \(lines[3])")
        XCTAssertFalse(lines[2].contains("board"), "one board: no board column")
        XCTAssertTrue(table.contains("✓ passes the gate · ✗ fails it · ? incomplete"))
        XCTAssertFalse(table.contains("votes hidden"))
        XCTAssertTrue(table.contains("Journey vs touchpoints"))
        XCTAssertTrue(table.hasSuffix("\n") && !table.hasSuffix("\n\n"))
        XCTAssertFalse(lines.contains { $0.hasSuffix(" ") }, "no trailing spaces")
    }

    func testTableWithoutOpportunitiesSaysSo() {
        var board = Fixture.smallBoard()
        board.cards[Self.opportunityID] = nil
        let table = report([board]).table()
        XCTAssertTrue(table.hasPrefix("Opportunities — 0 ranked"), table)
        XCTAssertTrue(table.contains("(no opportunities: add cards to an Opportunities lane)"))
    }

    func testTableOfSeveralBoardsNamesTheBoard() {
        var other = Fixture.smallBoard()
        other.title = "Other"
        let table = report([Fixture.smallBoard(), other]).table()
        XCTAssertTrue(table.contains("board"), table)
        XCTAssertTrue(table.contains("Other › Get connected"), table)
    }

    func testTableTextIsSanitized() {
        var board = votedBoard()
        board.cards[Self.opportunityID]!.text = "Bill \u{1B}]0;pwned\u{07} \u{202E}preview"
        board.journeys["jr_0000000001"]!.title = "Connected \u{1B}[2J"
        board.stages["st_0000000001"]!.title = "Or\nder"
        let table = report([board, board]).table()
        XCTAssertFalse(table.unicodeScalars.contains { DisplayText.isUnsafe($0.value) && $0 != "\n" }, table)
        XCTAssertTrue(table.contains("Bill ␛]0;pwned� �preview"), table)
    }

    // MARK: JSON

    func testJSONParsesAndHoldsEveryRow() throws {
        let boards = try exampleBoards()
        let built = report(boards)
        let text = built.json()
        XCTAssertTrue(text.hasSuffix("}\n"))
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let opportunities = try XCTUnwrap(document["opportunities"] as? [[String: Any]])
        XCTAssertEqual(opportunities.map { $0["id"] as? String }, built.rows.map(\.score.card))
        XCTAssertEqual(opportunities.map { $0["rank"] as? Int }, built.rows.map(\.rank))
        XCTAssertEqual((document["journeys"] as? [Any])?.count, built.journeys.count)
    }

    func testJSONKeepsBoardTextAsItIs() throws {
        var board = votedBoard()
        let hostile = "Owner \u{1B}[31mred, \"quoted\"\nnext"
        board.cards[Self.opportunityID]!.text = hostile
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(report([board]).json().utf8)) as? [String: Any])
        let row = try XCTUnwrap((document["opportunities"] as? [[String: Any]])?.first)
        XCTAssertEqual(row["text"] as? String, hostile)
        XCTAssertEqual(row["votes"] as? Int, 3)
        XCTAssertEqual(row["votesHidden"] as? Bool, false)
    }

    // MARK: CSV

    func testCSVReadsBackIntoTheSameFields() throws {
        var board = votedBoard()
        board.cards[Self.opportunityID]!.text = "Explain the bill, \"in plain words\""
        let text = report([board]).csv()
        XCTAssertTrue(text.hasSuffix("\r\n"))
        let records = try Self.parseCSV(text)
        XCTAssertEqual(records.count, 2)
        XCTAssertEqual(records[0], ScoreReport.csvHeader + ["improvement.satisfaction", "improvement.effort", "improvement.engagement"])
        let row = Dictionary(uniqueKeysWithValues: zip(records[0], records[1]))
        XCTAssertEqual(row["rank"], "1")
        XCTAssertEqual(row["file"], "board1.json")
        XCTAssertEqual(row["id"], Self.opportunityID)
        XCTAssertEqual(row["text"], "Explain the bill, \"in plain words\"")
        XCTAssertEqual(row["votes"], "3")
        XCTAssertEqual(row["cost"], "3")
    }

    /// Board text that a spreadsheet would run as a formula starts with a quote instead.
    func testCSVNeverStartsAFormulaWithBoardText() throws {
        var board = votedBoard()
        board.cards[Self.opportunityID]!.text = "=cmd|' /C calc'!A0"
        let records = try Self.parseCSV(report([board]).csv())
        let row = Dictionary(uniqueKeysWithValues: zip(records[0], records[1]))
        XCTAssertEqual(row["text"], "'=cmd|' /C calc'!A0")
        for field in records[1] { XCTAssertFalse(["=", "+", "@"].contains(field.first), field) }
    }

    func testCSVOfExampleBoardsHasOneRecordPerRowOfEqualLength() throws {
        let built = report(try exampleBoards())
        let records = try Self.parseCSV(built.csv())
        XCTAssertEqual(records.count, built.rows.count + 1)
        XCTAssertTrue(records.allSatisfy { $0.count == records[0].count })
    }

    /// Python's csv module reads the same records (an independent RFC 4180 reader).
    func testPythonCSVReadsTheSameRecords() throws {
        var board = votedBoard()
        board.cards[Self.opportunityID]!.text = "Tracker, \"app\"\nnext \u{1B}[1m小票"
        let text = report([board, Fixture.smallBoard()]).csv()
        guard let records = try PythonCSV.read(text) else { throw XCTSkip("no \(PythonCSV.python)") }
        XCTAssertEqual(records, try Self.parseCSV(text))
        XCTAssertTrue(records.contains { $0[3] == "Tracker, \"app\" next ␛[1m小票" }, "\(records)")
    }

    func testHiddenVotesAreHiddenInEveryFormat() throws {
        let hidden = report([votedBoard(hidden: true)])
        let table = hidden.table()
        XCTAssertTrue(table.components(separatedBy: "\n")[3].contains("hidden"), table)
        XCTAssertTrue(table.contains("votes hidden: silent voting is on"))
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(hidden.json().utf8)) as? [String: Any])
        let row = try XCTUnwrap((document["opportunities"] as? [[String: Any]])?.first)
        XCTAssertTrue(row["votes"] is NSNull, "\(row)")
        XCTAssertEqual(row["votesHidden"] as? Bool, true)
        let records = try Self.parseCSV(hidden.csv())
        XCTAssertEqual(records[1][records[0].firstIndex(of: "votes")!], "")
    }

    /// A strict RFC 4180 reader: records end in CR LF, no bare CR or LF outside quotes.
    static func parseCSV(_ text: String) throws -> [[String]] {
        struct Malformed: Error { var reason: String }
        var records: [[String]] = [], record: [String] = [], field = ""
        var quoted = false
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if quoted {
                if scalar == "\"" {
                    if index + 1 < scalars.count && scalars[index + 1] == "\"" { field.unicodeScalars.append("\""); index += 2; continue }
                    quoted = false
                } else { field.unicodeScalars.append(scalar) }
            } else if scalar == "\"" && field.isEmpty {
                quoted = true
            } else if scalar == "," {
                record.append(field); field = ""
            } else if scalar == "\r" {
                guard index + 1 < scalars.count, scalars[index + 1] == "\n" else { throw Malformed(reason: "bare CR") }
                record.append(field); field = ""; records.append(record); record = []
                index += 2; continue
            } else if scalar == "\n" {
                throw Malformed(reason: "bare LF outside quotes")
            } else { field.unicodeScalars.append(scalar) }
            index += 1
        }
        if quoted { throw Malformed(reason: "unterminated quote") }
        if !field.isEmpty || !record.isEmpty { throw Malformed(reason: "last record without CR LF") }
        return records
    }
}
