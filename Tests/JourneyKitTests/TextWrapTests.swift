import XCTest
@testable import JourneyKit

/// Line breaking for cells (`TextWrap`): Latin, long words, Chinese and Japanese with their
/// punctuation, mixed text, wide characters and emoji, zero-width characters.
final class TextWrapTests: XCTestCase {
    func wrap(_ text: String, _ columns: Int, _ maxLines: Int = Int.max) -> [String] {
        DisplayText.wrap(text, columns: columns, maxLines: maxLines)
    }

    /// No line is wider than the cell (a wide character in a 1-column cell aside).
    func assertFits(_ lines: [String], _ columns: Int, file: StaticString = #filePath, line: UInt = #line) {
        for l in lines { XCTAssertLessThanOrEqual(DisplayText.width(l), columns, "\(l) in \(columns)", file: file, line: line) }
    }

    // MARK: Latin

    func testBreaksAtSpacesOnly() {
        XCTAssertEqual(wrap("Gets a confirmation email", 12), ["Gets a", "confirmation", "email"])
        XCTAssertEqual(wrap("Waits for the technician", 21), ["Waits for the", "technician"])
        XCTAssertEqual(wrap("one two three", 13), ["one two three"], "exactly the width: one line")
        XCTAssertEqual(wrap("one two three", 7), ["one two", "three"])
    }

    func testSpacesAtLineEndsAndRunsOfSpaces() {
        XCTAssertEqual(wrap("  lead and trail  ", 20), ["lead and trail"])
        XCTAssertEqual(wrap("a    b", 3), ["a", "b"], "the spaces at a break are dropped")
        XCTAssertEqual(wrap("", 10), [""])
        XCTAssertEqual(wrap("   ", 10), [""])
    }

    func testLineBreaksInTheTextStartLines() {
        XCTAssertEqual(wrap("first\nsecond line here", 11), ["first", "second line", "here"])
        XCTAssertEqual(wrap("a\n\nb", 5), ["a", "", "b"])
    }

    func testPunctuationStaysWithItsWord() {
        XCTAssertEqual(wrap("Orders online, then waits.", 14), ["Orders online,", "then waits."])
        XCTAssertEqual(wrap("(see notes)", 6), ["(see", "notes)"])
    }

    // MARK: long words

    func testALongWordIsBrokenWithAHyphenOnLinesOfItsOwn() {
        XCTAssertEqual(wrap("Supercalifragilistic", 8), ["Superca-", "lifragi-", "listic"])
        XCTAssertEqual(wrap("See https://example.com/a/b/c now", 10), ["See", "https://e-", "xample.co-", "m/a/b/c", "now"])
        XCTAssertEqual(wrap("abcdefgh", 8), ["abcdefgh"], "a word as wide as the line is not broken")
        XCTAssertEqual(wrap("abcdefghi", 8), ["abcdefg-", "hi"])
        for columns in 2...12 { assertFits(wrap("antidisestablishmentarianism is long", columns), columns) }
    }

    func testOnlyTheLongWordIsBroken() {
        let lines = wrap("a short line then Donaudampfschifffahrtsgesellschaft and more", 12)
        XCTAssertEqual(lines, ["a short line", "then", "Donaudampfs-", "chifffahrts-", "gesellschaft", "and more"])
        // every other word is whole on its line
        let words = Set("a short line then and more".split(separator: " ").map(String.init))
        for l in lines where !l.contains("Donau") && !l.contains("chifff") && !l.contains("gesell") {
            for w in l.split(separator: " ") { XCTAssertTrue(words.contains(String(w)), String(w)) }
        }
    }

    func testAHyphenInAWordIsAPlaceToBreak() {
        XCTAssertEqual(wrap("Verification-code-never-arrives", 14), ["Verification-", "code-never-", "arrives"])
        XCTAssertEqual(wrap("a well-known fix", 8), ["a well-", "known", "fix"])
        XCTAssertEqual(wrap("--from current", 8), ["--from", "current"], "a leading or doubled hyphen is not a break")
        XCTAssertEqual(wrap("-2 to +2", 20), ["-2 to +2"])
        XCTAssertEqual(wrap("a day-90 target", 8), ["a day-90", "target"], "not before a digit")
    }

    func testOneColumnBreaksEveryCharacterWithoutAHyphen() {
        XCTAssertEqual(wrap("abc", 1), ["a", "b", "c"])
    }

    // MARK: CJK

    func testChineseBreaksBetweenCharacters() {
        XCTAssertEqual(wrap("我们的客户需要帮助", 8), ["我们的客", "户需要帮", "助"])
        assertFits(wrap("我们的客户需要帮助", 7), 7)
        XCTAssertEqual(wrap("我们的客户需要帮助", 7), ["我们的", "客户需", "要帮助"])
    }

