import XCTest
@testable import JourneyKit
final class PackageBuildsTests: XCTestCase { func testModuleLoads() { XCTAssertFalse(String(describing: type(of: self)).isEmpty) } }
