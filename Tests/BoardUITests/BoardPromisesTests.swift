import XCTest
@testable import BoardUI
import JourneyKit

/// Small promises of the board: no recovery file outlives its edits, `:w PATH` saves as,
/// emotion cards without a value are not zeros and fractional values are shown as they are,
/// `:journey add` reads its options, filters take quoted values, refuse unknown keys and count.
final class BoardPromisesTests: XCTestCase {
    // MARK: recovery file

    func testBackAtTheSavedStateTheOwnRecoveryFileGoes() {
        var s = Fixtures.state()
        press(&s, .char("a")); type(&s, "Unsaved")
        XCTAssertFalse(press(&s, .enter).contains(.dropOwnRecovery))
        XCTAssertTrue(s.isModified)
        press(&s, .char("d"))
        XCTAssertFalse(press(&s, .char("u")).contains(.dropOwnRecovery), "one undo still leaves an unsaved edit")
        XCTAssertEqual(press(&s, .char("u")), [.dropOwnRecovery], "undone back to the saved state: the recovery file goes")
        XCTAssertFalse(s.isModified)
        XCTAssertFalse(press(&s, .char("u")).contains(.dropOwnRecovery), "nothing to undo: no effect")
        // redo makes it modified again, undo brings it back
        press(&s, .char("U"))
        if s.isModified { XCTAssertEqual(press(&s, .char("u")), [.dropOwnRecovery]) }

        // after a save, the saved state is the new one
        press(&s, .char("a")); type(&s, "Saved"); press(&s, .enter)
        XCTAssertEqual(reduce(&s, .saved), [.deleteRecovery])
        press(&s, .char("d"))
        XCTAssertEqual(press(&s, .char("u")), [.dropOwnRecovery])
    }

    func testQuittingCleanRemovesTheOwnRecoveryFile() {
        var s = Fixtures.state()
        XCTAssertEqual(press(&s, .char("q")), [.dropOwnRecovery, .quit])
        s = Fixtures.state()
        XCTAssertEqual(command(&s, "q"), [.dropOwnRecovery, .quit])
        s = Fixtures.state()
        press(&s, .char("d"))
        XCTAssertEqual(command(&s, "q"), [.bell], "unsaved edits: :q refuses")
        XCTAssertEqual(command(&s, "q!"), [.deleteRecovery, .quit], ":q! discards the edits and their file")
        s = Fixtures.state()
        press(&s, .char("d"))
        press(&s, .char("q"))
        XCTAssertEqual(press(&s, .char("d")), [.deleteRecovery, .quit])
    }

    // MARK: save as

    func testWriteWithAPathSavesAs() {
        var s = Fixtures.state()
        XCTAssertEqual(command(&s, "w"), [.save(path: "test.json", quitAfter: false)])
        XCTAssertEqual(command(&s, "w test.json"), [.save(path: "test.json", quitAfter: false)], "its own name: a plain save")
        XCTAssertEqual(command(&s, "w copy.json"), [.saveAs(path: "copy.json", overwrite: false, quitAfter: false)])
        XCTAssertEqual(command(&s, "w! copy.json"), [.saveAs(path: "copy.json", overwrite: true, quitAfter: false)])
        XCTAssertEqual(command(&s, "w \"my  board.json\""), [.saveAs(path: "my  board.json", overwrite: false, quitAfter: false)])
        XCTAssertEqual(command(&s, "wq copy.json"), [.saveAs(path: "copy.json", overwrite: false, quitAfter: true)])
        XCTAssertEqual(command(&s, "x! copy.json"), [.saveAs(path: "copy.json", overwrite: true, quitAfter: true)])
        XCTAssertEqual(command(&s, "wq"), [.save(path: "test.json", quitAfter: true)])

        // the loop wrote it: the board is now that file
        press(&s, .char("d"))
        XCTAssertTrue(s.isModified)
        XCTAssertEqual(reduce(&s, .savedAs("copy.json")), [.deleteRecovery])
        XCTAssertEqual(s.path, "copy.json")
        XCTAssertFalse(s.isModified)
        let screen = BoardView.render(s)
        XCTAssertTrue(screen.line(s.height - 1).contains("copy.json"), "the status line names the new file:\n\(screen.text)")
        XCTAssertTrue(screen.text.contains("saved as copy.json"), screen.text)
        XCTAssertEqual(press(&s, .char("s")), [.save(path: "copy.json", quitAfter: false)], "later saves go there")
    }

    func testSaveAsIsInTheHelp() {
        XCTAssertTrue(KeyMap.commands.contains { $0.0 == ":w PATH" && $0.1.contains("save as") })
        XCTAssertTrue(KeyMap.commands.contains { $0.0 == ":w! PATH" })
    }

    // MARK: emotion values

