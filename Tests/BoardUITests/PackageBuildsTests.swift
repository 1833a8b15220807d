import XCTest
@testable import BoardUI
final class PackageBuildsTests: XCTestCase { func testModuleLoads() { XCTAssertFalse(String(describing: type(of: self)).isEmpty) } }
