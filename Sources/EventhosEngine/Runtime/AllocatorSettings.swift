import CMalloc

/// glibc's allocator settings of `eventhos serve`: an arena keeps its free top for reuse until it
/// passes 4 MiB, instead of handing it back to the kernel past about 128 KiB.
///
/// glibc hands the free top of an arena back to the kernel (`madvise(MADV_DONTNEED)`, down to its
/// 128 KiB pad) once it passes the trim threshold: 128 KiB at first, raised only when a mapped
/// chunk is freed. The audit writer's batches allocate and free about that much on SQLite's thread
/// in every window, so each batch faulted its pages in again: three page faults per event at 1,000
/// events/s, about 20 µs of CPU per event on the benchmarks' machine (`benchmarks/README.md`,
/// "glibc's trim threshold"). The threshold holds per arena (glibc makes up to 8 per core), so at
/// most 4 MiB more stays resident per arena; 3 MiB more was measured. Setting it turns glibc's
/// moving mmap threshold off, so that one is set too: a request of 1 MiB or more that the arena
/// cannot serve is mapped on its own.
///
/// An operator who tunes glibc's allocator (`GLIBC_TUNABLES` with a `glibc.malloc.` tunable, or one
/// of its `MALLOC_` variables such as `MALLOC_ARENA_MAX`) wins: nothing is changed.
public enum AllocatorSettings {
    /// Free memory at the top of an arena kept for reuse (`M_TRIM_THRESHOLD`), in bytes.
    public static let trimThreshold: Int32 = 4 << 20
    /// Requests at least this large are mapped on their own when the arena cannot serve them
    /// (`M_MMAP_THRESHOLD`), in bytes.
    public static let mmapThreshold: Int32 = 1 << 20

    /// Whether a process environment tunes glibc's allocator itself, so that `eventhos serve`
    /// leaves it alone.
    public static func isTunedByOperator(environment: [String: String]) -> Bool {
        if let tunables = environment["GLIBC_TUNABLES"], tunables.contains("glibc.malloc.") { return true }
        return environment.keys.contains { $0.hasPrefix("MALLOC_") }
    }

    /// Applies the settings to this process (`mallopt`; glibc 2.36 accepts any value of both).
    public static func apply() {
        mallopt(M_MMAP_THRESHOLD, mmapThreshold)
        mallopt(M_TRIM_THRESHOLD, trimThreshold)
    }
}
