import ArgumentParser
import JourneyKit
#if canImport(Glibc)
import Glibc
#endif

enum ScoreFormat: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

enum GateOption: String, ExpressibleByArgument, CaseIterable {
    case all, any, none
    var gate: Gate { Gate(rawValue: rawValue)! }
}

/// `journey score FILE...`: the opportunities of every journey of every file, ranked together
/// (a portfolio), then each journey against its touchpoints. Every file is read and checked
/// before anything is printed: one bad file and nothing goes to stdout. The report and its three
/// formats are JourneyKit's `ScoreReport` (ScoreReport*.swift); this file parses the arguments.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Rank the opportunities of boards by CX score and priority; compare each journey with its touchpoints.",
        discussion: """
            improvement = sign · impact / (max − min) per hero metric; value = the weighted mean of the \
            improvements; CX score = 100 · value · reach/100 · confidence/100; priority = CX score / cost. \
            Missing: confidence 50, reach 100, impact 0, cost the median cost of the board's opportunities that have \
            one (1 when none has) — such rows are marked incomplete. A board with silent voting on \
            (`:votes hide`) shows no vote counts. \
            Rank: gate-passing first, then priority, CX score, text, id. Each board's own gate applies to its \
            cards unless --gate is given. Exit 1 when a file cannot be read or fails `journey check`.
            """
    )

    @Argument(help: "Board files, scored together.")
    var files: [String]

    @Option(help: "table | json | csv")
    var format: ScoreFormat = .table

    @Option(help: "all | any | none (default: each board's own gate).")
    var gate: GateOption?

    @Option(help: "Only this journey (title or id) of each board that has it.")
    var journey: String?

    @Option(help: "Only the first N opportunities (the journeys section is not cut).")
    var top: Int?

    @Option(help: "Fit the table in N columns (at least 60), cutting opportunity text with … and leaving out columns it cannot hold (default: the terminal's width; nothing is cut when stdout is not a terminal).")
    var width: Int?

    func validate() throws {
        if files.isEmpty { throw ValidationError("Missing expected argument '<files> ...'") }
        if let limit = top, limit < 1 { throw ValidationError("--top must be at least 1, not \(limit)") }
        if let w = width, w < ScoreReport.minimumWidth { throw ValidationError("--width must be at least \(ScoreReport.minimumWidth) columns, not \(w)") }
    }

    func run() throws {
        var boards: [Board] = []
        var failed = false
        var progress = ProgressBar("reading", total: files.count, unit: "boards")
        for (n, file) in files.enumerated() {
            let checked = BoardChecker.check(file: file)
            if !checked.diagnostics.isEmpty { progress.clear() }
            for diagnostic in checked.diagnostics { printError(diagnostic.terminalLine) }
            progress.update(n + 1)
            if !checked.diagnostics.isEmpty || checked.board == nil { failed = true; continue }
            boards.append(checked.board!)
        }
        progress.clear()
        if failed {
            printError("nothing scored: fix the problems above (`journey check` lists them)")
            throw ExitCode(1)
        }
        var selected: [String?] = boards.map { _ in nil }
        if let name = journey {
            selected = boards.map { JourneyLookup.find(name, in: $0) }
            if selected.allSatisfy({ $0 == nil }) {
                let all = boards.flatMap { $0.orderedJourneys.map { DisplayText.sanitize($0.title) } }
                printError("no journey '\(DisplayText.sanitize(name))' in \(files.count == 1 ? files[0] : "any of the files") (journeys: \(all.joined(separator: ", ")))")
                throw ExitCode(1)
            }
        }
        let report = ScoreReport(files: files, boards: boards, journeys: selected, gate: gate?.gate, top: top)
        switch format {
        // like `show`: a terminal's width, so a row stays one line; a pipe keeps every word
        case .table: printText(report.table(width: width ?? (isatty(1) != 0 ? terminalWidth() : nil)))
        case .json: print(DisplayText.terminalSafeJSON(report.json()), terminator: "")
        case .csv: print(report.csv(), terminator: "") // every field sanitized; records end in CRLF (RFC 4180)
        }
    }
}
