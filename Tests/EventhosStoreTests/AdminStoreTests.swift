import EventhosCore
import EventhosStore
import Foundation
import Testing

/// The row-level operations of the admin API: soft deletes, producer keys, received-event queries.
@Suite("Store admin operations")
struct AdminStoreTests {
    @Test("a soft delete is refused while live rows depend on the row, and marks it deleted otherwise", arguments: StoreBackend.allCases)
    func softDelete(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            await #expect(try store.softDelete(.system, identifier: "crm") == .refused(dependants: ["event \"customer-created\""]))
            await #expect(try store.softDelete(.system, identifier: "billing") == .refused(dependants: ["action \"create-account\""]))
            await #expect(try store.softDelete(.event, identifier: "customer-created") == .refused(dependants: ["contract \"crm-to-billing\""]))
            await #expect(try store.softDelete(.action, identifier: "create-account") == .refused(dependants: ["contract \"crm-to-billing\""]))

            var inactive = Fixtures.registry
            inactive.contracts[0].active = false
            try await store.apply(inactive)
            await #expect(try store.softDelete(.event, identifier: "customer-created") == .deleted, "only active contracts hold an event")
            await #expect(try store.softDelete(.contract, identifier: "crm-to-billing") == .deleted)
            await #expect(try store.softDelete(.contract, identifier: "crm-to-billing") == .notFound)
            await #expect(try store.loadRegistry().events.isEmpty)
            await #expect(try store.timestamps(of: .event).isEmpty)
            await #expect(try store.timestamps(of: .system).count == 2)

            try await store.apply(Fixtures.registry)
            await #expect(try store.loadRegistry().contracts.map(\.identifier) == ["crm-to-billing"], "applying revives a deleted row")
        }
    }

    @Test("keys: several valid per system, names unique among valid keys, revoked ones gone from the registry", arguments: StoreBackend.allCases)
    func keys(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            let hash = ProducerKeyHash(key: "ehk_new-key")
            guard case .added(let record) = try await store.addKey(system: "crm", name: "rotation", hash: hash, prefix: "ehk_new-") else {
                Issue.record("not added")
                return
            }
            #expect(record.name == "rotation" && record.prefix == "ehk_new-" && record.lastUsedAt == nil)
            await #expect(try store.addKey(system: "crm", name: "rotation", hash: hash, prefix: "x") == .duplicateName)
            await #expect(try store.addKey(system: "absent", name: "k", hash: hash, prefix: "x") == .unknownSystem)
            await #expect(try store.keys(system: "crm")?.map(\.name) == ["default", "rotation"])
            await #expect(try store.keys(system: "absent") == nil)
            await #expect(try store.loadRegistry().systems[0].keys.map(\.hash) == [ProducerKeyHash(key: Fixtures.producerKey), hash])

            await #expect(try store.revokeKey(system: "crm", name: "rotation"))
            await #expect(try !store.revokeKey(system: "crm", name: "rotation"))
            await #expect(try store.keys(system: "crm")?.map(\.name) == ["default"])
            await #expect(try store.loadRegistry().systems[0].keys.count == 1)
            await #expect(try store.addKey(system: "crm", name: "rotation", hash: hash, prefix: "x") != .duplicateName, "a revoked name is free again")
            #expect(try await temporary.storedBytes().range(of: Data("ehk_new-key".utf8)) == nil, "only the hash is stored")
        }
    }

    @Test("received events: filtered, newest first, paged by id", arguments: StoreBackend.allCases)
    func receivedEvents(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            try await store.write((1...5).map { .received(Fixtures.received("evt-\($0)", at: Fixtures.epoch + Double($0))) })
            let all = try await store.receivedEvents(ReceivedEventQuery())
            #expect(all.map(\.id) == ["evt-5", "evt-4", "evt-3", "evt-2", "evt-1"])
            #expect(all.first?.producer == "crm" && all.first?.state == "accepted")
            await #expect(try store.receivedEvents(ReceivedEventQuery(before: "evt-3", limit: 1)).map(\.id) == ["evt-2"])
            let window = ReceivedEventQuery(from: Fixtures.epoch + 2, to: Fixtures.epoch + 4)
            await #expect(try store.receivedEvents(window).map(\.id) == ["evt-3", "evt-2"])
            await #expect(try store.receivedEvents(ReceivedEventQuery(producer: "billing")).isEmpty)
            await #expect(try store.receivedEvents(ReceivedEventQuery(event: "customer-created", state: .accepted, source: .webhook)).count == 5)
            await #expect(try store.receivedEvents(ReceivedEventQuery(state: .rejected)).isEmpty)
        }
    }
}
