// libFuzzer's entry point. One binary holds both targets (JourneyKit is compiled once);
// JOURNEY_FUZZ_TARGET (set by Fuzz/run) picks "reader" or "merge".
#if canImport(Glibc)
import Glibc
#endif

private let mergeTarget: Bool = {
    guard let t = getenv("JOURNEY_FUZZ_TARGET") else { return false }
    return String(cString: t) == "merge"
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    mergeTarget ? mergeFuzzOne(data, size) : readerFuzzOne(data, size)
}
