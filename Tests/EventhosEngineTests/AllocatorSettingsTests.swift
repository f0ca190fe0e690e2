import Testing

@testable import EventhosEngine

/// What `eventhos serve` sets in glibc's allocator, and when it leaves it to the operator.
@Suite("Allocator settings")
struct AllocatorSettingsTests {
    @Test("without the operator's malloc settings, serve keeps 4 MiB and maps 1 MiB or more")
    func defaults() {
        let expected = AllocatorSettings(trimThreshold: 4 << 20, mmapThreshold: 1 << 20)
        #expect(AllocatorSettings.forServing(environment: [:]) == expected)
        #expect(AllocatorSettings.forServing(environment: ["GLIBC_TUNABLES": ""]) == expected)
        #expect(AllocatorSettings.forServing(environment: ["GLIBC_TUNABLES": "glibc.pthread.rseq=0", "PATH": "/usr/bin"]) == expected)
    }

    @Test("an operator's malloc tunables win: serve changes nothing")
    func operatorsTunables() {
        #expect(AllocatorSettings.forServing(environment: ["GLIBC_TUNABLES": "glibc.malloc.trim_threshold=131072"]) == nil)
        #expect(AllocatorSettings.forServing(environment: ["GLIBC_TUNABLES": "glibc.pthread.rseq=0:glibc.malloc.arena_max=2"]) == nil)
    }

    @Test("glibc's MALLOC_ variables win too")
    func operatorsVariables() {
        #expect(AllocatorSettings.forServing(environment: ["MALLOC_ARENA_MAX": "2"]) == nil)
        #expect(AllocatorSettings.forServing(environment: ["MALLOC_TRIM_THRESHOLD_": "131072"]) == nil)
    }
}
