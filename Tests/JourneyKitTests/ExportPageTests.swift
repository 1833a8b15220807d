import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// The page (`ExportHTML`) and the picture (`ExportSVG`): golden files of the example boards in
/// Golden/ (`UPDATE_SNAPSHOTS=1` re-records them; review the diff), well-formed XML, and hostile
/// board text that stays text. Tests/EndToEndTests/ExportBrowserTests.swift opens them in Chromium.
final class ExportPageTests: XCTestCase {
    static let date = "2026-12-06"

    static func board(_ name: String) throws -> Board {
        let checked = BoardChecker.check(file: Fixture.boardPath(name))
        return try XCTUnwrap(checked.board, "\(name): \(checked.diagnostics)")
    }

    static let exampleNames = ["broadband-onboarding", "holiday-booking", "membership-self-service"]

    // MARK: golden files

    func testPagesOfTheExampleBoardsMatchTheirGoldenFiles() throws {
        for name in Self.exampleNames {
            let view = ExportView(try Self.board(name + ".json"))
            assertGolden(ExportHTML.page(view, date: Self.date), "\(name).html")
        }
    }

    func testPicturesOfTheExampleBoardsMatchTheirGoldenFiles() throws {
        for name in Self.exampleNames {
            let view = ExportView(try Self.board(name + ".json"))
            let first = try XCTUnwrap(view.journeys.first)
            assertGolden(ExportSVG.map(view, journey: first), "\(name).svg")
        }
    }

    // MARK: the picture is valid XML and holds the board's text

