import ArgumentParser
import JourneyKit

struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Rewrite boards in canonical form (safely), or check that they are.",
        discussion: "A file that cannot be read is never touched. With --check, names the files that are not canonical and exits 1."
    )

    @Argument(help: "Board files to format.")
    var files: [String]

    @Flag(help: "Only report files that are not canonical; change nothing.")
    var check = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("Missing expected argument '<files> ...'") }
    }

    func run() throws {
        var failed = false
        for f in files {
            do {
                let bytes = try BoardFile.readBytes(f)
                let board = try BoardCodec.read(bytes, file: f)
                let canonical = BoardCodec.write(board)
                if canonical == bytes { continue }
                if check {
                    printLine("not canonical: \(f)")
                    failed = true
                } else {
                    try BoardFile.writeAtomically(canonical, to: f)
                    printLine("formatted \(f)")
                }
            } catch {
                printError("\(error)")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}
