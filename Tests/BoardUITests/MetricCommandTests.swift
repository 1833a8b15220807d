import XCTest
@testable import BoardUI
import JourneyKit
import JourneyTestSupport

/// `:metric …` and `:gate …`: each maps onto a `ScoringEdit`, is undoable, and says what went
/// wrong on the message line.
final class MetricCommandTests: XCTestCase {
    func state() -> BoardState {
        BoardState(board: exampleBoard("holiday-booking.json"), path: "holiday.json", width: 120, height: 40, useColor: false)
    }

    func testAddAMetricWithASpacedLabelAndAWeightThenUndoRedo() {
        var s = state()
        XCTAssertEqual(command(&s, "metric add nps Net promoter score -100 100 higher 2"), [])
        let m = s.board.heroMetrics["nps"]
        XCTAssertEqual(m?.label, "Net promoter score")
        XCTAssertEqual(m?.min, -100)
        XCTAssertEqual(m?.max, 100)
        XCTAssertEqual(m?.better, "higher")
        XCTAssertEqual(m?.weight, 2)
        XCTAssertEqual(s.board.orderedHeroMetrics.last?.id, "nps", "after the others")
        XCTAssertTrue(s.message?.contains("added hero metric Net promoter score") ?? false, s.message ?? "")
        press(&s, .char("u"))
        XCTAssertNil(s.board.heroMetrics["nps"])
        XCTAssertFalse(s.isModified)
        press(&s, .ctrl("r"))
        XCTAssertEqual(s.board.heroMetrics["nps"]?.weight, 2)
        command(&s, "metric add conv \"Conversion\" 0 100 higher")
        XCTAssertEqual(s.board.heroMetrics["conv"]?.label, "Conversion")
        XCTAssertEqual(s.board.heroMetrics["conv"]?.weight, 1, "weight 1 unless given")
    }

    func testEachMetricEditAndItsUndo() {
        var s = state()
        let original = s.board
        let steps: [(String, (Board) -> Bool)] = [
            ("metric label effort Counsellor effort score", { $0.heroMetrics["effort"]?.label == "Counsellor effort score" }),
            ("metric unit effort CES", { $0.heroMetrics["effort"]?.unit == "CES" }),
            ("metric scale effort 0 10", { $0.heroMetrics["effort"]?.min == 0 && $0.heroMetrics["effort"]?.max == 10 }),
            ("metric better effort higher", { $0.heroMetrics["effort"]?.better == "higher" }),
            ("metric weight engagement 0", { $0.heroMetrics["engagement"]?.weight == 0 }),
            ("gate any", { $0.scoring.gate == "any" }),
        ]
        var boards = [s.board]
        for (line, check) in steps {
            XCTAssertEqual(command(&s, line), [], "\(line): \(s.message ?? "")")
            XCTAssertTrue(check(s.board), line)
            boards.append(s.board)
        }
        XCTAssertEqual(s.undoCount, steps.count, "one undoable step each")
        for k in stride(from: steps.count - 1, through: 0, by: -1) {
            press(&s, .char("u"))
            XCTAssertEqual(s.board, boards[k], "undo of \(steps[k].0)")
        }
        XCTAssertEqual(s.board, original)
        for k in 0..<steps.count {
            press(&s, .ctrl("r"))
            XCTAssertEqual(s.board, boards[k + 1], "redo of \(steps[k].0)")
        }
    }

    func testRemovingAMetricRemovesItsValuesAndUndoBringsThemBack() {
        var s = state()
        let original = s.board
        XCTAssertTrue(original.cards.values.contains { $0.impact["engagement"] != nil })
        command(&s, "metric remove engagement")
        XCTAssertNil(s.board.heroMetrics["engagement"])
        XCTAssertFalse(s.board.cards.values.contains { $0.impact["engagement"] != nil || $0.metrics["engagement"] != nil || $0.measured["engagement"] != nil })
        XCTAssertNil(s.board.orderedJourneys[0].metrics["engagement"])
        XCTAssertTrue(s.message?.contains("removed hero metric Engagement and its") ?? false, s.message ?? "")
        XCTAssertTrue(Validator.validate(s.board).isEmpty, "the board still passes check")
        press(&s, .char("u"))
        XCTAssertEqual(s.board, original)
        // scores follow: two metrics left
        press(&s, .ctrl("r"))
        XCTAssertEqual(CXScore.ranking(s.board).score(at: 0)?.terms.map(\.metric), ["satisfaction", "effort"])
    }

