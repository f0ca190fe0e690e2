import Testing

@testable import EventhosEngine

/// What `eventhos serve` sets in glibc's allocator, and when it leaves it to the operator.
@Suite("Allocator settings")
struct AllocatorSettingsTests {
    @Test("serve keeps 4 MiB of an arena's free top and maps requests of 1 MiB or more")
    func thresholds() {
        #expect(AllocatorSettings.trimThreshold == 4 << 20)
        #expect(AllocatorSettings.mmapThreshold == 1 << 20)
    }

    @Test("without the operator's malloc settings, serve sets its own")
    func defaults() {
        #expect(!AllocatorSettings.isTunedByOperator(environment: [:]))
        #expect(!AllocatorSettings.isTunedByOperator(environment: ["GLIBC_TUNABLES": ""]))
        #expect(!AllocatorSettings.isTunedByOperator(environment: ["GLIBC_TUNABLES": "glibc.pthread.rseq=0", "PATH": "/usr/bin"]))
    }

    @Test("an operator's malloc tunables win: serve changes nothing")
    func operatorsTunables() {
        #expect(AllocatorSettings.isTunedByOperator(environment: ["GLIBC_TUNABLES": "glibc.malloc.trim_threshold=131072"]))
        #expect(AllocatorSettings.isTunedByOperator(environment: ["GLIBC_TUNABLES": "glibc.pthread.rseq=0:glibc.malloc.arena_max=2"]))
    }

    @Test("glibc's MALLOC_ variables win too")
    func operatorsVariables() {
        #expect(AllocatorSettings.isTunedByOperator(environment: ["MALLOC_ARENA_MAX": "2"]))
        #expect(AllocatorSettings.isTunedByOperator(environment: ["MALLOC_TRIM_THRESHOLD_": "131072"]))
    }
}
