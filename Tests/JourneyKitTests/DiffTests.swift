import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// The semantic diff (`journey diff`) and the textconv form (`journey textconv`).
final class DiffTests: XCTestCase {
    let c1 = "cd_0000000001", c2 = "cd_0000000002", c3 = "cd_0000000003", c4 = "cd_0000000004"
    let s1 = "st_0000000001", s2 = "st_0000000002"
    let l1 = "ln_0000000001", l2 = "ln_0000000002"

    func testNoChanges() {
        let b = MergeFixture.board()
        let d = BoardDiff.between(b, b)
        XCTAssertTrue(d.isEmpty)
        XCTAssertEqual(d.text(color: false), "no changes\n")
    }

    func testCardsAddedRemovedMovedChanged() {
        let old = MergeFixture.board()
        var new = old
        MergeFixture.add(&new, "cd_00000000aa", s1, l2, "a0", "Chat to order")
        new.cards[c2] = nil
        new.cards[c4]!.stage = s1
        new.cards[c4]!.order = "a9"
        new.cards[c4]!.text = "Technician visit (2h window)"
        new.cards[c3]!.votes["sam"] = 2
        new.cards[c1]!.order = "a5"
        new.stages[s2]!.title = "Installation"
        new.title = "Broadband"
        let d = BoardDiff.between(old, new)
        XCTAssertEqual(d.changes.map { "\($0.map) \($0.kind.rawValue) \($0.id)" }, [
            "board changed ",
            "stages changed \(s2)",
            "cards added cd_00000000aa", "cards removed \(c2)", "cards moved \(c4)",
            "cards changed \(c1)", "cards changed \(c3)",
        ])
        let moved = d.changes.first { $0.id == c4 }!
        XCTAssertEqual(moved.from, "Get connected › Install / Touchpoints")
        XCTAssertEqual(moved.to, "Get connected › Order / Touchpoints")
        XCTAssertEqual(moved.fields.map(\.field), ["text"], "the place fields are the move itself")
        XCTAssertEqual(d.changes.first { $0.id == c1 }!.fields, [BoardDiff.FieldChange(field: "order", old: "a0", new: "a5")])
        let text = d.text(color: false)
        XCTAssertTrue(text.contains("  title: \"Fixture\" → \"Broadband\"\n"), text)
        XCTAssertTrue(text.contains("  + “Chat to order” in Get connected › Order / Opportunities  (cd_00000000aa)\n"), text)
        XCTAssertTrue(text.contains("  - “Confirmation email” from Get connected › Order / Touchpoints  (\(c2))\n"), text)
        XCTAssertTrue(text.contains("  → “Technician visit (2h window)” moved Get connected › Install / Touchpoints → Get connected › Order / Touchpoints  (\(c4))\n      text: \"Technician visit\" → \"Technician visit (2h window)\"\n"), text)
        XCTAssertTrue(text.contains("      votes: {\"mei\":1} → {\"mei\":1,\"sam\":2}\n"), text)
        XCTAssertTrue(text.hasSuffix("1 stage changed; 1 card added, 1 removed, 1 moved, 2 changed; board changed\n"), text)
        XCTAssertFalse(text.contains("\u{1B}"))
        XCTAssertTrue(d.text(color: true).contains("\u{1B}[32m+\u{1B}[0m"))
    }

    func testJSONForm() {
        let old = MergeFixture.board()
        var new = old
        new.cards[c1]!.text = "New text"
        let j = BoardDiff.between(old, new).json
        XCTAssertEqual(j, [
            "changes": [[
                "map": "cards", "id": .string(c1), "kind": "changed", "title": "New text",
                "from": "Get connected › Order / Touchpoints",
                "fields": [["field": "text", "old": "Order online", "new": "New text"]],
            ]],
            "summary": "1 card changed",
        ])
    }

    func testBoardTextNeverReachesTheTerminalRaw() {
        let old = MergeFixture.board()
        var new = old
        new.cards[c1]!.text = "evil \u{1B}]52;c;AAAA\u{07} \u{202E}txt \u{9B}2J"
        let text = BoardDiff.between(old, new).text(color: false)
        for bad: Unicode.Scalar in ["\u{1B}", "\u{07}", "\u{202E}", "\u{9B}"] {
            XCTAssertFalse(text.unicodeScalars.contains(bad), "\(bad.value) reached the output")
        }
        XCTAssertTrue(text.contains("\\u001b]52"), text)
        XCTAssertTrue(text.contains("“evil ␛]52;c;AAAA� �txt �2J”"), text)
        let lines = BoardTextconv.text(new)
        XCTAssertFalse(lines.unicodeScalars.contains { DisplayText.isUnsafe($0.value) && $0 != "\n" })
        XCTAssertTrue(lines.contains("cards/\(c1)/text: \"evil \\u001b]52;c;AAAA\\u0007 \\u202etxt \\u009b2J\"\n"), lines)
    }

    func testTextconvIsOneSortedLinePerField() throws {
        var b = MergeFixture.board()
        b.cards[c3]!.notes = "two\nlines"
        b.conflicts = [Conflict(path: "cards/\(c1)/text", base: "a", ours: "b", theirs: nil)]
        let lines = BoardTextconv.lines(b)
        XCTAssertEqual(lines, lines.sorted(by: CanonicalJSON.keyPrecedes))
        XCTAssertTrue(lines.contains("cards/\(c3)/notes: \"two\\nlines\""))
        XCTAssertTrue(lines.contains("cards/\(c3)/votes: {\"mei\":1}"))
        XCTAssertTrue(lines.contains("cards/\(c3)/tags: [\"sms\"]"))
        XCTAssertTrue(lines.contains("conflicts/0/path: \"cards/\(c1)/text\""))
        XCTAssertTrue(lines.contains("title: \"Fixture\""))
        XCTAssertTrue(lines.contains("scoring/gate: \"all\""))
        // stable: the same board read back gives the same lines; one edit changes one line
        XCTAssertEqual(BoardTextconv.lines(try MergeFixture.roundTrip(b)), lines)
        var e = b
        e.cards[c2]!.text = "Confirmation email with the date"
        let after = BoardTextconv.lines(e)
        XCTAssertEqual(Set(after).subtracting(lines), ["cards/\(c2)/text: \"Confirmation email with the date\""])
        XCTAssertEqual(Set(lines).subtracting(after).count, 1)
    }

    func testDiffOfTheExampleBoardAgainstItselfMovedAround() throws {
        let path = Fixture.boardPath("holiday-booking.json")
        let b = try BoardFile.load(path)
        XCTAssertTrue(BoardDiff.between(b, b).isEmpty)
        var e = b
        let id = e.cards.keys.sorted()[0]
        e.cards[id] = nil
        let d = BoardDiff.between(b, e)
        XCTAssertEqual(d.changes.map(\.kind), [.removed])
        XCTAssertEqual(d.summary, "1 card removed")
    }
}