    func testAnEmotionCardWithoutAValueIsNotAZero() {
        var s = Fixtures.state(width: 100, height: 30)
        let points = { (s: BoardState) in BoardView.render(s).text.components(separatedBy: "● ").count - 1 }
        XCTAssertEqual(points(s), 1, "one stage has emotion values")
        s.focusStage = "st_1"; s.focusLane = "ln_emo"; s.focusCard = nil
        press(&s, .char("a")); type(&s, "Anxious"); press(&s, .enter)
        let added = s.board.cards.values.first { $0.text == "Anxious" }!
        XCTAssertNil(added.value, "added without a value")
        XCTAssertEqual(points(s), 1, "a stage whose emotion cards have no values shows no point")
        // moved into the emotion lane: still no value
        s.focus(card: "cd_p")
        _ = BoardUI.perform(&s, .moveCard(.up))
        XCTAssertEqual(s.board.cards["cd_p"]?.lane, "ln_emo")
        XCTAssertNil(s.board.cards["cd_p"]?.value)
        XCTAssertEqual(points(s), 1)
        // a value given in the form makes the point
        s.focus(card: added.id)
        press(&s, .enter)
        guard case .form(var form) = s.mode else { return XCTFail("the form opens") }
        form.focus = form.fields.firstIndex(of: .value)!
        s.mode = .form(form)
        type(&s, "-1.5")
        press(&s, .enter)
        XCTAssertEqual(s.board.cards[added.id]?.value, -1.5)
        XCTAssertEqual(points(s), 2)
        XCTAssertTrue(BoardView.render(s).text.contains("● -1.5"), BoardView.render(s).text)
    }

    func testFractionalEmotionValuesAreShownAsTheyAre() {
        XCTAssertEqual(SwimlaneText.emotionLabel(1.5), "+1.5")
        XCTAssertEqual(SwimlaneText.emotionLabel(-0.25), "-0.25")
        XCTAssertEqual(SwimlaneText.emotionLabel(2), "+2")
        XCTAssertEqual(SwimlaneText.emotionLabel(0), "0")
        XCTAssertEqual(SwimlaneText.emotionLabel(-0.001), "0")
        XCTAssertEqual(SwimlaneText.emotionLabel(4.0 / 3.0), "+1.33", "a mean of three cards: two decimals")
        var b = Fixtures.board()
        b.cards["cd_e"]!.value = 1.5
        var s = BoardState(board: b, path: "test.json", width: 100, height: 30, useColor: false)
        let text = BoardView.render(s).text
        XCTAssertTrue(text.contains("● +1.5"), "the curve label:\n\(text)")
        XCTAssertTrue(text.contains("+1.5 Hopeful"), "the card:\n\(text)")
        XCTAssertTrue(Layout.cardLines(b.cards["cd_e"]!, kind: .emotion, width: 30, focused: false, in: s).joined().contains("+1.5"))
        s.focus(card: "cd_e")
        press(&s, .enter)
        guard case .form(let form) = s.mode else { return XCTFail("the form opens") }
        XCTAssertEqual(form.editors[.value]?.text, "1.5", "the form shows the value as it is")
        // the mean of two cards, 1.5 and 2
        var c = b.cards["cd_e"]!
        c.id = "cd_e2"; c.order = "a1"; c.value = 2
        b.cards["cd_e2"] = c
        s = BoardState(board: b, path: "test.json", width: 100, height: 30, useColor: false)
        XCTAssertTrue(BoardView.render(s).text.contains("● +1.75"), BoardView.render(s).text)
        XCTAssertTrue(SwimlaneText.cardLines(b.cards["cd_e"]!, kind: .emotion, columns: 30).joined().contains("+1.5 Hopeful"))
    }

    // MARK: :journey add

