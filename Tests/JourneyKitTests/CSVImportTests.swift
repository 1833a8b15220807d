import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// `CSVImport.read`: stickies and journey-map spreadsheets as people save them (byte-order
/// marks, CRLF, quoted line breaks, semicolons, tabs, Windows-1252, UTF-16), header synonyms,
/// `--map`, lane kinds, emotions and the notes with their source lines.
final class CSVImportTests: XCTestCase {
    func read(_ text: String, file: String = "stickies.csv", map: [String: String] = [:]) throws -> ImportDraft {
        try CSVImport.read(Array(text.utf8), file: file, mapping: map)
    }

    func only(_ draft: ImportDraft) -> ImportDraft.Journey {
        XCTAssertEqual(draft.journeys.count, 1)
        return draft.journeys[0]
    }

    func texts(_ journey: ImportDraft.Journey) -> [String] { journey.cards.map(\.text) }

    func notes(_ draft: ImportDraft, _ kind: ImportNote.Kind) -> [String] {
        draft.notes.filter { $0.kind == kind }.map { "\($0.at.line): \($0.message)" }
    }

    func error(_ body: () throws -> ImportDraft) -> ImportError? {
        do { _ = try body(); return nil } catch let e as ImportError { return e } catch { XCTFail("\(error)"); return nil }
    }

    // MARK: bytes and records

    func testByteOrderMarkAndCRLF() throws {
        let draft = try read("\u{FEFF}Stage,Lane,Text\r\nAwareness,Pain points,Slow site\r\nBuy,Pain points,Card declined\r\n", file: "data/shop.csv")
        let j = only(draft)
        XCTAssertEqual(j.title, "shop")
        XCTAssertEqual(j.stages, ["Awareness", "Buy"])
        XCTAssertEqual(j.lanes, [ImportDraft.Lane(title: "Pain points", kind: .pains)])
        XCTAssertEqual(texts(j), ["Slow site", "Card declined"])
        XCTAssertEqual(j.cards.map(\.source.line), [2, 3])
        XCTAssertEqual(j.cards[1].source.description, "data/shop.csv:3:1")
        XCTAssertFalse(draft.notes.contains { $0.message.contains("read as") }, "plain UTF-8 is not worth a note")
    }

    func testQuotedCommasAndLineBreaksAndTheLinesOfSkippedRows() throws {
        let text = "Stage,Text,Notes\n"
            + "Search,\"Compares prices, twice\",\"First line\r\nsecond line\nthird \"\"quoted\"\"\"\n"   // lines 2–4
            + "Search,,only notes\n"                                                                     // line 5
            + "\n"                                                                                       // line 6: blank
            + "Book,\"Pays\nby card\",\n"                                                                // lines 7–8
            + ",   ,\n"                                                                                  // line 9
        let draft = try read(text)
        let j = only(draft)
        XCTAssertEqual(texts(j), ["Compares prices, twice", "Pays\nby card"])
        XCTAssertEqual(j.cards[0].notes, "First line\nsecond line\nthird \"quoted\"")
        XCTAssertEqual(j.cards.map(\.source.line), [2, 7])
        XCTAssertEqual(notes(draft, .skipped), ["5: row without text", "9: row without text"])
    }

    func testSemicolonsAndExcelsSepLine() throws {
        let j = only(try read("Phase;Sticky;Votes\nArrive;\"Parks, then walks\";3\nLeave;Pays;1\n"))
        XCTAssertEqual(j.stages, ["Arrive", "Leave"])
        XCTAssertEqual(texts(j), ["Parks, then walks", "Pays"])
        XCTAssertEqual(j.cards.map(\.votes), [3, 1])
        // Excel's `sep=` line names the delimiter (here a comma, though the header has more semicolons)
        let k = only(try read("sep=,\r\nStage,Text\r\nA;B,C;D\r\n"))
        XCTAssertEqual(k.stages, ["A;B"])
        XCTAssertEqual(texts(k), ["C;D"])
        XCTAssertEqual(k.cards[0].source.line, 3)
    }

    func testTabSeparated() throws {
        let j = only(try read("Stage\tText\tTags\nOnboard\tGets a welcome mail, reads it\tmail, first week; hr\n"))
        XCTAssertEqual(texts(j), ["Gets a welcome mail, reads it"])
        XCTAssertEqual(j.cards[0].tags, ["mail", "first week", "hr"])
    }

