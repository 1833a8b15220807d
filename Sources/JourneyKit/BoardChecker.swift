/// Reads a board file and validates it: what `journey check` runs for each file.
public enum BoardChecker {
    public struct Result {
        public var board: Board?
        public var bytes: [UInt8]?
        public var diagnostics: [Diagnostic]
    }

    /// Checks a file. With `keepBytes` false (what `journey check` uses) the file is mapped
    /// rather than copied into memory, and `bytes` is only filled when there are problems: a
    /// large board is checked without first copying it.
    public static func check(file: String, keepBytes: Bool) -> Result {
        if keepBytes { return check(file: file) }
        guard let mapped = MappedFile(file) else { return check(file: file) } // empty, special, unreadable: the usual way
        HugePages.prepareHeap(bytes: mapped.bytes.count * 2)
        return withExtendedLifetime(mapped) {
            check(mapped: mapped.bytes, file: file) { mapped.release(before: $0) }
        }
    }

    static func check(mapped p: UnsafeBufferPointer<UInt8>, file: String, passed: ((Int) -> Void)? = nil) -> Result {
        do {
            let board = try BoardCodec.read(p, file: file, passed: passed)
            let found = Validator.validate(board, bytes: nil, file: file)
            if found.isEmpty { return Result(board: board, bytes: nil, diagnostics: []) }
            // problems: validate again with the bytes, for their positions
            let bytes = Array(p)
            return Result(board: board, bytes: bytes, diagnostics: Validator.validate(board, bytes: bytes, file: file))
        } catch {
            return check(bytes: Array(p), file: file)
        }
    }

    public static func check(file: String) -> Result {
        let bytes: [UInt8]
        do { bytes = try BoardFile.readBytes(file) } catch {
            let msg = (error as? FileError)?.message ?? "\(error)"
            return Result(board: nil, bytes: nil, diagnostics: [Diagnostic(file: file, position: nil, message: msg)])
        }
        return check(bytes: bytes, file: file)
    }

    public static func check(bytes: [UInt8], file: String) -> Result {
        do {
            let board = try BoardCodec.read(bytes, file: file)
            return Result(board: board, bytes: bytes, diagnostics: Validator.validate(board, bytes: bytes, file: file))
        } catch let e as BoardReadError {
            return Result(board: nil, bytes: bytes, diagnostics: [Diagnostic(file: file, position: e.position, message: e.message)])
        } catch {
            return Result(board: nil, bytes: bytes, diagnostics: [Diagnostic(file: file, position: nil, message: "\(error)")])
        }
    }
}
