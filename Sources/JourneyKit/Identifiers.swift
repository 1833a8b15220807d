#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random ids with a type prefix (`jr_ st_ ln_ cd_ pe_`) and 10 base32 characters.
/// Never time-ordered: time-ordered ids put every new card at the end of the file, so two
/// branches that both add a card conflict every time; random ones land in different places.
public enum IDs {
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    public static func make(_ prefix: String) -> String {
        var g = SystemRandomNumberGenerator()
        return make(prefix, using: &g)
    }

    public static func make<G: RandomNumberGenerator>(_ prefix: String, using g: inout G) -> String {
        var s = prefix + "_"
        for _ in 0..<10 { s.append(alphabet[Int(g.next() % 32)]) }
        return s
    }

    public static func journey() -> String { make("jr") }
    public static func stage() -> String { make("st") }
    public static func lane() -> String { make("ln") }
    public static func card() -> String { make("cd") }
    public static func persona() -> String { make("pe") }
    /// A comment of a card's thread (`cm_…`).
    public static func comment() -> String { make("cm") }
}

/// Fractional-index order keys: base-62 digit strings compared by code point, so a key can
/// always be made between two others without renumbering anything (see rocicorp's
/// fractional-indexing). Things sort by `(order, id)`, so equal keys from concurrent inserts
/// on two branches still sort the same everywhere.
public enum OrderKey {
    static let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    static func value(_ c: UInt8) -> Int? {
        switch c {
        case 0x30...0x39: return Int(c - 0x30)
        case 0x41...0x5A: return Int(c - 0x41) + 10
        case 0x61...0x7A: return Int(c - 0x61) + 36
        default: return nil
        }
    }

    /// The first key of an empty list.
    public static let first = "a0"

    /// A key strictly between `a` and `b` (either may be nil: open end).
    /// Keys that are not base-62 strings are treated by their valid prefix.
    public static func between(_ a: String?, _ b: String?) -> String {
        let lo = Array((a ?? "").utf8).map { value($0) ?? 0 }
        let hi: [Int]? = b.map { Array($0.utf8).map { value($0) ?? 61 } }
        if let h = hi, !(lo.lexicographicallyPrecedes(h)) {
            // not in order (or equal): fall back to just after a
            return String(decoding: (lo + [31]).map { digits[$0] }, as: UTF8.self)
        }
        return String(decoding: midpoint(lo, hi).map { digits[$0] }, as: UTF8.self)
    }

    /// Digits strictly between lo and hi (hi nil = +∞), never ending in 0.
    static func midpoint(_ lo: [Int], _ hi: [Int]?) -> [Int] {
        var out: [Int] = []
        var k = 0
        while true {
            let l = k < lo.count ? lo[k] : 0
            let h: Int
            if let hi = hi { h = k < hi.count ? hi[k] : 0 } else { h = 62 }
            if let hi = hi, k >= hi.count {
                // nothing lies between (e.g. "a" and "a0"): settle for just after lo;
                // (order, id) sorting keeps the result deterministic everywhere
                return out + [31]
            }
            if l == h { out.append(l); k += 1; continue }
            if h - l > 1 {
                out.append((l + h) / 2)
                return out
            }
            // adjacent digits: keep lo's digit and go deeper with an open upper end
            out.append(l)
            let rest = k + 1 < lo.count ? Array(lo[(k + 1)...]) : []
            return out + midpoint(rest, nil)
        }
    }

    /// `n` keys in order after `a` (nil: from the start), for laying out new lists.
    public static func sequence(_ n: Int, after a: String? = nil) -> [String] {
        var keys: [String] = []
        var last = a
        for i in 0..<n {
            let k: String
            if last == nil && i == 0 { k = first } else { k = increment(last ?? first) }
            keys.append(k)
            last = k
        }
        return keys
    }

    /// A short key after `a` (used when appending), preferring to bump the last digit.
    public static func increment(_ a: String) -> String {
        var d = Array(a.utf8).map { value($0) ?? 0 }
        if let l = d.last, l < 61 { d[d.count - 1] = l + 1; return String(decoding: d.map { digits[$0] }, as: UTF8.self) }
        return between(a, nil)
    }
}

extension Array where Element == (String, String) {
    /// Sorts (id, order) pairs by (order, id) — the one order used everywhere.
    public func sortedByOrder() -> [(String, String)] {
        sorted { a, b in
            a.1 == b.1 ? CanonicalJSON.keyPrecedes(a.0, b.0) : CanonicalJSON.keyPrecedes(a.1, b.1)
        }
    }
}

/// `(order, id)` comparison shared by every ordered entity.
@inline(__always)
public func orderPrecedes(_ ao: String, _ aid: String, _ bo: String, _ bid: String) -> Bool {
    if ao == bo { return CanonicalJSON.keyPrecedes(aid, bid) }
    return CanonicalJSON.keyPrecedes(ao, bo)
}

/// A small, fast, seeded random generator (SplitMix64): the same seed gives the same
/// sequence everywhere, so generated boards, benchmarks and randomized tests repeat exactly.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
