import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// Import readers on input nobody should send them: empty files, a byte-order mark alone,
/// random bytes, an unterminated quote, 10,000 columns, 50 MB. Each is a clear `ImportError` or
/// a correct draft; none crashes. The big inputs are made here, at run time.
final class ImportHostileInputTests: XCTestCase {
    func csvError(_ bytes: [UInt8], file: String = "in.csv") -> ImportError? {
        do { _ = try CSVImport.read(bytes, file: file, mapping: [:]); return nil }
        catch let e as ImportError { return e } catch { XCTFail("not an ImportError: \(error)"); return nil }
    }

    func testEmptyAndByteOrderMarkOnly() {
        XCTAssertEqual(csvError([])?.description, "in.csv:1:1: error: the file is empty: no header row")
        XCTAssertEqual(csvError([0xEF, 0xBB, 0xBF])?.description, "in.csv:1:1: error: the file holds only a byte-order mark: no header row")
        XCTAssertEqual(csvError([0xFF, 0xFE])?.description, "in.csv:1:1: error: the file holds only a byte-order mark: no header row")
        XCTAssertEqual(csvError(Array("\r\n\n\r\n".utf8))?.message, "no header row (the file holds only blank lines)")
        // a header and nothing else is a journey without cards, and says so
        let draft = try? CSVImport.read(Array("Stage,Text\n".utf8), file: "h.csv", mapping: [:])
        XCTAssertEqual(draft?.journeys.first?.cards.count, 0)
        XCTAssertEqual(draft?.notes.last?.message, "no card: the file has no row with text")
    }

    func testUnterminatedQuoteIsAnErrorAtTheQuote() {
        let e = csvError(Array("Text,Notes\nok,fine\nnext,\"never closed\nstill inside\n".utf8))
        XCTAssertEqual(e?.description, "in.csv:3:6: error: a quoted field opens here and its closing quote never comes (the rest of the file is inside it)")
        // also when the quote opens a 20 MB field (one pass, no backtracking)
        var big = Array("Text\n\"".utf8)
        big += [UInt8](repeating: UInt8(ascii: "x"), count: 20_000_000)
        XCTAssertEqual(csvError(big)?.at.line, 2)
    }

    func testNULAndBytesThatAreNoText() {
        XCTAssertEqual(csvError(Array("Text\nab".utf8) + [0, 0x41])?.description,
                       "in.csv:2:3: error: NUL byte: this is not a text file (a UTF-16 file needs its byte-order mark)")
    }

    func testRandomBytesNeverCrash() {
        var random = SeededRandom(seed: 20261206)
        for round in 0..<40 {
            let count = round < 30 ? random.int(0...4096) : 1_000_000
            // half the rounds without NUL bytes, so they get past the first check
            let low: UInt8 = round % 2 == 0 ? 0 : 1
            var bytes: [UInt8] = []
            bytes.reserveCapacity(count + 8)
            while bytes.count < count {
                var word = random.next()
                for _ in 0..<8 { bytes.append(max(low, UInt8(truncatingIfNeeded: word))); word >>= 8 }
            }
            do {
                let draft = try CSVImport.read(bytes, file: "r.csv", mapping: [:])
                XCTAssertEqual(draft.journeys.count, 1)
            } catch is ImportError {
            } catch { XCTFail("round \(round): \(error)") }
            do { _ = try TrelloImport.read(bytes, file: "r.json") } catch is ImportError {} catch { XCTFail("round \(round): \(error)") }
        }
        // printable random text with quotes and line breaks: a draft or a clear error, every time
        let alphabet = Array("ab,;\t\"\n\r é".utf8)
        for round in 0..<200 {
            let bytes = (0..<random.int(0...300)).map { _ in random.pick(alphabet) }
            let text = Array("Text,Stage,Lane,Emotion,Votes\n".utf8) + bytes
            do { _ = try CSVImport.read(text, file: "p.csv", mapping: [:]) } catch is ImportError {} catch { XCTFail("round \(round): \(error)") }
        }
    }

    func testTenThousandColumns() throws {
        var header = (0..<9_999).map { "c\($0)" }
        header.insert("Text", at: 5_000)
        var text = header.joined(separator: ",") + "\n"
        for row in 0..<3 {
            var fields = (0..<10_000).map { "\($0 % 10)" }
            fields[5_000] = "card \(row)"
            text += fields.joined(separator: ",") + "\n"
        }
        text += String(repeating: ",", count: 20_000) + "lost\n" // 20,001 fields: the extra are said
        let draft = try CSVImport.read(Array(text.utf8), file: "wide.csv", mapping: [:])
        XCTAssertEqual(draft.journeys[0].cards.map(\.text), ["card 0", "card 1", "card 2"])
        let unused = draft.notes.first { $0.message.hasPrefix("columns not imported") }?.message ?? ""
        XCTAssertTrue(unused.hasSuffix("and 9989 more"), unused)
        XCTAssertEqual(draft.notes.filter { $0.kind == .changed }.map(\.at.line), [5])
        XCTAssertEqual(draft.notes.filter { $0.kind == .skipped }.map(\.at.line), [5])
    }

