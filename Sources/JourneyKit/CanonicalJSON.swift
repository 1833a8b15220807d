#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The canonical text of a board (docs/FORMAT.md, "Canonical text"): keys sorted by code point,
/// 2-space indent, `"key": value`, `[]` and `{}` for empty containers, LF line endings,
/// numbers in shortest round-trip form with integers written without `.0`.
/// Foundation's JSONEncoder does not produce this, so the writer is our own.
public struct CanonicalJSON {
    public internal(set) var bytes: [UInt8] = []

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Orders keys by Unicode code point (UTF-8 byte order is code point order).
    @inline(__always)
    public static func keyPrecedes(_ a: String, _ b: String) -> Bool {
        let fast: Bool?? = a.utf8.withContiguousStorageIfAvailable { pa in
            b.utf8.withContiguousStorageIfAvailable { pb in
                let n = min(pa.count, pb.count)
                if n > 0 {
                    let c = memcmp(pa.baseAddress!, pb.baseAddress!, n)
                    if c != 0 { return c < 0 }
                }
                return pa.count < pb.count
            }
        }
        if let f = fast, let answer = f { return answer }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// The same code points (the same UTF-8 bytes)? Swift's `==` on strings is canonical
    /// equivalence ("é" == "e\u{301}"); the board's text is compared by what was written.
    @inline(__always)
    public static func sameText(_ a: String, _ b: String) -> Bool {
        let fast: Bool?? = a.utf8.withContiguousStorageIfAvailable { pa in
            b.utf8.withContiguousStorageIfAvailable { pb in
                pa.count == pb.count && (pa.count == 0 || memcmp(pa.baseAddress!, pb.baseAddress!, pa.count) == 0)
            }
        }
        if let f = fast, let answer = f { return answer }
        return a.utf8.elementsEqual(b.utf8)
    }

    @inline(__always) mutating func newline(_ indent: Int) {
        bytes.append(0x0A)
        for _ in 0..<indent { bytes.append(0x20); bytes.append(0x20) }
    }

    public mutating func write(_ v: JSONValue, indent: Int) {
        switch v {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .number(let n): writeNumber(n)
        case .string(let s): writeString(s)
        case .array(let a): writeArray(a, indent: indent)
        case .object(let o): writeObject(o, indent: indent)
        }
    }

    public mutating func writeArray(_ a: [JSONValue], indent: Int) {
        if a.isEmpty { append("[]"); return }
        bytes.append(UInt8(ascii: "["))
        for (i, e) in a.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            newline(indent + 1)
            write(e, indent: indent + 1)
        }
        newline(indent)
        bytes.append(UInt8(ascii: "]"))
    }

    public mutating func writeObject(_ o: CodePointMap<JSONValue>, indent: Int) {
        if o.isEmpty { append("{}"); return }
        let keys = o.keys.sorted(by: CanonicalJSON.keyPrecedes)
        bytes.append(UInt8(ascii: "{"))
        for (i, k) in keys.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            newline(indent + 1)
            writeString(k)
            bytes.append(UInt8(ascii: ":")); bytes.append(0x20)
            write(o[k]!, indent: indent + 1)
        }
        newline(indent)
        bytes.append(UInt8(ascii: "}"))
    }

    @inline(__always) mutating func append(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Shortest round-trip form; integral values without a fraction.
    public mutating func writeNumber(_ n: Double) {
        if n.isFinite, n == n.rounded(), abs(n) < 1e15 {
            var v = Int64(n)
            if v == 0 { bytes.append(UInt8(ascii: "0")); return }
            if v < 0 { bytes.append(UInt8(ascii: "-")); v = -v }
            var digits: [UInt8] = []
            while v > 0 { digits.append(UInt8(v % 10) + 0x30); v /= 10 }
            bytes.append(contentsOf: digits.reversed())
            return
        }
        // JSON has no NaN or infinity, and `null` is no number: the reader refuses numbers
        // beyond a double, so only arithmetic could make one. The nearest number is written
        // (NaN as 0), so the file stays a board that reads back.
        guard n.isFinite else { writeNumber(n.isNaN ? 0 : n < 0 ? -Double.greatestFiniteMagnitude : Double.greatestFiniteMagnitude); return }
        var s = "\(n)"
        if s.hasSuffix(".0") { s.removeLast(2) }
        bytes.append(contentsOf: s.utf8)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    public mutating func writeString(_ s: String) {
        // most strings need no escape: copied whole
        let copied: Bool? = s.utf8.withContiguousStorageIfAvailable { buf in
            for b in buf where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return false }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: buf)
            bytes.append(UInt8(ascii: "\""))
            return true
        }
        if copied == true { return }
        bytes.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(0x5C); bytes.append(b)
            case UInt8(ascii: "\\"): bytes.append(0x5C); bytes.append(b)
            case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
            case 0x08: bytes.append(0x5C); bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(0x5C); bytes.append(UInt8(ascii: "f"))
            case 0..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(CanonicalJSON.hex[Int(b >> 4)]); bytes.append(CanonicalJSON.hex[Int(b & 15)])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    // MARK: writing objects field by field, in code-point order

    /// Writes an object whose members are given as (key, value) pairs in any order.
    public mutating func writeMembers(_ members: [(String, JSONValue)], indent: Int) {
        if members.isEmpty { append("{}"); return }
        let sorted = members.sorted { CanonicalJSON.keyPrecedes($0.0, $1.0) }
        bytes.append(UInt8(ascii: "{"))
        for (i, m) in sorted.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            newline(indent + 1)
            writeString(m.0)
            bytes.append(UInt8(ascii: ":")); bytes.append(0x20)
            write(m.1, indent: indent + 1)
        }
        newline(indent)
        bytes.append(UInt8(ascii: "}"))
    }
}
