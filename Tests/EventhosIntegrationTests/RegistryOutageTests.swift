import AMQP
import EventhosCore
import EventhosEngine
import EventhosJSON
import Foundation
import Logging
import Testing

/// Registry changes made through the admin API while the broker is stopped or refuses them:
/// answered at once, made once the broker is back or accepts them.
///
/// The first test stops the shared broker: serialized, a few seconds of fault, always undone.
@Suite("Registry changes the broker does not take at once", .serialized)
struct RegistryOutageTests {
    @Test("a contract created while the broker is stopped is answered pending within 5 s, and delivers once the broker is back")
    func contractCreatedDuringOutage() async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            try await bridge.run { base in
                let admin = try await Self.adminWithCopyAction(bridge, base: base, subscriber: subscriber)
                try await RabbitMQCtl.run("stop_app")
                let asked = ContinuousClock.now
                let created: Result<HTTP.Answer, any Error>
                do {
                    created = .success(try await Self.createCopyContract(bridge, admin: admin))
                } catch {
                    created = .failure(error)
                }
                let answeredIn = ContinuousClock.now - asked
                try await RabbitMQCtl.run("start_app")
                let answer = try created.get()  // the test client gives up after 15 s
                #expect(answer.status == 201, "\(answer.body)")
                #expect(answeredIn < .seconds(8), "answered after \(answeredIn): the write waited past its 5 s for the broker")
                let contract = "\(bridge.tag)-copy"
                // Pending when the declaration waits for the reconnect, failed when the closing
                // connection refused it first (then it is tried again).
                #expect(["pending", "failed"].contains(LiveTopologyTests.changes(answer)[contract]), "\(answer.body)")

                // The queue is declared once the broker is back, and the new worker consumes it.
                #expect(try await Self.consumed(BrokerNames.contractQueue(contract)), "the new contract's worker never consumed its queue")
                let ready = try await eventually(timeout: .seconds(30)) {
                    try? await HTTP.get(base + "/health/ready").status == 200 ? true : nil
                }
                #expect(ready == true)
                _ = try await bridge.send(to: base, id: 21)
                #expect(try await subscriber.wait(for: "/copies/21").count == 1)
                #expect(try await subscriber.wait(for: "/accounts/21").count == 1)
            }
        }
    }

    @Test("a contract whose queue the broker refuses is reported failed, and started by a retry once the conflict is gone")
    func refusedDeclarationRetried() async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            let contract = "\(bridge.tag)-copy"
            let queue = BrokerNames.contractQueue(contract)
            // A queue of that name with another argument: the broker refuses eventhos's declaration.
            let probe = AMQPConnection(
                configuration: try AMQPConfiguration(urls: [TestBridge.brokerURL], connectionName: "eventhos test conflict"),
                logger: Logger(label: "conflict"))
            try await withRunningServices([probe]) {
                try await probe.declare(AMQPTopology(queues: [.init(name: queue, arguments: ["x-max-length": .int(1000)])]))
                try await bridge.run { base in
                    let admin = try await Self.adminWithCopyAction(bridge, base: base, subscriber: subscriber)
                    let created = try await Self.createCopyContract(bridge, admin: admin)
                    #expect(created.status == 201, "\(created.body)")
                    #expect(LiveTopologyTests.changes(created) == [contract: "failed"], "\(created.body)")
                    #expect(created.body.contains("PRECONDITION_FAILED"), "\(created.body)")

                    _ = try await probe.deleteQueue(queue)
                    #expect(try await Self.consumed(queue), "no retry declared the queue and started its worker")
                    _ = try await bridge.send(to: base, id: 22)
                    #expect(try await subscriber.wait(for: "/copies/22").count == 1)
                }
            }
        }
    }

    /// An admin client of `bridge`, after creating the action `{tag}-copy`, which posts to `/copies/<id>`.
    private static func adminWithCopyAction(_ bridge: TestBridge, base: String, subscriber: TestSubscriber) async throws -> AdminClient {
        let admin = AdminClient(base: base, token: bridge.adminToken(.admin))
        let action = try await admin.post(
            "/actions",
            #"{"identifier": "\#(bridge.tag)-copy", "name": "Copy", "operation": "new", "subscriber": "\#(bridge.tag)-billing", "http": {"url": "\#(subscriber.url)/copies/${.body.id}", "timeout": "2s"}}"#)
        #expect(action.status == 201, "\(action.body)")
        return admin
    }

    /// Creates the contract `{tag}-copy` of the bridge's event and the action `{tag}-copy`.
    private static func createCopyContract(_ bridge: TestBridge, admin: AdminClient) async throws -> HTTP.Answer {
        try await admin.post(
            "/contracts", #"{"name": "\#(bridge.tag) copy", "event": "\#(bridge.event)", "action": "\#(bridge.tag)-copy"}"#)
    }

    /// Whether `queue` gets a consumer within 30 s.
    private static func consumed(_ queue: String) async throws -> Bool {
        try await eventually(timeout: .seconds(30)) {
            try? await BrokerProbe.queueInfo(queue: queue).flatMap { $0.consumers == 1 ? true : nil }
        } == true
    }
}
