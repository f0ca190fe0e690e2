import EventhosCore
import EventhosJSON
import Foundation
import NIOHTTP1
import Synchronization
import Testing

/// The broker stops, comes back, cuts the bridge's connections or blocks publishing: ingest answers
/// 503 with Retry-After (never a 2xx it cannot keep), readiness says so, and the bridge recovers by
/// itself with nothing accepted lost.
///
/// These tests stop or alarm the shared broker: serialized, a few seconds of fault each, always undone.
@Suite("Broker faults", .serialized)
struct BrokerFaultTests {
    @Test("stop_app / start_app during traffic: 503s with Retry-After, ready false then true, nothing accepted lost")
    func brokerStoppedAndStarted() async throws {
        try await withIsolatedBridge { subscriber, bridge in
            try await bridge.run { base in
                let traffic = Traffic(base: base, bridge: bridge)
                let recovery = try await traffic.recovery {
                    try await Task.sleep(for: .seconds(1))
                    try await RabbitMQCtl.run("stop_app")
                    try await Task.sleep(for: .seconds(3))
                    try await RabbitMQCtl.run("start_app")
                }
                print("recovered \(recovery.accepting) after start_app returned (ready after \(recovery.ready))")
                try await traffic.expectHonestAnswersAndNothingLost(subscriber: subscriber)
                #expect(traffic.readiness.contains(503), "ready never went false")
                #expect(traffic.readiness.last == 200, "ready did not come back")
            }
        }
    }

    @Test("rabbitmqctl close_connection of the bridge's connections: it reconnects and resumes its consumers")
    func connectionsClosed() async throws {
        try await withIsolatedBridge { subscriber, bridge in
            try await bridge.run { base in
                let traffic = Traffic(base: base, bridge: bridge)
                let recovery = try await traffic.recovery {
                    try await Task.sleep(for: .milliseconds(500))
                    let closed = try await RabbitMQCtl.closeConnections(
                        named: "eventhos \(bridge.configuration.instance.name) ")
                    #expect(closed >= 2, "the bridge's publish and consume connections")
                }
                print("recovered \(recovery.accepting) after close_connection (ready after \(recovery.ready))")
                try await traffic.expectHonestAnswersAndNothingLost(subscriber: subscriber)
                // An event sent after the cut reaches the subscriber: the consumers resumed.
                let after = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": "after-cut"}"#,
                    headers: [("access-key", bridge.key)])
                #expect(after.status == 202)
                #expect(try await subscriber.wait(for: "/accounts/after-cut").count == 1)
            }
        }
    }

    @Test("a resource alarm blocks publishing: 503 at once, ready names the blocked connection, then recovery")
    func resourceAlarm() async throws {
        try await withIsolatedBridge { subscriber, bridge in
            try await bridge.run { base in
                let send = base + "/event/send?event-identifier=\(bridge.event)"
                #expect(try await HTTP.post(send, body: #"{"id": 1}"#, headers: [("access-key", bridge.key)]).status == 202)
                try await RabbitMQCtl.run("set_vm_memory_high_watermark", "0.000001")
                let blocked: HTTP.Answer?
                do {
                    // The broker blocks a connection when it next publishes: that publish is never
                    // confirmed (503 after server.publishTimeout), and the connection reports it blocked.
                    let held = try await HTTP.post(send, body: #"{"id": 2}"#, headers: [("access-key", bridge.key)])
                    #expect(held.status == 503 && held.headers.first(name: "retry-after") != nil, "\(held.status)")
                    blocked = try await eventually(timeout: .seconds(10)) { () async throws -> HTTP.Answer? in
                        let ready = try await HTTP.get(base + "/health/ready")
                        return ready.json?["components"]?["broker.publish"] == .string("blocked") ? ready : nil
                    }
                    let started = ContinuousClock.now
                    let refused = try await HTTP.post(send, body: #"{"id": 3}"#, headers: [("access-key", bridge.key)])
                    #expect(refused.status == 503 && refused.headers.first(name: "retry-after") != nil)
                    #expect(ContinuousClock.now - started < .seconds(1), "refused at once while blocked")
                } catch {
                    try await RabbitMQCtl.run("set_vm_memory_high_watermark", "0.4")
                    throw error
                }
                try await RabbitMQCtl.run("set_vm_memory_high_watermark", "0.4")
                #expect(blocked?.status == 503, "ready never named the connection blocked")
                #expect(blocked?.json?["details"]?["broker.publish"]?.stringValue?.isEmpty == false)
                let back = try await eventually(timeout: .seconds(15)) {
                    try await HTTP.post(send, body: #"{"id": 4}"#, headers: [("access-key", bridge.key)]).status == 202
                        ? true : nil
                }
                #expect(back == true, "publishing did not resume after the alarm cleared")
                #expect(try await HTTP.get(base + "/health/ready").status == 200)
            }
        }
    }
}
