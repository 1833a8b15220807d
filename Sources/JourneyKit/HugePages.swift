#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Transparent huge pages for the storage of a large dictionary (the map of cards: 84 MB at
/// 100k cards). Filling it touches every 4 KB page of it in random order, one page fault
/// each; with 2 MB pages that is one fault in 512 — a third of the time of reading a
/// 100k-card board. (glibc would do the same for all its memory with the tunable
/// `glibc.malloc.hugetlb=1`, which a program cannot set for itself.) Only an advice: where
/// the kernel declines, nothing changes.
enum HugePages {
    static let size = 2 << 20

    @_silgen_name("malloc_usable_size") static func mallocUsableSize(_ p: UnsafeMutableRawPointer) -> Int
    @_silgen_name("mallopt") static func mallopt(_ param: Int32, _ value: Int32) -> Int32

    /// Before a large board is read: makes room at the top of the malloc heap for about
    /// `bytes` and asks for huge pages under it, so the hundreds of thousands of small
    /// allocations a board becomes fault in 2 MB at a time instead of 4 kB (on a VM, page
    /// faults were a third of `journey check`'s time). The room is kept (not trimmed) while
    /// the process lives. A hint: nothing happens below a few megabytes, or off Linux.
    static func prepareHeap(bytes: Int) {
        #if os(Linux)
        guard bytes >= 2 * size else { return }
        let chunk = 16 << 20
        _ = mallopt(-3, Int32(chunk + size)) // M_MMAP_THRESHOLD: these chunks come from the heap
        _ = mallopt(-1, Int32.max)           // M_TRIM_THRESHOLD: and stay there when freed
        var blocks: [UnsafeMutableRawPointer] = []
        var total = 0
        while total < bytes, let p = malloc(chunk) { blocks.append(p); total += chunk }
        if let lo = blocks.map({ Int(bitPattern: $0) }).min(), let hi = blocks.map({ Int(bitPattern: $0) + chunk }).max() {
            let from = (lo + size - 1) / size * size, to = hi / size * size
            if to > from { _ = madvise(UnsafeMutableRawPointer(bitPattern: from), to - from, MADV_HUGEPAGE) }
        }
        for p in blocks { free(p) }
        #endif
    }

    static func advise<K, V>(_ d: inout [K: V]) {
        #if os(Linux)
        // A native Dictionary is one reference to one heap block (its storage, allocated with
        // malloc by the Swift runtime): its keys and values live in that block.
        // (a capacity this large means real storage, not the shared empty one)
        guard MemoryLayout<[K: V]>.size == MemoryLayout<UnsafeRawPointer>.size,
              d.capacity * (MemoryLayout<K>.stride + MemoryLayout<V>.stride) >= size else { return }
        guard let storage = withUnsafeBytes(of: &d, { $0.load(as: UnsafeMutableRawPointer?.self) }) else { return }
        let start = Int(bitPattern: storage), end = start + mallocUsableSize(storage)
        let from = (start + size - 1) / size * size, to = end / size * size
        if to > from { _ = madvise(UnsafeMutableRawPointer(bitPattern: from), to - from, MADV_HUGEPAGE) }
        #endif
    }
}