    func testErrorsGoToTheMessageLineAndChangeNothing() {
        var s = state()
        let before = s.board
        let cases: [(String, String)] = [
            ("metric add 9 NPS 0 10 higher", ""), // ids may start with a digit: accepted
            ("metric add -x NPS 0 10 higher", "a hero metric id is"),
            ("metric add effort Effort 1 7 lower", "there is already a hero metric effort"),
            ("metric add nps NPS 10 0 higher", "min (10) must be less than max (0)"),
            ("metric add nps NPS zero 10 higher", "min must be a number"),
            ("metric add nps NPS 0 10 sideways", "usage: :metric add ID LABEL MIN MAX higher|lower [WEIGHT]"),
            ("metric add nps NPS 0 10 higher -1", "weight must be 0 or more"),
            ("metric remove nope", "no hero metric nope"),
            ("metric weight effort heavy", "weight must be a number"),
            ("metric weight effort -2", "weight must be 0 or more"),
            ("metric scale effort 7 1", "min (7) must be less than max (1)"),
            ("metric better effort up", "usage: :metric better ID higher|lower"),
            ("metric label effort", "usage: :metric label ID TEXT"),
            ("metric frobnicate", "usage: :metric add"),
            ("gate some", "usage: :gate all|any|none"),
        ]
        for (line, expected) in cases {
            var t = s
            let effects = command(&t, line)
            if expected.isEmpty {
                XCTAssertEqual(effects, [], line)
                continue
            }
            XCTAssertEqual(effects, [.bell], line)
            XCTAssertTrue(t.message?.contains(expected) ?? false, "\(line): \(t.message ?? "nil")")
            XCTAssertEqual(t.board, before, line)
            XCTAssertFalse(t.canUndo, line)
        }
        command(&s, "metric")
        // the list is an overlay, a row per metric, not a message line cut at the screen's edge
        XCTAssertEqual(s.mode, .metrics(scroll: 0))
        let listed = Overlays.metricLines(s)
        XCTAssertTrue(listed.contains { $0.hasPrefix("satisfaction") && $0.contains("Counsellor satisfaction") && $0.contains("0–100") && $0.contains("higher") }, listed.joined(separator: "\n"))
        XCTAssertEqual(listed.filter { $0.hasPrefix("satisfaction") || $0.hasPrefix("effort") || $0.hasPrefix("engagement") }.count, 3, listed.joined(separator: "\n"))
        reduce(&s, .input(.key(.escape)))
        XCTAssertEqual(s.mode, .board)
        command(&s, "gate")
        XCTAssertEqual(s.message, "gate: all — improves every hero metric (:gate all|any|none changes it)")
    }

    func testCommandsAreListedInHelp() {
        let help = Overlays.helpLines.joined(separator: "\n")
        for c in [":metric add ID LABEL MIN MAX higher|lower [WEIGHT]", ":metric remove ID", ":metric label ID TEXT",
                  ":metric scale ID MIN MAX", ":metric better ID higher|lower", ":metric weight ID W", ":gate all|any|none"] {
            XCTAssertTrue(KeyMap.commands.contains { $0.0 == c }, c)
            XCTAssertTrue(KeyMap.markdown.contains(String(c.flatMap { $0 == "|" ? ["\\", "|"] : [$0] })), c)
        }
        XCTAssertTrue(help.contains("  :metric add ID LABEL MIN MAX higher|lower [WEIGHT]\n"), "long commands are not cut")
    }
}