    func testWindows1252WhenTheBytesAreNotUTF8() throws {
        // "Stage,Text\nCafé,Pays 5 € “cash”\n" as Excel writes it on a Western Windows
        let bytes = Array("Stage,Text\nCaf".utf8) + [0xE9] + Array(",Pays 5 ".utf8) + [0x80, 0x20, 0x93] + Array("cash".utf8) + [0x94, 0x0A]
        let draft = try CSVImport.read(bytes, file: "till.csv", mapping: [:])
        let j = only(draft)
        XCTAssertEqual(j.stages, ["Café"])
        XCTAssertEqual(texts(j), ["Pays 5 € \u{201C}cash\u{201D}"])
        XCTAssertEqual(draft.notes.first?.kind, .info)
        XCTAssertTrue(draft.notes.first?.message.hasPrefix("read as Windows-1252") ?? false, "\(draft.notes)")
        XCTAssertTrue(draft.notes.first?.message.contains("0xE9 at line 2, column 4") ?? false, "\(draft.notes)")
        // a UTF-8 byte-order mark in front of such bytes is dropped, not read as "ï»¿"
        let marked = only(try CSVImport.read([0xEF, 0xBB, 0xBF] + bytes, file: "till.csv", mapping: [:]))
        XCTAssertEqual(marked.stages, ["Café"])
    }

    func testBytesThatAreNeitherUTF8NorWindows1252() {
        // 0x81 has no character in Windows-1252 (nor is it UTF-8 here): a clear error at its place
        let e = error { try CSVImport.read(Array("Text\nok\nab".utf8) + [0x81, 0x0A], file: "cp.csv", mapping: [:]) }
        XCTAssertEqual(e?.description, "cp.csv:3:3: error: the file is neither UTF-8 nor Windows-1252 text: byte 0x81 (at byte 10 of the file) is not WINDOWS-1252 (save it as UTF-8)")
    }

