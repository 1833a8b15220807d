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
        var line = 1, column = 1
        let end = min(max(0, offset), bytes.count)
        var i = 0
        while i < end {
            let b = bytes[i]
            if b == 0x0A { line += 1; column = 1 }
            else if b & 0xC0 != 0x80 { column += 1 } // count scalars, not continuation bytes
            i += 1
        }
        return SourcePosition(line: line, column: column)
    }
}

/// Checks done on the raw bytes before parsing: invalid UTF-8, NUL and git conflict markers.
/// Foundation accepts some of these or reports none of them with a position.
public enum RawBytesCheck {
    public static func check(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { p in
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
                // multi-byte sequence: validate per RFC 3629 (no overlongs, no surrogates, ≤ U+10FFFF)
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
                i += need + 1
            }
        }
    }
}

@inline(__always) func hexByte(_ b: UInt8) -> String {
    let hex = Array("0123456789ABCDEF")
    return "\(hex[Int(b >> 4)])\(hex[Int(b & 15)])"
}

/// A pull parser over UTF-8 bytes (already checked by `RawBytesCheck`) that knows where it is.
/// It rejects what Foundation's decoders silently accept: trailing commas and duplicate keys.
public struct StrictJSONReader {
    public let p: UnsafeBufferPointer<UInt8>
    public var i: Int = 0

    public init(_ p: UnsafeBufferPointer<UInt8>, at offset: Int = 0) { self.p = p; self.i = offset }

    @inline(__always) public func fail(_ message: String, at offset: Int? = nil) -> ReadFailure {
        ReadFailure(offset: offset ?? i, message: message)
    }

