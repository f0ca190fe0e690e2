import Foundation
import Testing

@testable import EventhosStore

@Suite("Shared rate slots")
struct RateSlotTests {
    @Test("slots follow each other one interval apart; one unused in the past is not saved up", arguments: StoreBackend.allCases)
    func slots(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            var delays: [Duration] = []
            for _ in 0..<3 {
                delays.append(try await store.reserveRateSlot(action: "a", interval: .milliseconds(50), now: now))
            }
            #expect(delays == [.zero, .milliseconds(50), .milliseconds(100)])
            #expect(try await store.reserveRateSlot(action: "b", interval: .milliseconds(50), now: now) == .zero)
            let later = now.addingTimeInterval(1)
            #expect(try await store.reserveRateSlot(action: "a", interval: .milliseconds(50), now: later) == .zero)
            #expect(try await store.reserveRateSlot(action: "a", interval: .milliseconds(50), now: later) == .milliseconds(50))
        }
    }
}
