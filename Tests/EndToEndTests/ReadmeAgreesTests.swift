import XCTest

/// `journey --help` and the README name the same subcommands.
final class ReadmeAgreesTests: XCTestCase {
    func testEverySubcommandInHelpIsInTheReadme() throws {
        let help = JourneyBinary.run(["--help"])
        XCTAssertEqual(help.status, 0)
        let readme = try String(contentsOf: JourneyBinary.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let sub = help.stdout.range(of: "SUBCOMMANDS:") else { return XCTFail(help.stdout) }
        let names = help.stdout[sub.upperBound...].split(separator: "\n").compactMap { line -> String? in
            let l = line.drop { $0 == " " }
            guard line.hasPrefix("  "), !line.hasPrefix("        "), let w = l.split(separator: " ").first, w.first?.isLowercase == true else { return nil }
            return String(w)
        }
        XCTAssertGreaterThanOrEqual(names.count, 10, help.stdout)
        for n in names { XCTAssertTrue(readme.contains("`journey \(n)") || (n == "open" && readme.contains("journey [open]")), "README lacks journey \(n)") }
    }
}
