import XCTest
@testable import JourneyKit

/// Every stored field of every entity has exactly one declaration, and every declaration is
/// read, written (and read back), seen by equality, by merge and by diff. A field added to a
/// struct without its row, or a row whose type or name does not work end to end, fails here
/// with the field's name.
final class FieldDeclarationTests: XCTestCase {
    /// Stored properties that are not fields of the file's object: the id is the map's key,
    /// `extra` holds unknown fields, `loc` where the entity was read.
    static let notFields: Set<String> = ["id", "extra", "loc"]

    func testEveryStoredFieldOfEveryEntityIsDeclaredAndWorks() throws {
        try checkEntity(Card.self) { $0.storage.fields }
        try checkEntity(Stage.self) { $0 }
        try checkEntity(Lane.self) { $0 }
        try checkEntity(Journey.self) { $0 }
        try checkEntity(Persona.self) { $0 }
        try checkEntity(HeroMetric.self) { $0 }
    }

    func testEveryStoredScoringSettingIsDeclaredAndWorks() throws {
        let base = try Scoring(json: .object(["gate": .string("all")]))
        var covered: Set<String> = []
        for field in Scoring.declaration.fields {
            let value = sample(field.type, field.name)
            var object = base.fieldsObject
            object[field.name] = value
            let changed = try Scoring(json: .object(object))
            XCTAssertTrue(changed.extra.isEmpty, "scoring.\(field.name) is declared but not read")
            XCTAssertEqual(changed.fieldsObject[field.name], value, "scoring.\(field.name) is not written as read")
            XCTAssertNotEqual(BoardCodec.scoringJSON(changed), BoardCodec.scoringJSON(base), "scoring.\(field.name): diff and merge see no change")
            var board = Board(title: "b"), edited = board
            edited.scoring = changed
            XCTAssertFalse(BoardDiff.between(board, edited).isEmpty, "scoring.\(field.name) is not diffed")
            XCTAssertEqual(BoardMerge.merge(base: board, ours: edited, theirs: board).board.scoring, changed,
                           "scoring.\(field.name) is not merged")
            board = try BoardCodec.read(BoardCodec.write(edited))
            XCTAssertEqual(board.scoring, changed, "scoring.\(field.name) does not survive writing and reading")
            covered.formUnion(changedLabels(base, changed))
        }
        assertCovered(Scoring(), covered, "Scoring", Scoring.declaration.kindName)
    }

    /// The merge rule fits the type: sets merge as sets, per-key maps key by key, place parts
    /// are strings.
    func testMergeRulesFitTheirTypes() {
        func check<Root>(_ declaration: EntityDeclaration<Root>) {
            for field in declaration.fields {
                switch field.merge {
                case .set: XCTAssertEqual(field.type, .stringSet, "\(declaration.kindName).\(field.name)")
                case .keyed: XCTAssertTrue([.numberMap, .integerMap, .commentMap].contains(field.type), "\(declaration.kindName).\(field.name)")
                case .place: XCTAssertEqual(field.type, .string, "\(declaration.kindName).\(field.name)")
                case .plain: XCTAssertNotEqual(field.type, .stringSet, "\(declaration.kindName).\(field.name) is a set but merges as one value")
                }
            }
        }
        check(Card.declaration); check(Stage.declaration); check(Lane.declaration)
        check(Journey.declaration); check(Persona.declaration); check(HeroMetric.declaration); check(Scoring.declaration)
        XCTAssertEqual(BoardMerge.placeFields, ["lane", "stage", "order"])
        XCTAssertEqual(BoardMerge.fieldKind(map: "cards", field: "votes"), .keyed)
        XCTAssertEqual(BoardMerge.fieldKind(map: "cards", field: "tags"), .set)
        XCTAssertEqual(BoardMerge.fieldKind(map: "cards", field: "comments"), .keyed)
        XCTAssertEqual(BoardMerge.fieldKind(map: "journeys", field: "metrics"), .keyed)
        XCTAssertEqual(BoardMerge.fieldKind(map: "stages", field: "title"), .atomic)
    }

    /// Every entity kind names its own type, and the names are those of the file.
    func testEntityKindsAreTheBoardsMaps() {
        XCTAssertEqual(EntityKind.allCases.map(\.rawValue), ["journeys", "personas", "stages", "lanes", "cards", "heroMetrics"])
        for kind in EntityKind.allCases { XCTAssertEqual(kind.entityType.entityKind, kind) }
        XCTAssertEqual(EntityKind.heroMetrics.plural, "hero metrics")
    }

