import AMQP
import EventhosJSON
import EventhosEngine
import EventhosTemplates
import Foundation
import GRDB
import InMemoryTracing
import Logging
import NIOCore
import Testing
import Tracing

/// AMQP producers publish to `eventhos.ingress`; the intake validates every message exactly as a
/// webhook, then delivers and audits it, or parks it in `eventhos.rejected` and audits the rejection.
@Suite("AMQP producers", .serialized)
struct AMQPProducerTests {
    @Test("a message with the producer's key is delivered and audited as amqp/accepted under its message_id")
    func goodKey() async throws {
        try await withSubscriberAndVirtualHost { subscriber, vhost in
            let bridge = try TestBridge(subscriberURL: subscriber.url, brokerURL: vhost.url)
            try await bridge.run { _ in
                let id = UUID().uuidString.lowercased()
                try await Producer.publish([
                    Producer.Message(
                        routingKey: bridge.event, body: #"{"id": 77, "name": "Amqp"}"#, messageId: id,
                        headers: ["eventhos-access-key": .string(bridge.key), "x-request-id": .string("req-9")])
                ], url: vhost.url)
                let request = try #require(try await subscriber.wait(for: "/accounts/77").first)
                #expect(request.headers["eventhos-received-event-id"] == id)
                #expect(request.headers["x-source"] == "req-9", "AMQP headers reach templates as request headers")
                #expect(try JSONParser.parse(Array(request.body.utf8))["name"] == .string("Amqp"))
                let row = try #require(try await AuditRow.wait(bridge, id: id))
                #expect(row.source == "amqp" && row.state == "accepted" && row.rejectReason == nil)
                #expect(!row.header.contains(bridge.key), "the access key must never reach the audit")
            }
        }
    }