    /// Parses XML with Foundation's parser: the root's attributes, every `<text>`'s text, and
    /// every element name.
    final class XMLSummary: NSObject, XMLParserDelegate {
        var root: [String: String]?
        var elements: [String] = []
        var texts: [String] = []
        var depthInText = 0
        var current = ""
        var error: Error?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if root == nil { root = attributes.merging(["#name": name]) { a, _ in a } }
            elements.append(name)
            if name == "text" { depthInText += 1; if depthInText == 1 { current = "" } }
            if name == "tspan", depthInText > 0, !current.isEmpty { current += " " }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "text" { depthInText -= 1; if depthInText == 0 { texts.append(current) } }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if depthInText > 0 { current += string } }
        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }

        static func parse(_ text: String) -> XMLSummary {
            let s = XMLSummary()
            let p = XMLParser(data: Data(text.utf8))
            p.delegate = s
            if !p.parse(), s.error == nil { s.error = p.parserError ?? NSError(domain: "xml", code: 1) }
            return s
        }
    }

    /// Text with all white space removed (wrapping moves line breaks, never characters).
    static func squeezed(_ s: String) -> String { String(s.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init)) }

    func testPicturesAreWellFormedSixteenByNineAndHoldEveryStageAndCard() throws {
        for name in Self.exampleNames {
            let view = ExportView(try Self.board(name + ".json"))
            for j in view.journeys {
                let svg = ExportSVG.map(view, journey: j)
                let xml = XMLSummary.parse(svg)
                XCTAssertNil(xml.error, "\(name) › \(j.title): \(String(describing: xml.error))")
                let root = try XCTUnwrap(xml.root)
                XCTAssertEqual(root["#name"], "svg")
                let w = try XCTUnwrap(Double(root["width"] ?? "")), h = try XCTUnwrap(Double(root["height"] ?? ""))
                XCTAssertEqual(root["viewBox"], "0 0 \(ExportSVG.px(w)) \(ExportSVG.px(h))")
                XCTAssertEqual(w / h, 16.0 / 9.0, accuracy: 0.01, "\(name): 16:9")
                XCTAssertFalse(xml.elements.contains("script"))
                let allText = Self.squeezed(xml.texts.joined())
                for s in j.stages { XCTAssertTrue(allText.contains(Self.squeezed("\(s.position) · " + s.title)), "\(name): stage \(s.title)") }
                for card in j.cards {
                    // each card is one <text>, lines wrapped: the characters are all there, in order
                    XCTAssertTrue(xml.texts.contains { Self.squeezed($0).contains(Self.squeezed(card.text)) }, "\(name): card \(card.text)")
                }
            }
        }
    }

    func testPictureWrapsCardTextByDisplayWidth() throws {
        let view = ExportView(try Self.board("membership-self-service.json"))
        let svg = ExportSVG.map(view, journey: view.journeys[0])
        let xml = XMLSummary.parse(svg)
        // no line of a card is wider than the box holds (Chinese characters are two columns)
        let columns = Int((ExportSVG.minColumnWidth - 12 - 2 * ExportSVG.cardPadding - 14) / ExportSVG.columnPixels) + 40
        let tspans = svg.components(separatedBy: "<tspan").dropFirst().map { $0.split(separator: ">", maxSplits: 1)[1].split(separator: "<")[0] }
        XCTAssertFalse(tspans.isEmpty)
        for t in tspans { XCTAssertLessThanOrEqual(DisplayText.width(String(t)), columns) }
        XCTAssertNil(xml.error)
    }

    // MARK: the page

    func testPageIsSelfContainedAndPrintable() throws {
        let view = ExportView(try Self.board("holiday-booking.json"))
        let page = ExportHTML.page(view, date: Self.date)
        XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(page.contains("Exported 2026-12-06"))
        let markup = page.lowercased().replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        for fetch in ["<script", "src=", "<link", "@import", "url(", "http://", "https://"] {
            XCTAssertFalse(markup.contains(fetch), "the page fetches nothing and runs nothing: \(fetch)")
        }
        XCTAssertTrue(page.contains("@page { size: A4 landscape"))
        XCTAssertTrue(page.contains("break-before: page"))
        XCTAssertTrue(page.contains("'WenQuanYi Micro Hei'"), "CJK fonts in the fallbacks")
        XCTAssertTrue(page.contains("<svg class=\"curves\""))
        XCTAssertTrue(page.contains("<svg class=\"matrix\""))
    }

    func testPageHoldsThePersonaMapCurvesGapAndTheScoreArithmetic() throws {
        let board = try Self.board("holiday-booking.json")
        let view = ExportView(board)
        let page = ExportHTML.page(view, date: Self.date)
        for j in view.journeys {
            XCTAssertTrue(page.contains(MarkupText.escape(j.title)))
            if let p = j.persona { XCTAssertTrue(page.contains("Persona: " + MarkupText.escape(p.name))) }
            for s in j.stages { XCTAssertTrue(page.contains(MarkupText.escape(s.title)), s.title) }
            for c in j.cards { XCTAssertTrue(page.contains("<span class=\"text\">\(MarkupText.escape(c.text))</span>"), c.text) }
            for o in j.opportunities {
                XCTAssertTrue(page.contains("<b>\(CXScore.fixed(o.score.cxScore, decimals: 2))</b>"))
                if let p = o.score.priority { XCTAssertTrue(page.contains("<b>\(CXScore.fixed(p, decimals: 3))</b>")) }
            }
        }
        XCTAssertTrue(page.contains("Journey vs touchpoints"))
        XCTAssertTrue(page.contains("impact → improvement × weight"))
        XCTAssertTrue(page.contains("Σ weight·improvement ÷ Σ weight"))
        // a gap is signed, and a negative one reads as worse
        let gaps = view.journeys.flatMap { $0.comparison.metrics.compactMap(\.gap) }
        if gaps.contains(where: { $0 < 0 }) { XCTAssertTrue(page.contains("<span class=\"worse\">−")) }
    }

    func testADefaultCostIsNamedAsTheMedian() throws {
        var board = Board(title: "Costs")
        board.heroMetrics = Board.defaultHeroMetrics
        board.journeys["j"] = Journey(id: "j", title: "J", order: "a0")
        board.stages["s"] = Stage(id: "s", journey: "j", title: "S", order: "a0")
        board.lanes["o"] = Lane(id: "o", journey: "j", kind: .opportunities, order: "a0")
        for (i, cost) in [2.0, 4.0, nil].enumerated() {
            var c = Card(id: "c\(i)", lane: "o", stage: "s", order: "a\(i)", text: "idea \(i)")
            c.impact = ["satisfaction": 10]
            c.cost = cost
            board.cards["c\(i)"] = c
        }
        let page = ExportHTML.page(ExportView(board), date: Self.date)
        XCTAssertTrue(page.contains("3*<div class=\"sub\">median of 2 estimates</div>"), page)
    }

    func testHiddenVotesAreNotShown() throws {
        var board = try Self.board("holiday-booking.json")
        let voted = board.cards.values.first { $0.totalVotes > 0 }
        board.scoring.votesHidden = true
        let page = ExportHTML.page(ExportView(board), date: Self.date)
        XCTAssertTrue(page.contains("votes hidden (silent voting)"))
        XCTAssertFalse(page.contains(" vote</span>") || page.contains(" votes</span>"))
        if voted != nil { XCTAssertTrue(page.contains(">hidden</td>")) }
    }

    func testFutureStateIsShownBesideTheCurrentJourney() throws {
        var board = Board(title: "Two states")
        board.heroMetrics = Board.defaultHeroMetrics
        board.journeys["now"] = Journey(id: "now", title: "Today", order: "a0")
        board.journeys["now"]!.metrics = ["satisfaction": 60]
        board.journeys["next"] = Journey(id: "next", title: "Tomorrow", state: .future, order: "a1")
        board.journeys["next"]!.metrics = ["satisfaction": 75]
        board.stages["s1"] = Stage(id: "s1", journey: "now", title: "Search", order: "a0")
        board.stages["s2"] = Stage(id: "s2", journey: "next", title: "search", order: "a0")
        let page = ExportHTML.page(ExportView(board), date: Self.date)
        XCTAssertTrue(page.contains("Current beside future"))
        XCTAssertTrue(page.contains("<tr><td>Search</td><td class=\"n\">–</td><td>search</td>"))
        XCTAssertTrue(page.contains("<span class=\"better\">+15</span>"))
    }

    // MARK: hostile text

    static let hostileTexts = [
        "<script>alert(1)</script>",
        "\"double\" 'single' & ampersand > gt",
        "=cmd|' /C calc'!A0",
        "esc\u{1B}[2J bell\u{07} c1\u{9B}31m",
        "bidi\u{202E}evil\u{2066}iso\u{2069}",
        "</text><script>alert(2)</script><text>",
        "]]> <!-- comment --> <![CDATA[x]]>",
        "<img src=x onerror=alert(3)>",
    ]

    static func hostileBoard() -> Board {
        var b = Board(title: "<b>Board</b> & \"co\"")
        b.heroMetrics = Board.defaultHeroMetrics
        b.personas["p"] = Persona(id: "p", name: "<i>persona</i>", description: "desc '\u{1B}'", order: "a0")
        b.journeys["j\"<"] = Journey(id: "j\"<", title: "<script>journey</script>", persona: "p", order: "a0")
        b.stages["s"] = Stage(id: "s", journey: "j\"<", title: "<stage onclick=x>", order: "a0")
        for (i, kind) in [LaneKind.steps, .touchpoints, .emotion, .opportunities].enumerated() {
            b.lanes["l\(i)"] = Lane(id: "l\(i)", journey: "j\"<", kind: kind, title: "<lane \(i)>", order: "a\(i)")
        }
        for (i, text) in hostileTexts.enumerated() {
            var c = Card(id: "c\(i)'\"<", lane: "l\(i % 4)", stage: "s", order: "a\(i)", text: text)
            c.channel = "<ch>\u{202E}"
            c.owner = "\"owner\""
            if i % 4 == 2 { c.value = 1 }
            if i % 4 == 3 { c.impact = ["satisfaction": 5]; c.cost = 2 }
            c.status = "<status>"
            b.cards[c.id] = c
        }
        return b
    }

    func testHostileTextIsEscapedInThePageAndThePicture() throws {
        let view = ExportView(Self.hostileBoard())
        let page = ExportHTML.page(view, date: "<date>")
        let svg = ExportSVG.map(view, journey: view.journeys[0])
        for (what, out) in [("html", page), ("svg", svg)] {
            XCTAssertFalse(out.lowercased().contains("<script"), what)
            XCTAssertFalse(out.contains("<img"), what)
            XCTAssertFalse(out.contains("<i>persona"), what)
            XCTAssertFalse(out.contains("onerror=alert") && out.contains("<img "), what)
            XCTAssertFalse(out.contains("<!--"), what)
            XCTAssertFalse(out.contains("]]>"), what)
            for s in out.unicodeScalars where s != "\n" {
                XCTAssertFalse(DisplayText.isUnsafe(s.value), "\(what): U+\(String(s.value, radix: 16))")
            }
            XCTAssertTrue(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), what)
            XCTAssertTrue(out.contains("=cmd|&#39; /C calc&#39;!A0"), what)
            XCTAssertTrue(out.contains("esc␛[2J bell� c1�31m"), what + ": control characters shown as the board shows them")
            XCTAssertTrue(out.contains("bidieviliso"), what + ": bidi controls removed, the text kept")
        }
        XCTAssertTrue(page.contains("&quot;double&quot; &#39;single&#39; &amp; ampersand &gt; gt"))
        XCTAssertNil(XMLSummary.parse(svg).error)
    }

    func testMarkupTextEscapesEveryMarkupCharacter() {
        XCTAssertEqual(MarkupText.escape("a<b>&\"c\"'d'"), "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;")
        XCTAssertEqual(MarkupText.escape("x\u{202E}y\u{200F}z\u{1B}\u{0}\t\n"), "xyz␛�  ")
        XCTAssertEqual(MarkupText.escape("a\nb", keepNewlines: true), "a\nb")
        XCTAssertEqual(MarkupText.escape("\u{FFFE}"), "\u{FFFD}")
        XCTAssertEqual(MarkupText.escape("中文 ok"), "中文 ok")
        XCTAssertEqual(MarkupText.token("cd_1\"<x"), "cd_1__x")
    }
}
