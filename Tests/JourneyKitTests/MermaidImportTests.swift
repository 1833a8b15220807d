import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// Mermaid `journey` diagrams as people write them, read as Mermaid 11 reads them
/// (ANCHORS.md, Mermaid) and turned into import drafts.
final class MermaidImportTests: XCTestCase {
    func draft(_ text: String, file: String = "day.mmd") throws -> ImportDraft {
        try MermaidImport.read(Array(text.utf8), file: file)
    }

    func notes(_ d: ImportDraft, _ kind: ImportNote.Kind) -> [String] {
        d.notes.filter { $0.kind == kind }.map { "\($0.at.line):\($0.at.column) \($0.message)" }
    }

    /// The step texts of a draft's journey, per stage.
    func steps(_ j: ImportDraft.Journey) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for c in j.cards where j.lanes[c.lane].kind == .steps { out[j.stages[c.stage], default: []].append(c.text) }
        return out
    }

    func emotions(_ j: ImportDraft.Journey) -> [Double] { j.cards.compactMap(\.emotion) }

    // MARK: the grammar, as Mermaid's parser has it

    func testTasksAreCutAtTheFirstColonAndScoredByJavaScriptsNumber() throws {
        let d = try MermaidJourneyParser.parse("""
            journey
              section Go
                Make tea: 5: Me
                C task: 5
                E task: 5:
                A: : Me
                Make tea: 5: Me, Brock, \u{0020}
                Meet: 4: Alice: Bob
                Wake at 7:30: 2: Me
                A: 4.5: Me
                B: 0x10
                D: 1e1
                F: ５: Me
                Go to car: 3: Dad, Child#1, Child#2
                100% done: 5: Me
                %done: 5: Me
                A: 5: Me %% note
                Line1<br/>Line2: 3: Me
                titles: 3: Me
                Sectioning: 3: Me
                journeys end: 4: Me
            """, file: "f.mmd")
        XCTAssertEqual(d.tasks.map(\.name), ["Make tea", "C task", "E task", "A", "Make tea", "Meet", "Wake at 7", "A", "B", "D", "F",
                                             "Go to car", "100% done", "A", "Line1<br/>Line2", "titles", "Sectioning", "journeys end"])
        XCTAssertEqual(d.tasks.map { $0.score.isNaN ? -99 : $0.score }, [5, 5, 5, 0, 5, 4, 30, 4.5, 16, 10, -99, 3, 5, 5, 3, 3, 3, 4])
        XCTAssertEqual(d.tasks.map(\.people), [["Me"], [], [""], ["Me"], ["Me", "Brock", ""], ["Alice"], ["2"], ["Me"], [], [], ["Me"],
                                               ["Dad", "Child"], ["Me"], ["Me %% note"], ["Me"], ["Me"], ["Me"], ["Me"]])
        XCTAssertEqual(d.tasks[5].dropped, [" Bob"])
        XCTAssertEqual(d.tasks[6].at, ImportSourceLocation(file: "f.mmd", line: 9, column: 5))
    }

    func testKeywordsInTextAsMermaidReadsThem() throws {
        XCTAssertEqual(try MermaidJourneyParser.parse("journey\n  Title page review: 3: Me\n", file: "f").title, "page review: 3: Me")
        XCTAssertEqual(try MermaidJourneyParser.parse("journey\n  title Issue #42 triage\n", file: "f").title, "Issue ")
        XCTAssertEqual(try MermaidJourneyParser.parse("journey\n  title: My day\n", file: "f").tasks.map(\.name), ["title"])
        XCTAssertEqual(try MermaidJourneyParser.parse("journey\nSECTION Go\nTITLE Hi\n", file: "f").sections.map(\.name), ["Go"])
        XCTAssertEqual(try MermaidJourneyParser.parse("journey title X", file: "f").title, "X")
        XCTAssertEqual(try MermaidJourneyParser.parse("journey\n  section   Spaced\n  section\tTabbed\n", file: "f").sections.map(\.name), ["  Spaced", "Tabbed"])
        let acc = try MermaidJourneyParser.parse("journey\naccTitle: The t\naccDescr: 2 main sections: work and home\n", file: "f")
        XCTAssertEqual(acc.accTitle, "The t")
        XCTAssertEqual(acc.accDescription, "2 main sections: work and home")
    }

    func testWhatMermaidRejectsIsAnErrorAtItsPlace() {
        let cases: [(String, Int, Int)] = [
            ("journey\n  section Go\n    Eat; drink: 5: Me\n", 3, 8),
            ("journey\n  section Go\n    Learn C# basics: 5: Me\n", 3, 12),
            ("journey\n  Section 508 audit: 5: Me\n", 2, 20),
            ("journey\n  journey-map review: 1: Me\n", 2, 3),
            ("journey\n  Just text\n", 2, 3),
            ("journey\n  A task:\n", 2, 3),
            ("journey\n  A：5：Me\n", 2, 3),
            ("Journey\n  A: 5: Me\n", 1, 1),
            ("flowchart LR\n  A --> B\n", 1, 1),
            ("journeys\n  A: 5: Me\n", 1, 1),
            ("\n---\ntitle: X\n---\njourney\n", 2, 1),
            ("journey\n  title a; b\n", 2, 10),
        ]
        for (text, line, column) in cases {
            XCTAssertThrowsError(try MermaidJourneyParser.parse(text, file: "bad.mmd"), text) { error in
                let e = error as? ImportError
                XCTAssertEqual(e?.at, ImportSourceLocation(file: "bad.mmd", line: line, column: column), "\(text): \(String(describing: e))")
                XCTAssertTrue(e?.description.hasPrefix("bad.mmd:\(line):\(column): error: ") == true)
            }
        }
    }

    func testIndentedFrontMatterIsRejectedAsMermaidRejectsItWithAHint() {
        XCTAssertThrowsError(try MermaidJourneyParser.parse("  ---\n  title: Day\n  ---\n  journey\n", file: "f.md")) { error in
            XCTAssertEqual((error as? ImportError)?.at, ImportSourceLocation(file: "f.md", line: 1, column: 3))
            XCTAssertTrue((error as? ImportError)?.message.hasPrefix("front matter (---) must start the diagram's first line") == true)
        }
    }

    func testJavaScriptNumber() {
        let cases: [(String, Double)] = [("5", 5), (" 5 ", 5), ("", 0), ("  ", 0), ("0x10", 16), ("0b11", 3), ("0o7", 7), ("1e1", 10),
                                         ("+3", 3), ("-2", -2), (".5", 0.5), ("5.", 5), ("Infinity", .infinity), ("\u{00A0}4\u{00A0}", 4)]
        for (text, value) in cases { XCTAssertEqual(MermaidJourneyParser.jsNumber(text), value, text) }
        for text in ["X", "2rem", "N/A", "-0x10", "0x", "1e", "５", "5 5", "e5", "."] { XCTAssertTrue(MermaidJourneyParser.jsNumber(text).isNaN, text) }
    }

    // MARK: diagrams as people write them

    func testScoresZeroSixToTenAndNotANumber() throws {
        let d = try draft("""
            journey
              title Scores
              section Week
                Planning: 0: Me
                Standup: 6
                Review: 9: Me, Lead
                Retro: 10
                Lunch: X: Me
                Demo: 3: Me
            """)
        let j = d.journeys[0]
        XCTAssertEqual(j.cards.filter { j.lanes[$0.lane].kind == .steps }.map(\.text), ["Planning", "Standup", "Review", "Retro", "Lunch", "Demo"])
        XCTAssertEqual(emotions(j), [-2, 2, 2, 2, 0])
        XCTAssertEqual(j.cards.filter { j.lanes[$0.lane].kind == .emotion }.map(\.text), ["Planning", "Standup", "Review", "Retro", "Demo"])
        XCTAssertEqual(notes(d, .changed), ["4:15 score 0 is outside 1…5: read as 1 (emotion -2)", "5:14 score 6 is outside 1…5: read as 5 (emotion +2)",
                                            "6:13 score 9 is outside 1…5: read as 5 (emotion +2)", "7:12 score 10 is outside 1…5: read as 5 (emotion +2)"])
        XCTAssertEqual(notes(d, .skipped), ["8:12 score “X” is not a number: no emotion for “Lunch”"])
        XCTAssertEqual(j.lanes.map(\.kind), [.steps, .emotion])
    }

    func testTasksWithoutActorsPaddedColonsTabsAndCRLF() throws {
        let text = "journey\r\n\ttitle  Web hook life cycle\r\n\tsection Darkoob\r\n\t\tregister slug : 5 :  External Service\r\n" +
            "\t\tFind the shop\t: 4\r\n    section Darkoob\r\n      Pay   :   2   :   Me ,  Cat  \r\n"
        let d = try draft(text)
        let j = d.journeys[0]
        XCTAssertEqual(j.title, "Web hook life cycle")
        XCTAssertEqual(j.stages, ["Darkoob", "Darkoob"])
        XCTAssertEqual(steps(j)["Darkoob"], ["register slug", "Find the shop", "Pay"])
        XCTAssertEqual(j.cards.filter { j.lanes[$0.lane].kind == .steps }.map(\.stage), [0, 0, 1])
        XCTAssertEqual(j.cards.filter { j.lanes[$0.lane].kind == .steps }.map(\.tags), [["External Service"], [], ["Me", "Cat"]])
        XCTAssertEqual(emotions(j), [2, 1, -1])
        XCTAssertEqual(d.personas.map(\.name), ["External Service", "Me", "Cat"])
        XCTAssertEqual(j.cards[4].source, ImportSourceLocation(file: "day.mmd", line: 7, column: 7))
        XCTAssertTrue(d.notes.isEmpty, "\(d.notes)")
    }

    func testCommentsDirectivesFrontMatterAndAccessibleDescription() throws {
        let d = try draft("""
            ---
            title: "Shopping: a family trip"
            config:
              journey:
                titleColor: "#2900A5"
            ---
            %%{init: { 'theme': 'forest' } }%%
            journey
            %% the whole trip, as told by Dad
              accTitle: Going shopping
              accDescr {
                A user journey for
                  family shopping
              }
              section Go shopping
                Get car keys:5: Dad
                %% this line is a comment: 1: Me
                Drive to store: 3: Dad, Mum # the kids slept
            """)
        let j = d.journeys[0]
        XCTAssertEqual(j.title, "Shopping: a family trip")
        XCTAssertEqual(j.description, "Going shopping\nA user journey for\nfamily shopping")
        XCTAssertEqual(steps(j), ["Go shopping": ["Get car keys", "Drive to store"]])
        XCTAssertEqual(j.persona, "Dad")
        XCTAssertEqual(notes(d, .changed), ["18:33 the task's score and actors ends at “#”, which starts a comment in Mermaid: “# the kids slept” left out (write #35; for #)"])
    }

    func testTheTitleStatementBeatsTheFrontMatterAndTheLastTitleWins() throws {
        let d = try draft("---\ntitle: Front\n---\njourney\n  title First\n  title Second\n  section S\n    A: 3\n")
        XCTAssertEqual(d.journeys[0].title, "Second")
        XCTAssertEqual(d.boardTitle, "Second")
    }

    func testChineseAndJapaneseText() throws {
        let d = try draft("""
            journey
              title 新会员入会之旅
              section 了解
                看到朋友圈广告: 4: 小王
                到店咨询　: 2: 小王, 店员
              section 申し込み
                　アプリで申し込む: 3: 田中さん
                支払い完了: 5: 田中さん
            """)
        let j = d.journeys[0]
        XCTAssertEqual(j.title, "新会员入会之旅")
        XCTAssertEqual(j.stages, ["了解", "申し込み"])
        XCTAssertEqual(steps(j), ["了解": ["看到朋友圈广告", "到店咨询"], "申し込み": ["アプリで申し込む", "支払い完了"]])
        XCTAssertEqual(d.personas.map(\.name), ["小王", "店员", "田中さん"])
        XCTAssertEqual(emotions(j), [1, -1, 0, 2])
    }

    func testAColonInATaskTextIsCutAsMermaidCutsItAndSaid() throws {
        let d = try draft("""
            journey
              title A day with the app
              section Morning
                Push at 08:00, one tenner a message: 5: Phone
                Check: agenda#58; today: 4: Me
            """)
        let j = d.journeys[0]
        XCTAssertEqual(steps(j)["Morning"], ["Push at 08", "Check"])
        XCTAssertEqual(j.cards.first?.tags, ["5"])
        XCTAssertEqual(notes(d, .changed), [
            "4:5 Mermaid ends a task's text at its first colon and reads TEXT: SCORE: ACTORS: read as task “Push at 08”, score “00, one tenner a message”, actors “5”; “ Phone” left out (write #58; for a colon in a text)",
            "5:5 Mermaid ends a task's text at its first colon and reads TEXT: SCORE: ACTORS: read as task “Check”, score “agenda: today”, actors “4”; “ Me” left out (write #58; for a colon in a text)",
        ])
        XCTAssertEqual(notes(d, .skipped).count, 2)
    }

    func testEntityCodesBecomeTheirCharacters() throws {
        let d = try draft("journey\n  title Tom #amp; Jerry\n  section Q#58;A\n    Learn C#35; at 08#58;00#59; fast: 4: Ann#44; the #35;1 parent\n    Odd #b; code: 3\n")
        let j = d.journeys[0]
        XCTAssertEqual(j.title, "Tom & Jerry")
        XCTAssertEqual(j.stages, ["Q:A"])
        XCTAssertEqual(steps(j)["Q:A"], ["Learn C# at 08:00; fast", "Odd &b; code"])
        XCTAssertEqual(j.cards[0].tags, ["Ann, the #1 parent"])
    }

    func testTasksBeforeTheFirstSectionAndEmptySections() throws {
        let d = try draft("journey\n  Wake up: 3\n  section Empty\n  section Work\n    Code: 5\n")
        let j = d.journeys[0]
        XCTAssertEqual(j.stages, [MermaidImport.noSectionTitle, "Empty", "Work"])
        XCTAssertEqual(j.title, "Journey")
        XCTAssertEqual(notes(d, .changed).count, 2)
    }

    func testEveryJourneyOfAMarkdownFileAndOtherDiagramsSkipped() throws {
        let md = """
            # Our journeys

            ```mermaid
            flowchart LR
              A --> B
            ```

            ```mermaid
            journey
              title Onboarding
              section Sign up
                Fill the form: 2: Ann
            ```

            ````mermaid
            journey
              title Support
              section Call
                Wait on hold: 1: Ann
            ````

            ```js
            journey
            ```
            """
        let d = try draft(md, file: "README.md")
        XCTAssertEqual(d.journeys.map(\.title), ["Onboarding", "Support"])
        XCTAssertEqual(d.journeys[1].cards[0].source, ImportSourceLocation(file: "README.md", line: 19, column: 5))
        XCTAssertEqual(notes(d, .skipped), ["4:1 a Mermaid block that is not a journey diagram"])
        XCTAssertEqual(d.personas.map(\.name), ["Ann"])
    }

    func testAnErrorInAMarkdownBlockIsAtItsLineInTheFile() {
        XCTAssertThrowsError(try draft("Text\n\n```mermaid\njourney\n  section A\n    Eat; drink: 5: Me\n```\n", file: "notes.md")) { error in
            XCTAssertEqual((error as? ImportError)?.at, ImportSourceLocation(file: "notes.md", line: 6, column: 8))
        }
        XCTAssertThrowsError(try draft("# No diagram\n\n```sh\nls\n```\n", file: "notes.md"))
    }

    func testHTMLPreBlocksAreDecodedAndDedented() throws {
        let html = """
            <html><body>
              <pre class="mermaid">
                ---
                title: Shopping &amp; more
                ---
                journey
                  section Go
                    Compare &lt;prices&gt;: 4: Dad
              </pre>
              <div class="note">journey</div>
            </body></html>
            """
        let d = try draft(html, file: "page.html")
        XCTAssertEqual(d.journeys.map(\.title), ["Shopping & more"])
        XCTAssertEqual(d.journeys[0].cards[0].text, "Compare <prices>")
        XCTAssertEqual(d.journeys[0].cards[0].source.line, 8)
    }

    // MARK: hostile and large

    func testRandomBytesAreAClearErrorNeverACrash() {
        var g = SeededRandom(seed: 13)
        for round in 0..<50 {
            let bytes = (0..<(1 + round * 97)).map { _ in UInt8(truncatingIfNeeded: g.next()) }
            XCTAssertThrowsError(try MermaidImport.read(bytes, file: "noise.mmd")) { error in
                XCTAssertTrue((error as? ImportError)?.description.hasPrefix("noise.mmd:") == true, "\(error)")
            }
        }
        XCTAssertThrowsError(try MermaidImport.read([0x6A, 0x6F, 0xFF], file: "bad.mmd")) { error in
            XCTAssertEqual((error as? ImportError)?.message.hasPrefix("not UTF-8 text"), true)
        }
    }

    func testRandomTextNearTheGrammarNeverCrashes() {
        let pieces = ["journey", "title ", "section ", ": ", ":", "#", "#58;", ";", "%%", "%%{", "}%%", "accDescr {", "}", "accTitle:", "\n", "\r\n", "\t", " ",
                      "A", "5", "x", "---", "，", "日本"]
        var g = SeededRandom(seed: 7)
        for _ in 0..<2000 {
            let text = "journey\n" + (0..<g.int(1...40)).map { _ in g.pick(pieces) }.joined()
            do {
                let d = try MermaidJourneyParser.parse(text, file: "r.mmd")
                XCTAssertTrue(d.tasks.allSatisfy { $0.section == nil || d.sections.indices.contains($0.section!) })
            } catch let e as ImportError {
                XCTAssertGreaterThanOrEqual(e.at.line, 1)
            } catch { XCTFail("\(error)") }
        }
    }

    func testTwoThousandTasks() throws {
        var text = "journey\n  title Big\n"
        for s in 0..<40 {
            text += "  section Stage \(s)\n"
            for t in 0..<50 { text += "    Task \(s)-\(t): \(1 + (s + t) % 5): Ann, Bo\n" }
        }
        let d = try draft(text)
        let j = d.journeys[0]
        XCTAssertEqual(j.stages.count, 40)
        XCTAssertEqual(j.cards.count, 4000)
        XCTAssertEqual(j.cards.filter { j.lanes[$0.lane].kind == .steps }.count, 2000)
        XCTAssertEqual(j.cards.last?.text, "Task 39-49")
        XCTAssertEqual(j.cards.last?.emotion, Double(1 + (39 + 49) % 5) - 3)
        XCTAssertEqual(j.cards.last?.source.line, 3 + 40 * 51 - 1)
        XCTAssertTrue(d.notes.isEmpty)
    }
}
