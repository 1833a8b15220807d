import ArgumentParser
import Foundation
import JourneyKit
#if canImport(Glibc)
import Glibc
#endif

/// The formats of `journey export`, and the file extensions that choose them.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case md, csv, mermaid, json, svg, html

    /// The format an output file's extension names (`.md`, `.csv`, `.mmd`/`.mermaid`, `.json`,
    /// `.svg`, `.html`/`.htm`).
    init?(extensionOf path: String) {
        let name = BoardFile.fileName(of: path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "md", "markdown": self = .md
        case "csv": self = .csv
        case "mmd", "mermaid": self = .mermaid
        case "json": self = .json
        case "svg": self = .svg
        case "html", "htm": self = .html
        default: return nil
        }
    }
}

/// `journey export FILE`: the board as a document, a spreadsheet, a diagram or data, drawn from
/// JourneyKit's `ExportView` by the format's own function (ExportMarkdown, ExportCSV,
/// ExportMermaid, ExportJSON, ExportSVG, ExportHTML). This file parses the arguments, checks the board and writes.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a board as Markdown, CSV, a Mermaid journey diagram, JSON, an SVG picture or an HTML page.",
        discussion: """
            md: per journey the map as a table, a Mermaid block, journey vs touchpoints and the ranked \
            opportunities. csv: one record per card (RFC 4180, CR LF; board text starting with = + - @ is \
            prefixed with ' so spreadsheets do not run it). mermaid: one journey (the first unless --journey) \
            as a Mermaid `journey` diagram; : # ; are written as Mermaid entity codes. json: journeys → \
            stages → lanes → cards, with scores and gaps. svg: one journey's map (the first unless \
            --journey) as a 16:9 picture with its curves. html: one self-contained page (no script, nothing \
            fetched) with the map, curves, journey vs touchpoints and the ranked opportunities; print it to \
            PDF from a browser. The page is dated today (UTC), or by SOURCE_DATE_EPOCH when set. The format \
            defaults from OUT's extension (.md .csv .mmd .mermaid .json .svg .html), else md. Exit 1 when the board cannot be read or fails \
            `journey check`, 2 on a usage error.
            """
    )

    @Argument(help: "The board file.")
    var file: String

    @Option(help: "The format (default: from OUT's extension, else md).")
    var format: ExportFormat?

    @Option(help: "Only this journey, by title or id (mermaid and svg: default the first).")
    var journey: String?

    @Option(name: .customShort("o"), help: ArgumentHelp("Write to OUT atomically instead of stdout (never the board itself).", valueName: "OUT"))
    var output: String?

    @Flag(help: "CSV for Excel: start with a UTF-8 byte-order mark (records end in CR LF in every case).")
    var excel = false

    func validate() throws {
        if let out = output {
            if format == nil && ExportFormat(extensionOf: out) == nil {
                throw ValidationError("cannot tell the format from '\(DisplayText.sanitize(out))': use --format md|csv|mermaid|json|svg|html")
            }
            if Self.sameFile(out, file) {
                throw ValidationError("-o \(DisplayText.sanitize(out)) is the board itself: export to another file")
            }
        }
        if excel && resolvedFormat != .csv { throw ValidationError("--excel applies to --format csv only") }
    }

    var resolvedFormat: ExportFormat { format ?? output.flatMap(ExportFormat.init(extensionOf:)) ?? .md }

    /// Whether `a` and `b` name the same file: the same path, or (through symlinks or hard
    /// links) the same device and inode.
    static func sameFile(_ a: String, _ b: String) -> Bool {
        if a == b || BoardFile.resolvedTarget(a) == BoardFile.resolvedTarget(b) { return true }
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }

    /// The date the page carries: today in UTC, or the day of `SOURCE_DATE_EPOCH` (seconds) when
    /// it is set, so an export can be reproduced byte for byte.
    static func exportDate() -> String {
        var seconds = time_t(time(nil))
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap({ Int($0) }) { seconds = time_t(epoch) }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
    }

    func run() throws {
        let checked = BoardChecker.check(file: file, keepBytes: false)
        for diagnostic in checked.diagnostics { printError(diagnostic.terminalLine) }
        guard let board = checked.board, !checked.diagnostics.contains(where: { $0.severity == .error }) else {
            printError("nothing exported: fix the problems above (`journey check` lists them)")
            throw ExitCode(1)
        }
        guard let view = ExportView.resolve(board, journey: journey) else {
            printError("\(file): error: no journey '\(DisplayText.sanitize(journey ?? ""))' in this board (journeys: \(board.orderedJourneys.map { DisplayText.sanitize($0.title) }.joined(separator: ", ")))")
            throw ExitCode(1)
        }
        let text: String
        switch resolvedFormat {
        case .md: text = ExportMarkdown.render(view)
        case .csv: text = ExportCSV.render(view, excel: excel)
        case .json: text = ExportJSON.render(view)
        case .mermaid:
            guard let first = view.journeys.first else {
                printError("\(file): error: the board has no journey to draw")
                throw ExitCode(1)
            }
            text = ExportMermaid.render(first)
        case .svg:
            guard let first = view.journeys.first else {
                printError("\(file): error: the board has no journey to draw")
                throw ExitCode(1)
            }
            text = ExportSVG.map(view, journey: first)
        case .html: text = ExportHTML.page(view, date: Self.exportDate())
        }
        guard let out = output else {
            // md, csv, mermaid, svg and html sanitise board text themselves; JSON keeps it, escaped for a terminal
            print(resolvedFormat == .json ? DisplayText.terminalSafeJSON(text) : text, terminator: "")
            return
        }
        do { try BoardFile.writeAtomically(Array(text.utf8), to: out) } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }
}
