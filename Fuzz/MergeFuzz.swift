// libFuzzer target for the three-way merge (the git merge driver's core).
//
// Input: BASE, OURS and THEIRS separated by lines holding only "=====" (an empty BASE is the
// empty board, as for the merge driver; a missing OURS or THEIRS is a copy of the base). Invariants checked whenever all three read:
// - the merge does not crash, and its canonical writing reads back;
// - when the three sides pass validation with no unresolved conflicts, the result passes
//   validation apart from the conflicts it recorded: a merge never writes a board that
//   `journey check` rejects for any other reason.
#if canImport(Glibc)
import Glibc
#endif

func mergeFuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let parts = FuzzInput.split(Array(UnsafeBufferPointer(start: data, count: size)))
    // an empty base is the empty board (both sides added the file), as for the merge driver
    let emptyBase = parts[0].allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
    guard let base = emptyBase ? BoardMerge.emptyBase : (try? BoardCodec.read(parts[0], file: "base")) else { return 0 }
    let ours = parts.count > 1 ? (try? BoardCodec.read(parts[1], file: "ours")) : base
    let theirs = parts.count > 2 ? (try? BoardCodec.read(parts[2], file: "theirs")) : base
    guard let o = ours, let t = theirs else { return 0 }
    let (merged, _) = BoardMerge.merge(base: emptyBase ? nil : base, ours: o, theirs: t, labels: [:])
    let written = BoardCodec.write(merged)
    let back: Board
    do { back = try BoardCodec.read(written, file: "merged") } catch {
        FuzzInvariant.fail("the merged board does not read back: \(error)")
    }
    let sidesValid = (emptyBase ? [o, t] : [base, o, t]).allSatisfy { $0.conflicts.isEmpty && Validator.validate($0).isEmpty }
    if sidesValid {
        let problems = BoardMerge.problemsBesidesConflicts(back)
        if let p = problems.first { FuzzInvariant.fail("the merge of three valid boards fails check: \(p.message)") }
    }
    return 0
}

enum FuzzInput {
    /// Splits at lines that hold only "=====".
    static func split(_ b: [UInt8]) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        var start = 0, i = 0
        let sep: [UInt8] = Array("\n=====\n".utf8)
        while i + sep.count <= b.count {
            if b[i] == 0x0A && Array(b[i..<(i + sep.count)]) == sep {
                parts.append(Array(b[start..<i])); i += sep.count - 1; start = i; continue
            }
            i += 1
        }
        parts.append(Array(b[start...]))
        return parts
    }
}
