import Foundation
import JourneyKit
import XCTest
import JourneyTestSupport

/// The subcommands as processes — the real `journey` binary, with real files: exit codes
/// (0 success, 1 a problem found, 2 usage error), stdout, stderr, and what happens to the files.
final class SubcommandTests: XCTestCase {
    let examples = ["broadband-onboarding.json", "holiday-booking.json", "membership-self-service.json"]

    func bytes(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }
    func entries(_ dir: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() }
    func lines(_ s: String) -> [String] { s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } }

    /// A small board with two journeys, written canonically.
    func smallBoard(_ edit: (inout Board) -> Void = { _ in }) -> Board {
        var b = Board(title: "Small")
        b.heroMetrics = Board.defaultHeroMetrics
        b.personas["pe_0000000001"] = Persona(id: "pe_0000000001", name: "Parent", order: "a0")
        var j1 = Journey(id: "jr_0000000001", title: "Get connected", persona: "pe_0000000001", order: "a0")
        j1.metrics = ["satisfaction": 54, "effort": 4.2]
        b.journeys[j1.id] = j1
        b.journeys["jr_0000000002"] = Journey(id: "jr_0000000002", title: "Move house", state: .future, order: "a1")
        b.stages["st_0000000001"] = Stage(id: "st_0000000001", journey: "jr_0000000001", title: "Order", order: "a0")
        b.stages["st_0000000002"] = Stage(id: "st_0000000002", journey: "jr_0000000001", title: "Install", order: "a1")
        b.stages["st_0000000003"] = Stage(id: "st_0000000003", journey: "jr_0000000002", title: "Pack", order: "a0")
        b.lanes["ln_0000000001"] = Lane(id: "ln_0000000001", journey: "jr_0000000001", kind: .pains, order: "a0")
        b.lanes["ln_0000000002"] = Lane(id: "ln_0000000002", journey: "jr_0000000002", kind: .emotion, order: "a0")
        b.cards["cd_0000000001"] = Card(id: "cd_0000000001", lane: "ln_0000000001", stage: "st_0000000001", order: "a0", text: "Waits in all day for the technician")
        var e = Card(id: "cd_0000000002", lane: "ln_0000000002", stage: "st_0000000003", order: "a0", text: "Relieved the boxes are packed")
        e.value = 1
        b.cards[e.id] = e
        edit(&b)
        return b
    }

    func write(_ dir: TemporaryDirectory, _ name: String, _ board: Board) -> String {
        let p = dir.file(name)
        _ = FileManager.default.createFile(atPath: p, contents: Data(BoardCodec.write(board)))
        return p
    }

    // MARK: --help and usage errors

    func testHelpForEverySubcommand() {
        for sub in ["open", "new", "check", "fmt", "show"] {
            let r = JourneyBinary.run([sub, "--help"])
            XCTAssertEqual(r.status, 0, "\(sub) --help: \(r.stderr)")
            XCTAssertTrue(r.stdout.contains("USAGE: journey \(sub)"), "\(sub) --help:\n\(r.stdout)")
            XCTAssertEqual(r.stderr, "", sub)
        }
        let root = JourneyBinary.run(["--help"])
        XCTAssertEqual(root.status, 0)
        for sub in ["new", "check", "fmt", "show"] { XCTAssertTrue(root.stdout.contains(sub), root.stdout) }
        let help = JourneyBinary.run(["help", "check"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("USAGE: journey check"), help.stdout)
    }

    func testUsageErrorsExit2WithAMessageOnStderr() {
        let cases: [([String], String)] = [
            (["check"], "Missing expected argument"),
            (["fmt"], "Missing expected argument"),
            (["show"], "Missing expected argument"),
            (["new"], "Missing expected argument '<file>'"),
            (["new", "x.json", "--template", "nosuch"], "unknown template 'nosuch'"),
            (["fmt", "--bogus", "x.json"], "Unknown option '--bogus'"),
            (["show", "x.json", "--width", "wide"], "The value 'wide' is invalid for '--width <width>'"),
            (["show", "x.json", "--width", "39"], "--width must be at least 40 columns, not 39"),
            (["show", "x.json", "--width", "0"], "--width must be at least 40 columns, not 0"),
            (["frobnicate", "x.json", "y.json"], "unexpected arguments"),
        ]
        let dir = TemporaryDirectory()
        for (args, message) in cases {
            let r = JourneyBinary.run(args, cwd: dir.path)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): stderr should say \(message):\n\(r.stderr)")
            XCTAssertTrue(r.stderr.contains("journey --help") || r.stderr.contains("--help"), r.stderr)
            XCTAssertEqual(r.stdout, "", "\(args): nothing on stdout")
        }
        XCTAssertEqual(entries(dir.path), [], "a usage error creates nothing")
    }

    // MARK: new

    func testNewMakesEachTemplateAsACanonicalValidBoard() throws {
        let dir = TemporaryDirectory()
        for t in BoardTemplate.all {
            let path = dir.file("\(t.name).json")
            let r = JourneyBinary.run(["new", path, "--template", t.name])
            XCTAssertEqual(r.status, 0, "\(t.name): \(r.stderr)")
            XCTAssertTrue(r.stdout.hasPrefix("created \(path) from the \(t.name) template"), r.stdout)
            let data = [UInt8](bytes(path))
            let board = try BoardCodec.read(data, file: path)
            XCTAssertEqual(BoardCodec.write(board), data, "\(t.name) is written canonically")
            XCTAssertEqual(Validator.validate(board, bytes: data, file: path), [], t.name)
            XCTAssertEqual(JourneyBinary.run(["check", path]).status, 0, t.name)
            let jid = try XCTUnwrap(board.orderedJourneys.first?.id)
            XCTAssertEqual(board.stages(of: jid).map(\.title), t.stages, t.name)
            XCTAssertEqual(board.lanes(of: jid).map(\.title), t.lanes.map(\.1), t.name)
            XCTAssertEqual(Set(board.heroMetrics.keys), ["satisfaction", "effort", "engagement"])
            XCTAssertEqual(board.heroMetrics["effort"].map { [$0.min, $0.max] }, [1, 7])
            XCTAssertEqual(board.heroMetrics["effort"]?.better, "lower")
            XCTAssertEqual(board.heroMetrics["satisfaction"].map { [$0.min, $0.max] }, [0, 100])
            XCTAssertEqual(board.heroMetrics["engagement"]?.better, "higher")
            let ids = Array(board.cards.keys) + Array(board.stages.keys) + Array(board.lanes.keys) + Array(board.journeys.keys) + Array(board.personas.keys)
            for id in ids {
                XCTAssertTrue(id.range(of: "^(cd|st|ln|jr|pe)_[0-9a-hjkmnp-tv-z]{10}$", options: .regularExpression) != nil, "id \(id)")
            }
        }
    }

    func testNewLifecycleIsTheDefaultWithItsStagesAndLanes() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("b.json")
        XCTAssertEqual(JourneyBinary.run(["new", path, "--title", "Broadband 2027"]).status, 0)
        let board = try BoardFile.load(path)
        XCTAssertEqual(board.title, "Broadband 2027")
        let jid = try XCTUnwrap(board.orderedJourneys.first?.id)
        XCTAssertEqual(board.stages(of: jid).map(\.title), ["Reach", "Acquisition", "Conversion", "Retention", "Loyalty"])
        XCTAssertEqual(board.lanes(of: jid).map(\.title), ["Steps", "Touchpoints", "Emotion", "Pain points", "Opportunities"])
        let blueprint = dir.file("bp.json")
        XCTAssertEqual(JourneyBinary.run(["new", blueprint, "--template", "blueprint"]).status, 0)
        let bp = try BoardFile.load(blueprint)
        XCTAssertEqual(bp.lanes(of: bp.orderedJourneys[0].id).map(\.title).suffix(3), ["Frontstage", "Backstage", "Support processes"])
    }

    func testNewNeverOverwrites() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("precious.json", "my notes, not a board\n")
        let r = JourneyBinary.run(["new", path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("\(path): error: already exists"), r.stderr)
        XCTAssertEqual(dir.read("precious.json"), "my notes, not a board\n")
        // nor through a link, even one that points nowhere yet
        try FileManager.default.createSymbolicLink(atPath: dir.file("link.json"), withDestinationPath: "nowhere.json")
        XCTAssertEqual(JourneyBinary.run(["new", dir.file("link.json")]).status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("nowhere.json")))
        XCTAssertEqual(entries(dir.path), ["link.json", "precious.json"])
    }

    func testNewIntoAMissingDirectoryFailsClearly() {
        let dir = TemporaryDirectory()
        let r = JourneyBinary.run(["new", dir.file("no/such/dir/b.json")])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("does not exist"), r.stderr)
        XCTAssertEqual(entries(dir.path), [])
    }

    func testNewListsTheTemplates() {
        let r = JourneyBinary.run(["new", "--list-templates"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let listed = lines(r.stdout).map { String($0.split(separator: " ").first ?? "") }
        XCTAssertEqual(listed, BoardTemplate.all.map(\.name))
        XCTAssertTrue(r.stdout.contains("Reach, Acquisition, Conversion, Retention, Loyalty"), r.stdout)
    }

    // MARK: check

    func testCheckPassesOnExampleBoards() {
        let boards = examples.map(JourneyBinary.boardPath)
        let r = JourneyBinary.run(["check"] + boards)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        let cards = boards.map { (try? BoardFile.load($0))?.cards.count ?? 0 }.reduce(0, +)
        XCTAssertEqual(r.stdout, "3 boards OK (\(cards) cards)\n")
    }

    func testCheckListsEveryProblemOfEveryFileAsFileLineColumn() {
        let dir = TemporaryDirectory()
        let invalid = write(dir, "invalid.json", smallBoard { b in
            b.cards["cd_0000000001"]!.stage = "st_missing000"
            b.cards["cd_0000000002"]!.value = 5
        })
        let broken = dir.write("broken.json", "{\n  \"format\": \"journey-board\",\n  \"schemaVersion\": 1,\n  \"title\": \"x\",\n}\n")
        let good = write(dir, "good.json", smallBoard())
        let r = JourneyBinary.run(["check", invalid, broken, good])
        XCTAssertEqual(r.status, 1)
        let text = String(decoding: BoardCodec.write(smallBoard { b in
            b.cards["cd_0000000001"]!.stage = "st_missing000"
            b.cards["cd_0000000002"]!.value = 5
        }), as: UTF8.self)
        /// LINE:COL of `needle` (plus `skip` columns) in the file's text.
        func at(_ needle: String, skip: Int = 0) -> String {
            let before = text[..<text.range(of: needle)!.lowerBound]
            let line = before.filter { $0 == "\n" }.count + 1
            let column = (before.split(separator: "\n", omittingEmptySubsequences: false).last?.unicodeScalars.count ?? 0) + 1 + skip
            return "\(line):\(column)"
        }
        XCTAssertEqual(lines(r.stderr), [
            "\(invalid):\(at("\"st_missing000\"")): error: card cd_0000000001: stage st_missing000 does not exist",
            "\(invalid):\(at("\"value\": 5", skip: 9)): error: card cd_0000000002: emotion value must be between -2 and 2, not 5",
            "\(broken):4:15: error: trailing comma before '}'",
        ])
        XCTAssertEqual(r.stdout, "3 boards checked: 3 problems in 2 files\n")
    }

    /// `journey check FILE...` skips the argument parser; with an option it does not. Same answers.
    func testCheckGivesTheSameAnswersWithAndWithoutTheArgumentParser() {
        let dir = TemporaryDirectory()
        let invalid = write(dir, "invalid.json", smallBoard { $0.cards["cd_0000000002"]!.cost = -1 })
        let good = write(dir, "good.json", smallBoard())
        for files in [[good], [invalid, good], [dir.file("missing.json")]] {
            let fast = JourneyBinary.run(["check"] + files)
            let parsed = JourneyBinary.run(["check", "--"] + files)
            XCTAssertEqual(fast.status, parsed.status, "\(files)")
            XCTAssertEqual(fast.stdout, parsed.stdout, "\(files)")
            XCTAssertEqual(fast.stderr, parsed.stderr, "\(files)")
        }
        XCTAssertEqual(JourneyBinary.run(["check", good]).status, 0)
        XCTAssertEqual(JourneyBinary.run(["check", invalid, good]).status, 1)
    }

    func testCheckNamesAMissingFileAndAGitConflict() {
        let dir = TemporaryDirectory()
        let conflicted = dir.write("merged.json", "{\n  \"format\": \"journey-board\",\n<<<<<<< HEAD\n  \"title\": \"ours\",\n=======\n  \"title\": \"theirs\",\n>>>>>>> feature\n  \"schemaVersion\": 1\n}\n")
        let r = JourneyBinary.run(["check", dir.file("missing.json"), conflicted])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(lines(r.stderr), [
            "\(dir.file("missing.json")): error: cannot read: No such file or directory",
            "\(conflicted):3:1: error: unresolved git conflict markers (a line starts with <<<<<<<); resolve the merge, or run `journey merge` as the merge driver",
        ])
        XCTAssertEqual(r.stdout, "2 boards checked: 2 problems in 2 files\n")
    }

    func testCheckRefusesABoardFromANewerVersion() {
        let dir = TemporaryDirectory()
        let newer = dir.write("newer.json", "{\n  \"format\": \"journey-board\",\n  \"schemaVersion\": 2,\n  \"title\": \"x\"\n}\n")
        let r = JourneyBinary.run(["check", newer])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("\(newer):3:20: error: schemaVersion 2 was written by a newer version of journey"), r.stderr)
    }

    // MARK: fmt

    func testFmtRewritesANonCanonicalFileAndThenLeavesItAlone() throws {
        let dir = TemporaryDirectory()
        let compact = "{\"title\":\"Small\",\"schemaVersion\":1,\"format\":\"journey-board\",\"cards\":{\"cd_1\":{\"text\":\"x\",\"order\":\"a0\",\"stage\":\"s\",\"lane\":\"l\"}}}"
        let path = dir.write("b.json", compact)
        let r = JourneyBinary.run(["fmt", path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "formatted \(path)\n")
        let after = [UInt8](bytes(path))
        XCTAssertEqual(after, BoardCodec.write(try BoardCodec.read(Array(compact.utf8))))
        XCTAssertTrue(String(decoding: after, as: UTF8.self).hasPrefix("{\n  \"cards\": {\n    \"cd_1\": {\n      \"lane\": \"l\",\n"))
        let again = JourneyBinary.run(["fmt", path])
        XCTAssertEqual(again.status, 0)
        XCTAssertEqual(again.stdout, "")
        XCTAssertEqual([UInt8](bytes(path)), after)
        XCTAssertEqual(entries(dir.path), ["b.json"], "no temporary file left")
    }

    func testFmtCheckNamesNonCanonicalFilesAndChangesNothing() {
        let dir = TemporaryDirectory()
        let canonical = write(dir, "canonical.json", smallBoard())
        let messy = dir.write("messy.json", String(decoding: BoardCodec.write(smallBoard()), as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n"))
        let before = bytes(messy)
        let r = JourneyBinary.run(["fmt", "--check", canonical, messy])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "not canonical: \(messy)\n")
        XCTAssertEqual(bytes(messy), before)
        let ok = JourneyBinary.run(["fmt", "--check", canonical])
        XCTAssertEqual(ok.status, 0)
        XCTAssertEqual(ok.stdout, "")
        XCTAssertEqual(JourneyBinary.run(["fmt", "--check"] + examples.map(JourneyBinary.boardPath)).status, 0, "the example boards are canonical")
    }

    func testFmtNeverTouchesAFileItCannotRead() throws {
        let dir = TemporaryDirectory()
        let cases: [(String, String, String)] = [
            ("trailing.json", "{\n  \"format\": \"journey-board\",\n  \"schemaVersion\": 1,\n  \"title\": \"x\",\n}", ":4:15: error: trailing comma"),
            ("conflict.json", "{\n<<<<<<< HEAD\n  \"title\": \"a\"\n=======\n  \"title\": \"b\"\n>>>>>>> x\n}\n", ":2:1: error: unresolved git conflict markers"),
            ("truncated.json", "{\n  \"cards\": {\n    \"cd_1\": {\n      \"text\": \"Wai", ":4:15: error: unterminated string at end of file"),
            ("newer.json", "{\"format\":\"journey-board\",\"schemaVersion\":9,\"title\":\"x\"}", ":1:43: error: schemaVersion 9 was written by a newer version"),
        ]
        for (name, text, message) in cases {
            let path = dir.write(name, text)
            let mtime = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
            for args in [["fmt", path], ["fmt", "--check", path]] {
                let r = JourneyBinary.run(args)
                XCTAssertEqual(r.status, 1, "\(args)")
                XCTAssertTrue(r.stderr.hasPrefix(path + message), "\(args): \(r.stderr)")
            }
            XCTAssertEqual(dir.read(name), text, "\(name) must be untouched")
            XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date, mtime, name)
        }
        let missing = JourneyBinary.run(["fmt", dir.file("missing.json")])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("cannot read: No such file or directory"), missing.stderr)
        try FileManager.default.createDirectory(atPath: dir.file("adir.json"), withIntermediateDirectories: false)
        let directory = JourneyBinary.run(["fmt", dir.file("adir.json")])
        XCTAssertEqual(directory.status, 1)
        XCTAssertTrue(directory.stderr.contains("is a directory"), directory.stderr)
        XCTAssertEqual(entries(dir.path), ["adir.json", "conflict.json", "newer.json", "trailing.json", "truncated.json"])
        XCTAssertEqual(entries(dir.file("adir.json")), [])
    }

    func testFmtKeepsTheModeAndWritesThroughASymlink() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.file("real"), withIntermediateDirectories: false)
        let target = dir.write("real/board.json", "{\"format\":\"journey-board\",\"schemaVersion\":1,\"title\":\"x\"}")
        XCTAssertEqual(chmod(target, 0o600), 0)
        try FileManager.default.createSymbolicLink(atPath: dir.file("board.json"), withDestinationPath: "real/board.json")
        let r = JourneyBinary.run(["fmt", dir.file("board.json")])
        XCTAssertEqual(r.status, 0, r.stderr)
        let attributes = try FileManager.default.attributesOfItem(atPath: dir.file("board.json"))
        XCTAssertEqual(attributes[.type] as? FileAttributeType, .typeSymbolicLink, "the link stays a link")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: dir.file("board.json")), "real/board.json")
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertTrue(dir.read("real/board.json").hasPrefix("{\n  \"cards\": {},\n"), dir.read("real/board.json"))
        XCTAssertEqual(entries(dir.path), ["board.json", "real"])
        XCTAssertEqual(entries(dir.file("real")), ["board.json"])
    }

    /// A full disk, for root too: the shell limits file size (`ulimit -f`), so writing the
    /// new text fails with EFBIG — SIGXFSZ ignored so the write returns the error.
    func testFmtOnAFullDiskLeavesTheOriginalAndNoTemporaryFile() {
        let dir = TemporaryDirectory()
        var b = smallBoard()
        for n in 0..<40 {
            let id = "cd_1000000" + String(format: "%03d", n)
            b.cards[id] = Card(id: id, lane: "ln_0000000001", stage: "st_0000000001", order: "a\(n)", text: "Card number \(n) with some text")
        }
        let compact = String(decoding: BoardCodec.write(b), as: UTF8.self).replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "  ", with: "")
        let path = dir.write("board.json", compact)
        let r = JourneyBinary.sh("trap '' XFSZ; ulimit -f 4; exec '\(JourneyBinary.path)' fmt board.json", cwd: dir.path)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("cannot save"), r.stderr)
        XCTAssertTrue(r.stderr.contains("the board on disk is unchanged"), r.stderr)
        XCTAssertEqual(dir.read("board.json"), compact)
        XCTAssertEqual(entries(dir.path), ["board.json"], "no temporary file left")
        XCTAssertGreaterThan(compact.utf8.count, 4 * 1024, "the file is bigger than the limit, so only the new write fails")
        _ = path
    }

    // MARK: show

    /// Display columns where each `│` or `┼` of a line starts.
    func separatorColumns(_ line: String) -> [Int] {
        var col = 0, found: [Int] = []
        for s in line.unicodeScalars {
            if s == "│" || s == "┼" { found.append(col) }
            col += DisplayText.width(s)
        }
        return found
    }

    func testShowKeepsEveryLineWithinTheWidth() {
        for name in examples {
            for width in [40, 57, 80, 100, 132] {
                let r = JourneyBinary.run(["show", JourneyBinary.boardPath(name), "--width", "\(width)"])
                XCTAssertEqual(r.status, 0, r.stderr)
                XCTAssertGreaterThan(lines(r.stdout).count, 10)
                for line in lines(r.stdout) {
                    XCTAssertLessThanOrEqual(DisplayText.width(line), width, "\(name) at \(width): \(line)")
                }
            }
        }
        // not a terminal: 100 columns
        let r = JourneyBinary.run(["show", JourneyBinary.boardPath("broadband-onboarding.json")])
        XCTAssertEqual(r.status, 0)
        let widest = lines(r.stdout).map { DisplayText.width($0) }.max() ?? 0
        XCTAssertLessThanOrEqual(widest, 100)
        XCTAssertGreaterThan(widest, 80, "the default width is used, not a narrow one")
    }

    func testShowLinesUpTheChineseBoard() {
        for width in [60, 80, 100, 120] {
            let r = JourneyBinary.run(["show", JourneyBinary.boardPath("membership-self-service.json"), "--width", "\(width)"])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stdout.contains("会员"), "the Chinese text is shown")
            var bands = 0
            // a band: the stage header row, then rules (┼) and rows (│), up to an empty line
            for band in r.stdout.components(separatedBy: "\n\n") where band.contains("┼") {
                bands += 1
                let rows = band.split(separator: "\n").map(String.init)
                guard let rule = rows.first(where: { $0.contains("┼") }) else { continue }
                let columns = separatorColumns(rule)
                XCTAssertFalse(columns.isEmpty)
                for row in rows {
                    XCTAssertEqual(separatorColumns(row), columns, "width \(width): a row out of line:\n\(row)\n\(rule)")
                    XCTAssertLessThanOrEqual(DisplayText.width(row), DisplayText.width(rule), row)
                }
            }
            XCTAssertGreaterThan(bands, 0, "width \(width)")
        }
    }

    func testShowNeverPassesControlCharactersToTheTerminal() throws {
        let dir = TemporaryDirectory()
        let nasty = "A\u{1B}[2J\u{1B}]0;pwned\u{07}B\u{9B}31mC\u{202E}evil\u{202C}D\u{0}E\u{7F}F\u{8}G\r\nH\u{2066}I\u{85}J"
        let path = write(dir, "nasty.json", smallBoard { b in
            b.title = nasty
            b.journeys["jr_0000000001"]!.title = "Journey " + nasty
            b.personas["pe_0000000001"]!.name = nasty
            b.stages["st_0000000001"]!.title = nasty
            b.lanes["ln_0000000001"]!.title = nasty
            b.cards["cd_0000000001"]!.text = nasty
            var t = Card(id: "cd_0000000009", lane: "ln_0000000001", stage: "st_0000000002", order: "a0", text: nasty + " " + nasty)
            t.channel = "\u{1B}[31mweb"
            b.cards[t.id] = t
            b.heroMetrics["satisfaction"]!.label = "Sat\u{1B}[5m"
            b.journeys["jr_0000000002"]!.state = "future\u{1B}[8m" // `check` would refuse this one; `show` still shows it safely
            b.lanes["ln_0000000002"]!.kind = "\u{1B}[31memotion"
        })
        let r = JourneyBinary.run(["show", path, "--width", "120"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let second = JourneyBinary.run(["show", path, "--width", "120", "--journey", "jr_0000000002"])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.contains("[future␛[8m]"), second.stdout)
        for scalar in (r.stdout + second.stdout).unicodeScalars {
            let v = scalar.value
            XCTAssertFalse(v < 0x20 && v != 0x0A, "C0 control U+\(String(v, radix: 16)) reached stdout")
            XCTAssertFalse(v >= 0x7F && v <= 0x9F, "DEL or C1 control U+\(String(v, radix: 16)) reached stdout")
            XCTAssertFalse((0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v), "bidi control U+\(String(v, radix: 16)) reached stdout")
        }
        XCTAssertTrue(r.stdout.contains("␛"), "ESC is shown as ␛")
        XCTAssertTrue(r.stdout.contains("A␛[2J"), r.stdout)
        for line in lines(r.stdout) { XCTAssertLessThanOrEqual(DisplayText.width(line), 120, line) }
    }

    func testShowFindsAJourneyByTitleAndById() {
        let dir = TemporaryDirectory()
        let path = write(dir, "b.json", smallBoard())
        let first = JourneyBinary.run(["show", path, "--width", "80"])
        XCTAssertEqual(first.status, 0)
        XCTAssertTrue(first.stdout.hasPrefix("Small — journey 1/2: Get connected [current] — persona: Parent"), first.stdout)
        XCTAssertTrue(first.stdout.contains("Waits in all day"))
        XCTAssertTrue(first.stdout.contains("Journey metrics: Satisfaction 54 · Effort 4.2"), first.stdout)
        for name in ["Move house", "move HOUSE", "jr_0000000002"] {
            let r = JourneyBinary.run(["show", path, "--journey", name, "--width", "80"])
            XCTAssertEqual(r.status, 0, "\(name): \(r.stderr)")
            XCTAssertTrue(r.stdout.hasPrefix("Small — journey 2/2: Move house [future]"), "\(name): \(r.stdout)")
            XCTAssertTrue(r.stdout.contains("+1 Relieved the boxes are packed"), r.stdout)
            XCTAssertFalse(r.stdout.contains("Waits in all day"))
        }
        let missing = JourneyBinary.run(["show", path, "--journey", "Churn"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stdout, "")
        XCTAssertTrue(missing.stderr.contains("no journey 'Churn' in this board (journeys: Get connected, Move house)"), missing.stderr)
    }

    func testShowOnABrokenFileSaysWhere() {
        let dir = TemporaryDirectory()
        let path = dir.write("b.json", "{\n  \"format\": \"journey-board\",\n  \"schemaVersion\": 1,\n  \"title\": \"x\",,\n}\n")
        let r = JourneyBinary.run(["show", path])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.hasPrefix("\(path):4:16: error: expected a key in quotes, found ','"), r.stderr)
    }
}
