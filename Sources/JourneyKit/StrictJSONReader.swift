#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure while reading, at a byte offset of the input.
public struct ReadFailure: Error, Equatable {
    public var offset: Int
    public var message: String
    public init(offset: Int, message: String) { self.offset = offset; self.message = message }
}

/// Line and column (1-based; the column counts Unicode scalars, as editors do) of a byte offset.
public struct SourcePosition: Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public var description: String { "\(line):\(column)" }

    public static func of(offset: Int, in bytes: [UInt8]) -> SourcePosition {
        bytes.withUnsafeBufferPointer { of(offset: offset, in: $0) }
    }

    public static func of(offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> SourcePosition {
        of(offsets: [offset], in: bytes)[0]
    }

    /// The positions of many offsets (in any order) in one pass over the bytes: a file with
    /// thousands of problems is scanned once, not once per problem.
    public static func of(offsets: [Int], in bytes: [UInt8]) -> [SourcePosition] {
        bytes.withUnsafeBufferPointer { of(offsets: offsets, in: $0) }
    }

    public static func of(offsets: [Int], in bytes: UnsafeBufferPointer<UInt8>) -> [SourcePosition] {
        var result = [SourcePosition](repeating: SourcePosition(line: 1, column: 1), count: offsets.count)
        let order = offsets.indices.sorted { offsets[$0] < offsets[$1] }
        var line = 1, column = 1
        // A byte-order mark is not a column: the first character after it is at 1:1.
        var i = BOM.length(bytes)
        for k in order {
            let end = min(max(i, offsets[k]), bytes.count)
            while i < end {
                let b = bytes[i]
                if b == 0x0A { line += 1; column = 1 }
                else if b & 0xC0 != 0x80 { column += 1 } // count scalars, not continuation bytes
                i += 1
            }
            result[k] = SourcePosition(line: line, column: column)
        }
        return result
    }
}

/// The UTF-8 byte-order mark (EF BB BF) some Windows editors put at the start of a file. The
/// reader skips it; the canonical writer never writes it, so `fmt` and a save drop it.
public enum BOM {
    /// 3 when the bytes start with a byte-order mark, else 0.
    @inline(__always)
    public static func length(_ p: UnsafeBufferPointer<UInt8>) -> Int {
        p.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0
    }
}

/// Checks on the raw bytes: invalid UTF-8, NUL and git conflict markers. Foundation accepts
/// some of these or reports none of them with a position.
///
/// `BoardCodec.read` does not make this pass over a file that parses: a file that parses has
/// none of these problems (a NUL or a conflict-marker line is never valid JSON, and every
/// string is checked for UTF-8 as it is read). When a file does not parse, this check runs
/// first, so its message — the one that names the real problem — wins.
public enum RawBytesCheck {
    public static func check(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { try check($0) }
    }

    public static func check(_ p: UnsafeBufferPointer<UInt8>) throws {
        let n = p.count
        var i = 0
        var lineStart = true
        while i < n {
            let b = p[i]
            if lineStart, b == 0x3C || b == 0x3D || b == 0x3E || b == 0x7C, i + 7 <= n {
                var k = 1
                while k < 7 && p[i + k] == b { k += 1 }
                if k == 7 {
                    let marker = String(repeating: Character(Unicode.Scalar(b)), count: 7)
                    throw ReadFailure(offset: i, message: "unresolved git conflict markers (a line starts with \(marker)); resolve the merge, or run `journey merge` as the merge driver")
                }
            }
            if b < 0x80 {
                if b == 0 { throw ReadFailure(offset: i, message: "NUL byte in file (a board is UTF-8 text)") }
                lineStart = b == 0x0A
                i += 1
                continue
            }
            lineStart = false
            i += try UTF8Check.sequence(p, at: i, end: n)
        }
    }
}

