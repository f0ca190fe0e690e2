import Foundation
import Testing

/// `maxInFlight` and `rateLimit` as a real subscriber sees them.
@Suite("Action limits", .serialized)
struct ActionLimitsTests {
    /// A bridge whose event also goes to an action limited by `limit` (YAML), at `/limited`.
    static func limitedBridge(_ subscriber: TestSubscriber, limit: String) throws -> TestBridge {
        try TestBridge(
            subscriberURL: subscriber.url,
            actions: """
                  - { identifier: "{tag}-limited", name: Limited, operation: new, subscriber: "{tag}-billing", http: { url: "\(subscriber.url)/limited", timeout: 5s }, \(limit) }
                """,
            contracts: """
                  - { identifier: "{tag}-to-limited", name: Limited, event: "{tag}-customer-created", action: "{tag}-limited" }
                """)
    }

    /// Sends `count` events at once; returns when the bridge accepted them all.
    static func send(_ count: Int, to base: String, of bridge: TestBridge) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                group.addTask {
                    _ = try await HTTP.post(
                        base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": \#(index)}"#,
                        headers: [("access-key", bridge.key)])
                }
            }
            try await group.waitForAll()
        }
    }

    @Test("maxInFlight 2: a slow subscriber never has more than 2 requests of the contract at once")
    func maxInFlight() async throws {
        try await withSubscriber { subscriber in
            subscriber.delayAnswers(by: .milliseconds(300))
            let bridge = try Self.limitedBridge(subscriber, limit: "maxInFlight: 2")
            try await bridge.run { base in
                try await Self.send(8, to: base, of: bridge)
                let arrivals = try await subscriber.wait(for: "/limited", count: 8).map(\.at).sorted()
                #expect(arrivals.count == 8)
                for index in 2..<arrivals.count {
                    #expect(
                        arrivals[index] - arrivals[index - 2] >= .milliseconds(280),
                        "request \(index) started while two were in flight")
                }
            }
        }
    }

    @Test("rateLimit 5/s: requests are spread 200 ms apart")
    func rateLimit() async throws {
        try await withSubscriber { subscriber in
            let bridge = try Self.limitedBridge(subscriber, limit: "rateLimit: 5/s")
            try await bridge.run { base in
                try await Self.send(8, to: base, of: bridge)
                let arrivals = try await subscriber.wait(for: "/limited", count: 8).map(\.at).sorted()
                #expect(arrivals.count == 8)
                // A request reaches the subscriber a few milliseconds after its slot (more on a new
                // connection), so two slots apart is at least 300 ms.
                for index in 2..<arrivals.count {
                    #expect(arrivals[index] - arrivals[index - 2] >= .milliseconds(300), "requests \(index - 2) to \(index) too close")
                }
                #expect(arrivals[7] - arrivals[0] >= .milliseconds(1_300))
            }
        }
    }
}
