import Foundation
import JourneyKit
import XCTest
import JourneyTestSupport

/// `journey score` as a process: formats, options, several files, bad input.
final class ScoreCommandTests: XCTestCase {
    let broadband = JourneyBinary.boardPath("broadband-onboarding.json")
    let holiday = JourneyBinary.boardPath("holiday-booking.json")
    let membership = JourneyBinary.boardPath("membership-self-service.json")
    var all: [String] { [broadband, holiday, membership] }

    func json(_ args: [String], file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let r = JourneyBinary.run(["score", "--format", "json"] + args)
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        XCTAssertEqual(r.stderr, "", file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], file: file, line: line)
    }

    func opportunities(_ doc: [String: Any]) -> [[String: Any]] { doc["opportunities"] as? [[String: Any]] ?? [] }

    /// The rows of the opportunities table (between the header and the blank line after it).
    func tableRows(_ out: String) -> (header: String, rows: [String]) {
        let lines = out.components(separatedBy: "\n")
        guard let h = lines.firstIndex(where: { $0.contains("#  gate  CX score") }) else { return ("", []) }
        let rows = lines[(h + 1)...].prefix { !$0.isEmpty }
        return (lines[h], Array(rows))
    }

    /// A copy of an example board, changed and saved canonically in a temporary directory.
    func editedBoard(_ dir: TemporaryDirectory, _ name: String, as newName: String? = nil, _ edit: (inout Board) -> Void) throws -> String {
        var b = try BoardFile.load(JourneyBinary.boardPath(name))
        edit(&b)
        let path = dir.file(newName ?? name)
        try BoardFile.save(b, to: path)
        return path
    }

    // MARK: table

    func testTableOneFile() {
        let r = JourneyBinary.run(["score", broadband])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "")
        XCTAssertTrue(r.stdout.hasPrefix("Opportunities — 11 ranked · gate: all (the board's own)\n"), r.stdout)
        let (header, rows) = tableRows(r.stdout)
        XCTAssertTrue(header.contains("CX score  measured  priority"), header)
        XCTAssertFalse(header.contains("board"), "one file: no board column")
        XCTAssertEqual(rows.count, 11)
        XCTAssertEqual(rows.map { $0.split(separator: " ").first.map(String.init) ?? "" }, (1...11).map(String.init))
        // the gate mark and the incomplete mark: the day-14 check-in has no cost, so it costs the
        // median of the board's ten estimates (5*), not 1, and no longer ranks first
        let checkIn = rows.first { $0.contains("Proactive day-14 check-in") }!
        XCTAssertTrue(checkIn.contains("✓ ?"), checkIn)
        XCTAssertTrue(checkIn.contains(" 5* "), checkIn)
        XCTAssertTrue(checkIn.hasPrefix(" 5 "), checkIn)
        XCTAssertTrue(r.stdout.contains("cost* median of 10 estimates = 5"), r.stdout)
        // Explain-my-first-bill: CX 9.12, priority 1.824 (by hand in ScoringFormulaTests)
        let bill = rows.first { $0.contains("Explain-my-first-bill") }!
        XCTAssertTrue(bill.contains(" 9.12 ") && bill.contains(" 1.824 "), bill)
        // the letterbox pack fails the "all" gate (no engagement impact) and ranks last,
        // with its measured CX score beside the predicted one
        XCTAssertTrue(rows.last!.contains("✗ ?") && rows.last!.contains("Letterbox-size router pack"), rows.last!)
        XCTAssertTrue(rows.last!.contains("0.57      0.44"), rows.last!)
        XCTAssertTrue(r.stdout.contains("\nJourney vs touchpoints"))
        XCTAssertTrue(r.stdout.contains("  Effort        lower           2.2     18      5.3   -3.1  journey worse"), r.stdout)
    }

    /// Chinese text lines up in display columns (wcwidth), not in characters.
    func testTableAlignsChineseInDisplayColumns() {
        let r = JourneyBinary.run(["score", membership, broadband])
        XCTAssertEqual(r.status, 0, r.stderr)
        let (header, rows) = tableRows(r.stdout)
        XCTAssertEqual(rows.count, 21)
        let columns = ["status", "board", "journey", "stage", "opportunity"]
        func start(_ line: String, _ text: Substring.Index) -> Int { DisplayText.width(String(line[..<text])) }
        let headerStarts = columns.map { start(header, header.range(of: $0)!.lowerBound) }
        XCTAssertEqual(headerStarts, headerStarts.sorted())
        var chinese = 0
        for row in rows {
            // every column starts where its header does: cut the row at the header's display offsets
            for (col, at) in zip(columns, headerStarts) {
                let before = DisplayText.prefix(row, columns: at)
                XCTAssertEqual(DisplayText.width(before), at, "\(col) in \(row)")
                let rest = row[before.endIndex...]
                XCTAssertFalse(rest.hasPrefix(" "), "\(col) starts late in \(row)")
                XCTAssertTrue(before.hasSuffix("  "), "\(col) starts early in \(row)")
            }
            if row.unicodeScalars.contains(where: { $0.value >= 0x4E00 && $0.value <= 0x9FFF }) { chinese += 1 }
        }
        XCTAssertEqual(chinese, 10, "the membership board's ten opportunities")
        XCTAssertTrue(r.stdout.contains("会员俱乐部自助服务 › 新会员从入会到续费(现状) [current]"))
        XCTAssertTrue(r.stdout.contains("  满意度  higher         80.4     15       61  -19.4  journey worse"), r.stdout)
    }

    func testTableSeveralFilesWithDifferentGates() throws {
        let dir = TemporaryDirectory()
        let open = try editedBoard(dir, "holiday-booking.json") { $0.scoring.gate = "none" }
        let r = JourneyBinary.run(["score", broadband, open])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("gate: each board's own (broadband-onboarding.json: all, holiday-booking.json: none)"), r.stdout)
        let (header, rows) = tableRows(r.stdout)
        XCTAssertTrue(header.contains("board") && header.contains("journey"), header)
        XCTAssertEqual(rows.count, 21)
        // under its own gate "none" the holiday board's worsening idea passes; the broadband letterbox pack fails
        XCTAssertTrue(rows.first { $0.contains("Review leaderboard") }!.contains("✓"))
        XCTAssertTrue(rows.last!.contains("✗") && rows.last!.contains("Letterbox-size"), rows.last!)
    }

    // MARK: JSON

    func testJSONOneFile() throws {
        let doc = try json([broadband])
        XCTAssertEqual(Set(doc.keys), ["opportunities", "journeys"])
        let ops = opportunities(doc)
        XCTAssertEqual(ops.count, 11)
        XCTAssertEqual(ops.map { $0["rank"] as? Int }, (1...11).map { $0 })
        let required = ["rank", "file", "id", "text", "journey", "stage", "cxScore", "priority", "value", "passesGate",
                        "improvements", "confidence", "reach", "cost", "votes", "status", "incomplete", "measuredCxScore"]
        for o in ops { for k in required { XCTAssertNotNil(o[k], "\(k) in \(o["id"] ?? "?")") } }
        let bill = try XCTUnwrap(ops.first { $0["id"] as? String == "cd_srf7hcntkf" })
        XCTAssertEqual(bill["cxScore"] as? Double, 9.12)
        XCTAssertEqual(bill["priority"] as? Double, 1.824)
        XCTAssertEqual(bill["value"] as? Double, 0.12)
        XCTAssertEqual(bill["votes"] as? Int, 5)
        XCTAssertEqual(bill["status"] as? String, "in-progress")
        XCTAssertEqual(bill["file"] as? String, broadband)
        XCTAssertEqual(bill["journeyTitle"] as? String, "New customer gets connected (current state)")
        XCTAssertEqual(bill["improvements"] as? [String: Double], ["effort": 0.2, "engagement": 0.06, "satisfaction": 0.1])
        XCTAssertEqual(bill["incomplete"] as? [String], [])
        XCTAssertTrue(bill["measuredCxScore"] is NSNull)
        let checkIn = try XCTUnwrap(ops.first { $0["id"] as? String == "cd_jxbnbp1gmj" })
        XCTAssertEqual(checkIn["incomplete"] as? [String], ["cost"])
        XCTAssertEqual(checkIn["cost"] as? Double, 5, "the median of the board's ten costs")
        XCTAssertEqual(checkIn["costIsDefault"] as? Bool, true)
        XCTAssertEqual(checkIn["costDefault"] as? String, "default: median of 10 estimates")
        XCTAssertEqual(bill["costIsDefault"] as? Bool, false)
        XCTAssertTrue(bill["costDefault"] is NSNull)
        XCTAssertEqual(bill["votesHidden"] as? Bool, false)
        // predicted against measured: Live ETA (status measured)
        let eta = try XCTUnwrap(ops.first { $0["id"] as? String == "cd_qyd8z5qv1j" })
        XCTAssertEqual(eta["status"] as? String, "measured")
        let predicted = try XCTUnwrap(eta["cxScore"] as? Double), measured = try XCTUnwrap(eta["measuredCxScore"] as? Double)
        // measured: effort −0.7 → 0.11667, engagement 4 → 0.04, satisfaction 6 → 0.06; · 100 · 0.8 · 0.7
        XCTAssertEqual(measured, CXScore.rounded(100 * ((0.7 / 6 + 0.04 + 0.06) / 3) * 0.8 * 0.7))
        XCTAssertLessThan(measured, predicted)

        let journeys = try XCTUnwrap(doc["journeys"] as? [[String: Any]])
        XCTAssertEqual(journeys.map { $0["title"] as? String }, ["New customer gets connected (current state)", "New customer connected in 10 days (future state)"])
        let effort = try XCTUnwrap((journeys[0]["metrics"] as? [String: Any])?["effort"] as? [String: Any])
        XCTAssertEqual(effort["journey"] as? Double, 5.3)
        XCTAssertEqual(effort["touchpointCards"] as? Int, 18)
        XCTAssertLessThan(try XCTUnwrap(effort["gap"] as? Double), 0)
        let stages = try XCTUnwrap(journeys[0]["stages"] as? [[String: Any]])
        XCTAssertEqual(stages.count, 6)
        XCTAssertNotNil((stages[0]["touchpoints"] as? [String: Double])?["satisfaction"])
    }

    /// Canonical JSON: keys sorted, two-space indent, the same bytes every run.
    func testJSONIsCanonicalAndStable() {
        let a = JourneyBinary.run(["score", "--format", "json"] + all)
        let b = JourneyBinary.run(["score", "--format", "json"] + all)
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(a.stdout, b.stdout)
        XCTAssertTrue(a.stdout.hasPrefix("{\n  \"journeys\": [\n    {\n      \"board\": "), String(a.stdout.prefix(80)))
        XCTAssertTrue(a.stdout.hasSuffix("\n}\n"))
        XCTAssertFalse(a.stdout.contains("0000000"), "numbers are rounded, not float noise")
    }

    func testJSONSeveralFilesRankTogether() throws {
        let doc = try json(all)
        let ops = opportunities(doc)
        XCTAssertEqual(ops.count, 31)
        XCTAssertEqual(ops.map { $0["rank"] as? Int }, (1...31).map { $0 })
        XCTAssertEqual(Set(ops.compactMap { $0["file"] as? String }), Set(all))
        XCTAssertEqual((doc["journeys"] as? [Any])?.count, 4)
        // the portfolio order: passing first, then priority descending
        let passes = ops.map { $0["passesGate"] as? Bool ?? false }
        XCTAssertEqual(passes, passes.sorted { $0 && !$1 })
        let passing = ops.filter { $0["passesGate"] as? Bool == true }.map { $0["priority"] as? Double ?? 0 }
        XCTAssertEqual(passing, passing.sorted(by: >))
        XCTAssertEqual(ops.filter { $0["passesGate"] as? Bool == false }.count, 3)
        // the Chinese board's texts come through as they are
        XCTAssertTrue(ops.contains { $0["text"] as? String == "小票扫码自助补积分" })
    }

    /// The same board twice: every pair ties on everything, and keeps file order.
    func testEqualScoresKeepFileOrder() throws {
        let dir = TemporaryDirectory()
        let a = dir.copyBoard("holiday-booking.json", as: "a.json"), b = dir.copyBoard("holiday-booking.json", as: "b.json")
        let ops = opportunities(try json([b, a]))
        XCTAssertEqual(ops.count, 20)
        XCTAssertEqual(ops.map { $0["file"] as? String }, Array(repeating: [b, a], count: 10).flatMap { $0 })
        for k in stride(from: 0, to: 20, by: 2) { XCTAssertEqual(ops[k]["id"] as? String, ops[k + 1]["id"] as? String) }
    }

    // MARK: options

    func testTop() throws {
        let ops = opportunities(try json(["--top", "3"] + all))
        XCTAssertEqual(ops.count, 3)
        XCTAssertEqual(ops.map { $0["rank"] as? Int }, [1, 2, 3])
        let full = opportunities(try json(all))
        XCTAssertEqual(ops.map { $0["id"] as? String }, full.prefix(3).map { $0["id"] as? String })
        let table = JourneyBinary.run(["score", "--top", "2", broadband])
        XCTAssertEqual(tableRows(table.stdout).rows.count, 2)
        XCTAssertTrue(table.stdout.contains("Journey vs touchpoints"), "--top does not cut the journeys")
    }

    func testJourneyByTitleAndID() throws {
        let byTitle = try json(["--journey", "New customer gets connected (current state)", broadband])
        XCTAssertEqual(opportunities(byTitle).count, 11)
        XCTAssertEqual((byTitle["journeys"] as? [[String: Any]])?.map { $0["id"] as? String }, ["jr_60hyh8k118"])
        let future = try json(["--journey", "jr_m9pvd3znhd", broadband])
        XCTAssertEqual(opportunities(future).count, 0)
        XCTAssertEqual((future["journeys"] as? [Any])?.count, 1)
        // several files: only the boards that have the journey
        let one = try json(["--journey", "jr_he570hyf2k"] + all)
        XCTAssertEqual(Set(opportunities(one).compactMap { $0["file"] as? String }), [holiday])
        XCTAssertEqual(opportunities(one).count, 10)
        // none has it: exit 1, nothing on stdout
        let r = JourneyBinary.run(["score", "--journey", "Nope"] + all)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains("no journey 'Nope'"), r.stderr)
    }

    func testGateOption() throws {
        let none = opportunities(try json(["--gate", "none", holiday]))
        XCTAssertTrue(none.allSatisfy { $0["passesGate"] as? Bool == true && $0["gate"] as? String == "none" })
        // ranked by priority alone: the review leaderboard (priority 0.333) moves up from last
        let own = opportunities(try json([holiday]))
        XCTAssertEqual(own.last?["id"] as? String, "cd_2jdtgay7ed")
        XCTAssertNotEqual(none.last?["id"] as? String, "cd_2jdtgay7ed")
        let priorities = none.map { $0["priority"] as? Double ?? 0 }
        XCTAssertEqual(priorities, priorities.sorted(by: >))
        // any: the leaderboard worsens satisfaction and effort, so it still fails
        let any = opportunities(try json(["--gate", "any", holiday]))
        XCTAssertEqual(any.filter { $0["passesGate"] as? Bool == false }.map { $0["id"] as? String }, ["cd_2jdtgay7ed"])
        // --gate overrides every board's own gate
        let dir = TemporaryDirectory()
        let open = try editedBoard(dir, "holiday-booking.json") { $0.scoring.gate = "none" }
        let forced = opportunities(try json(["--gate", "all", open, broadband]))
        XCTAssertTrue(forced.allSatisfy { $0["gate"] as? String == "all" })
        XCTAssertEqual(forced.filter { $0["passesGate"] as? Bool == false }.count, 2)
        let r = JourneyBinary.run(["score", "--gate", "all", open, broadband])
        XCTAssertTrue(r.stdout.contains("gate: all (--gate)"), r.stdout)
    }

    // MARK: CSV

    func testCSV() throws {
        let dir = TemporaryDirectory()
        let path = try editedBoard(dir, "broadband-onboarding.json") { b in
            b.cards["cd_srf7hcntkf"]!.text = "Explain the bill, \"in plain words\""
            b.cards["cd_bfgght49fc"]!.text = "Tracker\nin app"
            b.cards["cd_ypf773c6t0"]!.text = "Owner \u{1B}[31mred"
        }
        let r = JourneyBinary.run(["score", "--format", "csv", path, membership])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasSuffix("\r\n"))
        let header = "rank,file,id,text,journey,journeyTitle,stage,stageTitle,cxScore,measuredCxScore,priority,value,passesGate,gate,valid,confidence,reach,cost,votes,status,incomplete,costDefault,improvement.satisfaction,improvement.effort,improvement.engagement"
        XCTAssertTrue(r.stdout.hasPrefix(header + "\r\n"), String(r.stdout.prefix(300)))
        // quotes doubled, fields with a comma or quote quoted; a line break in a value becomes a
        // space (no control character from the file reaches the output, each record is one line)
        XCTAssertTrue(r.stdout.contains(",cd_srf7hcntkf,\"Explain the bill, \"\"in plain words\"\"\",jr_60hyh8k118,"), r.stdout)
        XCTAssertTrue(r.stdout.contains(",cd_bfgght49fc,Tracker in app,jr_60hyh8k118,"), r.stdout)
        XCTAssertFalse(r.stdout.contains("\u{1B}"), "no escape sequence reaches the terminal")
        XCTAssertTrue(r.stdout.contains(",Owner ␛[31mred,"))
        XCTAssertTrue(r.stdout.contains(",9.12,,1.824,0.12,true,all,true,80,95,5,5,in-progress,,,0.1,0.2,0.06\r\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains(",小票扫码自助补积分,"))
        // one record per opportunity: 21 rows and the header, a line each
        XCTAssertEqual(r.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 22)
        let rows = try parseCSV(r.stdout)
        XCTAssertEqual(rows.count, 22)
        XCTAssertTrue(rows.allSatisfy { $0.count == rows[0].count })
        XCTAssertEqual(rows[1][0], "1")
        XCTAssertTrue(rows.contains { $0[3] == "Explain the bill, \"in plain words\"" })
        let checkIn = rows.first { $0[2] == "cd_jxbnbp1gmj" }!
        XCTAssertEqual(checkIn[20], "cost")
        XCTAssertEqual(checkIn[21], "default: median of 10 estimates")
    }

    /// Silent voting saved in the board: no count in the table, json or csv.
    func testHiddenVotesAreHiddenInEveryFormat() throws {
        let dir = TemporaryDirectory()
        let path = try editedBoard(dir, "broadband-onboarding.json", as: "silent.json") { $0.scoring.votesHidden = true }
        let table = JourneyBinary.run(["score", path])
        XCTAssertEqual(table.status, 0, table.stderr)
        let bill = tableRows(table.stdout).rows.first { $0.contains("Explain-my-first-bill") }!
        XCTAssertTrue(bill.contains(" hidden  in-progress"), bill)
        XCTAssertTrue(table.stdout.contains("votes hidden: silent"), table.stdout)
        let doc = try json([path])
        for o in opportunities(doc) {
            XCTAssertTrue(o["votes"] is NSNull, "\(o)")
            XCTAssertEqual(o["votesHidden"] as? Bool, true)
        }
        let csv = JourneyBinary.run(["score", "--format", "csv", path])
        XCTAssertTrue(csv.stdout.contains(",9.12,,1.824,0.12,true,all,true,80,95,5,,in-progress,"), csv.stdout)
        // the same board with votes shown has its counts
        let shown = JourneyBinary.run(["score", broadband])
        XCTAssertTrue(tableRows(shown.stdout).rows.first { $0.contains("Explain-my-first-bill") }!.contains(" 5  in-progress"))
        // `journey show` prints no vote counts either way
        XCTAssertFalse(JourneyBinary.run(["show", path, "--width", "200"]).stdout.contains("●"))
    }

    // MARK: bad input

    func testUnreadableOrInvalidFilesPrintNothing() throws {
        let dir = TemporaryDirectory()
        let broken = dir.write("broken.json", "{\n  \"format\": \"journey-board\",\n  \"schemaVersion\": 1,\n  \"title\": \"x\",\n}\n")
        var r = JourneyBinary.run(["score", broadband, broken])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "", "nothing half-baked")
        XCTAssertTrue(r.stderr.contains("\(broken):4:15: error: trailing comma"), r.stderr)

        let free = try editedBoard(dir, "broadband-onboarding.json", as: "free.json") { $0.cards["cd_srf7hcntkf"]!.cost = 0 }
        r = JourneyBinary.run(["score", "--format", "json", free])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.range(of: #"free\.json:\d+:\d+: error: card cd_srf7hcntkf: cost must be greater than 0, not 0"#, options: .regularExpression) != nil, r.stderr)

        let nps = try editedBoard(dir, "holiday-booking.json", as: "nps.json") { $0.cards["cd_3n2q6mqmxr"]!.impact["nps"] = 10 }
        r = JourneyBinary.run(["score", "--format", "csv", nps])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains("impact names \"nps\", which is not a hero metric of this board"), r.stderr)

        r = JourneyBinary.run(["score", dir.file("missing.json")])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains("missing.json"), r.stderr)
    }

    func testUsageErrorsExit2() {
        for args in [["score"], ["score", "--format", "xml", broadband], ["score", "--gate", "most", broadband],
                     ["score", "--top", "0", broadband], ["score", "--top", "x", broadband]] {
            let r = JourneyBinary.run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertEqual(r.stdout, "")
            XCTAssertFalse(r.stderr.isEmpty)
        }
    }

    func testTableTextIsSanitized() throws {
        let dir = TemporaryDirectory()
        let path = try editedBoard(dir, "broadband-onboarding.json") { b in
            b.cards["cd_srf7hcntkf"]!.text = "Bill \u{1B}]0;pwned\u{07} \u{202E}preview"
            b.journeys["jr_60hyh8k118"]!.title = "Connected \u{1B}[2J"
        }
        let r = JourneyBinary.run(["score", path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(r.stdout.unicodeScalars.contains { DisplayText.isUnsafe($0.value) && $0 != "\n" }, r.stdout)
        XCTAssertTrue(r.stdout.contains("Bill ␛]0;pwned� �preview"), r.stdout)
    }

    func testShowListsJourneyAgainstTouchpoints() {
        let r = JourneyBinary.run(["show", broadband, "--width", "80"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Journey vs touchpoints"), r.stdout)
        XCTAssertTrue(r.stdout.contains("  Satisfaction: journey 54 · touchpoints 92.6 · gap -38.6"), r.stdout)
        XCTAssertTrue(r.stdout.split(separator: "\n").allSatisfy { DisplayText.width(String($0)) <= 80 })
    }

    /// A small RFC 4180 reader, to check the output parses back into the same fields.
    func parseCSV(_ text: String) throws -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, i = text.unicodeScalars.startIndex
        let s = text.unicodeScalars
        while i < s.endIndex {
            let c = s[i]
            if quoted {
                if c == "\"" {
                    let n = s.index(after: i)
                    if n < s.endIndex && s[n] == "\"" { field.unicodeScalars.append("\""); i = s.index(after: n); continue }
                    quoted = false
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\r" {
                let n = s.index(after: i)
                guard n < s.endIndex, s[n] == "\n" else { throw NSError(domain: "csv: bare CR", code: 1) }
                row.append(field); field = ""; rows.append(row); row = []
                i = s.index(after: n); continue
            } else if c == "\n" {
                throw NSError(domain: "csv: bare LF outside quotes", code: 1)
            } else { field.unicodeScalars.append(c) }
            i = s.index(after: i)
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
