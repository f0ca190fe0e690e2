import Foundation
import Testing

@testable import EventhosStore

@Suite("Idempotency keys")
struct IdempotencyKeyTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("the first send claims a key; a repeat gets the first receivedEventId", arguments: StoreBackend.allCases)
    func repeatGetsFirst(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            #expect(try await store.claimIdempotencyKey("k1", producer: "crm", receivedEventId: "e1", now: now) == .claimed)
            #expect(
                try await store.claimIdempotencyKey("k1", producer: "crm", receivedEventId: "e2", now: now.addingTimeInterval(60))
                    == .heldBy("e1"))
        }
    }

    @Test("producers have keys of their own", arguments: StoreBackend.allCases)
    func perProducer(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            #expect(try await store.claimIdempotencyKey("k1", producer: "crm", receivedEventId: "e1", now: now) == .claimed)
            #expect(try await store.claimIdempotencyKey("k1", producer: "erp", receivedEventId: "e2", now: now) == .claimed)
        }
    }

    @Test("a claim expires after the window, and a released one frees the key at once", arguments: StoreBackend.allCases)
    func expiryAndRelease(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            _ = try await store.claimIdempotencyKey("k1", producer: "crm", receivedEventId: "e1", now: now)
            let later = now.addingTimeInterval(86_401)
            #expect(try await store.claimIdempotencyKey("k1", producer: "crm", receivedEventId: "e2", now: later) == .claimed)
            // Releasing someone else's claim does nothing; releasing one's own frees the key.
            try await store.releaseIdempotencyKey("k1", producer: "crm", receivedEventId: "e1")
            #expect(try await store.claimIdempotencyKey("k1", producer: "crm", receivedEventId: "e3", now: later) == .heldBy("e2"))
            try await store.releaseIdempotencyKey("k1", producer: "crm", receivedEventId: "e2")
            #expect(try await store.claimIdempotencyKey("k1", producer: "crm", receivedEventId: "e3", now: later) == .claimed)
        }
    }

    @Test("concurrent claims of one key agree on a single holder", arguments: StoreBackend.allCases)
    func concurrentClaims(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            let claims = try await withThrowingTaskGroup(of: (String, IdempotencyClaim).self) { group in
                for index in 0..<20 {
                    group.addTask {
                        ("e\(index)", try await store.claimIdempotencyKey("k", producer: "crm", receivedEventId: "e\(index)"))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let winners = claims.filter { $0.1 == .claimed }.map(\.0)
            #expect(winners.count == 1)
            #expect(claims.allSatisfy { $0.1 == .claimed || $0.1 == .heldBy(winners[0]) })
        }
    }
}