    func testUTF16WithByteOrderMarks() throws {
        let text = "Stage\tLane\tText\r\n发现\t痛点\t网站太慢\r\n购买\tPain points\t付款失败\r\n"
        let units = Array(text.utf16)
        let le: [UInt8] = [0xFF, 0xFE] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        for (bytes, endian) in [(le, "little"), (be, "big")] {
            let draft = try CSVImport.read(bytes, file: "unicode.txt", mapping: [:])
            let j = only(draft)
            XCTAssertEqual(j.stages, ["发现", "购买"])
            XCTAssertEqual(texts(j), ["网站太慢", "付款失败"])
            XCTAssertEqual(j.lanes.map(\.title), ["痛点", "Pain points"])
            XCTAssertEqual(j.lanes.map(\.kind), [.pains, .pains])
            XCTAssertEqual(j.cards.map(\.source.line), [2, 3])
            XCTAssertTrue(draft.notes[0].message.contains("UTF-16 (\(endian)-endian"), "\(draft.notes)")
        }
        // an odd number of bytes: the last character is cut
        XCTAssertEqual(error { try CSVImport.read(le + [0x41], file: "cut.txt", mapping: [:]) }?.message, "the file ends in the middle of a UTF-16LE character")
        // a lone surrogate is no text
        let lone: [UInt8] = [0xFF, 0xFE] + Array("Text\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [0x00, 0xD8, 0x41, 0x00]
        let e = error { try CSVImport.read(lone, file: "bad.txt", mapping: [:]) }
        XCTAssertEqual(e?.at.line, 2)
        XCTAssertTrue(e?.message.contains("is not UTF-16LE") ?? false, "\(String(describing: e))")
    }

    func testChineseText() throws {
        let j = only(try read("阶段,泳道,内容,备注\n了解,用户行动,看到广告,\"地铁里,早上\"\n了解,用户痛点,广告太多,\n"
                              , map: ["stage": "阶段", "lane": "泳道", "text": "内容", "notes": "备注"]))
        XCTAssertEqual(j.stages, ["了解"])
        XCTAssertEqual(j.lanes, [ImportDraft.Lane(title: "用户行动", kind: .steps), ImportDraft.Lane(title: "用户痛点", kind: .pains)])
        XCTAssertEqual(texts(j), ["看到广告", "广告太多"])
        XCTAssertEqual(j.cards[0].notes, "地铁里,早上")
    }

    // MARK: columns

    func testHeaderSynonymsAnyCase() throws {
        let draft = try read("PHASE,Swim-lane,Sticky Note,Description,Assignee,Labels,Dots,Sentiment,Channel,Colour\n"
                             + "Try,Customer actions,Installs the app,from the store,Mia,\"onboarding;mobile\",4,+1,App,yellow\n")
        let j = only(draft)
        let c = j.cards[0]
        XCTAssertEqual(j.stages, ["Try"])
        XCTAssertEqual(j.lanes, [ImportDraft.Lane(title: "Customer actions", kind: .steps)])
        XCTAssertEqual(c.text, "Installs the app")
        XCTAssertEqual(c.notes, "from the store")
        XCTAssertEqual(c.owner, "Mia")
        XCTAssertEqual(c.tags, ["onboarding", "mobile"])
        XCTAssertEqual(c.votes, 4)
        XCTAssertEqual(c.emotion, 1)
        XCTAssertEqual(c.channel, "App")
        XCTAssertTrue(notes(draft, .info).contains("1: column not imported: \"Colour\""), "\(draft.notes)")
        XCTAssertTrue(notes(draft, .info).contains("1: column \"Sentiment\" → emotion"), "\(draft.notes)")
    }

    func testStepIsAStageColumnOnlyWithoutABetterOne() throws {
        // "Step" alone names the stages …
        let a = only(try read("Step,Text\nSign up,Fills the form\n"))
        XCTAssertEqual(a.stages, ["Sign up"])
        // … but with a Stage column it is left out (and said), and "Steps" as a lane *name* is a steps lane
        let draft = try read("Step,Stage,Lane,Text\n1,Sign up,Steps,Fills the form\n")
        let b = only(draft)
        XCTAssertEqual(b.stages, ["Sign up"])
        XCTAssertEqual(b.lanes, [ImportDraft.Lane(title: "Steps", kind: .steps)])
        XCTAssertTrue(notes(draft, .info).contains("1: column not imported: \"Step\""), "\(draft.notes)")
    }

    func testAListColumnIsTheStage() throws {
        // the shape of CSVs written to be imported into Trello: Name, Description, Labels, List
        let j = only(try read("Name,Description,Labels,List\nEP1 - Pruebas,\"Validar básico\",Epic,Backlog\n\nUS1.1,x,\"User Story\",Backlog\n"))
        XCTAssertEqual(j.stages, ["Backlog"])
        XCTAssertEqual(texts(j), ["EP1 - Pruebas", "US1.1"])
        XCTAssertEqual(j.cards.map(\.source.line), [2, 4])
    }

    func testMapNamesColumnsAndBeatsSynonyms() throws {
        let draft = try read("Wann,Was,Stage,Gefühl\nVorher,Sucht,ignored,2\n", map: ["stage": "wann", "TEXT": "Was", "emotion": "Gefühl"])
        let j = only(draft)
        XCTAssertEqual(j.stages, ["Vorher"])
        XCTAssertEqual(texts(j), ["Sucht"])
        XCTAssertEqual(j.cards[0].emotion, 2)
        XCTAssertTrue(notes(draft, .info).contains("1: column not imported: \"Stage\""), "\(draft.notes)")
        // an unknown field, and a column the header does not have, are errors that name them
        let unknown = error { try self.read("Text\nx\n", map: ["mood": "Text"]) }
        XCTAssertEqual(unknown?.message, "--map mood=Text: no field \"mood\" (the fields are stage, lane, text, notes, channel, owner, tags, votes, emotion)")
        let missing = error { try self.read("\n\nStage,Text\nx,y\n", file: "f.csv", map: ["lane": "Swimlane"]) }
        XCTAssertEqual(missing?.description, "f.csv:3:1: error: --map lane=Swimlane: the header has no column \"Swimlane\" (it has \"Stage\", \"Text\")")
    }

    func testNoTextColumnIsAnError() {
        let e = error { try self.read("Stage;When;Who\nA;now;me\n", file: "x.csv") }
        XCTAssertEqual(e?.at.description, "x.csv:1:1")
        XCTAssertTrue(e?.message.hasPrefix("no column for the card text") ?? false)
    }

    func testLanesInOrderWithGuessedKinds() throws {
        let rows = [("Pain points", "pains"), ("Touch points", "touchpoints"), ("Thoughts & feelings", "thoughts"),
                    ("Emotional state", "emotion"), ("Opportunities", "opportunities"), ("Backstage processes", "backstage"),
                    ("Research insights", "insights"), ("Doing", "steps"), ("Ideas for fixes", "opportunities"),
                    ("Solutions", "solutions"), ("Misc", "notes")]
        let text = "Stage,Lane,Text\n" + rows.map { "S,\($0.0),card in \($0.0)" }.joined(separator: "\n") + "\nS,Pain points,again\n"
        let draft = try read(text)
        let j = only(draft)
        XCTAssertEqual(j.lanes.map(\.title), rows.map(\.0))
        XCTAssertEqual(j.lanes.map(\.kind.rawValue), rows.map(\.1))
        XCTAssertEqual(j.cards.last?.lane, 0)
        let said = notes(draft, .info)
        XCTAssertTrue(said.contains("2: lane \"Pain points\" is a pains lane (its name says \"pain\")"), "\(said)")
        XCTAssertTrue(said.contains("12: lane \"Misc\" is a notes lane (its name names no lane kind)"), "\(said)")
    }

    func testWithoutStageOrLaneColumnsOneOfEach() throws {
        let draft = try read("Sticky\nToo many forms\nFriendly staff\n")
        let j = only(draft)
        XCTAssertEqual(j.stages, ["Imported"])
        XCTAssertEqual(j.lanes, [ImportDraft.Lane(title: "Steps", kind: .steps)])
        XCTAssertEqual(j.cards.map(\.lane), [0, 0])
        XCTAssertTrue(notes(draft, .info).contains { $0.hasPrefix("1: no lane column: every card goes into one steps lane") })
        XCTAssertTrue(notes(draft, .info).contains { $0.hasPrefix("1: no stage column") })
    }

    func testEmptyStageAndLaneCellsTakeTheRowAbove() throws {
        // what merged cells in a spreadsheet become in its CSV
        let draft = try read("Stage,Lane,Text\nBook,Pain points,Hidden fees\n,,Slow page\n,Ideas,Show the total\n")
        let j = only(draft)
        XCTAssertEqual(j.cards.map(\.stage), [0, 0, 0])
        XCTAssertEqual(j.cards.map(\.lane), [0, 0, 1])
        XCTAssertEqual(notes(draft, .changed), ["3: empty stage: put in \"Book\", the stage of the row above",
                                                "3: empty lane: put in \"Pain points\", the lane of the row above",
                                                "4: empty stage: put in \"Book\", the stage of the row above"])
        XCTAssertEqual(draft.notes.first { $0.kind == .changed }?.at.column, 1)
    }

    func testRowsLongerThanTheHeaderAreSaid() throws {
        let draft = try read("Text,Notes\nA card,a note,stray,fields\n")
        XCTAssertEqual(texts(only(draft)), ["A card"])
        XCTAssertEqual(draft.notes.filter { $0.kind == .changed }.map { "\($0.at.line):\($0.at.column)" }, ["2:15"])
    }

    // MARK: values

    func testEmotionOnOneToFiveIsMovedAndClamped() throws {
        let draft = try read("Text,Score\na,1\nb,3\nc,5\nd,4.5\ne,7\nf,meh\ng,😤 Frustrated\nh,very happy\ni,purple\n")
        let j = only(draft)
        XCTAssertEqual(j.cards.map(\.emotion), [-2, 0, 2, 1.5, 2, 0, -2, 2, nil])
        let said = draft.notes.map(\.message)
        XCTAssertTrue(said.contains { $0.hasPrefix("emotion numbers read on the scale 1…5") }, "\(said)")
        XCTAssertEqual(notes(draft, .changed), ["6: emotion 7 is outside 1…5: clamped to 5 (+2)"])
        XCTAssertEqual(notes(draft, .skipped), ["10: emotion \"purple\" is neither a number nor a word for a feeling: left out"])
        XCTAssertTrue(notes(draft, .info).contains("8: emotion \"😤 Frustrated\" read as −2"), "\(draft.notes)")
    }

    func testEmotionOnTheBoardsScale() throws {
        let draft = try read("Text;Emotion\na;-2\nb;0\nc;1,5\nd;\u{2212}1\ne;-3\n")
        XCTAssertEqual(only(draft).cards.map(\.emotion), [-2, 0, 1.5, -1, -2])
        XCTAssertEqual(notes(draft, .changed), ["6: emotion -3 is outside −2…+2: clamped to −2"])
    }

    func testVotesAreWholeNumbers() throws {
        let draft = try read("Text,Votes\na,3\nb,0\nc,2.0\nd,-1\ne,lots\nf,\n")
        XCTAssertEqual(only(draft).cards.map(\.votes), [3, 0, 2, nil, nil, nil])
        XCTAssertEqual(notes(draft, .skipped), ["5: votes \"-1\" is not a whole number of 0 or more: left out",
                                                "6: votes \"lots\" is not a whole number of 0 or more: left out"])
    }

    func testTagsAreSplitTrimmedAndOnce() {
        XCTAssertEqual(CSVImport.splitList(" a; b ,a,,c;"), ["a", "b", "c"])
        let many = (0..<40).map { "t\($0 % 20)" }.joined(separator: ",")
        XCTAssertEqual(CSVImport.splitList(many), (0..<20).map { "t\($0)" })
    }

    // MARK: Trello's CSV export

    func testTrelloCSVExportIsRecognisedByItsHeader() throws {
        let path = Fixture.packageRoot + "/Tests/JourneyKitTests/ImportFixtures/trello-export.csv"
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let draft = try CSVImport.read(bytes, file: "trello-export.csv", mapping: [:])
        let j = only(draft)
        XCTAssertEqual(j.title, "Home insurance claim")
        XCTAssertEqual(draft.boardTitle, "Home insurance claim")
        XCTAssertEqual(j.stages, ["Report the damage", "Settle"])
        XCTAssertEqual(j.lanes.map(\.kind), [.steps, .touchpoints, .pains, .opportunities])
        XCTAssertEqual(texts(j), ["Finds the water", "Calls the hotline", "Nobody says what happens next", "Offer paid in a week"])
        XCTAssertEqual(j.cards.map { j.lanes[$0.lane].kind }, [.steps, .touchpoints, .pains, .opportunities])
        XCTAssertEqual(j.cards[1].notes, "Waits 40 minutes.\nSays \"never again\".")
        XCTAssertEqual(j.cards[2].tags, ["urgent", "Pain point"])
        XCTAssertEqual(j.cards[2].owner, "Ana Souza, kwame_o")
        XCTAssertEqual(j.cards[2].votes, 2)
        XCTAssertEqual(j.cards.map(\.source.line), [2, 3, 5, 7])
        XCTAssertEqual(notes(draft, .skipped), ["6: archived card \"Loss adjuster visits\""])
    }

    func testMapBeatsTrellosColumns() throws {
        let path = Fixture.packageRoot + "/Tests/JourneyKitTests/ImportFixtures/trello-export.csv"
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let j = only(try CSVImport.read(bytes, file: "t.csv", mapping: ["lane": "Members", "stage": "Board Name"]))
        XCTAssertEqual(j.stages, ["Home insurance claim"])
        XCTAssertEqual(j.lanes.map(\.title), ["Steps", "Ana Souza", "Ana Souza, kwame_o", "kwame_o"])
        XCTAssertEqual(j.cards.map(\.lane), [0, 1, 2, 3])
    }

    // MARK: records against Python's csv module

    func testRecordsAgreeWithPythonsCSVModule() throws {
        var random = SeededRandom(seed: 13)
        let pieces = ["a", "bc", " ", ",", ";", "\"", "\n", "\r\n", "é", "中文", "\t", "x y"]
        for _ in 0..<8 {
            var expected: [[String]] = []
            var text = ""
            for _ in 0..<60 {
                let count = random.int(1...6)
                var row: [String] = []
                for _ in 0..<count {
                    var field = ""
                    for _ in 0..<random.int(0...4) { field += random.pick(pieces) }
                    row.append(field)
                }
                if row == [""] { row = ["z"] }
                expected.append(row)
                text += row.map { f in
                    let needs = f.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r\n" || $0 == "\r" } || f.hasPrefix(" ")
                    return needs || random.chance(0.2) ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
                }.joined(separator: ",") + (random.chance(0.5) ? "\r\n" : "\n")
            }
            let bytes = Array(text.utf8)
            let ours: [[String]] = try bytes.withUnsafeBufferPointer { p in
                var records = CSVRecords(p, delimiter: UInt8(ascii: ","))
                var fields: [CSVRecords.Field] = []
                var out: [[String]] = []
                while try records.next(into: &fields) != nil { out.append(fields.map { records.text($0) }) }
                return out
            }
            let normalised = expected.map { $0.map { $0.replacingOccurrences(of: "\r\n", with: "\n") } }
            XCTAssertEqual(ours, normalised)
            if let python = try PythonCSV.read(text) {
                XCTAssertEqual(ours, python.map { $0.map { $0.replacingOccurrences(of: "\r\n", with: "\n") } })
            }
        }
    }

    func testRecordLinesCountQuotedLineBreaks() throws {
        let text = "a,\"1\n2\r\n3\rz\"\r\nb\rc\n\"\"\"q\",d"
        let bytes = Array(text.utf8)
        let lines: [Int] = try bytes.withUnsafeBufferPointer { p in
            var records = CSVRecords(p, delimiter: UInt8(ascii: ","))
            var fields: [CSVRecords.Field] = []
            var out: [Int] = []
            while let line = try records.next(into: &fields) { out.append(line) }
            return out
        }
        XCTAssertEqual(lines, [1, 5, 6, 7])
    }
}
