import EventhosCore
import Testing

@testable import EventhosStore

@Suite struct ActionLimitsStorageTests {
    @Test func limitsRoundTrip() async throws {
        try await TemporaryStore.with { temporary in
            let store = try temporary.open()
            var registry = Fixtures.registry
            registry.actions[0].maxInFlight = 3
            registry.actions[0].rateLimit = RateLimit(count: 50, per: .second)
            try store.apply(registry)
            let action = try #require(try store.loadRegistry().actions.first)
            #expect(action.maxInFlight == 3)
            #expect(action.rateLimit == RateLimit(count: 50, per: .second))
            #expect(try store.apply(registry).actions.unchanged == 1)
        }
    }
}
