import EventhosCore
import Testing

@testable import EventhosEngine

@Suite struct AuditMayWaitTests {
    private let tiers = ContractWorker.Retries.throughDelayQueues(RetryTiers(policies: []))

    @Test func anUnorderedContractWithRoomInItsPrefetchMayWait() {
        #expect(ContractWorker.auditMayWait(retries: tiers, prefetch: 64, auditFillTarget: 32))
    }

    @Test func aPrefetchBelowTwiceTheFillTargetDoesNotWait() {
        #expect(!ContractWorker.auditMayWait(retries: tiers, prefetch: 63, auditFillTarget: 32))
        #expect(!ContractWorker.auditMayWait(retries: tiers, prefetch: 1, auditFillTarget: 32))
    }

    @Test func aPartitionDoesNotWait() {
        let partition = ContractWorker.Retries.inPlace(partition: 0, board: PartitionBoard())
        #expect(!ContractWorker.auditMayWait(retries: partition, prefetch: 256, auditFillTarget: 1))
    }
}