    func testJourneyAddReadsItsOptions() {
        var s = Fixtures.state()
        command(&s, "journey add Get connected faster --state future")
        var j = s.board.journeys[s.journeyID]!
        XCTAssertEqual(j.title, "Get connected faster")
        XCTAssertEqual(j.state, "future")
        XCTAssertNil(j.extra["variantOf"], "without --from: a new journey, not a copy")
        XCTAssertEqual(s.stages.map(\.title), ["Stage 1"])

        command(&s, "journey add \"Title --state with dashes\"")
        XCTAssertEqual(s.board.journeys[s.journeyID]?.title, "Title --state with dashes", "a quoted title is taken as it is")
        XCTAssertEqual(s.board.journeys[s.journeyID]?.state, "current")

        command(&s, "journey add Help later --from \"get help\"")
        j = s.board.journeys[s.journeyID]!
        XCTAssertEqual(j.title, "Help later")
        XCTAssertEqual(j.state, "future", "a copy is a future state unless --state says otherwise")
        XCTAssertEqual(j.extra["variantOf"], .string("jr_2"), "--from takes a journey's title")
        XCTAssertEqual(s.stages.map(\.title), ["Call"])
        XCTAssertTrue(s.board.cards.values.contains { $0.text == "Calls about the router" && $0.id != "cd_h" })

        command(&s, "journey add Connected copy --from=jr_1 --state=current")
        j = s.board.journeys[s.journeyID]!
        XCTAssertEqual(j.extra["variantOf"], .string("jr_1"), "--from takes an id")
        XCTAssertEqual(j.state, "current")
        XCTAssertEqual(s.stages.map(\.title), ["Order", "Install", "Use"])

        command(&s, "journey add Again --from CURRENT")
        XCTAssertEqual(s.board.journeys[s.journeyID]?.extra["variantOf"], .string(j.id), "CURRENT: the journey shown")
        XCTAssertTrue(Validator.validate(s.board).isEmpty, "\(Validator.validate(s.board))")

        let before = s.board
        XCTAssertEqual(command(&s, "journey add X --colour red"), [.bell])
        XCTAssertTrue(s.message?.contains("unknown option --colour") == true, s.message ?? "")
        XCTAssertEqual(command(&s, "journey add X --state someday"), [.bell])
        XCTAssertTrue(s.message?.contains("--state is current or future") == true, s.message ?? "")
        XCTAssertEqual(command(&s, "journey add X --from Nowhere"), [.bell])
        XCTAssertTrue(s.message?.contains("no journey 'Nowhere'") == true, s.message ?? "")
        XCTAssertEqual(command(&s, "journey add --state future"), [.bell], "no title")
        XCTAssertEqual(command(&s, "journey add X --from"), [.bell])
        XCTAssertEqual(s.board, before, "refused commands change nothing")
    }

    // MARK: filters

    func testFiltersTakeQuotedValuesRefuseUnknownKeysAndCount() {
        var s = Fixtures.state()
        s.board.cards["cd_a"]!.tags = ["First bill", "digital"]
        s.board.cards["cd_c"]!.tags = ["first bill"]
        s.board.cards["cd_c"]!.owner = "Install Squad"
        s.board.cards["cd_h"]!.tags = ["first bill"]   // another journey: not counted
        command(&s, "filter tag:\"first bill\"")
        XCTAssertEqual(s.workshop.filter?.text, "tag:\"first bill\"")
        XCTAssertTrue(s.message?.hasPrefix("filter tag:\"first bill\" — 2 of 6 cards") == true, s.message ?? "")
        let shown = { (s: BoardState) in Set(Layout.layout(s).cells.flatMap(\.cards).map(\.id)) }
        command(&s, "filter hide")
        XCTAssertEqual(shown(s), ["cd_a", "cd_c"])

        press(&s, .char("f"))
        press(&s, .ctrl("u"))
        type(&s, "owner:'install squad'")
        press(&s, .enter)
        XCTAssertTrue(s.message?.hasPrefix("filter owner:'install squad' — 1 of 6 cards") == true, s.message ?? "")
        XCTAssertEqual(shown(s), ["cd_c", "cd_a"], "cd_c matches; cd_a is shown only as the focused card")
        s.focus(card: "cd_c")
        XCTAssertEqual(shown(s), ["cd_c"])

        // an unknown key is refused and the filter in force stays
        XCTAssertEqual(command(&s, "filter foo:bar"), [.bell])
        XCTAssertEqual(s.message, "unknown filter key 'foo:' — use kind: channel: tag: owner: persona: status: votes conflict comments")
        XCTAssertEqual(s.workshop.filter?.text, "owner:'install squad'")

        // quoted text and times are plain words
        let b = s.board
        var c = b.cards["cd_a"]!
        c.text = "Pays at 10:30 — foo:bar"
        XCTAssertNil(CardFilter("\"foo:bar\"").error)
        XCTAssertTrue(CardFilter("\"foo:bar\"").matches(c, in: b, conflicted: []))
        XCTAssertTrue(CardFilter("10:30").matches(c, in: b, conflicted: []))
        XCTAssertTrue(CardFilter("\"at 10:30\"").matches(c, in: b, conflicted: []))
        XCTAssertFalse(CardFilter("\"10:30 at\"").matches(c, in: b, conflicted: []), "a quoted phrase matches as a whole")
        XCTAssertFalse(CardFilter("tag:first").matches(b.cards["cd_a"]!, in: b, conflicted: []), "a tag matches whole")
    }

    func testQuotedWords() {
        XCTAssertEqual(QuotedWords.split("a  \"b c\" tag:'x y'z --k").map(\.text), ["a", "b c", "tag:x yz", "--k"])
        XCTAssertEqual(QuotedWords.split("tag:\"x\"")[0].bare, "tag:")
        XCTAssertEqual(QuotedWords.split("\"--state\"")[0].bare, "")
        XCTAssertEqual(QuotedWords.split("\"unclosed rest").map(\.text), ["unclosed rest"])
        XCTAssertEqual(QuotedWords.split("\"\"").map(\.text), [""], "an empty quoted word is a word")
    }
}
