/// Ids looked up by their bytes with a cheap multiplicative hash: for the loops that run once
/// per card (reading, validating), where hashing a String with SipHash costs more than the
/// rest of the work. Only ASCII ids of at most 16 bytes take the fast way — for those, equal
/// bytes mean equal strings — and anything else goes through a Dictionary, so every answer is
/// the one a `[String: Value]` would give.
struct IDTable<Value> {
    private struct Slot {
        var a: UInt64 = 0, b: UInt64 = 0
        var length: Int32 = -1 // -1: empty
        var index: Int32 = 0   // into `values`
    }
    private var slots: [Slot]
    private var mask: Int
    private var values: [Value] = []
    /// Once a key that is not plain ASCII (or longer than 16 bytes) comes, every key moves
    /// here: String equality is canonical equivalence, so such a key can equal an ASCII key
    /// with other bytes (U+212A KELVIN SIGN equals "K"), and only a Dictionary knows.
    private var others: [String: Int] = [:]
    private var mixed = false
    private var keys: [String] = []

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        slots = Array(repeating: Slot(), count: size)
        mask = size - 1
        values.reserveCapacity(capacity)
    }

    var count: Int { values.count }

    /// The key as (length, two little-endian words), when it is ASCII and at most 16 bytes.
    @inline(__always)
    static func words(_ key: String) -> (Int, UInt64, UInt64)? {
        let n = key.utf8.count
        guard n <= 16 else { return nil }
        var w: (UInt64, UInt64) = (0, 0)
        let copied: Bool? = key.utf8.withContiguousStorageIfAvailable { buf in
            withUnsafeMutableBytes(of: &w) { $0.copyMemory(from: UnsafeRawBufferPointer(buf)) }
            return true
        }
        if copied == nil {
            var k = 0
            withUnsafeMutableBytes(of: &w) { raw in for byte in key.utf8 { raw[k] = byte; k += 1 } }
        }
        let a = UInt64(littleEndian: w.0), b = UInt64(littleEndian: w.1)
        guard (a | b) & 0x8080_8080_8080_8080 == 0 else { return nil }
        return (n, a, b)
    }

    @inline(__always)
    private func home(_ n: Int, _ a: UInt64, _ b: UInt64) -> Int {
        let h = (a &* 0x9E37_79B9_7F4A_7C15) ^ (b &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(truncatingIfNeeded: n)
        return Int(truncatingIfNeeded: ((h ^ (h >> 29)) &* 0xBF58_476D_1CE4_E5B9) >> 32) & mask
    }

    private func slot(_ n: Int, _ a: UInt64, _ b: UInt64) -> (found: Bool, at: Int) {
        var i = home(n, a, b)
        while true {
            let s = slots[i]
            if s.length < 0 { return (false, i) }
            if s.a == a && s.b == b && Int(s.length) == n { return (true, i) }
            i = (i + 1) & mask
        }
    }

    func value(for key: String) -> Value? {
        if !mixed, let (n, a, b) = IDTable.words(key) {
            let (found, at) = slot(n, a, b)
            return found ? values[Int(slots[at].index)] : nil
        }
        return others[key].map { values[$0] }
    }

    func contains(_ key: String) -> Bool { value(for: key) != nil }

    /// Adds `key`; false (and nothing changes) when it is already in.
    @discardableResult
    mutating func insert(_ key: String, _ value: Value) -> Bool {
        if !mixed {
            if let (n, a, b) = IDTable.words(key) {
                let (found, at) = slot(n, a, b)
                if found { return false }
                slots[at] = Slot(a: a, b: b, length: Int32(n), index: Int32(values.count))
                values.append(value)
                keys.append(key)
                if values.count * 2 > slots.count { grow() }
                return true
            }
            // the first key that needs String equality: from now on, the Dictionary for all
            mixed = true
            for (i, k) in keys.enumerated() { others[k] = i }
            keys = []
        }
        if others[key] != nil { return false }
        others[key] = values.count
        values.append(value)
        return true
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(), count: old.count * 2)
        mask = slots.count - 1
        for s in old where s.length >= 0 {
            let (_, at) = slot(Int(s.length), s.a, s.b)
            slots[at] = s
        }
    }
}
