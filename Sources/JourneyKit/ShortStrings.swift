/// Short ASCII strings a board repeats (lane and stage ids, metric names, statuses, owners):
/// made into a `String` once per read, then found again by their bytes. A string of at most
/// 15 ASCII bytes is a Swift small string (no allocation), so making one is not a malloc but
/// still a validating call into the standard library; finding it here is two loads, a
/// multiply and a compare. A direct-mapped table: a collision replaces the older string, which
/// costs a miss, never a wrong answer (a slot matches only on all its bytes and its length).
final class ShortStrings {
    /// Strings of at most this many bytes are kept (they fit two words; Swift stores them inline).
    static let maxLength = 15
    private static let bits = 10
    private struct Slot { var a: UInt64 = 0, b: UInt64 = 0, count = -1, text = "" }
    private let slots: UnsafeMutablePointer<Slot>

    init() {
        slots = .allocate(capacity: 1 << ShortStrings.bits)
        slots.initialize(repeating: Slot(), count: 1 << ShortStrings.bits)
    }

    deinit {
        slots.deinitialize(count: 1 << ShortStrings.bits)
        slots.deallocate()
    }

    /// The text of `p[start..<start + count]`: ASCII, unescaped, `count` ≤ `maxLength`.
    @inline(__always)
    func text(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> String {
        let (a, b) = FieldTable.words(p, start, count)
        let mixed = (a ^ (b &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(truncatingIfNeeded: count)) &* 0x9E37_79B9_7F4A_7C15
        let slot = slots + Int(truncatingIfNeeded: mixed >> UInt64(64 - ShortStrings.bits))
        if slot.pointee.count == count && slot.pointee.a == a && slot.pointee.b == b { return slot.pointee.text }
        let text = String(decoding: UnsafeBufferPointer(rebasing: p[start..<start + count]), as: UTF8.self)
        slot.pointee = Slot(a: a, b: b, count: count, text: text)
        return text
    }
}
