/// Reads a board file and validates it: what `journey check` runs for each file.
public enum BoardChecker {
    public struct Result {
        public var board: Board?
        public var bytes: [UInt8]?
        public var diagnostics: [Diagnostic]
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