    // MARK: helpers

    func checkEntity<E: BoardEntity>(_ type: E.Type, stored: (E) -> Any, file: StaticString = #filePath, line: UInt = #line) throws {
        let name = E.declaration.kindName
        let base = E(decodingID: "x")
        var covered: Set<String> = []
        for field in E.declaration.fields {
            let what = "\(name).\(field.name)"
            let value = sample(field.type, field.name)
            var object = base.fieldsObject
            object[field.name] = value
            let changed = try E(id: "x", json: .object(object))
            XCTAssertTrue(changed.extra.isEmpty, "\(what) is declared but not read", file: file, line: line)
            XCTAssertNotEqual(changed, base, "\(what): equality does not see it", file: file, line: line)
            XCTAssertEqual(changed.fieldsObject[field.name], value, "\(what) is not written as read (knownFields)", file: file, line: line)
            // written as canonical text and read back
            var writer = CanonicalJSON()
            writer.writeEntity(changed, indent: 0)
            let back = try writer.bytes.withUnsafeBufferPointer { buffer in
                var reader = StrictJSONReader(buffer)
                return try E.decode(id: "x", &reader, path: "")
            }
            XCTAssertEqual(back, changed, "\(what) does not survive writing and reading", file: file, line: line)
            XCTAssertTrue(writer.text.contains("\"\(field.name)\": "), "\(what) is not written", file: file, line: line)
            // diff and merge see it
            XCTAssertNotEqual(Merger.fields(changed)[field.name], Merger.fields(base)[field.name], "\(what) is not diffed", file: file, line: line)
            var merger = Merger(base: Board(title: ""), ours: Board(title: ""), theirs: Board(title: ""), labels: [:])
            XCTAssertEqual(merger.mergeEntity(E.entityKind.rawValue, "x", base, base, changed), changed,
                           "\(what): a change on one side is not merged", file: file, line: line)
            XCTAssertEqual(merger.mergeEntity(E.entityKind.rawValue, "x", base, changed, base), changed,
                           "\(what): a change on one side is not merged", file: file, line: line)
            XCTAssertTrue(merger.found.isEmpty, "\(what): a one-sided change made a conflict record", file: file, line: line)
            covered.formUnion(changedLabels(stored(base), stored(changed)))
        }
        assertCovered(stored(base), covered, "\(E.self)", name, file: file, line: line)
    }

    /// A value of the type that no default has, so setting it always changes something.
    func sample(_ type: FieldType, _ name: String) -> JSONValue {
        switch type {
        case .string, .stringOmittedWhenEmpty, .optionalString: return .string("set-\(name)")
        case .number, .optionalNumber, .absentableNumber: return .number(42.5)
        case .integer: return .number(7)
        case .flag: return .bool(true)
        case .numberMap: return .object(["satisfaction": .number(1.5)])
        case .integerMap: return .object(["mei": .number(2)])
        case .stringSet: return .array([.string("a"), .string("b")])
        case .commentMap:
            return .object(["cm_a": .object(["author": .string("ana"), "time": .string("2026-12-06T22:50:00Z"), "text": .string("who says so?")])])
        }
    }

    /// The stored properties whose values differ between two values of one type.
    func changedLabels(_ a: Any, _ b: Any) -> Set<String> {
        let before = Mirror(reflecting: a).children, after = Array(Mirror(reflecting: b).children)
        var out: Set<String> = []
        for (n, child) in before.enumerated() where String(describing: child.value) != String(describing: after[n].value) {
            if let label = child.label { out.insert(label) }
        }
        return out
    }

    func assertCovered(_ value: Any, _ covered: Set<String>, _ typeName: String, _ kindName: String,
                       file: StaticString = #filePath, line: UInt = #line) {
        for child in Mirror(reflecting: value).children {
            guard let label = child.label, !FieldDeclarationTests.notFields.contains(label) else { continue }
            XCTAssertTrue(covered.contains(label),
                          "\(typeName) stores \(label), but no row of the \(kindName)'s declaration sets it: it would not be read, written, merged or diffed",
                          file: file, line: line)
        }
    }
}
