/// Records of delimiter-separated text, as spreadsheets write them (RFC 4180 and what Excel
/// does around it): fields separated by one delimiter byte; a field in double quotes may hold
/// delimiters, quotes (doubled) and line breaks; records end in LF, CR LF or a lone CR. Each
/// record knows the physical line it starts on, so a report can point at it.
///
/// One pass over UTF-8 bytes, no backtracking: time and memory are linear in the input
/// whatever its shape (one huge field, 10,000 columns, a quote that never closes). A field is a
/// span of the input until someone asks for its text, so unused columns cost nothing.
struct CSVRecords {
    /// Where a field is: `start` is its first byte (the opening quote when quoted), `end` the
    /// delimiter or line end after it; `line`/`lineStart` the physical line `start` is on.
    struct Field {
        var start: Int
        var end: Int
        var quoted: Bool
        var line: Int
        var lineStart: Int
    }

    let p: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8
    private(set) var i: Int
    private(set) var line = 1
    private var lineStart: Int

    static let quote = UInt8(ascii: "\"")
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D

    init(_ p: UnsafeBufferPointer<UInt8>, delimiter: UInt8, at offset: Int = 0, line: Int = 1) {
        self.p = p
        self.delimiter = delimiter
        self.i = offset
        self.lineStart = offset
        self.line = line
    }

    /// Reads the next record's fields into `fields` (emptied first) and returns the line it
    /// starts on, or nil at the end of the input. A blank line is a record of one empty field.
    /// A quote that is never closed is an error at the quote.
    mutating func next(into fields: inout [Field]) throws -> Int? {
        fields.removeAll(keepingCapacity: true)
        let n = p.count
        guard i < n else { return nil }
        let recordLine = line
        while true {
            let start = i, startLine = line, startLineStart = lineStart
            var quoted = false
            if i < n && p[i] == CSVRecords.quote {
                quoted = true
                i += 1
                var closed = false
                while i < n {
                    let c = p[i]
                    if c == CSVRecords.quote {
                        if i + 1 < n && p[i + 1] == CSVRecords.quote { i += 2; continue }
                        i += 1
                        closed = true
                        break
                    }
                    if c == CSVRecords.lf { line += 1; lineStart = i + 1 }
                    else if c == CSVRecords.cr && !(i + 1 < n && p[i + 1] == CSVRecords.lf) { line += 1; lineStart = i + 1 }
                    i += 1
                }
                if !closed {
                    throw CSVRecords.Unterminated(offset: start, line: startLine, lineStart: startLineStart)
                }
            }
            // the rest of the field (all of it when unquoted; after a closing quote, kept as text)
            while i < n {
                let c = p[i]
                if c == delimiter || c == CSVRecords.lf || c == CSVRecords.cr { break }
                i += 1
            }
            fields.append(Field(start: start, end: i, quoted: quoted, line: startLine, lineStart: startLineStart))
            if i < n && p[i] == delimiter { i += 1; continue }
            // end of the record: LF, CR LF, a lone CR, or the end of the input
            if i < n {
                if p[i] == CSVRecords.cr && i + 1 < n && p[i + 1] == CSVRecords.lf { i += 1 }
                i += 1
                line += 1
                lineStart = i
            }
            return recordLine
        }
    }

    /// A quoted field whose closing quote never comes.
    struct Unterminated: Error {
        var offset: Int
        var line: Int
        var lineStart: Int
    }

    /// Whether the field holds nothing at all (not even quotes).
    func isEmpty(_ f: Field) -> Bool { f.end == f.start }

    /// The text of a field: quotes removed and doubled quotes made single; a line break inside
    /// quotes (CR LF or CR) becomes LF.
    func text(_ f: Field) -> String {
        guard f.quoted else {
            return String(decoding: UnsafeBufferPointer(rebasing: p[f.start..<f.end]), as: UTF8.self)
        }
        // the usual quoted field, `"…"` with no quote or CR inside: its bytes as they are
        if f.end - f.start >= 2 && p[f.end - 1] == CSVRecords.quote {
            var k = f.start + 1
            while k < f.end - 1 && p[k] != CSVRecords.quote && p[k] != CSVRecords.cr { k += 1 }
            if k == f.end - 1 {
                return String(decoding: UnsafeBufferPointer(rebasing: p[(f.start + 1)..<(f.end - 1)]), as: UTF8.self)
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(f.end - f.start)
        var k = f.start + 1
        var inQuotes = true
        while k < f.end {
            let c = p[k]
            if inQuotes && c == CSVRecords.quote {
                if k + 1 < f.end && p[k + 1] == CSVRecords.quote { bytes.append(c); k += 2; continue }
                inQuotes = false
                k += 1
                continue
            }
            if c == CSVRecords.cr {
                bytes.append(CSVRecords.lf)
                if k + 1 < f.end && p[k + 1] == CSVRecords.lf { k += 1 }
            } else {
                bytes.append(c)
            }
            k += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The 1-based column (in Unicode scalars) where a field starts on its line.
    func column(_ f: Field) -> Int { CSVRecords.column(of: f.start, lineStart: f.lineStart, in: p) }

    static func column(of offset: Int, lineStart: Int, in p: UnsafeBufferPointer<UInt8>) -> Int {
        var column = 1
        var k = lineStart
        while k < offset {
            if p[k] & 0xC0 != 0x80 { column += 1 }
            k += 1
        }
        return column
    }

    // MARK: the delimiter

    /// The delimiters recognised, in the order that wins a tie.
    static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09]

    /// The delimiter of the record that starts at `offset` (the header): of comma, semicolon and
    /// tab, the one that occurs most often outside quotes in it; a comma when none does (a file
    /// of one column).
    static func detectDelimiter(_ p: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt8 {
        var counts = [0, 0, 0]
        var k = offset
        var inQuotes = false
        let n = p.count
        while k < n {
            let c = p[k]
            if c == quote { inQuotes.toggle() }
            else if !inQuotes {
                if c == lf || c == cr { break }
                if let index = candidates.firstIndex(of: c) { counts[index] += 1 }
            }
            k += 1
        }
        var best = 0
        for index in 1..<candidates.count where counts[index] > counts[best] { best = index }
        return candidates[best]
    }
}
