import EventhosCore
import Testing

@Suite struct RegistrySnapshotBrokerUserTests {
    private let snapshot = RegistrySnapshot(
        registry: RegistryDefinition(
            systems: [
                SystemDefinition(identifier: "crm", name: "CRM", amqpUser: "crm-publisher"),
                SystemDefinition(identifier: "erp", name: "ERP"),
                SystemDefinition(identifier: "copy", name: "Copy", amqpUser: "crm-publisher"),
            ],
            events: [], actions: [], contracts: []),
        defaultRetry: RetryPolicy(maxAttempts: 1, backoff: []))

    @Test("a broker user names the system that declared it as its amqpUser")
    func knownUser() {
        #expect(snapshot.producer(amqpUser: "crm-publisher") == "crm")
    }

    @Test("a user no system declares, or a system identifier, names no producer")
    func unknownUser() {
        #expect(snapshot.producer(amqpUser: "guest") == nil)
        #expect(snapshot.producer(amqpUser: "erp") == nil)
        #expect(snapshot.producer(amqpUser: "") == nil)
    }
}
