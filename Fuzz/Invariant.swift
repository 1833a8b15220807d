// Shared by the fuzz targets: an invariant that fails stops the fuzzer with a crash
// (libFuzzer then saves the input as crash-…).
#if canImport(Glibc)
import Glibc
#endif

enum FuzzInvariant {
    static func fail(_ what: String) -> Never {
        fputs("invariant failed: \(what)\n", stderr)
        abort()
    }

    /// No C0 (newline included), C1, DEL or bidi control in `line`.
    static func terminalSafe(_ line: String, _ what: String) {
        for s in line.unicodeScalars where DisplayText.isUnsafe(s.value) {
            fail("\(what) holds U+\(String(s.value, radix: 16, uppercase: true)) after sanitising")
        }
    }
}
