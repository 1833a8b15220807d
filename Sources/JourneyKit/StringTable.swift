/// A small read-only map from strings to values, for lookups in a loop over every card (which
/// lane is scored, and in which journey). `Dictionary` hashes a `String` with a seeded
/// SipHash; on this machine that is about 190 ns per lookup, a quarter of ranking 100k
/// opportunities. Here a key is hashed with FNV-1a over its UTF-8 bytes and compared byte for
/// byte: about 80 ns. The answers are a dictionary's: for ASCII keys (ids are ASCII) equal
/// bytes and equal strings are the same thing; a key with other characters is looked up in a
/// dictionary, which compares the way `String` does (canonical equivalence).
struct StringTable<Value> {
    private var keys: [String?]
    private var values: [Value?]
    private let mask: Int
    private let exact: [String: Value]

    init<S: Sequence>(_ pairs: S) where S.Element == (String, Value) {
        let list = Array(pairs)
        exact = Dictionary(list, uniquingKeysWith: { first, _ in first })
        var capacity = 8
        while capacity < list.count * 2 { capacity *= 2 } // at most half full: short probes
        mask = capacity - 1
        keys = [String?](repeating: nil, count: capacity)
        values = [Value?](repeating: nil, count: capacity)
        for (k, v) in list {
            var slot = Self.hash(k).value & mask
            while let existing = keys[slot], existing != k { slot = (slot + 1) & mask }
            if keys[slot] == nil { keys[slot] = k; values[slot] = v } // the first of equal keys wins
        }
    }

    subscript(key: String) -> Value? {
        let (h, ascii) = Self.hash(key)
        guard ascii else { return exact[key] }
        var slot = h & mask
        while let k = keys[slot] {
            if k == key { return values[slot] } // ASCII: equal strings, equal bytes
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// FNV-1a of the UTF-8 bytes, and whether they are all ASCII.
    @inline(__always)
    static func hash(_ s: String) -> (value: Int, ascii: Bool) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var any: UInt8 = 0
        if let r = s.utf8.withContiguousStorageIfAvailable({ buf -> (UInt64, UInt8) in
            var h = h, any: UInt8 = 0
            for b in buf { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3; any |= b }
            return (h, any)
        }) { (h, any) = r } else {
            for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3; any |= b }
        }
        return (Int(truncatingIfNeeded: h ^ (h >> 29)), any < 0x80)
    }

}
