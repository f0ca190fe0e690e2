import EventhosCore
import Foundation
import Testing

@testable import EventhosStore

/// What the AMQP intake keeps in the store: each system's broker user, and the message ids seen.
@Suite struct IngressStoreTests {
    @Test(arguments: StoreBackend.allCases) func aSystemsBrokerUserIsStoredAndChangesCount(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            var registry = Fixtures.registry
            registry.systems[0].amqpUser = "crm-publisher"
            await #expect(try store.apply(registry).systems.created == 2)
            await #expect(try store.loadRegistry().systems.map(\.amqpUser) == ["crm-publisher", nil])
            await #expect(try !store.apply(registry).hasChanges)
            registry.systems[0].amqpUser = nil
            await #expect(try store.apply(registry).systems.updated == 1)
            await #expect(try store.loadRegistry().systems[0].amqpUser == nil)
        }
    }

    @Test(arguments: StoreBackend.allCases) func aMessageIdIsNewOnceWithinTheWindowThenNewAgain(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            let window = Duration.seconds(3600)
            #expect(try await store.claimIngressMessages(["m-1", "m-2", "m-1"], at: start, window: window) == [true, true, false])
            #expect(try await store.claimIngressMessages(["m-1"], at: start.addingTimeInterval(3599), window: window) == [false])
            #expect(try await store.claimIngressMessages(["m-1"], at: start.addingTimeInterval(3601), window: window) == [true])
            #expect(try await store.claimIngressMessages(["m-1", "m-3"], at: start.addingTimeInterval(3602), window: window) == [false, true])
        }
    }

    @Test(arguments: StoreBackend.allCases) func expiredMessageIdsAreForgotten(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            _ = try await store.claimIngressMessages((0..<10).map { "old-\($0)" }, at: start, window: .seconds(60))
            _ = try await store.claimIngressMessages(["new"], at: start.addingTimeInterval(61), window: .seconds(60))
            let ids: [String] = try await store.column("SELECT message_id FROM ingress_message")
            #expect(ids == ["new"])
        }
    }
}