    @inline(__always) public mutating func skipSpace() {
        while i < p.count {
            let c = p[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { return }
        }
    }

    @inline(__always) public func peek() -> UInt8? { i < p.count ? p[i] : nil }

    func describeHere() -> String {
        guard i < p.count else { return "end of file" }
        let c = p[i]
        if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return "byte 0x\(String(c, radix: 16))"
    }

    public mutating func expect(_ c: UInt8, _ what: String) throws {
        skipSpace()
        guard i < p.count else { throw fail("unexpected end of file: expected \(what) (is the file truncated?)") }
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
        guard i < p.count else { throw fail("unexpected end of file: expected a string (is the file truncated?)") }
        guard p[i] == UInt8(ascii: "\"") else { throw fail("expected a string, found \(describeHere())") }
        let start = i + 1
        var j = start
        // fast path: no escapes
        while j < p.count {
            let c = p[j]
            if c == UInt8(ascii: "\"") {
                i = j + 1
                return String(decoding: UnsafeBufferPointer(rebasing: p[start..<j]), as: UTF8.self)
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw fail(c == 0x0A ? "unterminated string (a newline inside a string must be written \\n)" : "control character 0x\(String(c, radix: 16)) in a string must be escaped", at: j) }
            j += 1
        }
        if j >= p.count { throw fail("unterminated string at end of file (is the file truncated?)", at: i) }
        var out = [UInt8](UnsafeBufferPointer(rebasing: p[start..<j]))
        while j < p.count {
            let c = p[j]
            if c == UInt8(ascii: "\"") {
                i = j + 1
                return String(decoding: out, as: UTF8.self)
            }
            if c < 0x20 { throw fail(c == 0x0A ? "unterminated string (a newline inside a string must be written \\n)" : "control character 0x\(String(c, radix: 16)) in a string must be escaped", at: j) }
            if c != UInt8(ascii: "\\") { out.append(c); j += 1; continue }
            guard j + 1 < p.count else { break }
            let e = p[j + 1]
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e); j += 2
            case UInt8(ascii: "n"): out.append(0x0A); j += 2
            case UInt8(ascii: "r"): out.append(0x0D); j += 2
            case UInt8(ascii: "t"): out.append(0x09); j += 2
            case UInt8(ascii: "b"): out.append(0x08); j += 2
            case UInt8(ascii: "f"): out.append(0x0C); j += 2
            case UInt8(ascii: "u"):
                var v = try hex4(at: j + 2)
                var used = 6
                if v >= 0xD800 && v <= 0xDBFF {
                    guard j + 7 < p.count, p[j + 6] == UInt8(ascii: "\\"), p[j + 7] == UInt8(ascii: "u") else {
                        throw fail("lone surrogate \\u\(String(v, radix: 16)) in a string", at: j)
                    }
                    let lo = try hex4(at: j + 8)
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
        throw fail("unterminated string at end of file (is the file truncated?)", at: i)
    }

    func hex4(at k: Int) throws -> UInt32 {
        guard k + 4 <= p.count else { throw fail("unexpected end of file in a \\u escape", at: k) }
        var v: UInt32 = 0
        for n in 0..<4 {
            let c = p[k + n]
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

    public mutating func readNumber() throws -> Double {
        skipSpace()
        let start = i
        var j = i
        func digit(_ k: Int) -> Bool { k < p.count && p[k] >= 0x30 && p[k] <= 0x39 }
        if j < p.count && p[j] == UInt8(ascii: "-") { j += 1 }
        guard digit(j) else {
            if i >= p.count { throw fail("unexpected end of file: expected a value (is the file truncated?)") }
            throw fail("expected a number, found \(describeHere())")
        }
        var intValue: Int64 = 0
        var intDigits = 0
        if p[j] == 0x30 {
            j += 1
            if digit(j) { throw fail("a number must not start with 0", at: start) }
        } else {
            while digit(j) { intValue = intValue &* 10 &+ Int64(p[j] - 0x30); intDigits += 1; j += 1 }
        }
        var simple = true
        if j < p.count && p[j] == UInt8(ascii: ".") {
            simple = false
            j += 1
            guard digit(j) else { throw fail("a number needs digits after its decimal point", at: j) }
            while digit(j) { j += 1 }
        }
        if j < p.count && (p[j] == UInt8(ascii: "e") || p[j] == UInt8(ascii: "E")) {
            simple = false
            j += 1
            if j < p.count && (p[j] == UInt8(ascii: "+") || p[j] == UInt8(ascii: "-")) { j += 1 }
            guard digit(j) else { throw fail("a number needs digits in its exponent", at: j) }
            while digit(j) { j += 1 }
        }
        i = j
        if simple && intDigits <= 15 {
            return p[start] == UInt8(ascii: "-") ? -Double(intValue) : Double(intValue)
        }
        // strtod needs a NUL-terminated copy
        let len = j - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: len + 1) { buf in
            for k in 0..<len { buf[k] = CChar(bitPattern: p[start + k]) }
            buf[len] = 0
            return strtod(buf.baseAddress!, nil)
        }
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
        throw fail("expected true or false, found \(describeHere())")
    }

    /// `null` here? Consumes it when so.
    public mutating func readNullIfPresent() -> Bool {
        skipSpace()
        return readLiteral("null")
    }

    public mutating func readValue(depth: Int = 0) throws -> JSONValue {
        skipSpace()
        guard depth < 512 else { throw fail("nesting deeper than 512 levels") }
        guard let c = peek() else { throw fail("unexpected end of file: expected a value (is the file truncated?)") }
        switch c {
        case UInt8(ascii: "{"):
            var o: [String: JSONValue] = [:]
            try readObject { r, key, _ in o[key] = try r.readValue(depth: depth + 1) }
            return .object(o)
        case UInt8(ascii: "["):
            var a: [JSONValue] = []
            try readArray { r in a.append(try r.readValue(depth: depth + 1)) }
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

    /// Skips one value of any kind (still strictly checked).
    public mutating func skipValue() throws { _ = try readValue() }

    // MARK: containers

    /// Reads an object, calling `member` for each key with the reader positioned at its value.
    /// Trailing commas are rejected; duplicate keys too, unless `checkDuplicates` is false
    /// (maps keyed by id check duplicates in their own dictionary, which is cheaper).
    /// `member` gets the byte offset of the key.
    public mutating func readObject(checkDuplicates: Bool = true,
                                    _ member: (inout StrictJSONReader, String, Int) throws -> Void) throws {
        try expect(UInt8(ascii: "{"), "'{'")
        var seen: [(String, Int)] = []
        var seenSet: [String: Int] = [:]
        skipSpace()
        if peek() == UInt8(ascii: "}") { i += 1; return }
        while true {
            skipSpace()
            let keyAt = i
            guard i < p.count else { throw fail("unexpected end of file inside an object (is the file truncated?)") }
            guard p[i] == UInt8(ascii: "\"") else { throw fail("expected a key in quotes, found \(describeHere())") }
            let key = try readString()
            if checkDuplicates {
                if seen.count < 16 {
                    if let first = seen.first(where: { $0.0 == key }) {
                        throw DuplicateKey(key: key, offset: keyAt, firstOffset: first.1)
                    }
                    seen.append((key, keyAt))
                    if seen.count == 16 { for (k, o) in seen { seenSet[k] = o } }
                } else {
                    if let first = seenSet[key] { throw DuplicateKey(key: key, offset: keyAt, firstOffset: first) }
                    seenSet[key] = keyAt
                }
            }
            try expect(UInt8(ascii: ":"), "':' after the key \"\(key)\"")
            try member(&self, key, keyAt)
            skipSpace()
            guard i < p.count else { throw fail("unexpected end of file: expected ',' or '}' (is the file truncated?)") }
            if p[i] == UInt8(ascii: ",") {
                let comma = i
                i += 1
                skipSpace()
                if peek() == UInt8(ascii: "}") { throw fail("trailing comma before '}'", at: comma) }
                continue
            }
            if p[i] == UInt8(ascii: "}") { i += 1; return }
            throw fail("expected ',' or '}' after a member, found \(describeHere())")
        }
    }

    public mutating func readArray(_ element: (inout StrictJSONReader) throws -> Void) throws {
        try expect(UInt8(ascii: "["), "'['")
        skipSpace()
        if peek() == UInt8(ascii: "]") { i += 1; return }
        while true {
            try element(&self)
            skipSpace()
            guard i < p.count else { throw fail("unexpected end of file: expected ',' or ']' (is the file truncated?)") }
            if p[i] == UInt8(ascii: ",") {
                let comma = i
                i += 1
                skipSpace()
                if peek() == UInt8(ascii: "]") { throw fail("trailing comma before ']'", at: comma) }
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
