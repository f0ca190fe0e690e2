import AMQP
import EventhosCore
import EventhosJSON
import EventhosTemplates
import Foundation
import NIOCore
import OrderedCollections
import Testing

@testable import EventhosAdmin
@testable import EventhosEngine
@testable import EventhosStore

/// The view models of the overview, the events log, a received event and the dead letters.
@Suite struct ConsoleEventViewsTests {
    static let at = Date(timeIntervalSince1970: 1_800_000_000.125)

    static var registry: RegistryDefinition {
        RegistryDefinition(
            systems: [
                SystemDefinition(identifier: "crm", name: "CRM", systemClass: .producer),
                SystemDefinition(identifier: "erp", name: "ERP", systemClass: .hybrid),
                SystemDefinition(identifier: "billing", name: "Billing", systemClass: .subscriber),
            ],
            events: [
                EventDefinition(identifier: "order-paid", name: "Order paid", operation: .new, producer: "erp"),
                EventDefinition(identifier: "customer-created", name: "Customer created", operation: .new, producer: "crm"),
            ],
            actions: [
                ActionDefinition(
                    identifier: "create-account", name: "Create account", operation: .new, subscriber: "billing",
                    http: HTTPRequestDefinition(url: "http://billing/accounts"))
            ],
            contracts: [
                ContractDefinition(identifier: "to-billing", name: "To billing", event: "customer-created", action: "create-account")
            ])
    }

    static var snapshot: RegistrySnapshot { RegistrySnapshot(registry: registry, defaultRetry: .standard) }

    static func received(state: ReceivedEventRecord.State = .accepted) -> ReceivedEventRecord {
        ReceivedEventRecord(
            id: "0190-a", eventIdentifier: "customer-created", source: .webhook, producer: "crm",
            headers: .object(["content-type": .string("application/json"), "authorization": .string("Bearer leaked")]),
            query: .object(["tenant": .string("acme")]), body: #"{"id":7,"name":"Ada"}"#, receivedAt: at, state: state,
            rejectReason: state == .rejected ? "unknown event" : nil)
    }

    static func attempt(_ number: Int, response: RecordedResponse?, error: String? = nil, milliseconds: Int) -> ExecutionRow.Try {
        ExecutionRow.Try(
            attempt: number, outcome: response.map { $0.status < 300 ? .success : .retryable } ?? .retryable,
            request: RecordedRequest(
                method: "POST", url: "http://billing/accounts/7?key=***",
                headers: [("content-type", "application/json"), ("authorization", "Bearer not-yet-masked"), ("x-token", "***")],
                body: #"{"name":"Ada"}"#),
            response: response, error: error, warnings: [], executedAt: at, finishedAt: at, durationMilliseconds: milliseconds)
    }

    static func execution(_ contract: String, tries: [ExecutionRow.Try]) -> ExecutionRow {
        ExecutionRow(
            contract: contract, receivedEventId: "0190-a", state: .completed, attempts: tries.count, createdAt: at,
            updatedAt: at, tries: tries)
    }

    @Test func aReceivedEventShowsItsBodyIndentedAndNoCredential() {
        let view = ConsoleReceivedEventView(event: Self.received(), executions: [], registry: Self.snapshot)
        #expect(view.body == "{\n  \"id\": 7,\n  \"name\": \"Ada\"\n}")
        #expect(view.headers == [.init(name: "content-type", value: "application/json"), .init(name: "authorization", value: "***")])
        #expect(view.query == [.init(name: "tenant", value: "acme")])
        #expect(view.receivedAt == "2027-01-15T08:00:00.125Z")
        #expect(view.replayable)
        var notJSON = Self.received()
        notJSON.body = "a=1&b=2"
        #expect(ConsoleReceivedEventView(event: notJSON, executions: [], registry: Self.snapshot).body == "a=1&b=2")
    }

    @Test func triesShowTheRequestAndResponseAsStoredWithTimings() throws {
        let executions = [
            Self.execution(
                "to-billing",
                tries: [
                    Self.attempt(1, response: nil, error: "timed out after 2s", milliseconds: 2013),
                    Self.attempt(
                        2, response: RecordedResponse(status: 201, headers: [("set-cookie", "s=1")], body: "created", truncated: true),
                        milliseconds: 87),
                ])
        ]
        let view = ConsoleReceivedEventView(event: Self.received(), executions: executions, registry: Self.snapshot)
        let execution = try #require(view.executions.first)
        #expect(execution.state == "COMPLETED")
        #expect(execution.replayable)
        #expect(execution.tries.map(\.attempt) == [1, 2])
        #expect(
            execution.tries[0].request
                == "POST http://billing/accounts/7?key=***\ncontent-type: application/json\nauthorization: ***\nx-token: ***\n\n{\"name\":\"Ada\"}")
        #expect(execution.tries[0].response == "no response: timed out after 2s")
        #expect(execution.tries[0].duration == "2.0 s")
        #expect(execution.tries[1].response == "HTTP 201\nset-cookie: ***\n\ncreated\n… (cut at the configured size)")
        #expect(execution.tries[1].duration == "87 ms")
        #expect(ConsoleReceivedEventView.duration(milliseconds: 1250) == "1.2 s")
    }

