import Foundation
import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// The export formats md, csv, mermaid and json, drawn from `ExportView`: golden files of the
/// example boards (Golden/; `UPDATE_SNAPSHOTS=1` re-records them — review the diff), the CSV read
/// back by Python's csv module, the JSON parsed, the Mermaid read by a parser that follows
/// Mermaid's own rules (ANCHORS.md), and a hostile board in every format.
final class ExportFormatsTests: XCTestCase {
    // MARK: golden files

    func testExampleBoardsMatchTheirGoldenFiles() throws {
        XCTAssertEqual(Fixture.exampleBoards.count, 3)
        for path in Fixture.exampleBoards {
            let board = try XCTUnwrap(BoardChecker.check(file: path).board, path)
            let view = ExportView(board)
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            assertGolden(ExportMarkdown.render(view), "\(name).md")
            assertGolden(ExportCSV.render(view), "\(name).csv")
            assertGolden(ExportMermaid.render(view.journeys[0]), "\(name).mmd")
            assertGolden(ExportJSON.render(view), "\(name).json")
        }
    }

    func testTheChineseBoardKeepsItsText() throws {
        let path = try XCTUnwrap(Fixture.exampleBoards.first { path in
            (try? String(contentsOfFile: path, encoding: .utf8))?.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } ?? false
        })
        let board = try XCTUnwrap(BoardChecker.check(file: path).board)
        let view = ExportView(board)
        let card = try XCTUnwrap(view.journeys[0].cards.first { $0.text.unicodeScalars.contains { $0.value >= 0x4E00 } })
        XCTAssertTrue(ExportMarkdown.render(view).contains(ExportMarkdown.cell(card.text)))
        XCTAssertTrue(ExportCSV.render(view).contains(card.text) || ExportCSV.render(view).contains(CSVText.field(card.text)))
        XCTAssertTrue(ExportJSON.render(view).contains(card.text))
    }

    // MARK: markdown

    func testMarkdownTableHasOneColumnPerStageAndEscapesCells() {
        var board = ExportFixture.board()
        board.cards["cd_0000000001"]!.text = "a | b\nsecond *line* <b>"
        let md = ExportMarkdown.render(ExportView(board))
        XCTAssertTrue(md.hasPrefix("# Broadband\n"))
        XCTAssertTrue(md.contains("| Lane | Order | Install | Use |"))
        XCTAssertTrue(md.contains("› a \\| b<br>second \\*line\\* &lt;b&gt;"))
        XCTAssertTrue(md.contains("| *Emotion (mean)* | +0.5 | -2 | – |"))
        XCTAssertTrue(md.contains("```mermaid\njourney\n"))
        XCTAssertTrue(md.contains("| Satisfaction | 50 | 75.0 | -25.0 |"))
        XCTAssertTrue(md.contains("| 1 | "))
        // every row of the map has as many unescaped pipes as the header
        let mapRows = md.split(separator: "\n").filter { $0.hasPrefix("| **") }
        XCTAssertEqual(mapRows.count, 4 + 1)
        for row in mapRows.prefix(4) { XCTAssertEqual(Self.unescapedPipes(String(row)), 5, String(row)) }
    }

    static func unescapedPipes(_ line: String) -> Int {
        var count = 0, escaped = false
        for ch in line { if ch == "|" && !escaped { count += 1 }; escaped = ch == "\\" && !escaped }
        return count
    }

    // MARK: csv

    func testCSVHasOneRecordPerCardWithTheDocumentedColumns() throws {
        let view = ExportView(ExportFixture.board())
        let records = try Self.readWithPython(ExportCSV.render(view))
        XCTAssertEqual(records[0], ["id", "journey", "stage", "stage_position", "lane", "kind", "text", "notes", "channel",
                                    "owner", "tags", "status", "emotion", "votes", "links", "source", "comments",
                                    "metric:satisfaction", "metric:effort", "metric:engagement", "volume",
                                    "impact:satisfaction", "impact:effort", "impact:engagement", "confidence", "reach",
                                    "cost", "cx_score", "priority", "rank", "journey_id", "stage_id", "lane_id"])
        XCTAssertEqual(records.count, 1 + 11)
        let column = Dictionary(uniqueKeysWithValues: records[0].enumerated().map { ($0.element, $0.offset) })
        let sms = try XCTUnwrap(records.first { $0[0] == "cd_0000000009" })
        XCTAssertEqual(sms[column["stage"]!], "Install")
        XCTAssertEqual(sms[column["stage_position"]!], "2")
        XCTAssertEqual(sms[column["kind"]!], "opportunities")
        XCTAssertEqual(sms[column["tags"]!], "quick;sms")
        XCTAssertEqual(sms[column["votes"]!], "3")
        XCTAssertEqual(sms[column["impact:effort"]!], "-1")
        XCTAssertEqual(sms[column["rank"]!], String(view.journeys[0].opportunities.first { $0.score.card == "cd_0000000009" }!.rank))
        XCTAssertFalse(sms[column["cx_score"]!].isEmpty)
        let annoyed = try XCTUnwrap(records.first { $0[0] == "cd_0000000008" })
        XCTAssertEqual(annoyed[column["emotion"]!], "-2") // a number, not guarded
        let web = try XCTUnwrap(records.first { $0[0] == "cd_0000000004" })
        XCTAssertEqual(web[column["metric:satisfaction"]!], "80")
        XCTAssertEqual(web[column["channel"]!], "web")
    }

    func testCSVFormulaCellsArePrefixedAndExcelGetsAByteOrderMark() throws {
        var board = ExportFixture.board()
        board.cards["cd_0000000001"]!.text = "=1+1"
        board.cards["cd_0000000002"]!.text = "@SUM(A1)"
        board.cards["cd_0000000003"]!.text = "-2+3"
        board.cards["cd_0000000003"]!.owner = "+44 20"
        board.cards["cd_0000000004"]!.text = "\tTab"
        let text = ExportCSV.render(ExportView(board))
        let records = try Self.readWithPython(text)
        let texts = Dictionary(uniqueKeysWithValues: records.dropFirst().map { ($0[0], $0[6]) })
        XCTAssertEqual(texts["cd_0000000001"], "'=1+1")
        XCTAssertEqual(texts["cd_0000000002"], "'@SUM(A1)")
        XCTAssertEqual(texts["cd_0000000003"], "'-2+3")
        XCTAssertEqual(texts["cd_0000000004"], "' Tab")
        XCTAssertTrue(records.contains { $0[9] == "'+44 20" })
        XCTAssertTrue(text.hasSuffix("\r\n"))
        XCTAssertFalse(text.hasPrefix(ExportCSV.byteOrderMark))
        let excel = ExportCSV.render(ExportView(board), excel: true)
        XCTAssertEqual(Array(excel.utf8.prefix(3)), [0xEF, 0xBB, 0xBF])
        XCTAssertEqual(String(excel.dropFirst()), text)
    }

    /// Records as Python's csv module reads them (the reference reader spreadsheets agree with),
    /// every record as wide as the header.
    static func readWithPython(_ text: String) throws -> [[String]] {
        guard let records = try PythonCSV.read(text) else { throw XCTSkip("no \(PythonCSV.python)") }
        let width = records.first?.count ?? 0
        for record in records { XCTAssertEqual(record.count, width, "\(record)") }
        return records
    }

    // MARK: json

    func testJSONIsTheViewInOrder() throws {
        var board = ExportFixture.board()
        board.scoring.votesHidden = true
        let json = ExportJSON.render(ExportView(board))
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(root["format"] as? String, "journey-export")
        XCTAssertEqual(root["votesHidden"] as? Bool, true)
        let journeys = try XCTUnwrap(root["journeys"] as? [[String: Any]])
        XCTAssertEqual(journeys.map { $0["id"] as? String }, ["jr_0000000001", "jr_0000000002"])
        XCTAssertEqual(journeys[1]["variantOf"] as? String, "jr_0000000001")
        let stages = try XCTUnwrap(journeys[0]["stages"] as? [[String: Any]])
        XCTAssertEqual(stages.map { $0["title"] as? String }, ["Order", "Install", "Use"])
        XCTAssertEqual(stages.map { $0["position"] as? Int }, [1, 2, 3])
        XCTAssertEqual(stages[0]["emotion"] as? Double, 0.5)
        XCTAssertTrue(stages[2]["emotion"] is NSNull)
        let lanes = try XCTUnwrap(journeys[0]["lanes"] as? [[String: Any]])
        XCTAssertEqual(lanes.map { $0["kind"] as? String }, ["steps", "touchpoints", "emotion", "opportunities"])
        let firstCells = try XCTUnwrap(lanes[0]["cells"] as? [[String: Any]])
        XCTAssertEqual((firstCells[0]["cards"] as? [[String: Any]])?.map { $0["text"] as? String }, ["Find the shop", "Compare plans"])
        let opportunities = try XCTUnwrap(journeys[0]["opportunities"] as? [[String: Any]])
        XCTAssertEqual(opportunities.count, 2)
        XCTAssertTrue(opportunities.allSatisfy { $0["votes"] is NSNull })
        XCTAssertEqual((opportunities[0]["terms"] as? [Any])?.count, 3)
        let comparison = try XCTUnwrap(journeys[0]["comparison"] as? [[String: Any]])
        XCTAssertEqual(comparison.first?["gap"] as? Double, -25)
    }

    // MARK: mermaid

    func testMermaidSectionsAreStagesAndScoresComeFromEmotion() throws {
        let view = ExportView(ExportFixture.board())
        let text = ExportMermaid.render(view.journeys[0])
        XCTAssertEqual(text, """
            journey
              title Get connected
              section Order
                Find the shop: 4: Parent
                Compare plans: 4: Parent
              section Install
                Wait for the technician: 1: Parent
              section Use

            """)
        let parsed = try MermaidJourney.parse(text)
        XCTAssertEqual(parsed.sections, ["Order", "Install", "Use"])
        XCTAssertEqual(parsed.tasks.map(\.score), [4, 4, 1])
        XCTAssertEqual([-2, -1.4, -0.5, 0, 0.49, 1.5, 2, 7].map { ExportMermaid.score(emotion: $0) }, [1, 2, 3, 3, 3, 5, 5, 5])
        XCTAssertEqual(ExportMermaid.score(emotion: nil), 3)
    }

    func testMermaidUsesTouchpointsWithChannelsWhenThereAreNoSteps() throws {
        var board = ExportFixture.board()
        for id in ["cd_0000000001", "cd_0000000002", "cd_0000000003"] { board.cards[id] = nil }
        board.cards["cd_0000000004"]!.channel = "web, app: v2"
        let parsed = try MermaidJourney.parse(ExportMermaid.render(ExportView(board).journeys[0]))
        XCTAssertEqual(parsed.tasks.map(\.name), ["Website", "Shop"])
        XCTAssertEqual(parsed.tasks.map(\.people), [["Parent", "web, app: v2"], ["Parent", "store"]])
    }

    func testMermaidKeepsEveryTroublesomeTextAsItIs() throws {
        let texts = ["Push at 08:00: 5: Me", "Learn C# basics", "Eat; drink", "title page review", "Section 508 audit",
                     "journey-map review", "%done", "%% not a comment", "accTitle: x", "accDescr {", "100% done",
                     "  padded  ", "", "\u{00A0}title hidden", "a #quot; entity", "<br/>break", "Tom & Jerry",
                     "\u{1B}[31mred\u{202E}evil", "line one\nline two", "Kaufen: 小票", "X: Y: Z"]
        var board = ExportFixture.board()
        board.cards = CardTable()
        for (i, text) in texts.enumerated() {
            board.cards[String(format: "cd_%010d", 100 + i)] = Card(id: String(format: "cd_%010d", 100 + i), lane: "ln_0000000001",
                                                                    stage: "st_0000000001", order: String(format: "a%03d", i), text: text)
        }
        board.stages["st_0000000002"]!.title = "section: two; #2"
        board.journeys["jr_0000000001"]!.title = "Title # of ; things"
        board.personas["pe_0000000001"]!.name = "Ann, the #1: parent"
        let text = ExportMermaid.render(ExportView(board).journeys[0])
        let parsed = try MermaidJourney.parse(text)
        XCTAssertEqual(parsed.title, "Title # of ; things")
        XCTAssertEqual(parsed.sections, ["Order", "section: two; #2", "Use"])
        XCTAssertEqual(parsed.tasks.map(\.name), texts.map { text in
            let clean = DisplayText.sanitize(text).trimmingCharacters(in: .whitespaces.union(["\u{00A0}"]))
            return clean.isEmpty ? "(no text)" : clean
        })
        XCTAssertTrue(parsed.tasks.allSatisfy { $0.people == ["Ann, the #1: parent"] })
        XCTAssertTrue(parsed.tasks.allSatisfy { $0.score == 3 })
        // what the import will read back: entity codes only for characters Mermaid would misread
        XCTAssertTrue(text.contains("    Push at 08#58;00#58; 5#58; Me: 3: Ann#44; the #35;1#58; parent\n"))
        XCTAssertTrue(text.contains("    #116;itle page review: 3:"))
        XCTAssertTrue(text.contains("    100% done: 3:"))
    }

    func testTheTestParserReadsMermaidsFactsAsMermaidDoes() throws {
        // the facts of ANCHORS.md, so the parser the export is checked with is not a mirror of the exporter
        let parsed = try MermaidJourney.parse("journey\n  title Day\n  section Go\n    Wake at 7:30: 2: Me\n    A: : Me\n    B: 0x10\n    C: 5: Me, Cat # and dog\n    %hidden: 1: Me\n")
        XCTAssertEqual(parsed.tasks.map(\.name), ["Wake at 7", "A", "B", "C"])
        XCTAssertEqual(parsed.tasks.map(\.score), [30, 0, 16, 5])
        XCTAssertEqual(parsed.tasks.map(\.people), [["2"], ["Me"], [], ["Me", "Cat"]])
        XCTAssertThrowsError(try MermaidJourney.parse("journey\n  Eat; drink: 5: Me\n"))
        XCTAssertThrowsError(try MermaidJourney.parse("journey\n  Learn C# basics: 5: Me\n"))
        XCTAssertThrowsError(try MermaidJourney.parse("journey\n  Section 508 audit: 5: Me\n"))
        XCTAssertThrowsError(try MermaidJourney.parse("journey\n  journey-map: 5: Me\n"))
        XCTAssertEqual(try MermaidJourney.parse("journey\n  Title page review: 3: Me\n").title, "page review: 3: Me")
    }

    // MARK: a hostile board

    static let hostile = ["<script>alert(1)</script>", "\"quoted\" and 'single'", "=cmd|' /C calc'!A0",
                          "ctrl \u{1B}]0;owned\u{07} \u{1B}[31mred", "bidi \u{202E}txt.exe\u{202C} end", "+1 @home -x",
                          "pipe | star * [link](javascript:alert(1)) `code`", "title: section; # 100%"]

    static func hostileBoard() -> Board {
        var board = ExportFixture.board()
        board.title = hostile[0]
        let ids = board.cards.values.map(\.id).sorted()
        for (i, id) in ids.enumerated() {
            board.cards[id]!.text = hostile[i % hostile.count]
            board.cards[id]!.notes = hostile[(i + 1) % hostile.count]
            board.cards[id]!.channel = hostile[(i + 2) % hostile.count]
        }
        board.stages["st_0000000001"]!.title = hostile[4]
        board.lanes["ln_0000000001"]!.title = hostile[6]
        board.personas["pe_0000000001"]!.name = hostile[2]
        board.journeys["jr_0000000001"]!.title = hostile[7]
        return board
    }

    /// What a reader sees of a hostile text once its format is decoded: the text, sanitised.
    static func visible(_ text: String) -> String { DisplayText.sanitize(text) }

    func testAHostileBoardStaysTextInEveryFormat() throws {
        let board = Self.hostileBoard()
        let view = ExportView(board)
        let cards = view.journeys.flatMap(\.cards)
        let outputs = ["md": ExportMarkdown.render(view), "csv": ExportCSV.render(view),
                       "mermaid": ExportMermaid.render(view.journeys[0]), "json": DisplayText.terminalSafeJSON(ExportJSON.render(view))]
        for (format, text) in outputs {
            // no control or bidi character reaches the output raw
            XCTAssertFalse(text.unicodeScalars.contains { DisplayText.isUnsafe($0.value) && $0 != "\n" && $0 != "\r" }, format)
        }
        // the two formats a renderer turns into HTML hold no tag
        XCTAssertFalse(outputs["md"]!.contains("<script>"))
        XCTAssertFalse(outputs["mermaid"]!.contains("<script>"))
        // markdown: every text there, escaped; no link, no raw HTML
        let md = outputs["md"]!
        for card in cards { XCTAssertTrue(md.contains(ExportMarkdown.cell(card.text)), card.text) }
        XCTAssertTrue(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(md.contains("\\[link\\](javascript"))
        for row in md.split(separator: "\n") where row.hasPrefix("| **") { XCTAssertTrue([3, 5].contains(Self.unescapedPipes(String(row))), String(row)) }
        // csv: read back, every text is there; board text never starts a formula
        let records = try Self.readWithPython(outputs["csv"]!)
        XCTAssertEqual(records.count, 1 + cards.count)
        for card in cards {
            let record = try XCTUnwrap(records.first { $0[0] == card.id })
            XCTAssertEqual(record[6], CSVText.formulaSafe(Self.visible(card.text)))
            XCTAssertEqual(record[7], CSVText.formulaSafe(Self.visible(card.notes!)))
        }
        for record in records.dropFirst() {
            for i in [1, 2, 4, 6, 7, 8] { XCTAssertFalse(["=", "+", "-", "@"].contains(record[i].first.map(String.init) ?? ""), record[i]) }
        }
        // mermaid: parses, and every step's text comes back
        let parsed = try MermaidJourney.parse(outputs["mermaid"]!)
        let steps = view.journeys[0].lanes[0].cells.flatMap { $0 }
        XCTAssertEqual(parsed.tasks.map(\.name), steps.map { Self.visible($0.text).trimmingCharacters(in: .whitespaces) })
        XCTAssertEqual(parsed.title, Self.visible(Self.hostile[7]))
        XCTAssertEqual(parsed.sections.first, Self.visible(Self.hostile[4]))
        // json: exactly the board's text, nothing lost
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(outputs["json"]!.utf8)) as? [String: Any])
        XCTAssertEqual(root["title"] as? String, Self.hostile[0])
        let journeys = try XCTUnwrap(root["journeys"] as? [[String: Any]])
        var texts: [String] = []
        for j in journeys {
            for lane in j["lanes"] as! [[String: Any]] {
                for cell in lane["cells"] as! [[String: Any]] { texts += (cell["cards"] as! [[String: Any]]).map { $0["text"] as! String } }
            }
        }
        XCTAssertEqual(texts, cards.map(\.text))
    }
}

/// What Mermaid makes of an exported diagram, read by the importer's parser
/// (`MermaidJourneyParser`, which follows Mermaid 11's own lexer and `addTask`: ANCHORS.md,
/// Mermaid), with entity codes decoded as Mermaid's renderer shows them.
struct MermaidJourney {
    struct Task: Equatable { var section: String; var name: String; var score: Double; var people: [String] }

    var title: String?
    var sections: [String] = []
    var tasks: [Task] = []

    static func parse(_ text: String) throws -> MermaidJourney {
        let d = try MermaidJourneyParser.parse(text, file: "export.mmd")
        return MermaidJourney(title: d.title, sections: d.sections.map(\.name), tasks: d.tasks.map {
            Task(section: $0.section.map { d.sections[$0].name } ?? "", name: $0.name, score: $0.score, people: $0.people)
        })
    }
}
