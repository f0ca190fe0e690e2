import Testing

@testable import EventhosEngine

/// What `eventhos serve` sets in glibc's allocator, and when it leaves it to the operator.
@Suite("Allocator settings")
struct AllocatorSettingsTests {
    @Test("without GLIBC_TUNABLES, or with tunables of something else, serve keeps 4 MiB and maps 1 MiB or more")
    func defaults() {
        let expected = AllocatorSettings(trimThreshold: 4 << 20, mmapThreshold: 1 << 20)
        #expect(AllocatorSettings.forServing(tunables: nil) == expected)
        #expect(AllocatorSettings.forServing(tunables: "") == expected)
        #expect(AllocatorSettings.forServing(tunables: "glibc.pthread.rseq=0") == expected)
    }

    @Test("an operator's malloc tunables win: serve changes nothing")
    func operatorsTunables() {
        #expect(AllocatorSettings.forServing(tunables: "glibc.malloc.trim_threshold=131072") == nil)
        #expect(AllocatorSettings.forServing(tunables: "glibc.pthread.rseq=0:glibc.malloc.arena_max=2") == nil)
    }

    @Test("glibc accepts the settings")
    func applies() {
        #expect(AllocatorSettings(trimThreshold: 4 << 20, mmapThreshold: 1 << 20).apply())
    }
}
