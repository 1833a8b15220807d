import ArgumentParser
import JourneyKit

enum ScoreFormat: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

enum GateOption: String, ExpressibleByArgument, CaseIterable {
    case all, any, none
    var gate: Gate { Gate(rawValue: rawValue)! }
}

/// `journey score FILE...`: the opportunities of every journey of every file, ranked together
/// (a portfolio), then each journey against its touchpoints. Every file is read and checked
/// before anything is printed: one bad file and nothing goes to stdout.
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

    func validate() throws {
        if files.isEmpty { throw ValidationError("Missing expected argument '<files> ...'") }
        if let n = top, n < 1 { throw ValidationError("--top must be at least 1, not \(n)") }
    }

    func run() throws {
        var boards: [Board] = []
        var failed = false
        for f in files {
            let r = BoardChecker.check(file: f)
            for d in r.diagnostics { printError(d.terminalLine) }
            if !r.diagnostics.isEmpty || r.board == nil { failed = true; continue }
            boards.append(r.board!)
        }
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
        case .table: printText(report.table())
        case .json: print(DisplayText.terminalSafeJSON(report.json()), terminator: "")
        case .csv: print(report.csv(), terminator: "") // every field sanitized; records end in CRLF (RFC 4180)
        }
    }
}

/// The portfolio: ranked rows over every board, and each journey against its touchpoints.
struct ScoreReport {
    struct Row {
        var rank: Int
        var file: Int
        var score: OpportunityScore
    }

    let files: [String]
    let boards: [Board]
    let gateOverride: Gate?
    var rows: [Row] = []
    /// (file index, comparison, curves) for each journey shown.
    var journeys: [(file: Int, comparison: JourneyComparison, curves: [HeroMetricCurve])] = []

    init(files: [String], boards: [Board], journeys only: [String?], gate: Gate?, top: Int?) {
        self.files = files
        self.boards = boards
        self.gateOverride = gate
        var all: [OpportunityScore] = [], fileOf: [Int] = []
        for (i, b) in boards.enumerated() {
            if only.count > i, only.contains(where: { $0 != nil }), only[i] == nil { continue }
            let scores = OpportunityScorer.scoreAll(b, gate: gate, journey: only[i])
            all += scores
            fileOf += Array(repeating: i, count: scores.count)
            let comparisons = only[i].flatMap { JourneyComparison.of(b, journey: $0) }.map { [$0] } ?? JourneyComparison.all(b)
            let curves = only[i].map { [$0: HeroMetricCurve.curves(b, journey: $0)] } ?? HeroMetricCurve.all(b)
            for c in comparisons {
                journeys.append((i, c, curves[c.journey] ?? []))
            }
        }
        // one ranking over every file; equal scores keep file order
        var order = Scoring.rankOrder(all)
        if let n = top, order.count > n { order.removeLast(order.count - n) }
        rows = order.enumerated().map { Row(rank: $0.offset + 1, file: fileOf[$0.element], score: all[$0.element]) }
    }

    /// Silent voting on the row's board: its vote count is not shown.
    func votesHidden(_ r: Row) -> Bool { boards[r.file].scoring.votesHidden }

    func journeyTitle(_ r: Row) -> String { boards[r.file].journeys[r.score.journey]?.title ?? r.score.journey }
    func stageTitle(_ r: Row) -> String { boards[r.file].stages[r.score.stage]?.title ?? r.score.stage }

    /// Every hero metric id of the boards shown: the first board's order, then new ones.
    var metricIDs: [String] {
        var seen = Set<String>(), ids: [String] = []
        for b in boards { for m in b.orderedHeroMetrics where seen.insert(m.id).inserted { ids.append(m.id) } }
        return ids
    }

    var gateText: String {
        if let g = gateOverride { return "\(g.rawValue) (--gate)" }
        let gates = Set(boards.map { $0.scoring.effectiveGate })
        if gates.count == 1 { return "\(gates.first!.rawValue) (the board's own)" }
        return "each board's own (" + boards.enumerated().map { "\(BoardFile.fileName(of: files[$0.offset])): \($0.element.scoring.effectiveGate.rawValue)" }.joined(separator: ", ") + ")"
    }

