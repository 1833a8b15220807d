import XCTest
@testable import JourneyKit

/// `StringTable` answers as a dictionary would: ASCII keys by their bytes, other keys the way
/// `String` compares them (canonical equivalence), missing keys nil.
final class StringTableTests: XCTestCase {
    func testAnswersAsADictionary() {
        var g = SeededGenerator(seed: 9)
        var pairs: [(String, Int)] = []
        for i in 0..<300 { pairs.append((IDs.make("ln", using: &g), i)) }
        pairs.append(("a-much-longer-lane-id-than-fifteen-bytes", 1000))
        pairs.append(("ln_café", 1001))             // precomposed é
        pairs.append(("泳道_机会", 1002))
        pairs.append((pairs[0].0, 9999))             // a repeated key: the first wins, as in the table's users
        let table = StringTable(pairs)
        let dict = Dictionary(pairs, uniquingKeysWith: { a, _ in a })
        for (k, _) in pairs { XCTAssertEqual(table[k], dict[k], k) }
        XCTAssertEqual(table["ln_cafe\u{301}"], 1001, "decomposed é is the same string")
        XCTAssertEqual(table[String("a-much-longer-lane-id-than-fifteen-bytes".reversed().reversed())], 1000)
        for miss in ["", "ln_", "ln_café!", "LN_CAFÉ", pairs[1].0 + " "] { XCTAssertNil(table[miss], miss) }
        XCTAssertNil(StringTable([(String, Int)]())["x"])
    }
}
