#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of an imported text file as UTF-8, whatever the file was written in: UTF-8 with or
/// without a byte-order mark, UTF-16 with a byte-order mark (Excel's "Unicode text"), or
/// Windows-1252 when the bytes are not UTF-8 (Excel's "CSV" on a Western Windows). Conversions go
/// through the C library's `iconv`, which JourneyKit can use without Foundation.
enum ImportTextDecoding {
    struct Decoded {
        /// UTF-8, without a byte-order mark.
        var utf8: [UInt8]
        /// The encoding the file was read in, when it was not plain UTF-8 (said in the report).
        var encoding: String?
    }

    /// Reads `bytes` as text. A NUL byte, bytes that are neither UTF-8 nor Windows-1252, or a
    /// UTF-16 file cut in the middle of a character are an `ImportError` with their place.
    static func decode(_ bytes: [UInt8], file: String) throws -> Decoded {
        let n = bytes.count
        if n >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE {
            return Decoded(utf8: try convert(bytes, from: "UTF-16LE", skipping: 2, file: file), encoding: "UTF-16 (little-endian, with a byte-order mark)")
        }
        if n >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF {
            return Decoded(utf8: try convert(bytes, from: "UTF-16BE", skipping: 2, file: file), encoding: "UTF-16 (big-endian, with a byte-order mark)")
        }
        let bom = n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        let firstBad = bytes.withUnsafeBufferPointer { firstInvalidUTF8($0, from: bom) }
        guard let bad = firstBad else {
            try rejectNUL(bytes, from: bom, file: file)
            return Decoded(utf8: bom == 0 ? bytes : Array(bytes[bom...]), encoding: nil)
        }
        // Not UTF-8: Windows-1252, the one single-byte encoding spreadsheets write in the West.
        // A NUL is no text in either; say so before trying.
        try rejectNUL(bytes, from: 0, file: file)
        do {
            // (a UTF-8 byte-order mark before bytes that are not UTF-8 is no text either)
            return Decoded(utf8: try convert(bytes, from: "WINDOWS-1252", skipping: bom, file: file),
                           encoding: "Windows-1252 (the file is not UTF-8: the first byte that is not is 0x\(hexByte(bytes[bad])) at \(place(of: bad, in: bytes, file: file)))")
        } catch let error as ImportError {
            throw ImportError("the file is neither UTF-8 nor Windows-1252 text: \(error.message) (save it as UTF-8)", at: error.at)
        }
    }

    /// The offset of the first byte that does not start a valid UTF-8 sequence, or nil.
    static func firstInvalidUTF8(_ p: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var i = start
        let n = p.count
        while i < n {
            if p[i] < 0x80 { i += 1; continue }
            guard let length = try? UTF8Check.sequence(p, at: i, end: n) else { return i }
            i += length
        }
        return nil
    }

    static func rejectNUL(_ bytes: [UInt8], from start: Int, file: String) throws {
        guard let nul = bytes[start...].firstIndex(of: 0) else { return }
        throw ImportError("NUL byte: this is not a text file (a UTF-16 file needs its byte-order mark)", at: location(of: nul, in: bytes, file: file))
    }

    /// `bytes[skip...]` converted from `encoding` to UTF-8 by `iconv`, in one call. An invalid or
    /// cut-off sequence is an error at its place (line and column counted in the text converted
    /// so far, which is where an editor showing the file would put it).
    static func convert(_ bytes: [UInt8], from encoding: String, skipping skip: Int, file: String) throws -> [UInt8] {
        let cd = iconv_open("UTF-8", encoding)
        guard let handle = cd, Int(bitPattern: handle) != -1 else {
            throw ImportError("this system cannot convert \(encoding) (iconv_open failed)", at: ImportSourceLocation(file: file, line: 1))
        }
        defer { iconv_close(handle) }
        var input = Array(bytes[skip...])
        // at most 3 UTF-8 bytes per input byte (Windows-1252) or per UTF-16 code unit
        var output = [UInt8](repeating: 0, count: input.count * 3 + 4)
        var inLeft = input.count
        var outLeft = output.count
        var failure: Int32 = 0
        input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                inBuffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: inBuffer.count) { inBase in
                    outBuffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: outBuffer.count) { outBase in
                        var inPointer: UnsafeMutablePointer<CChar>? = inBase
                        var outPointer: UnsafeMutablePointer<CChar>? = outBase
                        if iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft) == -1 { failure = errno }
                    }
                }
            }
        }
        let produced = output.count - outLeft
        output.removeLast(outLeft)
        if failure != 0 || inLeft != 0 {
            let offset = input.count - inLeft
            let at = location(of: produced, in: output, file: file)
            let what = failure == EINVAL || (failure == 0 && inLeft > 0)
                ? "the file ends in the middle of a \(encoding) character"
                : "byte 0x\(hexByte(input[offset])) (at byte \(offset + skip) of the file) is not \(encoding)"
            throw ImportError(what, at: at)
        }
        try rejectNUL(output, from: 0, file: file)
        return output
    }

    /// `FILE:LINE:COL` of a byte offset in UTF-8 text.
    static func location(of offset: Int, in utf8: [UInt8], file: String) -> ImportSourceLocation {
        let position = SourcePosition.of(offset: offset, in: utf8)
        return ImportSourceLocation(file: file, line: position.line, column: position.column)
    }

    /// `LINE:COL` of a byte in a file that is not UTF-8 (one byte, one column).
    static func place(of offset: Int, in bytes: [UInt8], file: String) -> String {
        var line = 1, lineStart = 0
        for k in 0..<offset where bytes[k] == 0x0A { line += 1; lineStart = k + 1 }
        return "line \(line), column \(offset - lineStart + 1)"
    }
}
