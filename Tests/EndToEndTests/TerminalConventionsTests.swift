import Foundation
import JourneyKit
import XCTest
import JourneyTestSupport

/// What a terminal user expects of any program, with the real binary in tmux: Home and End
/// whatever the terminal calls them, `--version`, a typo of a subcommand, a picker that lists
/// only boards, a clear refusal on a terminal that cannot move the cursor.
final class TerminalConventionsTests: XCTestCase {
    func open(_ dir: TemporaryDirectory, _ file: String, term: String) throws -> TmuxSession {
        let t = try TmuxSession("'\(JourneyBinary.path)' '\(file)'", width: 120, height: 40, cwd: dir.path,
                                environment: ["SWIFT_BACKTRACE": "interactive=no", "TERM": term])
        t.waitFor(text: "? help")
        return t
    }

    /// tmux and screen send ESC[1~ and ESC[4~ for Home and End (xterm sends ESC[H, ESC[F or
    /// ESCOH, ESCOF); under their own TERM values Home and End move on the board and in a text
    /// being typed.
    func testHomeAndEndUnderScreenAndTmuxTerminals() throws {
        for term in ["screen-256color", "tmux-256color"] {
            let dir = TemporaryDirectory()
            dir.copyBoard("broadband-onboarding.json", as: "board.json")
            let t = try open(dir, "board.json", term: term)
            t.keys("End")
            t.waitFor(text: "6/6 ·")   // the status line: the last of six stages
            t.keys("Home")
            t.waitFor(text: "1/6 ·")
            // in a text being typed: Home and End move the cursor
            t.press(.search)
            t.type("abc")
            t.keys("Home"); t.type("<")
            t.keys("End"); t.type(">")
            t.waitFor(text: "/<abc>")
            t.keys("Escape")
            t.waitForAbsence(of: "/<abc>")   // a key right after Esc would be read as Alt+key
            t.press(.quit)
            XCTAssertEqual(t.waitForExit(), 0, "under TERM=\(term)")
        }
    }

    /// The raw sequences, whatever TERM says: rxvt's ESC[7~ / ESC[8~, xterm's ESC[H / ESC[F and
    /// ESCOH / ESCOF, and ESC[1~ / ESC[4~ under a TERM (xterm) that names other ones.
    func testEveryHomeAndEndSequenceWorksUnderAnyTerm() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("broadband-onboarding.json", as: "board.json")
        let t = try open(dir, "board.json", term: "xterm-256color")
        for (home, end) in [(["1b", "5b", "31", "7e"], ["1b", "5b", "34", "7e"]), (["1b", "5b", "37", "7e"], ["1b", "5b", "38", "7e"]),
                            (["1b", "5b", "48"], ["1b", "5b", "46"]), (["1b", "4f", "48"], ["1b", "4f", "46"])] {
            t.tmux(["send-keys", "-t", t.name, "-H"] + end)
            t.waitFor(text: "6/6 ·", file: #filePath, line: #line)
            t.tmux(["send-keys", "-t", t.name, "-H"] + home)
            t.waitFor(text: "1/6 ·")
        }
        t.press(.quit)
        XCTAssertEqual(t.waitForExit(), 0)
    }

    func testVersionInATerminal() throws {
        let dir = TemporaryDirectory()
        let t = try TmuxSession("'\(JourneyBinary.path)' --version", cwd: dir.path)
        XCTAssertEqual(t.waitForExit(), 0)
        let version = JourneyBinary.run(["version"])
        XCTAssertEqual(version.status, 0)
        let printed = version.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(printed.first?.isNumber == true && printed.contains("."), printed)
        XCTAssertTrue(t.capture().contains(printed), "--version and `journey version` print the same: \(t.capture())")
    }

