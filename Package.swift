// swift-tools-version:6.0
// journey — a terminal workshop board for customer-journey mapping.
// Layers (arrows point one way): journey → TerminalCurses → BoardUI → JourneyKit.
import PackageDescription

let package = Package(
    name: "journey",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "journey", targets: ["journey"]),
        .executable(name: "journey-bench", targets: ["journey-bench"]),
        .library(name: "JourneyKit", targets: ["JourneyKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The board: model, file format, validation, scoring, merge, diff. Foundation only.
        .target(name: "JourneyKit"),
        // The workshop board as pure code: state, actions, keymap, layout, views. No ncurses.
        .target(name: "BoardUI", dependencies: ["JourneyKit"]),
        // ncursesw, linked as a system library (libncurses-dev).
        .systemLibrary(
            name: "CNcurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // Signal and crash handlers need C storage.
        .target(name: "CTerminalSupport"),
        // The only code that touches ncurses.
        .target(name: "TerminalCurses", dependencies: ["CNcurses", "CTerminalSupport", "BoardUI"]),
        .executableTarget(
            name: "journey",
            dependencies: [
                "JourneyKit", "BoardUI", "TerminalCurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "journey-bench",
            dependencies: [
                "JourneyKit", "BoardUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fixtures the test targets share (example boards, small boards with fixed ids, scratch
        // directories). Only test targets depend on it; no product does.
        .target(name: "JourneyTestSupport", dependencies: ["JourneyKit"], path: "Tests/JourneyTestSupport"),
        .testTarget(name: "JourneyKitTests", dependencies: ["JourneyKit", "JourneyTestSupport"], exclude: ["Golden", "ImportFixtures"]),
        .testTarget(name: "BoardUITests", dependencies: ["BoardUI", "JourneyKit", "JourneyTestSupport"], exclude: ["Snapshots"]),
        .testTarget(name: "EndToEndTests", dependencies: ["journey", "JourneyKit", "BoardUI", "JourneyTestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)
