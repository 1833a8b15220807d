import XCTest
@testable import JourneyKit

/// Inputs the fuzz targets (Fuzz/) found, kept as tests so they stay fixed.
final class FuzzFindingTests: XCTestCase {
    /// A number beyond the range of a double was read as infinity and written back as null,
    /// so the canonical writing of an accepted board did not read back.
    func testANumberTooLargeForADoubleIsRefusedWhereItIs() throws {
        let text = """
            {"format": "journey-board", "schemaVersion": 1, "title": "t", "cards": {},
             "heroMetrics": {"sat": {"label": "S", "min": 0, "max": 100, "better": "higher", "order": "a0",
              "weight": 1111e111111}}}
            """
        XCTAssertThrowsError(try BoardCodec.read(Array(text.utf8))) { e in
            let err = e as? BoardReadError
            XCTAssertEqual(err?.position, SourcePosition(line: 3, column: 13), "\(e)")
            XCTAssertTrue(err?.message.contains("too large") == true, "\(e)")
        }
        // the largest double still reads, and writes back as itself
        let big = text.replacingOccurrences(of: "1111e111111", with: "1.7976931348623157e308")
        let b = try BoardCodec.read(Array(big.utf8))
        XCTAssertEqual(try BoardCodec.read(BoardCodec.write(b)), b)
    }
}