    func testAMistypedSubcommandIsRefusedWithTheNearestName() throws {
        let dir = TemporaryDirectory()
        let t = try TmuxSession("'\(JourneyBinary.path)' chek", cwd: dir.path)
        XCTAssertEqual(t.waitForExit(), 2)
        let screen = t.capture()
        XCTAssertTrue(screen.contains("unknown command 'chek' — did you mean 'check'?"), screen)
        XCTAssertFalse(screen.contains("template"), "no offer to create a board named chek: \(screen)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("chek")))
        let scripted = JourneyBinary.run(["exprot", "x.json"], cwd: dir.path)
        XCTAssertEqual(scripted.status, 2)
        XCTAssertTrue(scripted.stderr.contains("did you mean 'export'?"), scripted.stderr)
    }

    /// A real file named like a command opens with `journey open FILE` (and `journey FILE`
    /// when the name is only close to one).
    func testAFileNamedLikeACommandStillOpens() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "check")
        dir.copyBoard("holiday-booking.json", as: "chek")
        let t = try TmuxSession("'\(JourneyBinary.path)' open check", cwd: dir.path)
        t.waitFor(text: "? help")
        t.press(.quit)
        XCTAssertEqual(t.waitForExit(), 0)
        let typo = try TmuxSession("'\(JourneyBinary.path)' chek", cwd: dir.path)
        typo.waitFor(text: "? help")
        typo.press(.quit)
        XCTAssertEqual(typo.waitForExit(), 0)
    }

    func testThePickerListsOnlyJourneyBoards() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "trip.json")
        _ = dir.write("package.json", "{\n  \"name\": \"web\",\n  \"version\": \"1.0.0\"\n}\n")
        _ = dir.write("tsconfig.json", "{ \"compilerOptions\": { \"strict\": true } }\n")
        let t = try TmuxSession("'\(JourneyBinary.path)'", cwd: dir.path)
        let screen = t.waitFor(text: "trip.json")
        let title = try BoardFile.load(dir.file("trip.json")).title
        XCTAssertTrue(screen.contains(title), "the picker shows the board's title: \(screen)")
        XCTAssertTrue(screen.contains("cards"), "and its card count: \(screen)")
        XCTAssertFalse(screen.contains("package.json"), screen)
        XCTAssertFalse(screen.contains("tsconfig.json"), screen)
        t.keys("Escape")
        XCTAssertEqual(t.waitForExit(), 0)
    }

    /// TERM=dumb cannot draw a board: a refusal that names `journey show`, a non-zero exit,
    /// and the terminal as it was (still echoing, still line by line).
    func testADumbTerminalIsRefusedAndLeftSane() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        let t = try TmuxSession("sh -c \"'\(JourneyBinary.path)' board.json; status=\\$?; stty -a | tr ' ;' '\\\\n\\\\n' | grep -x -e echo -e icanon | tr '\\\\n' ' '; exit \\$status\"",
                                cwd: dir.path, environment: ["TERM": "dumb"])
        XCTAssertEqual(t.waitForExit(), 1)
        let screen = t.capture()
        XCTAssertTrue(screen.contains("cannot move the cursor"), screen)
        XCTAssertTrue(screen.contains("journey show"), screen)
        XCTAssertTrue(screen.contains("icanon echo") || screen.contains("echo icanon"), "the terminal still echoes and reads lines: \(screen)")
    }
}

extension TerminalConventionsTests {
    /// Whether the program in the pane asked tmux for mouse reports.
    func mouseReporting(_ t: TmuxSession) -> Bool {
        let flags = t.tmux(["display-message", "-p", "-t", t.name, "#{mouse_standard_flag}#{mouse_button_flag}#{mouse_all_flag}"]).stdout
        return flags.contains("1")
    }

    func waitForMouse(_ t: TmuxSession, _ on: Bool, file: StaticString = #filePath, line: UInt = #line) {
        let deadline = Date().addingTimeInterval(20)
        while mouseReporting(t) != on {
            if Date() > deadline { return XCTFail("mouse reporting never turned \(on ? "on" : "off")", file: file, line: line) }
            usleep(50_000)
        }
    }

