import Testing

@testable import EventhosEngine

/// When the supervisor tries failed topology changes again.
@Suite("Topology change retries")
struct TopologyChangeRetryTests {
    @Test("1 s after the first failure, doubling up to 30 s")
    func delays() {
        #expect((0..<8).map(ContractSupervisor.retryDelay(after:)) == [1, 2, 4, 8, 16, 30, 30, 30].map { .seconds($0) })
    }
}
