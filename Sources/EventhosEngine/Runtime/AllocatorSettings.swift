import CMalloc

/// glibc's allocator settings of `eventhos serve`: a thread's freed memory is kept for reuse up to
/// 4 MiB instead of going back to the kernel at 128 KiB.
///
/// glibc hands the free top of a thread's arena back to the kernel (`madvise(MADV_DONTNEED)`) once
/// it passes the trim threshold, 128 KiB by default. The audit writer's batches allocate and free
/// about that much on SQLite's thread in every window, so each batch faulted its pages in again:
/// three page faults per event at 1,000 events/s, about 20 µs of CPU per event on the benchmarks'
/// machine (`benchmarks/README.md`, "glibc's trim threshold"). Setting the trim threshold turns
/// glibc's moving mmap threshold off, so that one is set too: allocations of 1 MiB or more are
/// mapped and unmapped on their own, smaller ones come from the arenas.
///
/// An operator's `GLIBC_TUNABLES` that sets any `glibc.malloc.` tunable wins: nothing is changed.
public struct AllocatorSettings: Sendable, Equatable {
    /// Free memory at the top of an arena kept for reuse (`M_TRIM_THRESHOLD`), in bytes.
    public var trimThreshold: Int32 = 4 << 20
    /// Allocations at least this large are mapped on their own (`M_MMAP_THRESHOLD`), in bytes.
    public var mmapThreshold: Int32 = 1 << 20

    /// The settings for `eventhos serve`, or `nil` when `tunables` (the value of `GLIBC_TUNABLES`)
    /// sets glibc's allocator itself.
    public static func forServing(tunables: String?) -> AllocatorSettings? {
        guard let tunables, tunables.contains("glibc.malloc.") else { return AllocatorSettings() }
        return nil
    }

    /// Applies the settings to this process (`mallopt`); `false` when glibc refused one of them.
    @discardableResult
    public func apply() -> Bool {
        mallopt(M_MMAP_THRESHOLD, mmapThreshold) == 1 && mallopt(M_TRIM_THRESHOLD, trimThreshold) == 1
    }
}