    /// `:mouse off` and `--no-mouse` stop mouse reports, so the terminal selects text itself.
    func testMouseReportingTurnsOffAndOn() throws {
        let dir = TemporaryDirectory()
        dir.copyBoard("holiday-booking.json", as: "board.json")
        let t = try open(dir, "board.json", term: "xterm-256color")
        waitForMouse(t, true)
        t.press(.commandLine); t.type("mouse off"); t.keys("Enter")
        t.waitFor(text: "mouse off")
        waitForMouse(t, false)
        t.press(.commandLine); t.type("mouse on"); t.keys("Enter")
        waitForMouse(t, true)
        t.press(.quit)
        XCTAssertEqual(t.waitForExit(), 0)

        let quiet = try TmuxSession("'\(JourneyBinary.path)' --no-mouse board.json", cwd: dir.path)
        quiet.waitFor(text: "? help")
        XCTAssertFalse(mouseReporting(quiet), "--no-mouse asks for no reports")
        quiet.press(.quit)
        XCTAssertEqual(quiet.waitForExit(), 0)
    }

    /// `journey score` in an 80-column terminal: no line wider than the terminal; piped, every word.
    func testScoreFitsTheTerminalAndAPipeKeepsEveryWord() throws {
        let dir = TemporaryDirectory()
        let board = JourneyBinary.boardPath("holiday-booking.json")
        let t = try TmuxSession("'\(JourneyBinary.path)' score '\(board)' > wide.txt; '\(JourneyBinary.path)' score '\(board)' | cat > piped.txt; script -qc \"'\(JourneyBinary.path)' score '\(board)'\" /dev/null > tty.txt",
                                width: 80, height: 40, cwd: dir.path)
        XCTAssertEqual(t.waitForExit(), 0)
        let piped = try String(contentsOfFile: dir.file("piped.txt"), encoding: .utf8)
        XCTAssertTrue(piped.contains("Clone a quote into side-by-side variants"), piped)
        XCTAssertTrue(piped.split(separator: "\n").contains { DisplayText.width(String($0)) > 80 }, "a pipe keeps the long rows")
        let tty = try String(contentsOfFile: dir.file("tty.txt"), encoding: .utf8).replacingOccurrences(of: "\r", with: "")
        XCTAssertTrue(tty.contains("Opportunities"), tty)
        for line in tty.split(separator: "\n") { XCTAssertLessThanOrEqual(DisplayText.width(String(line)), 80, String(line)) }
        let narrow = JourneyBinary.run(["score", board, "--width", "60"])
        XCTAssertEqual(narrow.status, 0, narrow.stderr)
        for line in narrow.stdout.split(separator: "\n") { XCTAssertLessThanOrEqual(DisplayText.width(String(line)), 60, String(line)) }
        XCTAssertTrue(narrow.stdout.contains("left out to fit 60 columns: measured, reach"), narrow.stdout)
        XCTAssertEqual(JourneyBinary.run(["score", board, "--width", "40"]).status, 2, "below 60 columns is a usage error")
    }

    /// The completion scripts the README shows how to install: one per shell, naming the
    /// subcommands; bash's completes a subcommand's name.
    func testCompletionScriptsForBashZshAndFish() throws {
        for shell in ["bash", "zsh", "fish"] {
            let r = JourneyBinary.run(["--generate-completion-script", shell])
            XCTAssertEqual(r.status, 0, "\(shell): \(r.stderr)")
            for name in ["check", "score", "export", "version"] { XCTAssertTrue(r.stdout.contains(name), "\(shell) completion lacks \(name)") }
        }
        let dir = TemporaryDirectory()
        _ = dir.write("journey.bash", JourneyBinary.run(["--generate-completion-script", "bash"]).stdout)
        let completed = JourneyBinary.run(["-c", """
            . ./journey.bash
            COMP_WORDS=(journey sco); COMP_CWORD=1; COMP_LINE="journey sco"; COMP_POINT=11
            _journey journey sco journey
            printf '%s\\n' "${COMPREPLY[@]}"
            COMP_WORDS=(journey score --fo); COMP_CWORD=2; COMP_LINE="journey score --fo"; COMP_POINT=18
            _journey journey --fo score
            printf '%s\\n' "${COMPREPLY[@]}"
            """], cwd: dir.path, environment: ["PATH": (JourneyBinary.path as NSString).deletingLastPathComponent + ":/usr/bin:/bin"], executable: "/bin/bash")
        let offered = completed.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(offered.contains("score"), completed.stdout + completed.stderr)
        XCTAssertTrue(offered.contains("--format"), completed.stdout + completed.stderr)
    }
}
