import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// Boards the export tests share: a small journey whose every figure is known by hand.
enum ExportFixture {
    /// Two journeys; the first has stages Order, Install, Use (in that order although written
    /// out of order), lanes steps, touchpoints, emotion, opportunities; the second is a
    /// variant of the first.
    static func board() -> Board {
        var b = Board(title: "Broadband")
        b.heroMetrics = Board.defaultHeroMetrics
        b.personas["pe_0000000001"] = Persona(id: "pe_0000000001", name: "Parent", description: "Busy", order: "a0")
        b.journeys["jr_0000000001"] = Journey(id: "jr_0000000001", title: "Get connected", persona: "pe_0000000001", order: "a0")
        b.journeys["jr_0000000001"]!.metrics = ["satisfaction": 50]
        var future = Journey(id: "jr_0000000002", title: "Get connected (future)", state: .future, order: "a1")
        future.extra["variantOf"] = .string("jr_0000000001")
        b.journeys[future.id] = future
        b.stages["st_0000000003"] = Stage(id: "st_0000000003", journey: "jr_0000000001", title: "Use", order: "a2")
        b.stages["st_0000000001"] = Stage(id: "st_0000000001", journey: "jr_0000000001", title: "Order", order: "a0")
        b.stages["st_0000000002"] = Stage(id: "st_0000000002", journey: "jr_0000000001", title: "Install", order: "a1")
        b.stages["st_0000000009"] = Stage(id: "st_0000000009", journey: "jr_0000000002", title: "Order", order: "a0")
        b.lanes["ln_0000000001"] = Lane(id: "ln_0000000001", journey: "jr_0000000001", kind: .steps, order: "a0")
        b.lanes["ln_0000000002"] = Lane(id: "ln_0000000002", journey: "jr_0000000001", kind: .touchpoints, order: "a1")
        b.lanes["ln_0000000003"] = Lane(id: "ln_0000000003", journey: "jr_0000000001", kind: .emotion, order: "a2")
        b.lanes["ln_0000000004"] = Lane(id: "ln_0000000004", journey: "jr_0000000001", kind: .opportunities, order: "a3")
        b.lanes["ln_0000000009"] = Lane(id: "ln_0000000009", journey: "jr_0000000002", kind: .steps, order: "a0")
        func add(_ n: Int, _ lane: Int, _ stage: Int, _ order: String, _ text: String, _ edit: (inout Card) -> Void = { _ in }) {
            var c = Card(id: String(format: "cd_%010d", n), lane: String(format: "ln_%010d", lane),
                         stage: String(format: "st_%010d", stage), order: order, text: text)
            edit(&c)
            b.cards[c.id] = c
        }
        add(2, 1, 1, "a1", "Compare plans")
        add(1, 1, 1, "a0", "Find the shop")
        add(3, 1, 2, "a0", "Wait for the technician")
        add(4, 2, 1, "a0", "Website") { $0.channel = "web"; $0.metrics = ["satisfaction": 80]; $0.volume = 3 }
        add(5, 2, 1, "a1", "Shop") { $0.channel = "store"; $0.metrics = ["satisfaction": 60]; $0.volume = 1 }
        add(6, 3, 1, "a0", "Hopeful") { $0.value = 1 }
        add(7, 3, 1, "a1", "Unsure") { $0.value = 0 }
        add(8, 3, 2, "a0", "Annoyed") { $0.value = -2 }
        add(9, 4, 2, "a0", "ETA by SMS") {
            $0.impact = ["satisfaction": 10, "effort": -1, "engagement": 5]; $0.confidence = 80; $0.reach = 50; $0.cost = 2
            $0.votes = ["Ann": 2, "Bo": 1]; $0.tags = ["quick", "sms"]; $0.owner = "Ops"; $0.links = ["cd_0000000003"]
        }
        add(10, 4, 3, "a0", "Self install kit") {
            $0.impact = ["satisfaction": 20, "effort": -2, "engagement": 10]; $0.confidence = 50; $0.reach = 100; $0.cost = 8
        }
        add(11, 9, 9, "a0", "Order online")
        return b
    }
}

