import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// Card comments: read strictly, written canonically, merged comment by comment, diffed as what
/// happened to each comment, and the UTC times they carry.
final class CommentTests: XCTestCase {
    static let t0 = "2026-12-06T22:50:00Z"

    func withComments(_ comments: [String: CardComment], on card: String = "cd_0000000004") -> Board {
        var b = MergeFixture.board()
        for (id, c) in comments { b.cards[card]!.comments[id] = c }
        return b
    }

    /// A card text with a `comments` member, as a file would hold it.
    func file(comments: String) -> String {
        """
        {
          "cards": {
            "cd_0000000001": {
              "comments": \(comments),
              "lane": "ln_0000000001",
              "order": "a0",
              "stage": "st_0000000001",
              "text": "Order online"
            }
          },
          "format": "journey-board",
          "schemaVersion": 1,
          "title": "t"
        }

        """
    }

    // MARK: reading and writing

    func testAThreadIsWrittenCanonicallyAndReadBack() throws {
        let b = withComments(["cm_aaaaaaaaaa": CardComment(author: "ana", time: Self.t0, text: "who says this?"),
                              "cm_bbbbbbbbbb": CardComment(author: "ben", time: "2026-12-06T22:51:00Z", text: "NPS verbatims", resolved: true)])
        let text = String(decoding: BoardCodec.write(b), as: UTF8.self)
        XCTAssertTrue(text.contains("""
              "comments": {
                "cm_aaaaaaaaaa": {
                  "author": "ana",
                  "text": "who says this?",
                  "time": "2026-12-06T22:50:00Z"
                },
                "cm_bbbbbbbbbb": {
                  "author": "ben",
                  "resolved": true,
                  "text": "NPS verbatims",
                  "time": "2026-12-06T22:51:00Z"
                }
              },
        """), text)
        let back = try BoardCodec.read(Array(text.utf8))
        XCTAssertEqual(back, b)
        XCTAssertEqual(String(decoding: BoardCodec.write(back), as: UTF8.self), text, "writing what was read changes no byte")
        // no comments: no member at all
        XCTAssertFalse(String(decoding: BoardCodec.write(MergeFixture.board()), as: UTF8.self).contains("comments"))
    }

