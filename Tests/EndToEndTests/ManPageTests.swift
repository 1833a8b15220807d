import Foundation
import XCTest
import JourneyTestSupport

/// The man page (docs/man/journey.1) is generated from the command definitions and kept in
/// the repository; these tests keep it equal to what the binary describes, and keep it, the
/// README and `--help` naming the same subcommands and options.
/// `UPDATE_SNAPSHOTS=1 swift test --filter ManPageTests` rewrites the page.
final class ManPageTests: XCTestCase {
    static let pagePath = JourneyBinary.packageRoot.appendingPathComponent("docs/man/journey.1")

    func generated(date: String) throws -> String {
        let dump = JourneyBinary.run(["--experimental-dump-help"])
        XCTAssertEqual(dump.status, 0, dump.stderr)
        let version = JourneyBinary.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return try ManPage.render(dump: Data(dump.stdout.utf8), version: version, date: date)
    }

    /// The committed page is the one the command definitions give (its date aside).
    func testTheManPageIsGeneratedFromTheCommandDefinitions() throws {
        let committed = (try? String(contentsOf: Self.pagePath, encoding: .utf8)) ?? ""
        let dateLine = committed.split(separator: "\n").first { $0.hasPrefix(".Dd ") }.map { String($0.dropFirst(4)) }
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "MMMM d, yyyy"
            var page = try generated(date: dateLine ?? formatter.string(from: Date()))
            if page != committed { page = try generated(date: formatter.string(from: Date())) }
            try FileManager.default.createDirectory(at: Self.pagePath.deletingLastPathComponent(), withIntermediateDirectories: true)
            try page.write(to: Self.pagePath, atomically: true, encoding: .utf8)
            return
        }
        guard let date = dateLine else { return XCTFail("no docs/man/journey.1: UPDATE_SNAPSHOTS=1 swift test --filter ManPageTests writes it") }
        let expected = try generated(date: date)
        XCTAssertEqual(committed, expected, "docs/man/journey.1 is out of date: UPDATE_SNAPSHOTS=1 swift test --filter ManPageTests rewrites it")
    }

    /// Characters outside ASCII survive as mdoc escapes (the argument parser's own tool drops them).
    func testTextOutsideASCIIIsEscapedNotLost() {
        XCTAssertEqual(ManPage.escapeText("0–100 · ok"), "0\\[u2013]100 \\[u00B7] ok")
        XCTAssertEqual(ManPage.escapeText(".hidden \\ path"), "\\&.hidden \\e path")
    }

    /// The subcommands `--help` lists, their options, the man page and the README agree.
    func testHelpManPageAndReadmeNameTheSameSubcommandsAndOptions() throws {
        let page = try String(contentsOf: Self.pagePath, encoding: .utf8)
        let readme = try String(contentsOf: JourneyBinary.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let help = JourneyBinary.run(["--help"]).stdout
        guard let sub = help.range(of: "SUBCOMMANDS:") else { return XCTFail(help) }
        let names = help[sub.upperBound...].split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("        "), let w = line.split(separator: " ").first, w.first?.isLowercase == true else { return nil }
            return String(w)
        }
        XCTAssertGreaterThanOrEqual(names.count, 12, help)
        for name in names {
            // the man page's block for this subcommand: from its .It Em line to the next one
            guard let start = page.range(of: "\n.It Em \(name)\n") else { XCTFail("the man page lacks \(name)"); continue }
            let rest = page[start.upperBound...]
            let block = rest[..<(rest.range(of: "\n.It Em ")?.lowerBound ?? rest.range(of: "\n.Sh ")?.lowerBound ?? rest.endIndex)]
            let subHelp = JourneyBinary.run([name, "--help"]).stdout
            let options = Set(subHelp.components(separatedBy: "\n").filter { $0.hasPrefix("  -") }
                .flatMap { line in line.split(separator: " ").filter { $0.hasPrefix("--") || ($0.hasPrefix("-") && $0.count == 2) } }
                .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: ",")) }
                .flatMap { $0.components(separatedBy: "/") })   // --live/--no-live: two options
            XCTAssertFalse(options.isEmpty, subHelp)
            // the README's row for the subcommand
            let row = readme.split(separator: "\n").first { $0.hasPrefix("| `journey \(name)") || (name == "open" && $0.hasPrefix("| `journey [open]")) }
            XCTAssertNotNil(row, "README lacks a row for journey \(name)")
            for option in options where !["--help", "-h", "--version"].contains(option) {
                // mdoc's Fl writes the first dash itself: --width is `Fl -width`, -o is `Fl o`
                XCTAssertTrue(block.contains("Fl \(option.dropFirst())"), "the man page lacks \(name) \(option)")
                XCTAssertTrue(row?.contains(option) ?? false, "README's row for journey \(name) lacks \(option)")
            }
        }
    }
}