/// UTF-8 validation per RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
enum UTF8Check {
    /// The length of the valid multi-byte sequence that starts at `i`, or a failure at `i`.
    @inline(__always)
    static func sequence(_ p: UnsafeBufferPointer<UInt8>, at i: Int, end n: Int) throws -> Int {
        let b = p[i]
        var need = 0
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
        switch b {
        case 0xC2...0xDF: need = 1
        case 0xE0: need = 2; lo = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: need = 2
        case 0xED: need = 2; hi = 0x9F
        case 0xF0: need = 3; lo = 0x90
        case 0xF1...0xF3: need = 3
        case 0xF4: need = 3; hi = 0x8F
        default: throw ReadFailure(offset: i, message: "invalid UTF-8 (byte 0x\(hexByte(b)))")
        }
        if i + need >= n {
            throw ReadFailure(offset: i, message: "invalid UTF-8 (sequence cut off at end of file)")
        }
        for k in 1...need {
            let c = p[i + k]
            let (l, h) = k == 1 ? (lo, hi) : (UInt8(0x80), UInt8(0xBF))
            if c < l || c > h {
                throw ReadFailure(offset: i, message: "invalid UTF-8 (byte 0x\(hexByte(b)))")
            }
        }
        return need + 1
    }

    /// Checks `p[start..<end]` (which holds no ASCII control bytes); a failure names the first bad byte.
    static func check(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws {
        var i = start
        while i < end {
            if p[i] < 0x80 { i += 1; continue }
            i += try sequence(p, at: i, end: end)
        }
    }
}

@inline(__always) func hexByte(_ b: UInt8) -> String {
    let hex = Array("0123456789ABCDEF")
    return "\(hex[Int(b >> 4)])\(hex[Int(b & 15)])"
}

/// Where a member's key is: the bytes between its quotes, whether they hold escapes, and the
/// offset of its opening quote (for messages).
public struct KeySpan {
    public var start: Int
    public var end: Int
    public var escaped: Bool
    public var offset: Int
    /// Only ASCII bytes (so nothing to check for UTF-8).
    public var ascii: Bool = true
}

/// A pull parser over UTF-8 bytes that knows where it is. It rejects what Foundation's decoders
/// silently accept: trailing commas and duplicate keys; and it checks strings for UTF-8 and raw
/// control characters as it reads them.
public struct StrictJSONReader {
    public let p: UnsafeBufferPointer<UInt8>
    public var i: Int = 0
    /// When set, short ASCII strings are made once and found again by their bytes (a whole
    /// board's read sets it; the small reads of error messages and single entities do not).
    var strings: ShortStrings?

    public init(_ p: UnsafeBufferPointer<UInt8>, at offset: Int = 0) { self.p = p; self.i = offset }

    @inline(__always) public func fail(_ message: String, at offset: Int? = nil) -> ReadFailure {
        ReadFailure(offset: offset ?? i, message: message)
    }

    /// The end of the file came where `what` was expected.
    func truncated(_ what: String, at offset: Int? = nil) -> ReadFailure {
        fail("unexpected end of file: expected \(what) (is the file truncated?)", at: offset)
    }

    @inline(__always) public mutating func skipSpace() {
        let n = p.count
        while i < n {
            let c = p[i]
            if c > 0x20 { return }
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            i += 1
            // indentation: the spaces that follow, eight at a time (the first byte that is
            // not a space is the lowest nonzero byte of the word xor eight spaces)
            while i + 8 <= n {
                let x = UInt64(littleEndian: (UnsafeRawPointer(p.baseAddress!) + i).loadUnaligned(as: UInt64.self)) ^ 0x2020_2020_2020_2020
                if x != 0 { i += x.trailingZeroBitCount >> 3; break }
                i += 8
            }
        }
    }

    @inline(__always) public func peek() -> UInt8? { i < p.count ? p[i] : nil }

    /// Skips white space; the end of the file here is an error (a value was expected).
    @inline(__always) mutating func valueAhead() throws {
        skipSpace()
        if i >= p.count { throw truncated("a value") }
    }

    func describeHere() -> String {
        guard i < p.count else { return "end of file" }
        let c = p[i]
        if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return "byte 0x\(String(c, radix: 16))"
    }

    public mutating func expect(_ c: UInt8, _ what: String) throws {
        skipSpace()
        guard i < p.count else { throw truncated(what) }
        guard p[i] == c else { throw fail("expected \(what), found \(describeHere())") }
        i += 1
    }

    /// The end: only white space may follow the top-level value.
    public mutating func expectEnd() throws {
        skipSpace()
        if i < p.count { throw fail("unexpected \(describeHere()) after the end of the board") }
    }

