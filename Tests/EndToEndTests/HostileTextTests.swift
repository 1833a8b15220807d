import Foundation
import JourneyKit
import XCTest
import JourneyTestSupport

/// No escape from a board file (or its name) reaches the terminal through any subcommand: ids,
/// titles, card texts, tags, vote names, unknown fields and metric labels full of escape
/// sequences, C1 controls, bidi overrides/isolates, newlines, CR, NUL and DEL are fed to every
/// subcommand, and nothing but the program's own line breaks comes out.
final class HostileTextTests: XCTestCase {
    /// ESC[2J (clear screen), OSC title … BEL, CSI as one C1 character, RLO, LRI, newline, CR,
    /// NUL, DEL — and a line that would pass for a diagnostic.
    static let h = "\u{1B}[2J\u{1B}]0;owned\u{07}\u{9B}9B\u{202E}\u{2066}\nFILE:1:1: error: forged\r\u{0}\u{7F}"

    /// A valid board with hostile text everywhere a file can hold text.
    static func board(_ text: String = "card") -> Board {
        let h = Self.h
        var b = Board(title: "Board" + h)
        b.heroMetrics = Board.defaultHeroMetrics
        b.heroMetrics["sat" + h] = HeroMetric(id: "sat" + h, label: "Label" + h, unit: "u" + h, min: 0, max: 10, better: .higher, order: "a9")
        b.personas["pe" + h] = Persona(id: "pe" + h, name: "Persona" + h, order: "a0")
        b.journeys["jr" + h] = Journey(id: "jr" + h, title: "Journey" + h, persona: "pe" + h, order: "a0")
        b.journeys["jr" + h]!.metrics = ["sat" + h: 4]
        b.stages["st" + h] = Stage(id: "st" + h, journey: "jr" + h, title: "Stage" + h, order: "a0")
        b.lanes["ln" + h] = Lane(id: "ln" + h, journey: "jr" + h, kind: .opportunities, title: "Lane" + h, order: "a0")
        b.lanes["lt" + h] = Lane(id: "lt" + h, journey: "jr" + h, kind: .touchpoints, title: "Touch" + h, order: "a1")
        var c = Card(id: "cd" + h, lane: "ln" + h, stage: "st" + h, order: "a0", text: text + h)
        c.tags = ["tag" + h]
        c.votes = ["voter" + h: 2]
        c.impact = ["sat" + h: 3, "satisfaction": 5]
        c.cost = 2
        c.notes = "notes" + h
        c.owner = "owner" + h
        c.status = "idea"
        c.extra["x" + h] = .string("unknown" + h)
        b.cards["cd" + h] = c
        var t = Card(id: "ct" + h, lane: "lt" + h, stage: "st" + h, order: "a0", text: "touch" + h)
        t.metrics = ["sat" + h: 6]
        t.volume = 10
        b.cards["ct" + h] = t
        b.extra["x-top" + h] = .object(["k" + h: .string("v" + h)])
        return b
    }

    /// Every scalar a terminal could act on, other than the newline that ends a line.
    static func unsafeScalars(_ s: String) -> [String] {
        s.unicodeScalars.filter { $0 != "\n" && DisplayText.isUnsafe($0.value) }
            .map { "U+" + String($0.value, radix: 16, uppercase: true) }
    }

    /// `lines`: whether the output's lines come from the program (not from a file's own lines,
    /// as in textconv of a file that is not a board, which prints the file's lines for git diff).
    func assertSafe(_ r: ProcessResult, _ what: String, lines: Bool = true, file: StaticString = #filePath, line: UInt = #line) {
        // CSV records end in CRLF (RFC 4180): the only CR allowed, and only before a newline
        let out = what.hasPrefix("score") ? r.stdout.replacingOccurrences(of: "\r\n", with: "\n") : r.stdout
        XCTAssertEqual(Self.unsafeScalars(out), [], "\(what): stdout", file: file, line: line)
        XCTAssertEqual(Self.unsafeScalars(r.stderr), [], "\(what): stderr", file: file, line: line)
        for l in ((lines ? r.stdout : "") + r.stderr).split(separator: "\n") {
            XCTAssertFalse(l.hasPrefix("FILE:1:1"), "\(what): a forged line: \(l)", file: file, line: line)
        }
    }