    // MARK: JSON

    func json() -> String {
        func n(_ x: Double) -> JSONValue { .number(Scoring.rounded(x)) }
        func opt(_ x: Double?) -> JSONValue { x.map(n) ?? .null }
        let opportunities: [JSONValue] = rows.map { r in
            let s = r.score
            var improvements: CodePointMap<JSONValue> = [:], impact: CodePointMap<JSONValue> = [:]
            var measured: CodePointMap<JSONValue> = [:]
            for t in s.terms {
                improvements[t.metric] = n(t.improvement)
                if let v = t.impact { impact[t.metric] = .number(v) }
                if let mi = t.measuredImprovement { measured[t.metric] = n(mi) }
            }
            return .object([
                "rank": .number(Double(r.rank)),
                "file": .string(files[r.file]),
                "board": .string(boards[r.file].title),
                "id": .string(s.card),
                "text": .string(s.text),
                "journey": .string(s.journey),
                "journeyTitle": .string(journeyTitle(r)),
                "stage": .string(s.stage),
                "stageTitle": .string(stageTitle(r)),
                "cxScore": n(s.cxScore),
                "priority": opt(s.priority),
                "value": n(s.value),
                "gate": .string(s.gate.rawValue),
                "passesGate": .bool(s.passesGate),
                "improvements": .object(improvements),
                "impact": .object(impact),
                "confidence": .number(s.confidence),
                "reach": .number(s.reach),
                "cost": n(s.cost),
                "costIsDefault": .bool(s.costIsDefault),
                "costDefault": s.costDefaultNote.map { .string($0) } ?? .null,
                "votes": votesHidden(r) ? .null : .number(Double(s.votes)),
                "votesHidden": .bool(votesHidden(r)),
                "status": s.status.map { .string($0) } ?? .null,
                "incomplete": .array(s.incomplete.map { .string($0) }),
                "valid": .bool(s.isValid),
                "problems": .array(s.problems.map { .string($0) }),
                "measuredCxScore": opt(s.measuredCxScore),
                "measuredImprovements": s.measuredCxScore == nil ? .null : .object(measured),
            ])
        }
        let journeyValues: [JSONValue] = journeys.map { j in
            let b = boards[j.file]
            var metrics: CodePointMap<JSONValue> = [:]
            for m in j.comparison.metrics {
                metrics[m.metric] = .object([
                    "label": .string(m.label),
                    "better": .string(m.better),
                    "touchpoints": opt(m.touchpoints),
                    "touchpointCards": .number(Double(m.touchpointCards)),
                    "cardsWithoutVolume": .number(Double(m.cardsWithoutVolume)),
                    "journey": opt(m.journey),
                    "gap": opt(m.gap),
                    "scaledGap": opt(m.scaledGap),
                ])
            }
            let stages: [JSONValue] = b.stages(of: j.comparison.journey).enumerated().map { i, st in
                var means: CodePointMap<JSONValue> = [:]
                for c in j.curves { if let v = c.points[i].mean { means[c.metric] = n(v) } }
                return .object(["id": .string(st.id), "title": .string(st.title), "touchpoints": .object(means)])
            }
            return .object([
                "file": .string(files[j.file]),
                "board": .string(b.title),
                "id": .string(j.comparison.journey),
                "title": .string(j.comparison.title),
                "state": .string(b.journeys[j.comparison.journey]?.state ?? ""),
                "metrics": .object(metrics),
                "stages": .array(stages),
            ])
        }
        let doc: JSONValue = .object(["opportunities": .array(opportunities), "journeys": .array(journeyValues)])
        return doc.canonicalText + "\n"
    }

    // MARK: CSV (RFC 4180)