    func testNoLineStartsWithClosingPunctuation() {
        // "。" would start the second line: "客" comes down with it
        XCTAssertEqual(wrap("我们的客。好的", 8), ["我们的", "客。好的"])
        XCTAssertEqual(wrap("お問い合わせ、ありがとう", 12), ["お問い合わ", "せ、ありがと", "う"])
        XCTAssertEqual(wrap("「技術者」が来ない", 8), ["「技術", "者」が来", "ない"])
        // two closing marks in a row come down together with the character before them
        XCTAssertEqual(wrap("他说：好的。」是的", 10), ["他说：好", "的。」是的"])
        for text in ["我们的客户，需要帮助。非常感谢！", "お客様は「待つ」と言った。時間は？", "一二三四五六七八、九十（一二）三。"] {
            for columns in 4...20 {
                let lines = wrap(text, columns)
                assertFits(lines, columns)
                XCTAssertEqual(lines.joined(), text, "nothing lost or added at \(columns)")
                for l in lines.dropFirst() {
                    XCTAssertFalse(l.first.map { TextWrap.noStart.contains($0) } ?? false, "\(l) starts with closing punctuation at \(columns): \(lines)")
                }
                for l in lines.dropLast() {
                    XCTAssertFalse(l.last.map { TextWrap.noEnd.contains($0) } ?? false, "\(l) ends with opening punctuation at \(columns): \(lines)")
                }
            }
        }
    }

    func testSmallKanaAndTheProlongedSoundMarkDoNotStartALine() {
        XCTAssertEqual(wrap("コーヒーショップ", 8), ["コーヒー", "ショップ"])
        XCTAssertEqual(wrap("コーヒーショップ", 6), ["コー", "ヒー", "ショッ", "プ"], "ー and ッ never start a line: the kana before them comes down")
        // from three characters a line on, the rule can always be kept
        for columns in 6...16 {
            for l in wrap("コーヒーショップでちょっと待った", columns).dropFirst() {
                XCTAssertFalse(TextWrap.noStart.contains(l.first!), "\(l) at \(columns)")
            }
        }
    }

    func testOpeningPunctuationGoesDownToWhatItOpens() {
        XCTAssertEqual(wrap("等待时间（五小时）", 10), ["等待时间", "（五小时）"])
    }

    // MARK: mixed

    func testLatinWordsAmongCJKStayWhole() {
        XCTAssertEqual(wrap("下载App后登录", 8), ["下载App", "后登录"])
        XCTAssertEqual(wrap("用 WiFi 连接路由器", 8), ["用 WiFi", "连接路由", "器"])
        assertFits(wrap("Router 路由器 setup 设置 is 简单", 9), 9)
    }

    // MARK: wide and zero-width characters

    func testEmojiAreWideAndBreakable() {
        XCTAssertEqual(wrap("🎉🎉🎉", 4), ["🎉🎉", "🎉"])
        XCTAssertEqual(wrap("Paid 💳 online", 6), ["Paid", "💳", "online"])
        assertFits(wrap("✅ done 🚀🚀 shipped", 5), 5)
    }

    func testCombiningMarksStayWithTheirLetter() {
        let text = "cafe\u{301} cre\u{300}me"       // é and è as e + combining accent
        XCTAssertEqual(wrap(text, 5), ["cafe\u{301}", "cre\u{300}me"])
        XCTAssertEqual(wrap(text, 4), ["cafe\u{301}", "cre\u{300}-", "me"], "crème is five columns: broken after its è, not inside it")
        XCTAssertEqual(DisplayText.width(wrap(text, 4)[0]), 4)
        // a long word of combining letters breaks between letters, never inside one
        for l in wrap("e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}", 3) { XCTAssertFalse(l.unicodeScalars.first == "\u{301}", l) }
    }

    func testAZeroWidthSpaceIsABreakThatTakesNoRoom() {
        XCTAssertEqual(wrap("long\u{200B}compound", 8), ["long", "compound"])
        XCTAssertEqual(wrap("ab\u{200B}cd", 8), ["ab\u{200B}cd".replacingOccurrences(of: "\u{200B}", with: "")])
    }

    // MARK: limits

    func testMaxLinesEndsInAnEllipsisWhenTextIsLeftOver() {
        XCTAssertEqual(wrap("one two three four five", 9, 2), ["one two", "three…"])
        XCTAssertEqual(wrap("one two", 9, 2), ["one two"])
        XCTAssertEqual(wrap("我们的客户需要帮助", 4, 2), ["我们", "的…"])
        XCTAssertEqual(wrap("x", 0), [])
    }

    func testUntrustedTextIsSanitised() {
        XCTAssertEqual(wrap("a\u{1B}[31mb", 20), ["a␛[31mb"])
        XCTAssertEqual(wrap("tab\there", 20), ["tab here"])
    }

    // MARK: the caret of text being typed

    func testCaretFollowsTheWrappedText() {
        let text = "Waits for the technician"
        XCTAssertEqual(TextWrap.caret(text, columns: 14, offset: text.count).line, 1)
        XCTAssertEqual(TextWrap.caret(text, columns: 14, offset: text.count).column, 10)
        XCTAssertEqual(TextWrap.caret(text, columns: 14, offset: 0).line, 0)
        XCTAssertEqual(TextWrap.caret(text, columns: 14, offset: 0).column, 0)
        XCTAssertEqual(TextWrap.caret(text, columns: 14, offset: 14).line, 1, "the t of technician")
        XCTAssertEqual(TextWrap.caret(text, columns: 14, offset: 14).column, 0)
        // a space typed at the end moves the caret on
        XCTAssertEqual(TextWrap.caret("Waits ", columns: 14, offset: 6).column, 6)
        XCTAssertEqual(TextWrap.caret("我们的客户", columns: 6, offset: 5).line, 1)
        XCTAssertEqual(TextWrap.caret("我们的客户", columns: 6, offset: 5).column, 4)
    }
}
