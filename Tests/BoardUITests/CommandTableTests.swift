import XCTest
@testable import BoardUI
import JourneyKit

/// The `:` commands as a table: usage derived from the rows, Tab completing names and finite
/// arguments, ↑ ↓ recalling the session's commands and searches.
final class CommandTableTests: XCTestCase {
    func commandLine(_ s: BoardState) -> String? {
        if case .command(let editor) = s.mode { return editor.text }
        return nil
    }

    func tab(_ s: inout BoardState, after text: String) -> String? {
        s.mode = .board
        press(&s, .char(":"))
        type(&s, text)
        press(&s, .tab)
        return commandLine(s)
    }

    func testUsageIsDerivedFromTheRow() {
        XCTAssertEqual(Commands.usage("metric add"), ":metric add ID LABEL MIN MAX higher|lower [WEIGHT]")
        XCTAssertEqual(Commands.usage("wq"), ":wq  :x")
        XCTAssertEqual(Commands.groupUsage("stage"), ":stage add NAME | rename NAME | move left|right | delete | N")
        var s = Fixtures.state()
        command(&s, "stage move up")
        XCTAssertEqual(s.message, "usage: :stage move left|right")
        command(&s, "lane frobnicate")
        XCTAssertEqual(s.message, "usage: " + Commands.groupUsage("lane"))
        // every row is in help and the README, once
        let help = Overlays.helpLines.joined(separator: "\n")
        for row in Commands.all {
            XCTAssertTrue(help.contains(row.usage), row.usage)
            XCTAssertTrue(help.contains(row.help), row.help)
        }
        let usages = Commands.all.map(\.usage)
        XCTAssertEqual(usages.count, Set(usages).count, "a command is listed twice")
    }

    func testEveryRowRunsItsCommand() {
        var s = Fixtures.state()
        command(&s, "title A new title")
        XCTAssertEqual(s.board.title, "A new title")
        XCTAssertEqual(command(&s, "q!"), [.deleteRecovery, .quit])
        XCTAssertEqual(command(&s, "wq!"), [.save(path: "test.json", quitAfter: true)])
        XCTAssertEqual(command(&s, "x"), [.save(path: "test.json", quitAfter: true)])
        command(&s, "frobnicate")
        XCTAssertEqual(s.message, "unknown command :frobnicate — ? lists the commands")
        command(&s, "help")
        XCTAssertEqual(s.mode, .help(scroll: 0))
    }

    func testTabCompletesCommandNamesAndSubcommands() {
        var s = Fixtures.state()
        XCTAssertEqual(tab(&s, after: "met"), "metric ")
        press(&s, .char("a"), .tab)
        XCTAssertEqual(commandLine(s), "metric add ")
        XCTAssertEqual(tab(&s, after: "st"), "stage ")
        XCTAssertEqual(tab(&s, after: "stage mo"), "stage move ")
        // several candidates: completed as far as they agree, listed in the status line
        XCTAssertEqual(tab(&s, after: "stage move "), "stage move ")
        XCTAssertEqual(s.message, "left  right")
        XCTAssertEqual(tab(&s, after: "zzz"), "zzz")
        XCTAssertEqual(s.message, "nothing to complete")
    }

    func testTabCompletesFiniteArguments() {
        var s = Fixtures.state()
        XCTAssertEqual(tab(&s, after: "lane add opp"), "lane add opportunities ")
        XCTAssertEqual(tab(&s, after: "gate a"), "gate a")
        XCTAssertEqual(s.message, "all  any")
        XCTAssertEqual(tab(&s, after: "votes h"), "votes hide ")
        XCTAssertEqual(tab(&s, after: "journey add Next --state f"), "journey add Next --state future ")
        XCTAssertEqual(tab(&s, after: "journey add Next --fr"), "journey add Next --from ")
        XCTAssertEqual(tab(&s, after: "journey add Next --from CUR"), "journey add Next --from CURRENT ")
        s.mode = .board
        command(&s, "metric add nps Net promoter 0 10 higher")
        XCTAssertEqual(tab(&s, after: "metric weight n"), "metric weight nps ")
        XCTAssertEqual(tab(&s, after: "metric better nps l"), "metric better nps lower ")
    }

    func testUpAndDownRecallTheSessionsCommandsAndSearches() {
        var s = Fixtures.state()
        command(&s, "title One")
        command(&s, "title Two")
        press(&s, .char(":"))
        press(&s, .up)
        XCTAssertEqual(commandLine(s), "title Two")
        press(&s, .up)
        XCTAssertEqual(commandLine(s), "title One")
        press(&s, .up)
        XCTAssertEqual(commandLine(s), "title One", "the oldest stays")
        press(&s, .down)
        XCTAssertEqual(commandLine(s), "title Two")
        press(&s, .down)
        XCTAssertEqual(commandLine(s), "", "past the newest: an empty line")
        press(&s, .escape)
        // searches have their own history
        press(&s, .char("/"))
        type(&s, "router")
        press(&s, .enter)
        press(&s, .char("/"))
        press(&s, .up)
        guard case .search(let editor) = s.mode else { return XCTFail("searching") }
        XCTAssertEqual(editor.text, "router")
        XCTAssertEqual(s.commandHistory, ["title One", "title Two"])
        XCTAssertEqual(s.searchHistory, ["router"])
    }
}