    func testNoSubcommandLetsFileTextReachTheTerminal() throws {
        let d = TemporaryDirectory("journey-hostile")
        let h = Self.h
        let name = "board\u{1B}[2J\u{202E}\n.json"
        let board = Self.board()
        XCTAssertEqual(Validator.validate(board).map(\.message), [], "the hostile board itself is valid")
        // not canonical (tabs), so fmt --check names it
        d.write(name, String(decoding: BoardCodec.write(board), as: UTF8.self).replacingOccurrences(of: "\n  ", with: "\n\t"))
        var edited = board
        edited.cards["cd" + h]!.text = "edited" + h
        edited.cards["cd" + h]!.votes["second" + h] = 1
        edited.stages["st" + h]!.title = "Renamed" + h
        try BoardFile.save(edited, to: d.file("edited.json"))
        // a board check rejects: dangling references named by hostile ids
        var broken = board
        broken.cards["cd" + h]!.stage = "missing" + h
        broken.cards["cd" + h]!.links = ["gone" + h]
        broken.journeys["jr" + h]!.state = "state" + h
        try BoardFile.save(broken, to: d.file(name + "broken"))
        // names and arguments cannot hold NUL; everything else of the hostile text they can
        let hn = h.replacingOccurrences(of: "\u{0}", with: "")
        d.write("notaboard" + hn, "not a board " + h)

        var runs: [(String, ProcessResult)] = []
        func run(_ args: [String]) -> ProcessResult {
            let r = JourneyBinary.run(args, cwd: d.path)
            runs.append((args.prefix(3).joined(separator: " "), r))
            return r
        }

        let ok = run(["check", name])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        let bad = run(["check", name + "broken", "edited.json"])
        XCTAssertEqual(bad.status, 1)
        let shownName = DisplayText.sanitize(name + "broken")
        let lines = bad.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertGreaterThanOrEqual(lines.count, 3, bad.stderr)
        for l in lines {
            XCTAssertTrue(l.hasPrefix(shownName + ":"), "each problem is one line starting FILE:LINE:COL: — \(l)")
            let rest = l.dropFirst(shownName.count + 1)
            XCTAssertNotNil(rest.range(of: #"^[0-9]+:[0-9]+: "#, options: .regularExpression), "FILE:LINE:COL: — \(l)")
        }
        // the argument parser's own path (an option) quotes the names too
        _ = run(["check", "--", name + "broken"])

        XCTAssertEqual(run(["fmt", "--check", name]).status, 1)
        _ = run(["fmt", "--check", "notaboard" + hn])
        XCTAssertEqual(run(["show", name, "--width", "120"]).status, 0)
        _ = run(["show", name, "--journey", "nope" + hn])
        XCTAssertEqual(run(["score", name]).status, 0)
        let json = run(["score", name, "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let first = (parsed?["opportunities"] as? [[String: Any]])?.first
        XCTAssertEqual(first?["text"] as? String, "card" + h, "JSON keeps the text exactly, escaped")
        let csv = run(["score", name, "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertEqual(csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 2, "a header and one line for the one opportunity: \(csv.stdout)")
        _ = run(["score", name + "broken"])
        _ = run(["score", name, "--journey", "x" + hn])
        XCTAssertEqual(run(["diff", name, "edited.json"]).status, 0)
        let dj = run(["diff", "--format", "json", name, "edited.json"])
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(dj.stdout.utf8)), dj.stdout)
        _ = run(["diff", name, "notaboard" + hn])
        let tc = run(["textconv", name])
        XCTAssertEqual(tc.status, 0)
        XCTAssertTrue(tc.stdout.contains("\\u001b[2J"), "textconv escapes ids and values: \(tc.stdout.prefix(400))")
        _ = run(["textconv", "notaboard" + hn])
        _ = run(["textconv", "missing" + hn])
        _ = run(["new", name])
        _ = run(["new", "x" + hn + "/deeper/new.json"])
        _ = run(["notaboard" + hn])  // open: not a board, reported before the terminal is touched
        // git-setup echoes the patterns it is given (one with white space is refused)
        XCTAssertEqual(JourneyBinary.sh("git init -q", cwd: d.path).status, 0)
        XCTAssertEqual(run(["git-setup", "p\u{1B}[2J\u{202E}\u{9B}*.json"]).status, 0)
        XCTAssertEqual(run(["git-setup", "q" + hn + ".json"]).status, 1)

        // a merge with conflicts on hostile fields: messages name them safely
        var ours = board, theirs = board
        ours.cards["cd" + h]!.text = "ours" + h
        theirs.cards["cd" + h]!.text = "theirs" + h
        ours.cards["cd" + h]!.votes["voter" + h] = 3
        theirs.cards["cd" + h]!.votes["voter" + h] = 1
        ours.extra["x-top" + h] = .string("o" + h)
        theirs.extra["x-top" + h] = .string("t" + h)
        try BoardFile.save(board, to: d.file("base.json"))
        try BoardFile.save(ours, to: d.file("ours.json"))
        try BoardFile.save(theirs, to: d.file("theirs.json"))
        let m = run(["merge", "base.json", "ours.json", "theirs.json", name, "--ours-label", "main" + hn])
        XCTAssertEqual(m.status, 1, m.stderr)
        XCTAssertTrue(m.stderr.contains("3 conflicts recorded"), m.stderr)
        _ = run(["merge", "base.json", "notaboard" + hn, "theirs.json", name])

        XCTAssertEqual(runs.count, 25)
        for (what, r) in runs {
            assertSafe(r, what, lines: what != "textconv notaboard" + hn)
            XCTAssertFalse(r.stdout.isEmpty && r.stderr.isEmpty, "\(what) said nothing")
        }
    }
}