    func testFiftyMegabytes() throws {
        // 50,000 rows of about 1 KB each, every tenth a quoted field over three lines
        let notes = String(repeating: "n", count: 1_000)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(52_000_000)
        bytes += Array("Stage,Lane,Text,Notes,Emotion\r\n".utf8)
        var line = 2, lastLine = 0
        for row in 0..<50_000 {
            lastLine = line
            if row % 10 == 0 {
                bytes += Array("Stage \(row % 12),Pain points,\"card \(row)\r\nover\r\nlines\",\(notes),\(row % 5 + 1)\r\n".utf8)
                line += 3
            } else {
                bytes += Array("Stage \(row % 12),Touchpoints,card \(row),\(notes),\(row % 5 + 1)\r\n".utf8)
                line += 1
            }
        }
        XCTAssertGreaterThan(bytes.count, 50_000_000)
        let draft = try CSVImport.read(bytes, file: "big.csv", mapping: [:])
        let j = draft.journeys[0]
        XCTAssertEqual(j.cards.count, 50_000)
        XCTAssertEqual(j.stages.count, 12)
        XCTAssertEqual(j.lanes.map(\.kind), [.pains, .touchpoints])
        XCTAssertEqual(j.cards.last?.source.line, lastLine)
        XCTAssertEqual(j.cards[10].text, "card 10\nover\nlines")
        XCTAssertEqual(j.cards[2].emotion, 0)
    }

    func testTrelloExportsDeepAndLarge() throws {
        // 100,000 nested arrays inside a card: an error, not a stack overflow
        let deep = "{\"lists\":[],\"cards\":[{\"x\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}]}"
        XCTAssertThrowsError(try TrelloImport.read(Array(deep.utf8), file: "deep.json")) { error in
            XCTAssertEqual((error as? ImportError)?.message, "nesting deeper than 512 levels")
        }
        // 20,000 cards in 10 lists, written in reverse order: sorted by list and pos
        var cards: [String] = []
        for k in (0..<20_000).reversed() {
            cards.append("{\"id\":\"c\(k)\",\"name\":\"card \(k)\",\"closed\":false,\"idList\":\"L\(k % 10)\",\"pos\":\(k),\"idLabels\":[],\"idMembers\":[]}")
        }
        let lists = (0..<10).map { "{\"id\":\"L\($0)\",\"name\":\"List \($0)\",\"closed\":false,\"pos\":\($0)}" }
        let json = "{\"name\":\"Big\",\"lists\":[\(lists.joined(separator: ","))],\"cards\":[\n\(cards.joined(separator: ",\n"))\n]}"
        let j = try TrelloImport.read(Array(json.utf8), file: "big.json").journeys[0]
        XCTAssertEqual(j.cards.count, 20_000)
        XCTAssertEqual(j.cards.prefix(3).map(\.text), ["card 0", "card 10", "card 20"])
        XCTAssertEqual(j.cards.first?.source.line, 20_001, "card 0 is the last card written")
    }

    /// The figure for a 10,000-row spreadsheet (printed, not asserted: the time is the machine's).
    func testTenThousandRowsAndTheTimeTheyTake() throws {
        var text = "Stage,Lane,Text,Notes,Emotion,Votes,Tags\r\n"
        for i in 0..<10_000 {
            text += "Stage \(i % 7),\(["Pain points", "Touchpoints", "Steps"][i % 3]),\"Card \(i), with a comma\",\"Line one\nline two\",\(i % 5 + 1),\(i % 4),\"a;b\"\r\n"
        }
        let bytes = Array(text.utf8)
        let clock = ContinuousClock()
        var draft = ImportDraft()
        let elapsed = try clock.measure { draft = try CSVImport.read(bytes, file: "rows.csv", mapping: [:]) }
        XCTAssertEqual(draft.journeys[0].cards.count, 10_000)
        XCTAssertEqual(draft.journeys[0].cards.last?.source.line, 20_000)
        print("CSVImport.read: 10,000 rows, \(bytes.count) bytes: \(elapsed)")
    }
}
