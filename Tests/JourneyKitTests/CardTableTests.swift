import JourneyKit
import XCTest

/// `CardTable` behaves as the dictionary it replaces, and `Card`'s copy-on-write box keeps
/// value semantics: a copy never sees a later change.
final class CardTableTests: XCTestCase {
    func card(_ id: String, _ text: String = "t") -> Card { Card(id: id, lane: "ln", stage: "st", order: "a0", text: text) }

    func testInsertNewAddsOnlyUnderAnIdNotTaken() {
        var t = CardTable()
        XCTAssertTrue(t.insertNew("cd_a", card("cd_a", "A")))
        XCTAssertTrue(t.insertNew("cd_b", card("cd_b", "B")))
        XCTAssertFalse(t.insertNew("cd_a", card("cd_a", "A2")))
        XCTAssertEqual(t.count, 2)
        XCTAssertEqual(t["cd_a"]?.text, "A") // the first one stays
        XCTAssertEqual(t.keys.map { $0 }, ["cd_a", "cd_b"])
        var d: [String: Stage] = [:]
        XCTAssertTrue(d.insertNew("st_a", Stage(id: "st_a", journey: "jr", title: "One", order: "a0")))
        XCTAssertFalse(d.insertNew("st_a", Stage(id: "st_a", journey: "jr", title: "Two", order: "a0")))
        XCTAssertEqual(d["st_a"]?.title, "One")
    }

    func testGetSetDeleteAndLookup() {
        var t: CardTable = ["cd_a": card("cd_a", "A"), "cd_b": card("cd_b", "B")]
        t["cd_c"] = card("cd_c", "C")
        XCTAssertEqual(t.count, 3)
        XCTAssertEqual(t["cd_b"]?.text, "B")
        XCTAssertNil(t["cd_x"])
        t["cd_a"] = nil // the last card moves into the gap
        XCTAssertEqual(t.count, 2)
        XCTAssertNil(t["cd_a"])
        XCTAssertEqual(t["cd_c"]?.text, "C")
        XCTAssertEqual(t["cd_b"]?.text, "B")
        XCTAssertTrue(t.keys.contains("cd_c"))
        XCTAssertFalse(t.keys.contains("cd_a"))
        XCTAssertEqual(Set(t.keys), ["cd_b", "cd_c"])
        XCTAssertEqual(Set(t.values.map(\.text)), ["B", "C"])
        XCTAssertEqual(t.removeValue(forKey: "cd_b")?.text, "B")
        XCTAssertNil(t.removeValue(forKey: "cd_b"))
        t["cd_c"] = card("cd_c", "C2")
        XCTAssertEqual(t["cd_c"]?.text, "C2")
        XCTAssertEqual(t.count, 1)
        t["cd_c"] = nil
        XCTAssertTrue(t.isEmpty)
    }

    func testChangeInPlaceLeavesCopiesAlone() {
        var t: CardTable = ["cd_a": card("cd_a", "before")]
        let copy = t
        let held = t["cd_a"]!
        t["cd_a"]!.text = "after"
        t["cd_a"]!.impact["effort"] = -1
        t["cd_a"]?.confidence = 80
        XCTAssertEqual(t["cd_a"]?.text, "after")
        XCTAssertEqual(t["cd_a"]?.impact, ["effort": -1])
        XCTAssertEqual(t["cd_a"]?.confidence, 80)
        XCTAssertEqual(copy["cd_a"]?.text, "before")
        XCTAssertEqual(held.text, "before")
        XCTAssertEqual(held.impact, [:])
        XCTAssertNil(held.confidence)
        XCTAssertNotEqual(copy, t)
    }

    func testEqualityIgnoresOrder() {
        var a = CardTable(), b = CardTable()
        for id in ["cd_1", "cd_2", "cd_3"] { a[id] = card(id) }
        for id in ["cd_3", "cd_1", "cd_2"] { b[id] = card(id) }
        XCTAssertEqual(a, b)
        b["cd_2"]!.text = "changed"
        XCTAssertNotEqual(a, b)
        b["cd_2"]!.text = "t"
        XCTAssertEqual(a, b)
        b["cd_4"] = card("cd_4")
        XCTAssertNotEqual(a, b)
    }

    func testCardValueSemanticsAndMissingNumbers() {
        var c = card("cd_a")
        XCTAssertNil(c.confidence)
        c.confidence = 0
        c.cost = -0.0
        c.value = .nan // a NaN from arithmetic is kept as NaN, not taken for "missing"
        XCTAssertEqual(c.confidence, 0)
        XCTAssertEqual(c.cost, 0)
        XCTAssertTrue(c.value!.isNaN)
        var d = c
        d.confidence = nil
        d.tags.append("x")
        XCTAssertEqual(c.confidence, 0)
        XCTAssertEqual(c.tags, [])
        XCTAssertNil(d.confidence)
        XCTAssertNotEqual(c, d)
        d.confidence = 0
        d.tags = []
        d.value = c.value
        XCTAssertNotEqual(c, d) // NaN ≠ NaN, as a Double? compares
        d.value = 1; c.value = 1
        XCTAssertEqual(c, d)
    }

    /// A random script of sets, changes and deletes does to a table what it does to a dictionary.
    func testRandomScriptMatchesADictionary() {
        var g = SeededGenerator(seed: 42)
        var t = CardTable()
        var d: [String: Card] = [:]
        var snapshots: [(CardTable, [String: Card])] = []
        for step in 0..<5_000 {
            let id = "cd_\(g.next() % 200)"
            switch g.next() % 5 {
            case 0, 1:
                let c = card(id, "v\(step)")
                t[id] = c; d[id] = c
            case 2:
                t[id]?.text += "+"; d[id]?.text += "+"
            case 3:
                XCTAssertEqual(t.removeValue(forKey: id), d.removeValue(forKey: id))
            default:
                t[id] = nil; d[id] = nil
            }
            if step % 500 == 0 { snapshots.append((t, d)) }
            XCTAssertEqual(t.count, d.count)
        }
        XCTAssertEqual(t, CardTable(d))
        XCTAssertEqual(t.dictionary, d)
        for (k, c) in t { XCTAssertEqual(d[k], c) }
        for (st, sd) in snapshots { XCTAssertEqual(st.dictionary, sd) } // copies kept their state
    }

    func testBoardsWithTheSameCardsInAnotherOrderAreEqualAndWriteTheSameBytes() throws {
        var a = Board(title: "x")
        a.heroMetrics = Board.defaultHeroMetrics
        var b = a
        for id in ["cd_1", "cd_2", "cd_3"] { a.cards[id] = card(id) }
        for id in ["cd_2", "cd_3", "cd_1"] { b.cards[id] = card(id) }
        XCTAssertEqual(a, b)
        XCTAssertEqual(BoardCodec.write(a), BoardCodec.write(b))
    }
}
