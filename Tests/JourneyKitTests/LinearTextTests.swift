import Foundation
import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// `journey show --linear` (`LinearText`): golden files of the example boards (the Chinese one
/// included) at 100 and 40 columns — `UPDATE_SNAPSHOTS=1` re-records them, review the diff —
/// with no box drawing and no line wider than asked; kinds, emotions and votes in words;
/// silent voting respected; hostile text sanitized.
final class LinearTextTests: XCTestCase {
    static let boxDrawing: ClosedRange<UInt32> = 0x2500...0x257F

    func assertPlain(_ text: String, width: Int, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let box = text.unicodeScalars.filter { Self.boxDrawing.contains($0.value) }
        XCTAssertTrue(box.isEmpty, "\(what): box drawing \(box.map { String(format: "U+%04X", $0.value) })", file: file, line: line)
        for l in text.split(separator: "\n") {
            XCTAssertLessThanOrEqual(DisplayText.width(String(l)), width, "\(what): \(l)", file: file, line: line)
        }
        XCTAssertFalse(text.unicodeScalars.contains { DisplayText.isUnsafe($0.value) && $0 != "\n" }, "\(what): an unsafe character", file: file, line: line)
    }

    func testExampleBoardsMatchTheirGoldenFilesAt100And40Columns() throws {
        XCTAssertEqual(Fixture.exampleBoards.count, 3)
        var sawChinese = false
        for path in Fixture.exampleBoards {
            let board = try XCTUnwrap(BoardChecker.check(file: path).board, path)
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            for journey in board.orderedJourneys.prefix(1) {
                for width in [100, 40] {
                    let text = LinearText.render(board, journey: journey.id, width: width)
                    assertPlain(text, width: width, "\(name) at \(width)")
                    assertGolden(text, "\(name).linear-\(width).txt")
                    sawChinese = sawChinese || text.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }
                    // every card of the journey is read, once, with its kind in words
                    let cards = board.cards.values.filter { board.lanes[$0.lane]?.journey == journey.id }
                    let starts = LinearText.lines(board, journey: journey.id, width: width).filter(\.startsCard)
                    XCTAssertEqual(starts.count, cards.count, name)
                    XCTAssertEqual(Set(starts.compactMap(\.card)), Set(cards.map(\.id)), name)
                }
            }
        }
        XCTAssertTrue(sawChinese, "the Chinese example board is among the golden files")
    }

    func testKindsEmotionsAndVotesAreWords() throws {
        var board = Fixture.twoJourneyBoard()
        board.cards["cd_e"]!.value = -1
        board.cards["cd_p"]!.votes = ["ana": 2, "bo": 1]
        board.cards["cd_a"]!.channel = "web"
        board.cards["cd_a"]!.metrics = ["satisfaction": 70]
        let text = LinearText.render(board, journey: "jr_1", width: 80)
        XCTAssertTrue(text.contains("Stage 1 of 3: Order"), text)
        XCTAssertTrue(text.contains("- emotion: Hopeful\n"), text)
        XCTAssertTrue(text.contains("emotion: low (\u{2212}1)"), text)
        XCTAssertTrue(text.contains("- pain point: Five-hour window\n      votes: 3\n"), text)
        XCTAssertTrue(text.contains("- step: Orders online\n      channel: web\n      metrics: Satisfaction 70\n"), text)
        // stage by stage: the first stage's cards come before the second's, lane by lane
        let order = ["Orders online", "Gets a confirmation email", "Hopeful", "Waits for the technician", "Five-hour window", "Nobody says when"]
        let positions = order.map { text.range(of: $0)!.lowerBound }
        XCTAssertEqual(positions, positions.sorted(), text)
        XCTAssertEqual(LinearText.emotionWord(-2), "very low")
        XCTAssertEqual(LinearText.emotionWord(0.4), "neutral")
        XCTAssertEqual(LinearText.emotionWord(2), "very high")
        XCTAssertEqual(LinearText.kindWord(.opportunities), "opportunity")
    }

    func testSilentVotingHidesTheCounts() {
        var board = Fixture.twoJourneyBoard()
        board.cards["cd_p"]!.votes = ["ana": 2]
        XCTAssertTrue(LinearText.render(board, journey: "jr_1", width: 80).contains("votes: 2"))
        board.scoring.votesHidden = true
        let hidden = LinearText.render(board, journey: "jr_1", width: 80)
        XCTAssertFalse(hidden.contains("votes: 2"), hidden)
        XCTAssertTrue(hidden.contains("Votes are hidden (silent voting)."), hidden)
    }

    func testHostileTextNeverReachesTheTerminalRaw() {
        var board = Fixture.twoJourneyBoard()
        board.cards["cd_a"]!.text = "evil \u{1B}[2J\u{1B}]0;title\u{07} \u{202E}reversed\u{202C} 新しい"
        board.cards["cd_a"]!.channel = "w\u{1B}[31meb"
        board.stages["st_0"]!.title = "Order\u{1B}[H"
        let text = LinearText.render(board, journey: "jr_1", width: 40)
        assertPlain(text, width: 40, "hostile")
        XCTAssertFalse(text.contains("\u{1B}"), text)
        XCTAssertFalse(text.contains("\u{202E}"), text)
    }

    func testEveryLineFitsTheNarrowestWidth() throws {
        for path in Fixture.exampleBoards {
            let board = try XCTUnwrap(BoardChecker.check(file: path).board)
            for journey in board.orderedJourneys {
                assertPlain(LinearText.render(board, journey: journey.id, width: LinearText.minimumWidth), width: LinearText.minimumWidth, path)
            }
        }
    }
}