final class ExportViewTests: XCTestCase {
    func testJourneysStagesLanesAndCardsComeInOrder() throws {
        let view = ExportView(ExportFixture.board())
        XCTAssertEqual(view.title, "Broadband")
        XCTAssertEqual(view.heroMetrics.map(\.id), ["satisfaction", "effort", "engagement"])
        XCTAssertEqual(view.journeys.map(\.id), ["jr_0000000001", "jr_0000000002"])
        let j = view.journeys[0]
        XCTAssertEqual(j.persona?.name, "Parent")
        XCTAssertEqual(j.state, "current")
        XCTAssertNil(j.variantOf)
        XCTAssertEqual(view.journeys[1].variantOf, "jr_0000000001")
        XCTAssertEqual(view.journeys[1].state, "future")
        XCTAssertEqual(j.stages.map(\.title), ["Order", "Install", "Use"])
        XCTAssertEqual(j.stages.map(\.position), [1, 2, 3])
        XCTAssertEqual(j.lanes.map(\.kind), ["steps", "touchpoints", "emotion", "opportunities"])
        XCTAssertEqual(j.lanes[0].cells.map { $0.map(\.text) }, [["Find the shop", "Compare plans"], ["Wait for the technician"], []])
        XCTAssertEqual(j.cards.count, 10)
        XCTAssertEqual(j.lanes[1].cells[0][0].channel, "web")
        XCTAssertEqual(j.lanes[1].cells[0][0].laneKind, .touchpoints)
    }

    func testEmotionCurveIsTheMeanPerStageAndNilWhereNone() {
        let j = ExportView(ExportFixture.board()).journeys[0]
        XCTAssertEqual(j.emotionCurve, [0.5, -2, nil])
        XCTAssertEqual(j.stages.map(\.emotionCards), [2, 1, 0])
        XCTAssertEqual(j.lanes[2].cells[0].map(\.emotion), [1, 0])
        XCTAssertNil(j.lanes[0].cells[0][0].emotion)
    }

    func testHeroMetricMeansPerStageAndTheJourneyGap() throws {
        let j = ExportView(ExportFixture.board()).journeys[0]
        // (80·3 + 60·1) / 4 = 75 in Order; nothing measured elsewhere
        XCTAssertEqual(j.stages[0].touchpoints["satisfaction"], .some(75))
        XCTAssertEqual(j.stages[1].touchpoints["satisfaction"], .some(nil))
        XCTAssertEqual(j.curves.map(\.metric), ["satisfaction", "effort", "engagement"])
        let satisfaction = try XCTUnwrap(j.comparison.metrics.first { $0.metric == "satisfaction" })
        XCTAssertEqual(satisfaction.touchpoints, 75)
        XCTAssertEqual(satisfaction.journey, 50)
        XCTAssertEqual(satisfaction.gap, -25)
        XCTAssertEqual(j.comparison, JourneyComparison.of(ExportFixture.board(), journey: "jr_0000000001"))
    }

    func testOpportunitiesAreRankedAsScoreRanksThem() {
        let board = ExportFixture.board()
        let j = ExportView(board).journeys[0]
        let expected = CXScore.ranked(board, journey: "jr_0000000001")
        XCTAssertEqual(j.opportunities.map(\.score.card), expected.map(\.card))
        XCTAssertEqual(j.opportunities.map(\.rank), [1, 2])
        XCTAssertEqual(j.opportunities.map(\.score), expected)
        XCTAssertEqual(j.opportunities.first { $0.score.card == "cd_0000000009" }?.stageTitle, "Install")
        XCTAssertEqual(j.opportunities.first { $0.score.card == "cd_0000000009" }?.votes, 3)
        XCTAssertTrue(ExportView(board).journeys[1].opportunities.isEmpty)
    }

    func testHiddenVotesAreNilEverywhere() {
        var board = ExportFixture.board()
        XCTAssertEqual(ExportView(board).journeys[0].cards.first { $0.id == "cd_0000000009" }?.votes, 3)
        board.scoring.votesHidden = true
        let view = ExportView(board)
        XCTAssertTrue(view.votesHidden)
        XCTAssertTrue(view.journeys.flatMap(\.cards).allSatisfy { $0.votes == nil })
        XCTAssertTrue(view.journeys.flatMap(\.opportunities).allSatisfy { $0.votes == nil })
    }

    func testOneJourneyByIDOrTitle() {
        let board = ExportFixture.board()
        XCTAssertEqual(ExportView(board, journey: "jr_0000000002").journeys.map(\.id), ["jr_0000000002"])
        XCTAssertEqual(ExportView.resolve(board, journey: "get connected (FUTURE)")?.journeys.map(\.id), ["jr_0000000002"])
        XCTAssertEqual(ExportView.resolve(board, journey: nil)?.journeys.count, 2)
        XCTAssertNil(ExportView.resolve(board, journey: "No such journey"))
    }

    func testExampleBoardsResolveEveryCard() throws {
        for path in Fixture.exampleBoards {
            let board = try XCTUnwrap(BoardChecker.check(file: path).board, path)
            let view = ExportView(board)
            XCTAssertEqual(view.journeys.flatMap(\.cards).count, board.cards.count, path)
        }
    }
}