    func testUnknownMembersOfACommentSurvive() throws {
        let text = file(comments: #"{"cm_x": {"author": "ana", "reactions": {"ben": "+1"}, "text": "hi", "time": "2026-12-06T22:50:00Z"}}"#)
        let b = try BoardCodec.read(Array(text.utf8))
        XCTAssertEqual(b.cards["cd_0000000001"]!.comments["cm_x"]!.extra["reactions"], .object(["ben": .string("+1")]))
        XCTAssertTrue(String(decoding: BoardCodec.write(b), as: UTF8.self).contains("\"reactions\": {"))
    }

    func testBadCommentsAreRefusedWithFileLineAndColumn() {
        func check(_ comments: String, _ needle: String, _ fragment: String, line: UInt = #line) {
            let text = file(comments: comments)
            guard let e = Fixture.readError(text, line: line) else { return }
            XCTAssertEqual(e.position, Fixture.position(of: needle, in: text), e.message, line: line)
            XCTAssertTrue(e.message.contains(fragment), e.message, line: line)
            XCTAssertTrue(e.description.hasPrefix("b.json:\(e.position.line):\(e.position.column): error: "), e.description, line: line)
        }
        check(#"[]"#, "[]", "cards.cd_0000000001.comments must be an object of comments by id, not an array")
        check(#"{"cm_x": "hi"}"#, "\"hi\"", "cards.cd_0000000001.comments.cm_x must be an object with author, time and text")
        check(#"{"cm_x": {"author": "", "text": "a", "time": "2026-12-06T22:50:00Z"}}"#, "\"\", \"text", "author must name the participant")
        check(#"{"cm_x": {"author": "ana", "text": "a", "time": "yesterday"}}"#, "\"yesterday\"", "comments.cm_x.time must be a UTC time like 2026-12-06T22:50:00Z, not \"yesterday\"")
        check(#"{"cm_x": {"author": "ana", "text": "a", "time": "2026-02-30T10:00:00Z"}}"#, "\"2026-02-30", "must be a UTC time")
        check(#"{"cm_x": {"author": "ana", "text": "a", "time": "2026-12-06T22:50:00+01:00"}}"#, "\"2026-12-06T22:50:00+", "must be a UTC time")
        check(#"{"cm_x": {"author": "ana", "text": 5, "time": "2026-12-06T22:50:00Z"}}"#, "5,", "comments.cm_x.text must be a string, not a number")
        check(#"{"cm_x": {"author": "ana", "resolved": "yes", "text": "a", "time": "2026-12-06T22:50:00Z"}}"#, "\"yes\"", "resolved must be true or false")
        check(#"{"cm_x": {"author": "ana", "time": "2026-12-06T22:50:00Z"}}"#, "{\"author", "cm_x needs text")
        check(#"{"cm_x": {"author": "ana", "text": "a", "text": "b", "time": "2026-12-06T22:50:00Z"}}"#, "\"text\": \"b\"", "duplicate")
        check(#"{"cm_x": {"author": "ana", "text": "a", "time": "2026-12-06T22:50:00Z"}, "cm_x": {"author": "ana", "text": "a", "time": "2026-12-06T22:50:00Z"}}"#,
              "\"cm_x\": {\"author\": \"ana\", \"text\": \"a\", \"time\": \"2026-12-06T22:50:00Z\"}}", "duplicate")
    }

    // MARK: times

    func testUTCTimesFormatAndParse() {
        XCTAssertEqual(UTCTime.format(0), "1970-01-01T00:00:00Z")
        XCTAssertEqual(UTCTime.format(1_796_597_400), "2026-12-06T22:50:00Z")
        XCTAssertEqual(UTCTime.format(1_796_597_400.9), "2026-12-06T22:50:00Z", "to the second, never rounded up")
        XCTAssertEqual(UTCTime.format(951_782_400), "2000-02-29T00:00:00Z")
        XCTAssertEqual(UTCTime.seconds("2026-12-06T22:50:00Z"), 1_796_597_400)
        XCTAssertEqual(UTCTime.seconds("2026-12-06T22:50:00.5Z"), 1_796_597_400.5)
        for s in [0.0, 86399, 951_782_400, 1_796_597_400, 4_102_444_799] { XCTAssertEqual(UTCTime.seconds(UTCTime.format(s)), s) }
        for bad in ["", "2026-12-06", "2026-12-06 22:50:00Z", "2026-13-06T22:50:00Z", "2026-12-06T24:00:00Z", "2026-12-06T22:50:00z",
                    "2026-12-06T22:50:00.Z", "2025-02-29T00:00:00Z", "2026-12-06T22:50:60Z", "２026-12-06T22:50:00Z"] {
            XCTAssertFalse(UTCTime.isValid(bad), bad)
        }
        XCTAssertTrue(UTCTime.isValid("2024-02-29T00:00:00Z"))
    }

    // MARK: merging

    func testTwoPeopleCommentingOnOneCardOnTwoBranchesBothKept() throws {
        let base = MergeFixture.board()
        let ours = withComments(["cm_aaaaaaaaaa": CardComment(author: "ana", time: Self.t0, text: "who says so?")])
        let theirs = withComments(["cm_bbbbbbbbbb": CardComment(author: "ben", time: Self.t0, text: "the NPS verbatims")])
        let (merged, conflicts) = BoardMerge.merge(base: base, ours: ours, theirs: theirs)
        XCTAssertEqual(conflicts, [])
        XCTAssertEqual(merged.cards["cd_0000000004"]!.comments.sortedKeys, ["cm_aaaaaaaaaa", "cm_bbbbbbbbbb"])
        XCTAssertEqual(MergeFixture.problems(try MergeFixture.roundTrip(merged)), [])
    }

    func testOneSideResolvesAnotherAdds() {
        let c = CardComment(author: "ana", time: Self.t0, text: "who says so?")
        let base = withComments(["cm_aaaaaaaaaa": c])
        var resolved = c; resolved.resolved = true
        let ours = withComments(["cm_aaaaaaaaaa": resolved])
        let theirs = withComments(["cm_aaaaaaaaaa": c, "cm_bbbbbbbbbb": CardComment(author: "ben", time: Self.t0, text: "me")])
        let (merged, conflicts) = BoardMerge.merge(base: base, ours: ours, theirs: theirs)
        XCTAssertEqual(conflicts, [])
        XCTAssertEqual(merged.cards["cd_0000000004"]!.comments["cm_aaaaaaaaaa"]!.resolved, true)
        XCTAssertNotNil(merged.cards["cd_0000000004"]!.comments["cm_bbbbbbbbbb"])
        // deleted on one side, untouched on the other: gone
        let (deleted, none) = BoardMerge.merge(base: base, ours: MergeFixture.board(), theirs: theirs)
        XCTAssertEqual(none, [])
        XCTAssertEqual(deleted.cards["cd_0000000004"]!.comments.sortedKeys, ["cm_bbbbbbbbbb"])
    }

    func testOneCommentEditedDifferentlyOnBothSidesIsAConflictRecord() throws {
        let c = CardComment(author: "ana", time: Self.t0, text: "who says so?")
        var o = c; o.text = "who says so? (ops)"
        var t = c; t.text = "who says so? (sales)"
        let (merged, conflicts) = BoardMerge.merge(base: withComments(["cm_aaaaaaaaaa": c]), ours: withComments(["cm_aaaaaaaaaa": o]),
                                                   theirs: withComments(["cm_aaaaaaaaaa": t]))
        XCTAssertEqual(conflicts.map(\.path), ["cards/cd_0000000004/comments/cm_aaaaaaaaaa"])
        XCTAssertEqual(merged.cards["cd_0000000004"]!.comments["cm_aaaaaaaaaa"]!.text, "who says so? (ops)", "ours stays live")
        XCTAssertEqual(conflicts.first?.theirs, t.json)
        // the record resolves like any other: take theirs
        var b = merged
        b.conflicts = conflicts
        XCTAssertNoThrow(try b.resolveConflict(0, .theirs))
        XCTAssertEqual(b.cards["cd_0000000004"]!.comments["cm_aaaaaaaaaa"]!.text, "who says so? (sales)")
    }

    // MARK: diff

    func testTheDiffSaysWhatHappenedToEachComment() {
        let c = CardComment(author: "ana", time: Self.t0, text: "who says so?")
        let old = withComments(["cm_aaaaaaaaaa": c, "cm_cccccccccc": CardComment(author: "cy", time: Self.t0, text: "gone")])
        var resolved = c; resolved.resolved = true
        let new = withComments(["cm_aaaaaaaaaa": resolved, "cm_bbbbbbbbbb": CardComment(author: "ben", time: "2026-12-06T23:00:00Z", text: "NPS \u{1B}[31m")])
        let diff = BoardDiff.between(old, new)
        XCTAssertEqual(diff.commentChanges.map(\.sentence), [
            "comment resolved by ana on “Technician visit”",
            "comment removed by cy on “Technician visit”",
            "comment added by ben on “Technician visit”",
        ])
        let text = diff.text(color: false)
        XCTAssertTrue(text.contains("      comment added by ben: “NPS ␛[31m”\n"), text)
        XCTAssertFalse(text.contains("\u{1B}"), "no escape from the file reaches the output")
        XCTAssertFalse(text.contains("\"author\""), "a thread is not shown as JSON")
        XCTAssertEqual(diff.headline, "3 comments")
        XCTAssertEqual(diff.lines(), diff.commentChanges.map(\.sentence))
    }

    func testTheHeadlineCountsCardsVotesAndComments() {
        let old = MergeFixture.board()
        var new = old
        MergeFixture.add(&new, "cd_0000000010", "st_0000000001", "ln_0000000001", "a5", "New one")
        MergeFixture.add(&new, "cd_0000000011", "st_0000000001", "ln_0000000001", "a6", "New two")
        new.cards["cd_0000000001"]!.stage = "st_0000000002"
        new.cards["cd_0000000003"]!.votes = ["mei": 2, "sam": 2]
        new.cards["cd_0000000004"]!.comments["cm_aaaaaaaaaa"] = CardComment(author: "ana", time: Self.t0, text: "hm")
        XCTAssertEqual(BoardDiff.between(old, new).headline, "2 cards added, 1 moved, 3 votes, 1 comment")
        XCTAssertEqual(BoardDiff.between(old, old).headline, "no changes")
        new.cards["cd_0000000004"]!.text = "Technician visit (booked)"
        XCTAssertEqual(BoardDiff.between(old, new).headline, "2 cards added, 1 moved, 1 changed, 3 votes, 1 comment")
        let lines = BoardDiff.between(old, new).lines(only: "cd_0000000004")
        XCTAssertEqual(lines, ["~ card “Technician visit (booked)”: text", "comment added by ana on “Technician visit (booked)”"])
    }
}