    static func csvField(_ s: String) -> String {
        // no control character in a field, a newline neither: every record stays one line
        let clean = DisplayText.sanitize(s)
        if clean.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + clean.replacingQuotes() + "\""
        }
        return clean
    }

    func csv() -> String {
        let ids = metricIDs
        func n(_ x: Double?) -> String { x.map { CanonicalJSON.numberText(Scoring.rounded($0)) } ?? "" }
        var header = ["rank", "file", "id", "text", "journey", "journeyTitle", "stage", "stageTitle",
                      "cxScore", "measuredCxScore", "priority", "value", "passesGate", "gate", "valid",
                      "confidence", "reach", "cost", "votes", "status", "incomplete", "costDefault"]
        header += ids.map { "improvement." + $0 }
        var lines = [header.map(ScoreReport.csvField).joined(separator: ",")]
        for r in rows {
            let s = r.score
            let imp = s.improvements
            var f = [String(r.rank), files[r.file], s.card, s.text, s.journey, journeyTitle(r), s.stage, stageTitle(r),
                     n(s.cxScore), n(s.measuredCxScore), n(s.priority), n(s.value), String(s.passesGate), s.gate.rawValue,
                     String(s.isValid), n(s.confidence), n(s.reach), n(s.cost), votesHidden(r) ? "" : String(s.votes), s.status ?? "",
                     s.incomplete.joined(separator: ";"), s.costDefaultNote ?? ""]
            f += ids.map { n(imp[$0]) }
            lines.append(f.map(ScoreReport.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    // MARK: table

    func table() -> String {
        var out: [String] = []
        let several = boards.count > 1
        out.append("Opportunities — \(rows.count == 1 ? "1 ranked" : "\(rows.count) ranked") · gate: \(gateText)")
        out.append("")
        if rows.isEmpty {
            out.append("(no opportunities: add cards to an Opportunities lane)")
        } else {
            var cols: [Column] = [
                Column("#", right: true), Column("gate"), Column("CX score", right: true), Column("measured", right: true),
                Column("priority", right: true), Column("conf", right: true), Column("reach", right: true),
                Column("cost", right: true), Column("votes", right: true), Column("status", max: 11),
            ]
            // board and journey columns only when the rows come from more than one
            let manyJourneys = Set(rows.map { "\($0.file) \($0.score.journey)" }).count > 1
            if several { cols.append(Column("board", max: 22)) }
            if manyJourneys { cols.append(Column("journey", max: 26)) }
            cols += [Column("stage", max: 18), Column("opportunity", last: true)]
            var cells: [[String]] = []
            for r in rows {
                let s = r.score
                func d(_ v: Double, _ isDefault: Bool) -> String { CanonicalJSON.numberText(Scoring.rounded(v, places: 2)) + (isDefault ? "*" : "") }
                let gate = !s.isValid ? "!" : (s.passesGate ? "✓" : "✗")
                var row = [String(r.rank), gate + (s.isIncomplete ? " ?" : ""),
                           Scoring.fixed(s.cxScore, decimals: 2),
                           s.measuredCxScore.map { Scoring.fixed($0, decimals: 2) } ?? "",
                           s.priority.map { Scoring.fixed($0, decimals: 3) } ?? "–",
                           d(s.confidence, s.confidenceIsDefault), d(s.reach, s.reachIsDefault), d(s.cost, s.costIsDefault),
                           votesHidden(r) ? "hidden" : String(s.votes), DisplayText.sanitize(s.status ?? "")]
                if several { row.append(DisplayText.sanitize(boards[r.file].title)) }
                if manyJourneys { row.append(DisplayText.sanitize(journeyTitle(r))) }
                row += [DisplayText.sanitize(stageTitle(r)), DisplayText.sanitize(s.text)]
                cells.append(row)
            }
            out += Column.layout(cols, cells)
            out.append("")
            var legend = "✓ passes the gate · ✗ fails it · ? incomplete: * marks a value that fell back to its default (confidence 50, reach 100, cost the median cost of the board's opportunities that have one, 1 when none has); a missing impact scores 0"
            let medians = Set(rows.filter(\.score.costIsDefault).map(\.file)).sorted().map { i -> String in
                let d = Scoring.medianCost(boards[i])
                let what = d.estimates == 0 ? "no opportunity has a cost, so 1" : "median of \(d.estimates) estimate\(d.estimates == 1 ? "" : "s") = \(CanonicalJSON.numberText(Scoring.rounded(d.cost, places: 2)))"
                return (several ? DisplayText.sanitize(BoardFile.fileName(of: files[i])) + ": " : "") + what
            }
            if !medians.isEmpty { legend += " · cost* " + medians.joined(separator: "; ") }
            if rows.contains(where: votesHidden) { legend += " · votes hidden: silent voting is on (`:votes show` in the board reveals them)" }
            if rows.contains(where: { !$0.score.isValid }) { legend += " · ! invalid (cost ≤ 0 or out of range; see `journey check`), ranked last" }
            if rows.contains(where: { $0.score.measuredCxScore != nil }) { legend += " · measured: the CX score with measured deltas in place of the predicted impact" }
            out += DisplayText.wrap(legend, columns: 100)
        }
        out.append("")
        out += DisplayText.wrap("Journey vs touchpoints — touchpoints: the volume-weighted mean of the touchpoint cards' measured metrics; gap < 0: the journey is worse than its touchpoints suggest", columns: 100)
        for j in journeys {
            let b = boards[j.file]
            out.append("")
            var head = DisplayText.sanitize(j.comparison.title)
            if let state = b.journeys[j.comparison.journey]?.state { head += " [\(DisplayText.sanitize(state))]" }
            if several { head = DisplayText.sanitize(b.title) + " › " + head }
            out.append(head)
            let cols = [Column("  metric", max: 30), Column("better"), Column("touchpoints", right: true), Column("cards", right: true),
                        Column("journey", right: true), Column("gap", right: true), Column("", last: true)]
            var cells: [[String]] = []
            for m in j.comparison.metrics {
                var reads = ""
                if let g = m.gap { reads = g < 0 ? "journey worse" : (g > 0 ? "journey better" : "even") }
                if m.cardsWithoutVolume > 0 { reads += (reads.isEmpty ? "" : "; ") + "\(m.cardsWithoutVolume) without volume (weighted 1)" }
                cells.append(["  " + DisplayText.sanitize(m.label), DisplayText.sanitize(m.better),
                              m.touchpoints.map { Scoring.fixed($0, decimals: 1) } ?? "–", String(m.touchpointCards),
                              m.journey.map(CanonicalJSON.numberText) ?? "–",
                              m.gap.map { ($0 > 0 ? "+" : "") + Scoring.fixed($0, decimals: 1) } ?? "–", reads])
            }
            out += Column.layout(cols, cells)
        }
        return out.joined(separator: "\n") + "\n"
    }
}

/// A table column measured in display columns (so Chinese text lines up).
struct Column {
    var title: String
    var right = false
    var max = Int.max
    var last = false
    init(_ title: String, right: Bool = false, max: Int = Int.max, last: Bool = false) {
        self.title = title; self.right = right; self.max = max; self.last = last
    }

    /// The header and rows, columns two spaces apart, trailing spaces trimmed.
    static func layout(_ cols: [Column], _ rows: [[String]]) -> [String] {
        var widths = cols.map { DisplayText.width($0.title) }
        for r in rows { for (i, c) in r.enumerated() where i < cols.count { widths[i] = Swift.max(widths[i], Swift.min(cols[i].max, DisplayText.width(c))) } }
        func line(_ cells: [String]) -> String {
            var s = ""
            for (i, col) in cols.enumerated() {
                let c = i < cells.count ? cells[i] : ""
                if i > 0 { s += "  " }
                if col.last { s += c; continue }
                let t = DisplayText.truncate(c, columns: widths[i])
                let pad = String(repeating: " ", count: Swift.max(0, widths[i] - DisplayText.width(t)))
                s += col.right ? pad + t : t + pad
            }
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
        return [line(cols.map(\.title))] + rows.map(line)
    }
}

extension String {
    /// CR LF and lone CR as LF (one line break in a CSV field, whatever the board had).
    func replacingCRLF() -> String {
        guard unicodeScalars.contains("\r") else { return self }
        var out = String.UnicodeScalarView()
        var lastCR = false
        for s in unicodeScalars {
            if s == "\r" { out.append("\n"); lastCR = true; continue }
            if s == "\n" && lastCR { lastCR = false; continue }
            lastCR = false
            out.append(s)
        }
        return String(out)
    }

    func replacingQuotes() -> String {
        var out = ""
        for ch in self { if ch == "\"" { out += "\"\"" } else { out.append(ch) } }
        return out
    }
}
