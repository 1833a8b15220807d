import ArgumentParser
import JourneyKit

/// The sources `journey import` reads, and how it tells them apart.
enum ImportFormat: String, ExpressibleByArgument, CaseIterable {
    case mermaid, csv, trello

    /// The format a source's extension names: `.mmd` `.mermaid` `.md` `.markdown` `.html` `.htm`
    /// → mermaid, `.csv` `.tsv` `.txt` → csv, `.json` → trello.
    init?(extensionOf path: String) {
        let name = BoardFile.fileName(of: path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "mmd", "mermaid", "md", "markdown", "html", "htm": self = .mermaid
        case "csv", "tsv", "txt": self = .csv
        case "json": self = .trello
        default: return nil
        }
    }

    /// The format of a source without a known extension, from its first bytes: a JSON object is
    /// a Trello export, text with a `journey` line or a mermaid block is Mermaid, anything else CSV.
    init(content bytes: [UInt8]) {
        let head = String(decoding: bytes.prefix(1 << 16), as: UTF8.self)
        if head.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" }).first == "{" { self = .trello; return }
        let lines = head.split(whereSeparator: \.isNewline).map { $0.drop { $0 == " " || $0 == "\t" } }
        self = lines.contains { $0 == "journey" || $0.hasPrefix("journey ") || $0.hasPrefix("```mermaid") || $0.hasPrefix("~~~mermaid") } ? .mermaid : .csv
    }
}

/// `journey import SOURCE...`: reads Mermaid journeys, CSV stickies or spreadsheets and Trello
/// exports into import drafts (JourneyKit's `MermaidImport`, `CSVImport`, `TrelloImport`), then
/// makes a new board of them (`-o`) or adds them to a board (`--into`, under the lock the app's
/// saves take, so a board open in a terminal shows the new cards), and reports what it made,
/// skipped and changed. Nothing is written when a source cannot be read.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import Mermaid journey diagrams, CSV stickies or spreadsheets and Trello exports into a board.",
        discussion: """
            mermaid: .mmd files, ```mermaid blocks in Markdown, <pre class="mermaid"> in HTML; every journey \
            diagram becomes a journey: sections → stages, tasks → cards of a Steps lane (actors as tags and \
            personas), scores 1…5 → emotion cards −2…+2 (outside 1…5 clamped, not a number left out, both \
            reported). csv: columns found by header name (or --map FIELD=COLUMN). trello: a board's JSON \
            export, lists → stages. The format defaults from each SOURCE's extension (.mmd .mermaid .md \
            .markdown .html → mermaid, .csv .tsv .txt → csv, .json → trello), else from its content. \
            -o NEW creates a board and never overwrites a file; --into BOARD adds to a board under the lock \
            every save takes, from the file as it is then (a board open in a terminal shows the new cards); stages are matched \
            by title, cards go at the end of their cell, and a card already there (same text, same cell) is \
            not added again, so an import can be run twice. Without -o or --into, and with --dry-run, \
            nothing is written: the report says what would be made. The report lists journeys, stages, \
            lanes and cards created, then each thing skipped or changed as FILE:LINE:COL. Exit 1 when a \
            source cannot be read (a diagram Mermaid rejects: FILE:LINE:COL: error: …) or the board cannot \
            be written, 2 on a usage error.
            """
    )

    @Argument(help: ArgumentHelp("The files to import.", valueName: "source"))
    var sources: [String]

    @Option(help: "The sources' format (default: from each one's extension, else its content).")
    var from: ImportFormat?

    @Option(name: .customShort("o"), help: ArgumentHelp("Create the board NEW (never over an existing file).", valueName: "NEW"))
    var output: String?

    @Option(help: ArgumentHelp("Add to the existing board BOARD.", valueName: "BOARD"))
    var into: String?

    @Option(help: ArgumentHelp("Import into this journey (by title or id; made when the board has none of that title).", valueName: "TITLE"))
    var journey: String?

    @Option(help: ArgumentHelp("CSV: read FIELD from the column headed COLUMN (repeatable).", valueName: "FIELD=COLUMN"))
    var map: [String] = []

    @Flag(help: "Say what would be made, write nothing.")
    var dryRun = false

    func validate() throws {
        if sources.isEmpty { throw ValidationError("Missing expected argument '<source> ...'") }
        if output != nil && into != nil { throw ValidationError("-o and --into exclude each other: -o creates a board, --into adds to one") }
        _ = try mapping()
        if let target = output ?? into, let same = sources.first(where: { ExportCommand.sameFile($0, target) }) {
            throw ValidationError("\(DisplayText.sanitize(same)) is both a source and the board")
        }
    }

    /// `--map FIELD=COLUMN` as field → column header.
    func mapping() throws -> [String: String] {
        var m: [String: String] = [:]
        for entry in map {
            guard let eq = entry.firstIndex(of: "="), eq != entry.startIndex, entry.index(after: eq) != entry.endIndex else {
                throw ValidationError("--map takes FIELD=COLUMN, not '\(DisplayText.sanitize(entry))'")
            }
            m[String(entry[..<eq]).lowercased()] = String(entry[entry.index(after: eq)...])
        }
        return m
    }

    func run() throws {
        let drafts = try readSources()
        if let out = output {
            try create(out, from: drafts)
        } else if let board = into {
            try add(drafts, to: board)
        } else {
            let (board, report) = ImportApply.newBoard(drafts, journey: journey)
            try Self.check(board, file: "(new board)")
            printReport(report, board: "a new board")
            printLine("nothing written: -o NEW.json creates a board of it, --into BOARD.json adds it to a board")
        }
    }

    /// Every source read into a draft; every source that cannot be read said, then exit 1.
    func readSources() throws -> [ImportDraft] {
        let mapping = try mapping()
        var drafts: [ImportDraft] = []
        var failed = false
        for path in sources {
            let bytes: [UInt8]
            do { bytes = try BoardFile.readBytes(path) } catch {
                printError("\(path): error: \((error as? FileError)?.message ?? "\(error)")")
                failed = true
                continue
            }
            let format = from ?? ImportFormat(extensionOf: path) ?? ImportFormat(content: bytes)
            do {
                drafts.append(try Self.read(bytes, file: path, format: format, mapping: mapping))
            } catch let e as ImportError {
                printError(e.description)
                failed = true
            }
        }
        if failed {
            printError("nothing imported, nothing written: fix the source\(sources.count == 1 ? "" : "s") above")
            throw ExitCode(1)
        }
        return drafts
    }

    static func read(_ bytes: [UInt8], file: String, format: ImportFormat, mapping: [String: String]) throws -> ImportDraft {
        switch format {
        case .mermaid: return try MermaidImport.read(bytes, file: file)
        case .csv: return try CSVImport.read(bytes, file: file, mapping: mapping)
        case .trello: return try TrelloImport.read(bytes, file: file)
        }
    }

    /// `-o NEW`: a new board of the drafts, written through the new file's save path.
    func create(_ out: String, from drafts: [ImportDraft]) throws {
        if BoardFile.exists(out) {
            printError("\(out): error: already exists; journey import -o never overwrites a file (--into \(out) adds to it)")
            throw ExitCode(1)
        }
        let (board, report) = ImportApply.newBoard(drafts, journey: journey)
        try Self.check(board, file: out)
        printReport(report, board: out)
        if dryRun { printLine("dry run: nothing written"); return }
        let result: SaveCoordinator.SaveAsResult
        do { result = try SaveCoordinator.saveAs(board, to: out, overwrite: false) } catch {
            printError("\((error as? FileError)?.description ?? "\(error)")")
            throw ExitCode(1)
        }
        switch result {
        case .exists:
            printError("\(out): error: already exists; journey import -o never overwrites a file")
            throw ExitCode(1)
        case .refused(let why), .done(_, .refused(let why)):
            printError("\(out): error: \(why)")
            throw ExitCode(1)
        case .done:
            printLine("wrote \(out)")
        }
    }

    /// `--into BOARD`: the drafts added to the board as the file holds it, decided and written
    /// under the lock every save takes (SaveCoordinator's `update`), so a board open in a
    /// terminal reloads it, and two imports at once add each card once.
    func add(_ drafts: [ImportDraft], to path: String) throws {
        var coordinator: SaveCoordinator
        do { (coordinator, _) = try SaveCoordinator.load(path) } catch {
            let checked = BoardChecker.check(file: path)
            for d in checked.diagnostics { printError(d.description) }
            if checked.diagnostics.isEmpty { printError("\(path): error: \(error)") }
            printError("nothing imported: the board cannot be read")
            throw ExitCode(1)
        }
        var report = ImportReport()
        var boardFailsCheck = false
        var problems: [Diagnostic] = []
        let outcome: SaveCoordinator.UpdateOutcome
        do {
            outcome = try coordinator.update { current in
                if Validator.validate(current).contains(where: { $0.severity == .error }) { boardFailsCheck = true; return nil }
                let (board, made) = ImportApply.add(drafts, to: current, journey: journey)
                report = made
                problems = Validator.validate(board, file: path).filter { $0.severity == .error }
                return problems.isEmpty && !dryRun && made.changesBoard ? board : nil
            }
        } catch {
            printError((error as? FileError)?.description ?? "\(path): error: \(error)")
            throw ExitCode(1)
        }
        if case .refused(let why) = outcome {
            printError("\(path): error: \(why); nothing imported")
            throw ExitCode(1)
        }
        if boardFailsCheck {
            for d in BoardChecker.check(file: path).diagnostics { printError(d.description) }
            printError("nothing imported: fix the board's problems first (`journey check` lists them)")
            throw ExitCode(1)
        }
        if !problems.isEmpty {
            for p in problems { printError(p.description) }
            printError("nothing written: the imported board would not pass journey check")
            throw ExitCode(1)
        }
        printReport(report, board: path)
        if dryRun { printLine("dry run: nothing written") }
        else if outcome == .written { printLine("wrote \(path)") }
        else { printLine("nothing new: \(path) already holds all of it; not written") }
    }

    /// The board an import made passes `journey check`, or nothing is written.
    static func check(_ board: Board, file: String) throws {
        let problems = Validator.validate(board, file: file).filter { $0.severity == .error }
        guard !problems.isEmpty else { return }
        for p in problems { printError(p.description) }
        printError("nothing written: the imported board would not pass journey check")
        throw ExitCode(1)
    }

    /// What was made, then every note with its place, then the totals.
    func printReport(_ report: ImportReport, board: String) {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        for j in report.journeys {
            var parts = [plural(j.stagesCreated.count, "stage"),
                         plural(j.lanesCreated.count, "lane") + (j.lanesCreated.isEmpty ? "" : " (" + j.lanesCreated.map { "\($0.title): \($0.kind.rawValue)" }.joined(separator: ", ") + ")"),
                         plural(j.cardsCreated, "card")]
            if j.cardsAlreadyThere > 0 { parts.append("\(j.cardsAlreadyThere) already there, not added again") }
            printLine("\(j.created ? "new journey" : "journey") “\(j.title)”: " + parts.joined(separator: ", "))
        }
        if !report.personasCreated.isEmpty { printLine("new personas: " + report.personasCreated.map { "“\($0)”" }.joined(separator: ", ")) }
        for note in report.notes { printLine("\(note.at): \(note.kind.rawValue): \(note.message)") }
        let skipped = report.notes.filter { $0.kind == .skipped }.count, changed = report.notes.filter { $0.kind == .changed }.count
        printLine("\(board): created \(plural(report.journeysCreated, "journey")), \(plural(report.stagesCreated, "stage")), \(plural(report.lanesCreated, "lane")), \(plural(report.cardsCreated, "card")), \(plural(report.personasCreated.count, "persona")); \(skipped) skipped, \(changed) changed")
    }
}
