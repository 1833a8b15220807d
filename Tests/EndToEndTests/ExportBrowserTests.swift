import Foundation
import JourneyKit
import JourneyTestSupport
import XCTest

/// The exported page and picture in a real browser (headless Chromium, see Support/Browser.swift):
/// the screenshot is not blank, the DOM Chromium built holds every stage title and card text and
/// no script, and the page printed to PDF holds them too (`pdftotext`) — the Chinese board
/// included, which needs a CJK font (`.ci/run` installs fonts-wqy-microhei). On CI a missing
/// tool fails these tests; elsewhere they are skipped, saying so.
final class ExportBrowserTests: XCTestCase {
    static let boards = ["holiday-booking", "broadband-onboarding", "membership-self-service"]

    /// Exports `board` (a path) as `format` into `dir` with the real binary.
    func export(_ board: String, _ format: String, in dir: TemporaryDirectory, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let out = dir.file((board as NSString).lastPathComponent.replacingOccurrences(of: ".json", with: "." + format))
        let r = JourneyBinary.run(["export", board, "--format", format, "-o", out])
        XCTAssertEqual(r.status, 0, "journey export \(format): \(r.stderr)", file: file, line: line)
        return out
    }

    // MARK: the command

    func testPageAndPictureComeFromTheCommandByFormatOrExtension() throws {
        let dir = TemporaryDirectory("journey-export-page")
        let board = JourneyBinary.boardPath("broadband-onboarding.json")
        let view = ExportView(try BoardFile.load(board))
        // the extension chooses the format; SOURCE_DATE_EPOCH dates the page (2026-12-06 12:00 UTC)
        let r = JourneyBinary.run(["export", board, "-o", dir.file("page.html")], environment: ["SOURCE_DATE_EPOCH": "1796558400"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let page = try String(contentsOfFile: dir.file("page.html"), encoding: .utf8)
        XCTAssertEqual(page, ExportHTML.page(view, date: "2026-12-06"))
        // stdout, the second journey by title
        let second = view.journeys[1]
        let svg = JourneyBinary.run(["export", board, "--format", "svg", "--journey", second.title])
        XCTAssertEqual(svg.status, 0, svg.stderr)
        XCTAssertEqual(svg.stdout, ExportSVG.map(ExportView(try BoardFile.load(board), journey: second.id), journey: second))
        XCTAssertEqual(JourneyBinary.run(["export", board, "-o", dir.file("map.svg")]).status, 0)
        XCTAssertTrue(try String(contentsOfFile: dir.file("map.svg"), encoding: .utf8).hasPrefix("<?xml"))
    }

    /// What a page says: tags removed, entities read, white space removed (the browser and the
    /// PDF wrap lines wherever they fit; only the characters and their order matter).
    static func plain(_ markup: String) -> String {
        var text = markup.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        for (entity, char) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&nbsp;", " "), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: char)
        }
        return squeezed(text)
    }

    static func squeezed(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.filter { !$0.properties.isWhitespace }))
    }

    /// Every stage title and card text of the board's journeys (`only`: the first journey), as
    /// the export shows them.
    static func expectedTexts(_ board: Board, firstJourneyOnly: Bool = false) -> [String] {
        let view = ExportView(board)
        let journeys = firstJourneyOnly ? Array(view.journeys.prefix(1)) : view.journeys
        return journeys.flatMap { j in j.stages.map(\.title) + j.cards.map(\.text) }.map { squeezed(MarkupText.clean($0)) }
    }

    func assertHolds(_ text: String, _ expected: [String], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let missing = expected.filter { !text.contains($0) }
        XCTAssertEqual(missing, [], "\(what): missing \(missing.count) of \(expected.count)", file: file, line: line)
    }

    func assertNotBlank(_ png: String, width: Int, height: Int, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(Browser.pngSize(png).map { $0 == (width, height) } ?? false, "screenshot size", file: file, line: line)
        let colours = Browser.distinctColours(png) ?? 0
        XCTAssertGreaterThan(colours, 20, "the screenshot is not blank (\(colours) colours)", file: file, line: line)
    }

    // MARK: the page

    func testThePageOfEachExampleBoardRendersAndHoldsEveryStageAndCardOnScreenAndInPDF() throws {
        try Browser.require(pdftotext: true, python: true)
        let dir = TemporaryDirectory("journey-browser")
        for name in Self.boards {
            let path = JourneyBinary.boardPath(name + ".json")
            let board = try BoardFile.load(path)
            let page = try export(path, "html", in: dir)
            let expected = Self.expectedTexts(board)

            let png = dir.file(name + ".png")
            if let problem = Browser.screenshot(page, to: png, window: (1200, 900)) { XCTFail("\(name): \(problem)"); continue }
            assertNotBlank(png, width: 1200, height: 900)

            let dom = Browser.dumpDOM(page)
            XCTAssertEqual(dom.status, 0, "\(name): --dump-dom: \(dom.stderr.suffix(500))")
            XCTAssertTrue(dom.stdout.contains("<table class=\"map\">"), "\(name): the DOM is the page")
            XCTAssertFalse(dom.stdout.lowercased().contains("<script"), "\(name): no script element")
            assertHolds(Self.plain(dom.stdout), expected, "\(name): DOM")

            let pdf = dir.file(name + ".pdf")
            if let problem = Browser.printToPDF(page, to: pdf) { XCTFail("\(name): \(problem)"); continue }
            let text = Browser.pdfText(pdf)
            XCTAssertEqual(text.status, 0, "\(name): pdftotext: \(text.stderr)")
            assertHolds(Self.squeezed(text.stdout), expected, "\(name): PDF text")
        }
    }

    // MARK: the picture

    func testThePictureOpensInChromiumAndHoldsEveryStageAndCardOfItsJourney() throws {
        try Browser.require(python: true)
        let dir = TemporaryDirectory("journey-browser-svg")
        for name in ["holiday-booking", "membership-self-service"] {
            let path = JourneyBinary.boardPath(name + ".json")
            let board = try BoardFile.load(path)
            let svg = try export(path, "svg", in: dir)
            let png = dir.file(name + "-svg.png")
            if let problem = Browser.screenshot(svg, to: png, window: (1600, 900)) { XCTFail("\(name): \(problem)"); continue }
            assertNotBlank(png, width: 1600, height: 900)
            let dom = Browser.dumpDOM(svg)
            XCTAssertEqual(dom.status, 0, "\(name): --dump-dom")
            XCTAssertTrue(dom.stdout.contains("<svg"), "\(name): the DOM is the picture")
            XCTAssertFalse(dom.stdout.lowercased().contains("<script"), "\(name): no script element")
            assertHolds(Self.plain(dom.stdout), Self.expectedTexts(board, firstJourneyOnly: true), "\(name): SVG DOM")
        }
    }

    // MARK: hostile text

    func testHostileTextIsShownAndNeverRunsInTheBrowser() throws {
        try Browser.require(pdftotext: true)
        let dir = TemporaryDirectory("journey-browser-hostile")
        var board = Board(title: "Hostile <script>alert('title')</script>")
        board.heroMetrics = Board.defaultHeroMetrics
        board.journeys["j"] = Journey(id: "j", title: "J <img src=x onerror=alert(1)>", order: "a0")
        board.stages["s"] = Stage(id: "s", journey: "j", title: "Stage \"quoted\" & 'single'", order: "a0")
        board.lanes["l"] = Lane(id: "l", journey: "j", kind: .steps, order: "a0")
        let texts = ["<script>alert(1)</script>", "=cmd|' /C calc'!A0", "</td></tr></table><script>alert(2)</script>",
                     "esc\u{1B}[31m red", "bidi\u{202E}reversed\u{202C} end"]
        for (i, t) in texts.enumerated() {
            board.cards["c\(i)"] = Card(id: "c\(i)", lane: "l", stage: "s", order: "a\(i)", text: t)
        }
        let path = dir.write("hostile.json", String(decoding: BoardCodec.write(board), as: UTF8.self))
        for format in ["html", "svg"] {
            let out = try export(path, format, in: dir)
            let dom = Browser.dumpDOM(out)
            XCTAssertEqual(dom.status, 0, "\(format): --dump-dom")
            XCTAssertFalse(dom.stdout.lowercased().contains("<script"), "\(format): a script element in the DOM")
            XCTAssertFalse(dom.stdout.lowercased().contains("<img"), "\(format): an img element in the DOM")
            let plain = Self.plain(dom.stdout)
            for t in ["<script>alert(1)</script>", "=cmd|'/Ccalc'!A0", "</td></tr></table><script>alert(2)</script>", "esc␛[31mred", "bidireversedend"] {
                XCTAssertTrue(plain.contains(Self.squeezed(t)), "\(format): the text \(t) is shown")
            }
            if format == "html" {
                let pdf = dir.file("hostile.pdf")
                if let problem = Browser.printToPDF(out, to: pdf) { XCTFail(problem); continue }
                let text = Self.squeezed(Browser.pdfText(pdf).stdout)
                XCTAssertTrue(text.contains("<script>alert(1)</script>"), "the PDF shows the script as text")
                XCTAssertTrue(text.contains("=cmd|'/Ccalc'!A0"))
            }
        }
    }
}
