import Foundation
import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// Import drafts made into a new board or added to one: ids and order keys as every edit makes
/// them, stages matched by title, cards at the end of their cells, nothing added twice, and the
/// export → import round trip of the example boards.
final class ImportApplyTests: XCTestCase {
    let diagram = """
        journey
          title My working day
          section Go to work
            Make tea: 5: Me
            Go upstairs: 3: Me
            Do work: 1: Me, Cat
          section Go home
            Go downstairs: 5: Me
            Sit down: 5: Me
        """

    func draft(_ text: String) throws -> ImportDraft { try MermaidImport.read(Array(text.utf8), file: "day.mmd") }

    /// Cell texts of a journey: "stage/lane" → texts in order.
    func cells(_ board: Board, journey: String) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for s in board.stages(of: journey) {
            for l in board.lanes(of: journey) {
                let texts = board.cards(stage: s.id, lane: l.id).map(\.text)
                if !texts.isEmpty { out["\(s.title)/\(l.title)"] = texts }
            }
        }
        return out
    }

    func testANewBoardPassesCheckWithPersonasAndEmotion() throws {
        let (board, report) = ImportApply.newBoard([try draft(diagram)])
        XCTAssertEqual(Validator.validate(board), [])
        XCTAssertEqual(board.title, "My working day")
        XCTAssertEqual(board.heroMetrics, Board.defaultHeroMetrics)
        let j = try XCTUnwrap(board.orderedJourneys.first)
        XCTAssertEqual(board.personas[j.persona!]?.name, "Me")
        XCTAssertEqual(board.orderedPersonas.map(\.name), ["Me", "Cat"])
        XCTAssertEqual(board.stages(of: j.id).map(\.title), ["Go to work", "Go home"])
        XCTAssertEqual(board.lanes(of: j.id).map(\.kind), ["steps", "emotion"])
        XCTAssertEqual(cells(board, journey: j.id)["Go to work/Steps"], ["Make tea", "Go upstairs", "Do work"])
        XCTAssertEqual(ExportView(board).journeys[0].emotionCurve, [(2 + 0 - 2) / 3.0, 2])
        let doWork = try XCTUnwrap(board.cards.values.first { $0.text == "Do work" && board.kind(of: $0) == .steps })
        XCTAssertEqual(doWork.tags, ["Cat", "Me"])
        XCTAssertTrue(board.cards.values.allSatisfy { $0.id.hasPrefix("cd_") && $0.id.count == 13 })
        XCTAssertEqual([report.journeysCreated, report.stagesCreated, report.lanesCreated, report.cardsCreated], [1, 2, 2, 10])
        XCTAssertEqual(report.personasCreated, ["Me", "Cat"])
        // the board survives writing and reading
        XCTAssertEqual(try BoardCodec.read(BoardCodec.write(board), file: "b.json"), board)
    }

    func testIntoABoardStagesMatchByTitleCardsGoLastAndARerunAddsNothing() throws {
        var board = BoardTemplate.named("blank")!.makeBoard()
        let jid = board.orderedJourneys[0].id
        let steps = board.lanes(of: jid).first { $0.laneKind == .steps }!
        let stage = board.stages(of: jid)[0]
        board.stages[stage.id]!.title = "Go home"
        board.cards["cd_existing01"] = Card(id: "cd_existing01", lane: steps.id, stage: stage.id, order: "a5", text: "Sit down")
        board.cards["cd_existing02"] = Card(id: "cd_existing02", lane: steps.id, stage: stage.id, order: "a7", text: "Find the keys")

        let (once, report) = ImportApply.add([try draft(diagram)], to: board, journey: "Journey")
        XCTAssertEqual(Validator.validate(once), [])
        XCTAssertEqual(once.stages(of: jid).map(\.title), ["Go home", "Go to work"])
        XCTAssertEqual(cells(once, journey: jid)["Go home/Steps"], ["Sit down", "Find the keys", "Go downstairs"])
        XCTAssertEqual(report.journeys.map(\.created), [false])
        XCTAssertEqual(report.stagesCreated, 1)
        XCTAssertEqual(report.lanesCreated, 0)   // the template's Steps and Emotion lanes
        XCTAssertEqual(report.cardsCreated, 9)
        XCTAssertEqual(report.cardsAlreadyThere, 1)
        let added = once.cards(stage: stage.id, lane: steps.id).last!
        XCTAssertTrue(CanonicalJSON.keyPrecedes("a7", added.order))

        let (twice, again) = ImportApply.add([try draft(diagram)], to: once, journey: "Journey")
        XCTAssertEqual(twice, once)
        XCTAssertFalse(again.changesBoard)
        XCTAssertEqual(again.cardsAlreadyThere, 10)
    }

    func testWithoutJourneyTheJourneyOfTheSameTitleIsUsedElseANewOne() throws {
        let (first, _) = ImportApply.newBoard([try draft(diagram)])
        let (second, report) = ImportApply.add([try draft(diagram), try draft("journey\n  title Weekend\n  section Sat\n    Sleep in: 5: Me\n")], to: first)
        XCTAssertEqual(second.orderedJourneys.map(\.title), ["My working day", "Weekend"])
        XCTAssertEqual(report.journeys.map(\.created), [false, true])
        XCTAssertEqual(report.cardsCreated, 2)
        XCTAssertEqual(report.personasCreated, [])
        XCTAssertEqual(second.orderedPersonas.map(\.name), ["Me", "Cat"])
        XCTAssertEqual(Validator.validate(second), [])
    }

    func testTheSameTextTwiceInASourceGivesTwoCardsAndRepeatedSectionsStayApart() throws {
        let text = "journey\n  section Darkoob\n    Pay: 3\n    Pay: 3\n  section Other\n    X: 3\n  section Darkoob\n    Pay: 3\n"
        let (board, report) = ImportApply.newBoard([try draft(text)])
        let jid = board.orderedJourneys[0].id
        XCTAssertEqual(board.stages(of: jid).map(\.title), ["Darkoob", "Other", "Darkoob"])
        XCTAssertEqual(report.cardsCreated, 8)
        let (again, second) = ImportApply.add([try draft(text)], to: board)
        XCTAssertEqual(again, board)
        XCTAssertEqual(second.cardsAlreadyThere, 8)
    }

    func testAnEmotionOnAnotherKindOfCardAlsoGivesAnEmotionCard() throws {
        var draft = ImportDraft()
        var j = ImportDraft.Journey(title: "Sheet", source: ImportSourceLocation(file: "s.csv", line: 1))
        j.stages = ["Order"]
        j.lanes = [ImportDraft.Lane(title: "Pain points", kind: .pains)]
        var card = ImportDraft.Card(stage: 0, lane: 0, text: "Asked twice", source: ImportSourceLocation(file: "s.csv", line: 2))
        card.emotion = -1.5
        card.votes = 3
        j.cards = [card]
        draft.journeys = [j]
        let (board, report) = ImportApply.newBoard([draft])
        XCTAssertEqual(Validator.validate(board), [])
        XCTAssertEqual(report.journeys[0].lanesCreated.map(\.kind), [.pains, .emotion])
        let feeling = try XCTUnwrap(board.cards.values.first { board.kind(of: $0) == .emotion })
        XCTAssertEqual(feeling.text, "Asked twice")
        XCTAssertEqual(feeling.value, -1.5)
        XCTAssertEqual(feeling.votes, [:])
        let pain = try XCTUnwrap(board.cards.values.first { board.kind(of: $0) == .pains })
        XCTAssertNil(pain.value)
        XCTAssertEqual(pain.votes, [ImportApply.importedVoter: 3])
        XCTAssertEqual(ExportView(board).journeys[0].emotionCurve, [-1.5])
        let (again, second) = ImportApply.add([draft], to: board)
        XCTAssertEqual(again, board)
        XCTAssertEqual(second.cardsAlreadyThere, 2)
    }

    /// Two imports of one source into one board at once: each decides under the save lock, from
    /// the file as it is then, so the second adds nothing even though it read the board before
    /// the first wrote.
    func testAnImportDecidesFromTheFileUnderTheLock() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("board.json")
        try BoardFile.save(BoardTemplate.named("blank")!.makeBoard(), to: path)
        var first = try SaveCoordinator.load(path).0
        var second = try SaveCoordinator.load(path).0   // read before the first import writes
        let source = [try draft(diagram)]
        func importing(_ board: Board) -> Board? {
            let (new, report) = ImportApply.add(source, to: board, journey: "Journey")
            return report.changesBoard ? new : nil
        }
        XCTAssertEqual(try first.update(importing), .written)
        XCTAssertEqual(try second.update(importing), .unchanged)
        let texts = try BoardFile.load(path).cards.values.map(\.text)
        XCTAssertEqual(texts.count, 10)
        XCTAssertEqual(Set(texts).count, 5)
        // a file with conflict markers is not written over
        try Data("<<<<<<< ours\n{}\n=======\n{}\n>>>>>>> theirs\n".utf8).write(to: URL(fileURLWithPath: path))
        guard case .refused = try second.update(importing) else { return XCTFail("written over conflict markers") }
    }

    func testANamedJourneyThatDoesNotExistIsMade() throws {
        let (board, report) = ImportApply.newBoard([try draft(diagram)], journey: "Future state")
        XCTAssertEqual(board.orderedJourneys.map(\.title), ["Future state"])
        XCTAssertEqual(report.journeys.map(\.created), [true])
    }

    func testTheDescriptionIsKept() throws {
        let (board, _) = ImportApply.newBoard([try draft("journey\n  accTitle: Day\n  accDescr: How a day goes\n  title T\n  section S\n    A: 3\n")])
        XCTAssertEqual(board.orderedJourneys[0].description, "Day\nHow a day goes")
        XCTAssertTrue(String(decoding: BoardCodec.write(board), as: UTF8.self).contains("\"description\": \"Day\\nHow a day goes\""))
    }

    /// `journey export --format mermaid`, then `journey import`: the same stages, step texts and
    /// emotion, and the imported board exports to the same diagram.
    func testExportThenImportGivesBackStagesStepsAndEmotion() throws {
        XCTAssertFalse(Fixture.exampleBoards.isEmpty)
        for path in Fixture.exampleBoards {
            let board = try BoardFile.load(path)
            for original in ExportView(board).journeys {
                let text = ExportMermaid.render(original)
                let (imported, _) = ImportApply.newBoard([try MermaidImport.read(Array(text.utf8), file: "export.mmd")])
                XCTAssertEqual(Validator.validate(imported), [], path)
                let back = try XCTUnwrap(ExportView(imported).journeys.first)
                XCTAssertEqual(back.title, original.title)
                XCTAssertEqual(back.stages.map(\.title), original.stages.map(\.title), path)
                func steps(_ j: ExportView.JourneyView) -> [[String]] {
                    j.stages.indices.map { i in j.lanes.filter { $0.laneKind == .steps }.flatMap { $0.cells[i].map(\.text) } }
                }
                XCTAssertEqual(steps(back), steps(original), path)
                for (i, stage) in original.stages.enumerated() where !steps(original)[i].isEmpty {
                    XCTAssertEqual(back.stages[i].emotion, stage.emotion ?? 0, "\(path) \(stage.title)")
                }
                XCTAssertEqual(ExportMermaid.render(back), text, path)
            }
        }
    }
}
