import EventhosCore
import GRDB
import Testing

@testable import EventhosStore

@Suite struct RegistryTests {
    @Test(arguments: StoreBackend.allCases) func applyCreatesEveryRowAndLoadsItBack(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            let changes = try await store.apply(Fixtures.registry)
            #expect(changes.systems.created == 2)
            #expect(changes.keys.created == 1)
            #expect(changes.events.created == 1)
            #expect(changes.actions.created == 1)
            #expect(changes.contracts.created == 1)
            await #expect(try store.loadRegistry() == Fixtures.registry)
        }
    }

    @Test(arguments: StoreBackend.allCases) func reapplyingTheSameRegistryChangesNothing(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            let changes = try await store.apply(Fixtures.registry)
            #expect(!changes.hasChanges)
            #expect(changes.systems.unchanged == 2)
            #expect(changes.keys.unchanged == 1)
            #expect(changes.actions.unchanged == 1)
            #expect(changes.contracts.unchanged == 1)
        }
    }

    @Test(arguments: StoreBackend.allCases) func changedFieldsUpdateTheirRows(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            var registry = Fixtures.registry
            registry.systems[1].name = "Billing ERP"
            registry.actions[0].security = .bearer(token: Secret("another-token"))
            registry.contracts[0].active = false
            let changes = try await store.apply(registry)
            #expect(changes.systems.updated == 1 && changes.systems.unchanged == 1)
            #expect(changes.actions.updated == 1)
            #expect(changes.contracts.updated == 1)
            #expect(changes.events.unchanged == 1)
            await #expect(try store.loadRegistry() == registry)
        }
    }

    @Test(arguments: StoreBackend.allCases) func rotatedKeysRevokeTheOldHash(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            var registry = Fixtures.registry
            registry.systems[0].keys = [
                ProducerKeyDefinition(name: "default", hash: ProducerKeyHash(key: "rotated")),
                ProducerKeyDefinition(name: "second", hash: ProducerKeyHash(key: "second")),
            ]
            let changes = try await store.apply(registry)
            #expect(changes.keys.updated == 1 && changes.keys.created == 1)
            await #expect(try store.loadRegistry().systems[0].keys == registry.systems[0].keys)
            let revoked: Int? = try await store.scalar("SELECT count(*) FROM producer_key WHERE revoked_at IS NOT NULL")
            #expect(revoked == 1)
        }
    }

    @Test(arguments: StoreBackend.allCases) func pruneSoftDeletesWhatTheRegistryNoLongerHolds(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Fixtures.registry)
            var registry = Fixtures.registry
            registry.contracts = []
            registry.systems[0].keys = []

            await #expect(!(try store.apply(registry).hasChanges), "without prune, missing rows are left alone")
            await #expect(try store.loadRegistry() == Fixtures.registry)

            let changes = try await store.apply(registry, prune: true)
            #expect(changes.contracts.pruned == 1 && changes.keys.pruned == 1)
            await #expect(try store.loadRegistry() == registry)
            let deleted: Bool? = try await store.scalar("SELECT deleted FROM contract WHERE identifier = 'crm-to-billing'")
            #expect(deleted == true)

            await #expect(try store.apply(Fixtures.registry).contracts.updated == 1, "applying it again revives the row")
            await #expect(try store.loadRegistry() == Fixtures.registry)
        }
    }

    @Test(arguments: StoreBackend.allCases) func referencesToMissingRowsAreRefused(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            var registry = Fixtures.registry
            registry.events[0].producer = "nowhere"
            let error = await #expect(throws: StoreError.self) { try await store.apply(registry) }
            #expect(error?.code == .unknownReference)
            await #expect(try store.loadRegistry() == RegistryDefinition(), "the transaction rolled back")
        }
    }
}
