import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// `TrelloImport.read` on a board export written from Trello's documented JSON (lists, cards,
/// labels, members, `closed`, `pos`, `idList`, `idLabels`, `idMembers`), and the errors for
/// files that are not one.
final class TrelloImportTests: XCTestCase {
    func fixture() throws -> [UInt8] {
        let path = Fixture.packageRoot + "/Tests/JourneyKitTests/ImportFixtures/trello-board.json"
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    func testBoardExportBecomesOneJourney() throws {
        let draft = try TrelloImport.read(try fixture(), file: "board.json")
        XCTAssertEqual(draft.boardTitle, "Home insurance claim")
        XCTAssertEqual(draft.journeys.count, 1)
        let j = draft.journeys[0]
        XCTAssertEqual(j.title, "Home insurance claim")
        // open lists in pos order (the file has them out of order)
        XCTAssertEqual(j.stages, ["Report the damage", "理赔评估", "Settle"])
        // cards in pos order within their list, names trimmed
        XCTAssertEqual(j.cards.map(\.text), ["Finds the water", "Calls the hotline", "Nobody says what happens next",
                                             "评估员上门", "Offer paid in a week", "Payout lower than expected"])
        XCTAssertEqual(j.cards.map(\.stage), [0, 0, 0, 1, 2, 2])
        // one lane per kind a label names, steps for the rest, in the board's order of kinds
        XCTAssertEqual(j.lanes, [ImportDraft.Lane(title: "Steps", kind: .steps), ImportDraft.Lane(title: "Touchpoints", kind: .touchpoints),
                                 ImportDraft.Lane(title: "Pain points", kind: .pains), ImportDraft.Lane(title: "Opportunities", kind: .opportunities)])
        XCTAssertEqual(j.cards.map { j.lanes[$0.lane].kind }, [.steps, .touchpoints, .pains, .steps, .opportunities, .pains])
        let hotline = j.cards[1], nobody = j.cards[2], assessor = j.cards[3]
        XCTAssertEqual(hotline.notes, "Waits 40 minutes.\nHangs up once.")
        XCTAssertEqual(hotline.tags, ["Touchpoint"])
        XCTAssertEqual(hotline.owner, "Ana Souza")
        XCTAssertEqual(nobody.tags, ["urgent", "Pain point"])
        XCTAssertEqual(nobody.owner, "Ana Souza, kwame_o", "full names, else user names")
        XCTAssertEqual(nobody.votes, 2)
        XCTAssertEqual(assessor.tags, ["purple"], "a label without a name is its colour")
        XCTAssertEqual(assessor.notes, "带着平板电脑")
        XCTAssertNil(j.cards[0].notes)
        XCTAssertEqual(hotline.source.description, "board.json:22:5", "where the card's object starts")
        let skipped = draft.notes.filter { $0.kind == .skipped }.map { "\($0.at.line): \($0.message)" }
        XCTAssertEqual(skipped, ["18: archived list \"Old ideas\" (and its cards)",
                                 "36: archived card \"Loss adjuster visits\"",
                                 "42: card \"Chatbot for claim status\" is in the archived list \"Old ideas\"",
                                 "51: card \"Card of a deleted list\" is in no list of the board (idList \"64a0c0ffee0000000000c0ff\")"])
    }

    func testOlderExportsWithoutTopLevelLabels() throws {
        // 2015-era exports carry label objects on each card and no "labels" array on the board
        let json = """
        {"name":"Old","lists":[{"id":"L","name":"Do","closed":false,"pos":1}],
         "cards":[{"id":"c","name":"Angry call","desc":"","closed":false,"idList":"L","pos":1,"idLabels":["x"],"idMembers":[],
                   "labels":[{"id":"x","name":"Pain","color":"red"}]}],"members":[]}
        """
        let j = try TrelloImport.read(Array(json.utf8), file: "old.json").journeys[0]
        XCTAssertEqual(j.cards[0].tags, ["Pain"])
        XCTAssertEqual(j.lanes.map(\.kind), [.pains])
    }

    func testFilesThatAreNoBoardExport() {
        func message(_ text: String) -> String? {
            do { _ = try TrelloImport.read(Array(text.utf8), file: "t.json"); return nil }
            catch let e as ImportError { return e.description } catch { return "\(error)" }
        }
        XCTAssertEqual(message("[1,2]"), "t.json:1:1: error: a Trello board export is a JSON object (it starts with '{'), found an array")
        XCTAssertEqual(message(""), "t.json:1:1: error: a Trello board export is a JSON object (it starts with '{'), found end of file")
        XCTAssertEqual(message("{\"name\":\"x\",\"lists\":[]}"), "t.json:1:1: error: not a Trello board export: it has no \"cards\" array")
        XCTAssertEqual(message("{\"lists\":[],\n \"cards\":[{\"name\":\"a\",}]}"), "t.json:2:22: error: trailing comma before '}'")
        XCTAssertEqual(message("{\"lists\":[],\"cards\":[3]}"), "t.json:1:22: error: an element of \"cards\" is not an object")
        XCTAssertNotNil(message("{\"lists\":[],\"cards\":[]} x"))
    }
}