    @Test func onlyAcceptedEventsOfContractsInForceCanBeReplayed() {
        let executions = [Self.execution("to-billing", tries: []), Self.execution("deleted-contract", tries: [])]
        let accepted = ConsoleReceivedEventView(event: Self.received(), executions: executions, registry: Self.snapshot)
        #expect(accepted.executions.map(\.replayable) == [true, false])
        let rejected = ConsoleReceivedEventView(event: Self.received(state: .rejected), executions: executions, registry: Self.snapshot)
        #expect(!rejected.replayable)
        #expect(rejected.executions.map(\.replayable) == [false, false])
        #expect(rejected.rejectReason == "unknown event")
    }

    @Test func theLogKeepsItsFiltersInTheNextPageLink() {
        let summary = ReceivedEventSummary(
            id: "0190-b", eventIdentifier: "customer-created", source: "amqp", producer: nil, state: "rejected",
            rejectReason: "no contract", receivedAt: Self.at)
        let view = ConsoleLogView(
            filter: ["event": "customer-created", "state": "rejected", "from": "2027-01-15T08:00:00+01:00"], registry: Self.registry,
            rows: [summary], next: "abc_-")
        #expect(view.nextPage == "/console/log?event=customer-created&state=rejected&from=2027-01-15T08%3A00%3A00%2B01%3A00&cursor=abc_-")
        #expect(view.states.filter(\.selected).map(\.value) == ["rejected"])
        #expect(view.sources.filter(\.selected).map(\.value) == [""], "no source chosen: any")
        #expect(view.events == ["customer-created", "order-paid"])
        #expect(view.producers == ["crm", "erp"], "subscribers produce nothing")
        #expect(view.rows.first?.href == "/console/log/0190-b")
        #expect(view.rows.first?.producer == "—")
        #expect(view.rows.first?.rejected == true)
        let last = ConsoleLogView(filter: [:], registry: Self.registry, rows: [], next: nil, invalid: "from")
        #expect(last.nextPage == nil)
        #expect(last.invalid == ["from": true])
        #expect(ConsoleLogView.url([:]) == "/console/log")
    }

    @Test func theOverviewCountsTheLastHourAndTellsTheBrokerState() {
        var activity = AuditActivity(start: Self.at, bucketMinutes: 1, buckets: Array(repeating: .init(), count: 60))
        activity.buckets[3] = .init(received: 4, delivered: 3, failed: 1)
        activity.buckets[59] = .init(received: 2, delivered: 2, failed: 0)
        let components: [Readiness.Component] = [
            .init(name: "broker.publish", state: "connected", ok: true),
            .init(name: "broker.consume", state: "blocked", ok: false, detail: "memory alarm"),
            .init(name: "topology", state: "declared", ok: true),
            .init(name: "store", state: "writable", ok: true),
        ]
        let summary = DeadQueueSummary(contract: "to-billing", queue: "eventhos.dead.to-billing", depth: 2, oldestLastTryAt: nil)
        let view = ConsoleOverviewView(activity: activity, deadQueues: .success([summary]), readiness: (false, components))
        #expect(view.counts.map(\.value) == [6, 5, 1])
        #expect(view.counts.map(\.key) == ["received", "delivered", "failed"])
        #expect(view.chart.contains(#"aria-label="Events per minute, last 60 minutes: 6 received, 5 delivered, 1 failed""#))
        #expect(view.health.map(\.name) == ["broker", "topology", "store"])
        #expect(view.health[0].state == "blocked")
        #expect(view.health[0].detail == "broker.consume: memory alarm")
        #expect(view.deadQueues == [ConsoleDeadLetterView.Queue(summary)])
        #expect(view.deadQueues.first?.href == "/console/dead-letters/to-billing")
        #expect(view.deadQueues.first?.depth == "2")

        struct Down: Error, CustomStringConvertible { var description: String { "connection refused" } }
        let down = ConsoleOverviewView(activity: activity, deadQueues: .failure(Down()), readiness: (true, components.filter(\.ok)))
        #expect(down.deadQueues.isEmpty)
        #expect(down.deadQueuesError == "the dead queues cannot be read: connection refused")
        #expect(down.health[0].state == "connected")
    }

    @Test func aDeadLetterShowsTheErrorItDiedOf() {
        var properties = AMQPProperties()
        properties.messageId = "0190-c"
        properties.headers = [
            DeadLetterHeader.attempts: .int(3), DeadLetterHeader.reason: .string("permanent-failure"),
            DeadLetterHeader.lastStatus: .int(400),
        ]
        let letter = ConsoleDeadLetterView.Letter(DeadLetter(AMQPDelivery(body: ByteBuffer(), properties: properties)))
        #expect(letter.error == "HTTP 400", "the status stands for the error when no error text was written")
        #expect(letter.attempts == "3")
        #expect(letter.reason == "permanent-failure")
        #expect(letter.href == "/console/log/0190-c")
        #expect(letter.lastTryAt == "—")
        let never = ConsoleDeadLetterView.Queue(DeadQueueSummary(contract: "c", queue: "q", depth: nil, oldestLastTryAt: nil))
        #expect(never.depth == "—" && !never.holdsLetters)
    }
}