    /// What kind of value starts here ("an object", "a string", …), for type errors.
    public mutating func kindHere() -> String {
        skipSpace()
        guard let c = peek() else { return "end of file" }
        switch c {
        case UInt8(ascii: "{"): return "an object"
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a boolean"
        case UInt8(ascii: "n"): return "null"
        default: return "a number"
        }
    }

    // MARK: strings

    public mutating func readString() throws -> String {
        skipSpace()
        guard i < p.count else { throw truncated("a string") }
        guard p[i] == UInt8(ascii: "\"") else { throw fail("expected a string, found \(describeHere())") }
        let s = try scanString()
        return try text(of: s)
    }

    /// The text of a scanned string or key.
    /// (Strings are checked for UTF-8 here, as they are made; a key that is never made into a
    /// String is ASCII or matched no known name, and an unknown name is made into a String.)
    /// `reuse` false: a string not worth keeping for later (an id that is a map's key, seen once).
    @inline(__always)
    public func text(of s: KeySpan, reuse: Bool = true) throws -> String {
        if s.escaped { return try unescape(s) }
        if s.ascii, reuse, let strings = strings, s.end - s.start <= ShortStrings.maxLength {
            return strings.text(p, s.start, s.end - s.start)
        }
        let bytes = UnsafeBufferPointer(rebasing: p[s.start..<s.end])
        if s.ascii { return String(decoding: bytes, as: UTF8.self) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        try UTF8Check.check(p, s.start, s.end) // names the first bad byte
        throw fail("invalid UTF-8", at: s.start)
    }

    /// Eight bytes with no quote, backslash or control byte among them? (SWAR: each test
    /// sets a byte's high bit when that byte matches; a borrow can only add false alarms
    /// above a real match, which the byte-by-byte loop then sorts out.)
    @inline(__always)
    static func plain(_ x: UInt64) -> Bool { hits(x) == 0 }

    /// `plain`'s test as a mask: the high bit of each byte that may be a quote, backslash or
    /// control byte. The lowest one set is always a real one (false alarms only come above it),
    /// so in a little-endian word it says how many plain bytes come first.
    @inline(__always)
    static func hits(_ x: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let q = x ^ (ones &* 0x22), b = x ^ (ones &* 0x5C)
        return (((q &- ones) & ~q) | ((b &- ones) & ~b) | ((x &- ones &* 0x20) & ~x)) & highs
    }

    /// From the opening quote at `i`: finds the closing quote, checks for raw control bytes,
    /// notes whether all bytes are ASCII, and moves past the string.
    @inline(__always)
    mutating func scanString() throws -> KeySpan {
        let open = i
        let start = i + 1
        let n = p.count
        var j = start
        var high: UInt64 = 0
        var escaped = false
        let base = UnsafeRawPointer(p.baseAddress!)
        while true {
            while j + 8 <= n {
                let x = UInt64(littleEndian: (base + j).loadUnaligned(as: UInt64.self))
                let hit = StrictJSONReader.hits(x)
                if hit == 0 { high |= x; j += 8; continue }
                // straight to the first quote, backslash or control byte: the bytes before it are plain
                let plainBytes = hit.trailingZeroBitCount >> 3
                high |= x & ((1 &<< UInt64(8 * plainBytes)) &- 1)
                j += plainBytes
                break
            }
            guard j < n else { throw fail("unterminated string at end of file (is the file truncated?)", at: open) }
            let c = p[j]
            if c == UInt8(ascii: "\"") { break }
            if c == UInt8(ascii: "\\") {
                // a control byte is never escaped: found here, not at the next newline
                if j + 1 < n, p[j + 1] < 0x20 {
                    throw fail(p[j + 1] == 0x0A ? "unterminated string (a backslash ends the line)" : "invalid escape: control character 0x\(String(p[j + 1], radix: 16)) after a backslash", at: j)
                }
                escaped = true; j += 2; continue
            }
            if c < 0x20 {
                throw fail(c == 0x0A ? "unterminated string (a newline inside a string must be written \\n)" : "control character 0x\(String(c, radix: 16)) in a string must be escaped", at: j)
            }
            high |= UInt64(c)
            j += 1
        }
        i = j + 1
        return KeySpan(start: start, end: j, escaped: escaped, offset: open, ascii: high & 0x8080_8080_8080_8080 == 0)
    }

    /// The text of a string with escapes (already scanned, so it is terminated).
    func unescape(_ s: KeySpan) throws -> String {
        if !s.ascii { try UTF8Check.check(p, s.start, s.end) }
        var out: [UInt8] = []
        out.reserveCapacity(s.end - s.start)
        var j = s.start
        while j < s.end {
            let c = p[j]
            if c != UInt8(ascii: "\\") { out.append(c); j += 1; continue }
            let e = p[j + 1]
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e); j += 2
            case UInt8(ascii: "n"): out.append(0x0A); j += 2
            case UInt8(ascii: "r"): out.append(0x0D); j += 2
            case UInt8(ascii: "t"): out.append(0x09); j += 2
            case UInt8(ascii: "b"): out.append(0x08); j += 2
            case UInt8(ascii: "f"): out.append(0x0C); j += 2
            case UInt8(ascii: "u"):
                var v = try hex4(at: j + 2, end: s.end)
                var used = 6
                if v >= 0xD800 && v <= 0xDBFF {
                    guard j + 7 < s.end, p[j + 6] == UInt8(ascii: "\\"), p[j + 7] == UInt8(ascii: "u") else {
                        throw fail("lone surrogate \\u\(String(v, radix: 16)) in a string", at: j)
                    }
                    let lo = try hex4(at: j + 8, end: s.end)
                    guard lo >= 0xDC00 && lo <= 0xDFFF else { throw fail("lone surrogate \\u\(String(v, radix: 16)) in a string", at: j) }
                    v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                    used = 12
                } else if v >= 0xDC00 && v <= 0xDFFF {
                    throw fail("lone surrogate \\u\(String(v, radix: 16)) in a string", at: j)
                }
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(v)!)).utf8))
                j += used
            default:
                throw fail("invalid escape \\\(Character(Unicode.Scalar(e))) in a string", at: j)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    func hex4(at k: Int, end: Int) throws -> UInt32 {
        var v: UInt32 = 0
        for n in 0..<4 {
            let c: UInt8 = k + n < end ? p[k + n] : 0
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw fail("invalid \\u escape (expected 4 hex digits)", at: k - 2)
            }
            v = v << 4 | d
        }
        return v
    }

    // MARK: numbers

    /// Powers of ten a double holds exactly.
    static let exactPowersOfTen: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

    public mutating func readNumber() throws -> Double {
        skipSpace()
        let start = i
        let n = p.count
        var j = i
        @inline(__always) func digit(_ k: Int) -> Bool { k < n && p[k] >= 0x30 && p[k] <= 0x39 }
        /// A digit must come at `k`: the end of the file there means the file was cut short.
        func needDigit(_ k: Int, _ message: String) -> ReadFailure {
            k >= n ? truncated("a digit", at: k) : fail(message, at: k)
        }
        let negative = j < n && p[j] == UInt8(ascii: "-")
        if negative { j += 1 }
        guard digit(j) else {
            if i >= n { throw truncated("a value") }
            if j >= n { throw truncated("a digit", at: j) }
            throw fail("expected a number, found \(describeHere())")
        }
        // Digits go into `mantissa` while it is exact; Clinger's fast path then gives the
        // correctly rounded double with one multiplication or division.
        var mantissa: UInt64 = 0
        var digits = 0
        if p[j] == 0x30 {
            j += 1
            if digit(j) { throw fail("a number must not start with 0", at: start) }
        } else {
            while digit(j) { mantissa = mantissa &* 10 &+ UInt64(p[j] - 0x30); digits += 1; j += 1 }
        }
        var exponent = 0
        if j < n && p[j] == UInt8(ascii: ".") {
            j += 1
            guard digit(j) else { throw needDigit(j, "a number needs digits after its decimal point") }
            while digit(j) {
                mantissa = mantissa &* 10 &+ UInt64(p[j] - 0x30)
                if mantissa != 0 { digits += 1 }
                exponent -= 1
                j += 1
            }
        }
        var exact = true
        if j < n && (p[j] == UInt8(ascii: "e") || p[j] == UInt8(ascii: "E")) {
            j += 1
            var expNegative = false
            if j < n && (p[j] == UInt8(ascii: "+") || p[j] == UInt8(ascii: "-")) { expNegative = p[j] == UInt8(ascii: "-"); j += 1 }
            guard digit(j) else { throw needDigit(j, "a number needs digits in its exponent") }
            var e = 0
            while digit(j) {
                if e < 100_000 { e = e * 10 + Int(p[j] - 0x30) } else { exact = false }
                j += 1
            }
            exponent += expNegative ? -e : e
        }
        i = j
        if exact && digits <= 15 && exponent >= -22 && exponent <= 22 {
            var v = Double(mantissa)
            if exponent < 0 { v /= StrictJSONReader.exactPowersOfTen[-exponent] }
            else if exponent > 0 { v *= StrictJSONReader.exactPowersOfTen[exponent] }
            return negative ? -v : v
        }
        // strtod needs a NUL-terminated copy
        let len = j - start
        let v = withUnsafeTemporaryAllocation(of: CChar.self, capacity: len + 1) { buf in
            for k in 0..<len { buf[k] = CChar(bitPattern: p[start + k]) }
            buf[len] = 0
            return strtod(buf.baseAddress!, nil)
        }
        // Too large for a double: refused here, where it is, rather than kept as infinity —
        // which no JSON can spell, so nothing could write it back.
        guard v.isFinite else { throw fail("number too large (beyond ±1.8e308, the range of a double)", at: start) }
        return v
    }

    // MARK: literals and generic values

    mutating func readLiteral(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard i + n <= p.count else { return false }
        let w = word.utf8Start
        for k in 0..<n where p[i + k] != w[k] { return false }
        i += n
        return true
    }

    public mutating func readBool() throws -> Bool {
        skipSpace()
        if readLiteral("true") { return true }
        if readLiteral("false") { return false }
        if i >= p.count { throw truncated("a value") }
        throw fail("expected true or false, found \(describeHere())")
    }

    /// `null` here? Consumes it when so.
    public mutating func readNullIfPresent() -> Bool {
        skipSpace()
        return readLiteral("null")
    }

    /// `limit`: how many arrays and objects may be inside one another (512 in a board's
    /// values; the syntax check of a whole file allows for the board's own levels above them).
    public mutating func readValue(depth: Int = 0, limit: Int = 512) throws -> JSONValue {
        skipSpace()
        guard let c = peek() else { throw truncated("a value") }
        // up to 512 arrays and objects inside one another: the 513th is refused
        if depth >= limit && (c == UInt8(ascii: "{") || c == UInt8(ascii: "[")) { throw fail(StrictJSONReader.tooDeep) }
        switch c {
        case UInt8(ascii: "{"):
            var o: CodePointMap<JSONValue> = [:]
            let start = i
            try readMembers { r, key in
                let k = try r.text(of: key)
                if o.contains(key: k) { throw r.duplicate(k, key, objectAt: start) }
                o[k] = try r.readValue(depth: depth + 1, limit: limit)
            }
            return .object(o)
        case UInt8(ascii: "["):
            var a: [JSONValue] = []
            try readArray { r in a.append(try r.readValue(depth: depth + 1, limit: limit)) }
            return .array(a)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool(try readBool())
        case UInt8(ascii: "n"):
            if readLiteral("null") { return .null }
            throw fail("expected a value, found \(describeHere())")
        case UInt8(ascii: "-"), 0x30...0x39: return .number(try readNumber())
        default: throw fail("expected a value, found \(describeHere())")
        }
    }

    static let tooDeep = "nesting deeper than 512 levels"

    /// Skips one value of any kind (still strictly checked).
    public mutating func skipValue() throws { _ = try readValue() }

    // MARK: containers

    /// Reads an object member by member, calling `member` with where the key is and the reader
    /// positioned at its value. Checks the braces, colons and commas (no trailing comma) but
    /// not duplicates: that is the caller's business (it usually has a dictionary to ask).
    @inline(__always)
    public mutating func readMembers(_ member: (inout StrictJSONReader, KeySpan) throws -> Void) throws {
        try expect(UInt8(ascii: "{"), "'{'")
        skipSpace()
        if i < p.count && p[i] == UInt8(ascii: "}") { i += 1; return }
        while true {
            skipSpace()
            guard i < p.count else { throw fail("unexpected end of file inside an object (is the file truncated?)") }
            guard p[i] == UInt8(ascii: "\"") else { throw fail("expected a key in quotes, found \(describeHere())") }
            let key = try scanString()
            skipSpace()
            if i >= p.count || p[i] != UInt8(ascii: ":") {
                let what = "':' after the key \"\((try? text(of: key)) ?? "")\""
                throw i >= p.count ? truncated(what) : fail("expected \(what), found \(describeHere())")
            }
            i += 1
            try member(&self, key)
            skipSpace()
            guard i < p.count else { throw truncated("',' or '}'") }
            let c = p[i]
            if c == UInt8(ascii: ",") {
                let comma = i
                i += 1
                skipSpace()
                if i < p.count && p[i] == UInt8(ascii: "}") { throw fail("trailing comma before '}'", at: comma) }
                continue
            }
            if c == UInt8(ascii: "}") { i += 1; return }
            throw fail("expected ',' or '}' after a member, found \(describeHere())")
        }
    }

    /// Reads an object, calling `member` for each key with the reader positioned at its value.
    /// Trailing commas are rejected; duplicate keys too, unless `checkDuplicates` is false
    /// (maps keyed by id check duplicates in their own dictionary, which is cheaper).
    /// `member` gets the byte offset of the key.
    public mutating func readObject(checkDuplicates: Bool = true,
                                    _ member: (inout StrictJSONReader, String, Int) throws -> Void) throws {
        // keys compare by code points: two that differ only in Unicode normalisation are two keys
        var seen: [CodePointKey: Int] = [:]
        try readMembers { r, span in
            let key = try r.text(of: span)
            if checkDuplicates {
                if let first = seen[CodePointKey(key)] { throw DuplicateKey(key: key, offset: span.offset, firstOffset: first) }
                seen[CodePointKey(key)] = span.offset
            }
            try member(&r, key, span.offset)
        }
    }

    /// The error for a key seen twice in the object that starts at `objectAt` (at or after).
    func duplicate(_ key: String, _ span: KeySpan, objectAt: Int) -> DuplicateKey {
        DuplicateKey(key: key, offset: span.offset, firstOffset: firstKeyOffset(objectAt: objectAt, key: key, before: span.offset) ?? span.offset)
    }

    /// Where `key` first appears in the object that starts at (or after white space at)
    /// `objectAt` — for the message about a duplicate, so the fast path keeps no offsets.
    func firstKeyOffset(objectAt: Int, key: String, before: Int = .max) -> Int? {
        var r = StrictJSONReader(p, at: objectAt)
        var found: Int?
        struct Stop: Error {}
        do {
            try r.readMembers { r, span in
                if span.offset >= before { throw Stop() }
                if let text = try? r.text(of: span), text.utf8.elementsEqual(key.utf8) { found = span.offset; throw Stop() }
                try r.skipFast()
            }
        } catch {}
        return found ?? firstEquivalentKeyOffset(objectAt: objectAt, key: key)
    }

    /// Where a key equal to `key` as a Swift `String` (canonically equivalent) first appears,
    /// for maps keyed by `String` whose duplicate has other code points.
    func firstEquivalentKeyOffset(objectAt: Int, key: String) -> Int? {
        var r = StrictJSONReader(p, at: objectAt)
        var found: Int?
        struct Stop: Error {}
        do {
            try r.readMembers { r, span in
                if (try? r.text(of: span)) == key { found = span.offset; throw Stop() }
                try r.skipFast()
            }
        } catch {}
        return found
    }

    public mutating func readArray(_ element: (inout StrictJSONReader) throws -> Void) throws {
        try expect(UInt8(ascii: "["), "'['")
        skipSpace()
        if i < p.count && p[i] == UInt8(ascii: "]") { i += 1; return }
        while true {
            try element(&self)
            skipSpace()
            guard i < p.count else { throw truncated("',' or ']'") }
            if p[i] == UInt8(ascii: ",") {
                let comma = i
                i += 1
                skipSpace()
                if i < p.count && p[i] == UInt8(ascii: "]") { throw fail("trailing comma before ']'", at: comma) }
                continue
            }
            if p[i] == UInt8(ascii: "]") { i += 1; return }
            throw fail("expected ',' or ']' after an element, found \(describeHere())")
        }
    }
}

/// A key that appears twice in one object: a hand merge gone wrong, usually. Foundation keeps
/// one of the two silently; we refuse and point at both.
public struct DuplicateKey: Error {
    public var key: String
    public var offset: Int
    public var firstOffset: Int
}
