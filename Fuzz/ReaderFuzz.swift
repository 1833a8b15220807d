// libFuzzer target for the board reader: any bytes in, never a crash.
// Built by Fuzz/run together with Sources/JourneyKit/*.swift into one module, so it calls
// the reader exactly as `journey check` does (Fuzz/Entry.swift picks the target).
//
// Invariants checked on every input the reader accepts:
// - validation runs to the end (with the bytes, for positions);
// - the canonical writing of the board reads back, and writing that again gives the same
//   bytes (fmt is idempotent);
// - every diagnostic, once made safe for a terminal, holds no control or bidi character.
#if canImport(Glibc)
import Glibc
#endif

func readerFuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let checked = BoardChecker.check(bytes: bytes, file: "fuzz.json")
    for d in checked.diagnostics {
        FuzzInvariant.terminalSafe(d.terminalLine, "diagnostic")
    }
    guard let board = checked.board else { return 0 }
    let written = BoardCodec.write(board)
    let again: Board
    do { again = try BoardCodec.read(written, file: "written.json") } catch {
        FuzzInvariant.fail("the canonical writing of an accepted board does not read back: \(error)")
    }
    let rewritten = BoardCodec.write(again)
    if rewritten != written { FuzzInvariant.fail("writing is not idempotent (fmt of fmt differs)") }
    return 0
}
