#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JourneyKit

/// The board file: its size, read+validate (what `journey check` does per file, from bytes
/// already in memory), read alone, validate alone, canonical write (to bytes), safe save
/// (write + fsync + rename + directory fsync), and the peak memory of reading the file in a
/// fresh process.
struct ReadWriteBench: Benchmark {
    let name = "read-write"

    func run(_ ctx: BenchContext) throws -> [BenchRow] {
        var rows: [BenchRow] = []
        let mb = Double(ctx.bytes.count) / 1e6
        rows.append(BenchRow(measure: "file", median: Format.bytes(ctx.bytes.count),
                             note: "\(Format.grouped(ctx.bytes.count)) bytes, \(Format.grouped(ctx.board.cards.count)) cards, \(ctx.board.journeys.count) journeys"))

        let problems = BoardChecker.check(bytes: ctx.bytes, file: ctx.path).diagnostics.count
        if problems != 0 { throw BenchFailure("the generated \(ctx.label) board has \(problems) problems") }
        let readValidate = ctx.time(making: { BoardChecker.check(bytes: ctx.bytes, file: ctx.path) })
        rows.append(.timing("read+validate", readValidate, note: Format.fixed(mb / readValidate.median, 0) + " MB/s (bytes in memory; freeing not counted)"))

        let read = try ctx.time(making: { try BoardCodec.read(ctx.bytes, file: ctx.path) })
        rows.append(.timing("  read (parse + model)", read, note: Format.fixed(mb / read.median, 0) + " MB/s"))
        let b = try BoardCodec.read(ctx.bytes, file: ctx.path)
        guard b == ctx.board else { throw BenchFailure("the \(ctx.label) board did not read back equal") }
        let validate = ctx.time { _ = Validator.validate(b, bytes: ctx.bytes, file: ctx.path) }
        rows.append(.timing("  validate", validate))

        if BoardCodec.write(b) != ctx.bytes { throw BenchFailure("writing the \(ctx.label) board changed its bytes") }
        let write = ctx.time(making: { BoardCodec.write(b) })
        rows.append(.timing("write (to bytes)", write, note: Format.fixed(mb / write.median, 0) + " MB/s"))

        let scratch = BoardFile.directory(of: ctx.path) + "/.bench-save-\(ctx.label).json"
        let save = try ctx.time(runs: max(3, ctx.runs / 3)) { try BoardFile.writeAtomically(ctx.bytes, to: scratch) }
        _ = BoardFile.remove(scratch)
        rows.append(.timing("save (tmp, fsync, rename)", save))

        if let peak = PeakMemory.measure(executable: ctx.executable, file: ctx.path) {
            let ratio = Double(peak.peakKB * 1024) / Double(ctx.bytes.count)
            rows.append(BenchRow(measure: "peak memory, read+validate", median: Format.bytes(peak.peakKB * 1024),
                                 note: Format.fixed(ratio, 2) + "× file; fresh process, VmHWM; at start " + Format.bytes(peak.startKB * 1024)))
            let added = Double((peak.peakKB - peak.startKB) * 1024) / Double(ctx.bytes.count)
            rows.append(BenchRow(measure: "  above process start", median: Format.bytes((peak.peakKB - peak.startKB) * 1024),
                                 note: Format.fixed(added, 2) + "× file"))
        } else {
            rows.append(BenchRow(measure: "peak memory", median: "-", note: "could not run a child process"))
        }
        return rows
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

extension BoardFile {
    @discardableResult static func remove(_ path: String) -> Bool { unlink(path) == 0 }
}
