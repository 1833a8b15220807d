import XCTest
@testable import JourneyKit
import JourneyTestSupport

/// A map of many entities is written in two halves on two threads and joined; the bytes must
/// be exactly those of the generic canonical writer (one JSON value, one thread): no member
/// lost, doubled or out of order at the join, commas and newlines in place.
final class LargeMapWriteTests: XCTestCase {
    func board(cards n: Int) -> Board {
        var b = Board(title: "Large")
        b.journeys["jr_1"] = Journey(id: "jr_1", title: "Journey", order: "a0")
        let stages = ["st_1", "st_2", "st_3"], lanes = ["ln_1", "ln_2"]
        for (s, k) in zip(stages, OrderKey.sequence(stages.count)) { b.stages[s] = Stage(id: s, journey: "jr_1", title: "Stage \(s)", order: k) }
        for (l, k) in zip(lanes, OrderKey.sequence(lanes.count)) { b.lanes[l] = Lane(id: l, journey: "jr_1", kind: .pains, order: k) }
        for i in 0..<n {
            // ids not added in their written order, so the writer's sort matters
            let id = "cd_\(String((i &* 7919) % 100_003, radix: 36))"
            var c = Card(id: id, lane: lanes[i % 2], stage: stages[i % 3], order: "a\(i % 10)", text: "card \(i) — «\(i % 13)»")
            if i % 3 == 0 { c.votes = ["mei": 1] }
            if i % 5 == 0 { c.tags = ["quick-win"] }
            if i % 7 == 0 { c.extra["zzz"] = .number(Double(i)) }
            b.cards[id] = c
        }
        return b
    }

    func testALargeMapIsWrittenAsOneThreadWouldWriteIt() throws {
        let least = BoardCodec.parallelWriteMinimum
        for n in [least - 1, least, least + 1] {
            let b = board(cards: n)
            XCTAssertEqual(b.cards.count, n)
            let written = BoardCodec.write(b)
            let expected = writtenGenerically(b)
            // compared whole, reported by the first differing byte (the arrays are megabytes)
            let common = min(written.count, expected.count)
            let differs = (0..<common).first { written[$0] != expected[$0] } ?? (written.count == expected.count ? nil : common)
            XCTAssertNil(differs, "\(n) cards: the bytes differ from the one-thread writer's at offset \(differs ?? 0)")
            XCTAssertEqual(try BoardCodec.read(written), b, "\(n) cards read back")
        }
    }
}
