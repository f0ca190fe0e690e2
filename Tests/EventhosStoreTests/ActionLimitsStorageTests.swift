import EventhosCore
import Testing

@testable import EventhosStore

@Suite struct ActionLimitsStorageTests {
    @Test(arguments: StoreBackend.allCases) func limitsRoundTrip(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            var registry = Fixtures.registry
            registry.actions[0].maxInFlight = 3
            registry.actions[0].rateLimit = RateLimit(count: 50, per: .second)
            try await store.apply(registry)
            let action = try await #require(try store.loadRegistry().actions.first)
            #expect(action.maxInFlight == 3)
            #expect(action.rateLimit == RateLimit(count: 50, per: .second))
            await #expect(try store.apply(registry).actions.unchanged == 1)
        }
    }
}
