import XCTest
final class JourneyKitTestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
