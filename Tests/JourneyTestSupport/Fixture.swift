import XCTest
import JourneyKit

/// Randomized tests use JourneyKit's seeded generator, so every run sees the same boards and a
/// failure names the seed that reproduces it.
public typealias SeededRandom = SeededGenerator

extension SeededGenerator {
    public mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &self) }
    public mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    public mutating func pick<T>(_ a: [T]) -> T { a[int(0...(a.count - 1))] }
}

/// The fixtures every test target shares: where the package and its example boards are,
/// small boards with fixed ids, scratch directories, and helpers for reader errors.
public enum Fixture {
    /// The package's root directory.
    public static let packageRoot: String = {
        var url = #filePath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        url.removeLast(3) // Fixture.swift, JourneyTestSupport, Tests
        return url.joined(separator: "/")
    }()

    public static func boardPath(_ name: String) -> String { packageRoot + "/boards/" + name }

    /// An example board from boards/, read.
    public static func exampleBoard(_ name: String) throws -> Board { try BoardFile.load(boardPath(name)) }

    public static var exampleBoards: [String] {
        let dir = packageRoot + "/boards"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return names.filter { $0.hasSuffix(".json") }.sorted().map { dir + "/" + $0 }
    }

    public static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Reads `text` as a board and returns the error it must give.
    public static func readError(_ text: String, file: String = "b.json", line: UInt = #line) -> BoardReadError? {
        readError(bytes: bytes(text), file: file, line: line)
    }

    public static func readError(bytes: [UInt8], file: String = "b.json", line: UInt = #line) -> BoardReadError? {
        do {
            _ = try BoardCodec.read(bytes, file: file)
            XCTFail("expected a read error, but the board was read", line: line)
            return nil
        } catch let error as BoardReadError {
            return error
        } catch {
            XCTFail("expected a BoardReadError, got \(error)", line: line)
            return nil
        }
    }

    /// Line and column (1-based, columns in Unicode scalars) where the `occurrence`-th `needle`
    /// starts in `text` — used to state where a message must point without counting by hand.
    public static func position(of needle: String, in text: String, occurrence: Int = 1, file: StaticString = #filePath, line: UInt = #line) -> SourcePosition {
        var count = 0
        let t = Array(text.unicodeScalars), n = Array(needle.unicodeScalars)
        var l = 1, c = 1
        var i = 0
        while i + n.count <= t.count {
            if Array(t[i..<(i + n.count)]) == n {
                count += 1
                if count == occurrence { return SourcePosition(line: l, column: c) }
            }
            if t[i] == "\n" { l += 1; c = 1 } else { c += 1 }
            i += 1
        }
        XCTFail("\(needle) not found \(occurrence) times", file: file, line: line)
        return SourcePosition(line: 0, column: 0)
    }

    /// A small valid board, in canonical text, to start malformed and invalid cases from.
    public static func smallBoard() -> Board {
        var board = Board(title: "Small")
        board.heroMetrics = Board.defaultHeroMetrics
        board.personas["pe_0000000001"] = Persona(id: "pe_0000000001", name: "Parent", order: "a0")
        board.journeys["jr_0000000001"] = Journey(id: "jr_0000000001", title: "Get connected", persona: "pe_0000000001", order: "a0")
        board.journeys["jr_0000000002"] = Journey(id: "jr_0000000002", title: "Move house", order: "a1")
        board.stages["st_0000000001"] = Stage(id: "st_0000000001", journey: "jr_0000000001", title: "Order", order: "a0")
        board.stages["st_0000000002"] = Stage(id: "st_0000000002", journey: "jr_0000000002", title: "Pack", order: "a0")
        board.lanes["ln_0000000001"] = Lane(id: "ln_0000000001", journey: "jr_0000000001", kind: .pains, order: "a0")
        board.lanes["ln_0000000002"] = Lane(id: "ln_0000000002", journey: "jr_0000000001", kind: .opportunities, order: "a1")
        board.lanes["ln_0000000003"] = Lane(id: "ln_0000000003", journey: "jr_0000000002", kind: .emotion, order: "a0")
        board.cards["cd_0000000001"] = Card(id: "cd_0000000001", lane: "ln_0000000001", stage: "st_0000000001", order: "a0", text: "Waits in for the technician")
        var opportunity = Card(id: "cd_0000000002", lane: "ln_0000000002", stage: "st_0000000001", order: "a0", text: "ETA by SMS")
        opportunity.impact = ["satisfaction": 8, "effort": -1]
        opportunity.confidence = 70; opportunity.reach = 80; opportunity.cost = 3; opportunity.links = ["cd_0000000001"]
        board.cards[opportunity.id] = opportunity
        var emotion = Card(id: "cd_0000000003", lane: "ln_0000000003", stage: "st_0000000002", order: "a0", text: "Relieved")
        emotion.value = 1
        board.cards[emotion.id] = emotion
        return board
    }

    public static func smallBoardText() -> String { String(decoding: BoardCodec.write(smallBoard()), as: UTF8.self) }

    /// A scratch directory, removed when the test ends.
    public static func temporaryDirectory(_ test: XCTestCase) -> String {
        let directory = TemporaryDirectory("journeykit")
        test.addTeardownBlock { withExtendedLifetime(directory) {} }
        return directory.path
    }
}

extension String {
    /// `self` with the first occurrence of `target` replaced (fails the test when absent).
    public func replacingFirst(_ target: String, with replacement: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        guard let r = range(of: target) else {
            XCTFail("\(target) not found", file: file, line: line)
            return self
        }
        return replacingCharacters(in: r, with: replacement)
    }
}

/// An example board from boards/, read (a test that cannot read it fails at once).
public func exampleBoard(_ name: String) -> Board { try! Fixture.exampleBoard(name) }