    @Test("a wrong key, no key, an unknown routing key or a body that is not JSON is parked, audited, never delivered")
    func rejections() async throws {
        try await withSubscriberAndVirtualHost { subscriber, vhost in
            let bridge = try TestBridge(subscriberURL: subscriber.url, brokerURL: vhost.url, maxInFlight: 1)
            try await bridge.run { base in
                let key: AMQPTable = ["eventhos-access-key": .string(bridge.key)]
                let cases: [(message: Producer.Message, code: String)] = [
                    (.init(routingKey: bridge.event, body: #"{"id": 1}"#, headers: ["eventhos-access-key": .string("wrong")]), "invalid_key"),
                    (.init(routingKey: bridge.event, body: #"{"id": 2}"#), "invalid_key"),
                    (.init(routingKey: "\(bridge.tag)-no-such-event", body: #"{"id": 3}"#, headers: key), "unknown_event"),
                    (.init(routingKey: bridge.event, body: #"{"id": 4"#, headers: key), "invalid_json"),
                ]
                try await Producer.publish(cases.map(\.message), url: vhost.url)
                let parked = try await RejectedQueue.take(ids: Set(cases.map(\.message.messageId)), url: vhost.url)
                for (message, code) in cases {
                    let copy = try #require(parked[message.messageId], "\(code): not in \(BrokerNames.rejectedQueue)")
                    let headers = copy.properties.headers
                    #expect(headers["eventhos-reject-code"] == .string(code))
                    #expect(headers["eventhos-reject-reason"] != nil)
                    #expect(headers["eventhos-routing-key"] == .string(message.routingKey))
                    #expect(headers["eventhos-access-key"] == nil, "the parked copy must not keep the key")
                    #expect(String(buffer: copy.body) == message.body)

                    let row = try #require(try await AuditRow.wait(bridge, id: message.messageId), "\(code): not audited")
                    #expect(row.source == "amqp" && row.state == "rejected")
                    #expect(row.rejectReason?.hasPrefix(code + ": ") == true, "\(row.rejectReason ?? "nil")")
                    #expect(!row.header.contains(bridge.key))
                }
                // The marker: a good message, published only once the intake is done with the four
                // (it handles its messages concurrently, so a marker published earlier could pass
                // one of them). The intake counts a message as received when its handling is over,
                // after any publish of it was confirmed; a rejected message that had been published
                // would then sit in the contract's queue before the marker, which is FIFO and
                // delivered one at a time (maxInFlight 1): it would have arrived first.
                try #require(await Self.intakeHandled(cases.count, base: base), "the intake did not handle every message")
                let marker = Producer.Message(routingKey: bridge.event, body: #"{"id": 5}"#, headers: key)
                try await Producer.publish([marker], url: vhost.url)
                #expect(try await subscriber.wait(for: "/accounts/5").count == 1)
                #expect(subscriber.all.map(\.path) == ["/accounts/5"], "a rejected message reached the subscriber")
                let metrics = try await HTTP.get(base + "/metrics").body.split(separator: "\n")
                for code in Set(cases.map(\.code)) {
                    #expect(
                        metrics.contains { $0.hasPrefix("eventhos_events_rejected_total{") && $0.contains(#"source="amqp""#) && $0.contains(#"reason="\#(code)""#) },
                        "no AMQP rejection counted as \(code)")
                }
            }
        }
    }

    @Test("a duplicate message_id is dropped: delivered once, audited once")
    func duplicates() async throws {
        try await withSubscriberAndVirtualHost { subscriber, vhost in
            let bridge = try TestBridge(subscriberURL: subscriber.url, brokerURL: vhost.url, maxInFlight: 1)
            try await bridge.run { base in
                let message = Producer.Message(
                    routingKey: bridge.event, body: #"{"id": 55, "name": "Once"}"#,
                    headers: ["eventhos-access-key": .string(bridge.key)])
                try await Producer.publish([message, message], url: vhost.url)
                _ = try await subscriber.wait(for: "/accounts/55")
                try await Producer.publish([message], url: vhost.url)
                // The marker is published only once the intake is done with the three copies (it
                // handles its messages concurrently, so a marker published earlier could pass a
                // copy). The intake counts a message as received when its handling is over: dropped,
                // or published and confirmed. A copy that had been published would then sit in the
                // contract's queue before the marker, which is FIFO and delivered one at a time
                // (maxInFlight 1): it would have arrived first.
                try #require(await Self.intakeHandled(3, base: base), "the intake did not handle the three copies")
                let marker = Producer.Message(
                    routingKey: bridge.event, body: #"{"id": 56}"#, headers: ["eventhos-access-key": .string(bridge.key)])
                try await Producer.publish([marker], url: vhost.url)
                _ = try await subscriber.wait(for: "/accounts/56")
                _ = try await AuditRow.wait(bridge, id: marker.messageId)
                #expect(subscriber.requests(at: "/accounts/55").count == 1)
                let rows = try AuditReader(path: bridge.storePath).rows(
                    "SELECT state FROM received_event WHERE id = ?", [message.messageId])
                #expect(rows.count == 1)
            }
        }
    }

    @Test("the validated user_id of the system's broker user identifies the producer; topic permissions hold it to its events")
    func brokerUser() async throws {
        let user = "eventhos-test-\(UUID().uuidString.prefix(8).lowercased())"
        let password = UUID().uuidString
        try await withSubscriberAndVirtualHost { subscriber, vhost in
            let bridge = try TestBridge(subscriberURL: subscriber.url, brokerURL: vhost.url, crmBrokerUser: user)
            try await BrokerControl.producerUser(user, password: password, vhost: vhost.name, events: [bridge.event])
            do {
                try await bridge.run { _ in
                    let url = "amqp://\(user):\(password)@127.0.0.1:\(Producer.brokerPort)/\(vhost.name)"
                    let accepted = Producer.Message(routingKey: bridge.event, body: #"{"id": 88, "name": "User"}"#, userId: user)
                    try await Producer.publish([accepted], url: url)
                    #expect(try await subscriber.wait(for: "/accounts/88").count == 1)
                    let row = try #require(try await AuditRow.wait(bridge, id: accepted.messageId))
                    #expect(row.source == "amqp" && row.state == "accepted")

                    let otherEvent = Producer.Message(routingKey: "\(bridge.tag)-quiet", body: "{}", userId: user)
                    let refused = await #expect(throws: AMQPError.self) { try await Producer.publish([otherEvent], url: url) }
                    #expect(refused?.code == .channelClosed && refused?.replyCode == 403)
                    let forged = Producer.Message(routingKey: bridge.event, body: "{}", userId: "guest")
                    let forgery = await #expect(throws: AMQPError.self) { try await Producer.publish([forged], url: url) }
                    #expect(forgery?.code == .channelClosed && forgery?.replyCode == 406)
                }
            } catch {
                try? await BrokerControl.deleteUser(user)
                throw error
            }
            try await BrokerControl.deleteUser(user)
        }
    }

    @Test("the admission of an intake message is an ingest consumer span that continues the producer's traceparent")
    func intakeSpan() async throws {
        try await withSubscriberAndVirtualHost { subscriber, vhost in
            let tracer = W3CTestTracer()
            let bridge = try TestBridge(subscriberURL: subscriber.url, brokerURL: vhost.url)
            try await bridge.run(tracer: tracer) { _ in
                let producer = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
                let message = Producer.Message(
                    routingKey: bridge.event, body: #"{"id": 66}"#,
                    headers: ["eventhos-access-key": .string(bridge.key), "traceparent": .string(producer)])
                try await Producer.publish([message], url: vhost.url)
                let request = try #require(try await subscriber.wait(for: "/accounts/66").first)
                let spans = try #require(try await eventually { () -> [String: FinishedInMemorySpan]? in
                    let spans = Dictionary(tracer.finishedSpans.map { ($0.operationName, $0) }) { first, _ in first }
                    return spans.count == 4 ? spans : nil
                })
                let ingest = try #require(spans["ingest"])
                #expect(ingest.kind == .consumer)
                #expect(ingest.traceID == "4bf92f3577b34da6a3ce929d0e0e4736" && ingest.parentSpanID == "00f067aa0ba902b7")
                #expect(ingest.attributes["messaging.destination.name"]?.toSpanAttribute() == .string(BrokerNames.ingressExchange))
                #expect(ingest.attributes["messaging.message.id"]?.toSpanAttribute() == .string(message.messageId))
                #expect(spans["publish"]?.parentSpanID == ingest.spanID)
                #expect(spans["consume"]?.parentSpanID == spans["publish"]?.spanID)
                #expect(request.headers["traceparent"] == "00-\(ingest.traceID)-\(spans["try"]?.spanID ?? "")-01")
            }
        }
    }
}

/// Reads `eventhos.rejected` as an operator would.
private enum RejectedQueue {
    /// Takes (acknowledges) the parked messages whose `message_id` is in `ids`, waiting for all of
    /// them for a few seconds; every other message goes back to the queue.
    static func take(ids: Set<String>, url: String) async throws -> [String: AMQPDelivery] {
        let connection = AMQPConnection(
            configuration: try AMQPConfiguration(urls: [url], connectionName: "eventhos test probe"),
            logger: Logger(label: "probe"))
        return try await withRunningServices([connection]) {
            var found = [String: AMQPDelivery]()
            _ = try await eventually { () async throws -> Bool? in
                var others = [AMQPDelivery]()
                while found.count < ids.count, let delivery = try await connection.basicGet(queue: BrokerNames.rejectedQueue) {
                    if let id = delivery.properties.messageId, ids.contains(id) {
                        delivery.ack()
                        found[id] = delivery
                    } else {
                        others.append(delivery)
                    }
                }
                others.last?.nack(requeue: true, multiple: true)
                return found.count == ids.count ? true : nil
            }
            return found
        }
    }
}

/// A `received_event` row as the AMQP tests look at it.
private struct AuditRow {
    var source: String
    var state: String
    var rejectReason: String?
    var header: String

    static func wait(_ bridge: TestBridge, id: String) async throws -> AuditRow? {
        try await eventually {
            try AuditReader(path: bridge.storePath).rows(
                "SELECT source, state, reject_reason, header FROM received_event WHERE id = ?", [id]
            ).first.map { AuditRow(source: $0["source"], state: $0["state"], rejectReason: $0["reject_reason"], header: $0["header"]) }
        }
    }
}

extension AMQPProducerTests {
    /// Waits until the intake of the bridge at `base` counted `count` messages as received (the
    /// test's vhost has no other producer); `false` when it did not within the timeout.
    static func intakeHandled(_ count: Int, base: String) async -> Bool {
        let handled = try? await eventually(timeout: .seconds(15)) { () async throws -> Bool? in
            let received = MetricsText(try await HTTP.get(base + "/metrics").body)
                .value(BridgeMetrics.Name.eventsReceived, ["source": "amqp"]) ?? 0
            return received >= Double(count) ? true : nil
        }
        return handled == true
    }
}

/// A virtual host of the test broker, of one test's own.
private struct VirtualHost {
    var name: String
    /// The test broker's URL, on this vhost.
    var url: String
}

/// Runs `body` with a subscriber and a virtual host of its own, deleted afterwards: the queues that
/// every Eventhos on a vhost shares (`eventhos.ingress.intake`, `eventhos.audit`,
/// `eventhos.rejected`) then serve this test's bridge only, whatever else runs on the broker.
private func withSubscriberAndVirtualHost(_ body: (TestSubscriber, VirtualHost) async throws -> Void) async throws {
    let name = "eventhos-test-\(UUID().uuidString.prefix(8).lowercased())"
    let user = try AMQPConfiguration(urls: [TestBridge.brokerURL]).user
    try await BrokerControl.rabbitmqctl(["add_vhost", name])
    let base = TestBridge.brokerURL[..<(TestBridge.brokerURL.lastIndex(of: "/") ?? TestBridge.brokerURL.endIndex)]
    do {
        try await BrokerControl.rabbitmqctl(["set_permissions", "-p", name, user, ".*", ".*", ".*"])
        try await withSubscriber { subscriber in
            try await body(subscriber, VirtualHost(name: name, url: "\(base)/\(name)"))
        }
    } catch {
        try? await BrokerControl.rabbitmqctl(["delete_vhost", name])
        throw error
    }
    try await BrokerControl.rabbitmqctl(["delete_vhost", name])
}

/// rabbitmqctl (`$EVENTHOS_RABBITMQCTL`, else `broker/ctl`), and `broker/producer-user` as an
/// operator sets up a producer's broker user with it.
private enum BrokerControl {
    static let brokerDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("broker")

    static func producerUser(_ user: String, password: String, vhost: String, events: [String]) async throws {
        try await run(
            brokerDirectory.appendingPathComponent("producer-user").path, ["-p", vhost, user] + events,
            environment: ["EVENTHOS_PRODUCER_PASSWORD": password])
    }

    static func deleteUser(_ user: String) async throws {
        try await run(brokerDirectory.appendingPathComponent("producer-user").path, ["--delete", user])
    }

    static func rabbitmqctl(_ arguments: [String]) async throws {
        let ctl = ProcessInfo.processInfo.environment["EVENTHOS_RABBITMQCTL"] ?? ""
        try await run(ctl.isEmpty ? brokerDirectory.appendingPathComponent("ctl").path : ctl, arguments)
    }

    /// Runs `command` with `environment` added to the test's; a failure is a test issue.
    private static func run(_ command: String, _ arguments: [String], environment: [String: String] = [:]) async throws {
        let outcome = await ChildProcess.run(environment.map { "\($0.key)=\($0.value)" } + [command] + arguments)
        #expect(
            outcome.status == 0 && !outcome.timedOut,
            "\(command) \(arguments.joined(separator: " ")) failed (\(outcome.status)): \(outcome.errors)")
    }
}
