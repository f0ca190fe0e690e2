import EventhosCore
import Testing

@Suite struct RegistrySnapshotTests {
    private static let action = ActionDefinition(
        identifier: "create-account", name: "Create account", operation: .new, subscriber: "billing",
        http: HTTPRequestDefinition(url: "http://billing/accounts")
    )

    private static let registry = RegistryDefinition(
        systems: [
            SystemDefinition(
                identifier: "crm", name: "CRM", systemClass: .producer,
                keys: [
                    ProducerKeyDefinition(name: "current", hash: ProducerKeyHash(key: "crm-key-2")),
                    ProducerKeyDefinition(name: "previous", hash: ProducerKeyHash(key: "crm-key-1")),
                ]
            ),
            SystemDefinition(identifier: "erp", name: "ERP", keys: [ProducerKeyDefinition(name: "k", hash: ProducerKeyHash(key: "erp-key"))]),
            SystemDefinition(identifier: "billing", name: "Billing", systemClass: .subscriber),
        ],
        events: [
            EventDefinition(identifier: "customer-created", name: "Customer created", operation: .new, producer: "crm"),
            EventDefinition(identifier: "customer-deleted", name: "Customer deleted", operation: .delete, producer: "crm"),
        ],
        actions: [action],
        contracts: [
            ContractDefinition(identifier: "to-billing", name: "To billing", event: "customer-created", action: "create-account"),
            ContractDefinition(
                identifier: "to-billing-again", name: "Again", event: "customer-created", action: "create-account",
                retry: RetryPolicy(maxAttempts: 2, backoff: [.seconds(1)])
            ),
            ContractDefinition(identifier: "paused", name: "Paused", event: "customer-created", action: "create-account", active: false),
            ContractDefinition(identifier: "orphan", name: "Orphan", event: "customer-created", action: "deleted-action"),
            ContractDefinition(identifier: "lost", name: "Lost", event: "deleted-event", action: "create-account"),
        ]
    )

    private let snapshot = RegistrySnapshot(registry: Self.registry, defaultRetry: RetryPolicy(maxAttempts: 9, backoff: [.seconds(3)]))

    @Test func findsTheSystemOfAKey() {
        #expect(snapshot.producer(presentedKey: "crm-key-2") == "crm")
        #expect(snapshot.producer(presentedKey: "crm-key-1"[...]) == "crm")
        #expect(snapshot.producer(presentedKey: "erp-key") == "erp")
    }

    @Test(arguments: ["", "crm-key-3", "CRM-KEY-2", "crm-key-2 ", ProducerKeyHash(key: "crm-key-2").hex])
    func refusesAnUnknownKey(_ key: String) {
        #expect(snapshot.producer(presentedKey: key) == nil)
    }

    @Test func aRevokedKeyIsNoLongerFound() {
        var registry = Self.registry
        registry.systems[0].keys.removeAll { $0.name == "previous" }
        let snapshot = RegistrySnapshot(registry: registry, defaultRetry: .standard)
        #expect(snapshot.producer(presentedKey: "crm-key-1") == nil)
        #expect(snapshot.producer(presentedKey: "crm-key-2") == "crm")
    }

    @Test func anEventRouteCountsOnlyActiveContracts() {
        #expect(snapshot.event("customer-created")?.activeContracts == 2)
        #expect(snapshot.event("customer-created")?.event.producer == "crm")
        #expect(snapshot.event("customer-deleted")?.activeContracts == 0)
        #expect(snapshot.event("unknown") == nil)
    }

    @Test func anEventsActiveContractsAreIndexedByEvent() {
        #expect(snapshot.activeContracts(of: "customer-created").map(\.contract.identifier) == ["to-billing", "to-billing-again"])
        #expect(snapshot.activeContracts(of: "customer-deleted").isEmpty)
        #expect(snapshot.activeContracts(of: "unknown").isEmpty)
    }

    @Test func contractsAreTheActiveOnesWhoseEventAndActionExist() {
        #expect(snapshot.contracts.map(\.contract.identifier) == ["to-billing", "to-billing-again"])
        #expect(snapshot.contracts.allSatisfy { $0.action == Self.action && $0.event.identifier == "customer-created" })
        #expect(snapshot.contract("paused")?.contract.active == false)
        #expect(snapshot.contract("orphan") == nil)
        #expect(snapshot.contract("lost") == nil)
    }

    @Test func aContractWithoutItsOwnRetryPolicyUsesTheDefault() {
        #expect(snapshot.contract("to-billing")?.retry == RetryPolicy(maxAttempts: 9, backoff: [.seconds(3)]))
        #expect(snapshot.contract("to-billing-again")?.retry == RetryPolicy(maxAttempts: 2, backoff: [.seconds(1)]))
    }

    @Test func duplicateRowsDoNotCrashAndTheFirstWins() {
        var registry = Self.registry
        registry.systems.append(SystemDefinition(identifier: "crm2", name: "Copy", keys: registry.systems[0].keys))
        registry.events.append(EventDefinition(identifier: "customer-created", name: "Copy", operation: .new, producer: "erp"))
        registry.contracts.append(ContractDefinition(identifier: "to-billing", name: "Copy", event: "customer-deleted", action: "create-account"))
        let snapshot = RegistrySnapshot(registry: registry, defaultRetry: .standard)
        #expect(snapshot.producer(presentedKey: "crm-key-2") == "crm")
        #expect(snapshot.event("customer-created")?.event.producer == "crm")
        #expect(snapshot.contract("to-billing")?.event.identifier == "customer-created")
        #expect(snapshot.contracts.count == 2)
    }
}
