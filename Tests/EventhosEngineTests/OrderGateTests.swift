import AMQP
import EventhosCore
import EventhosStore
import Foundation
import Testing

@testable import EventhosEngine

/// The pure parts of order groups: which contracts hold a delivery, what the audit says, and how
/// a waiting message backs off.
@Suite("Order gate")
struct OrderGateTests {
    static let received = Date(timeIntervalSince1970: 1_800_000_000)
    static let before = received.addingTimeInterval(-60)

    static func contract(_ identifier: String, order: Int, event: String = "created", active: Bool = true) -> ContractDefinition {
        ContractDefinition(identifier: identifier, name: identifier, event: event, action: "notify", active: active, order: order)
    }

    static func progress(_ contract: String, _ state: ExecutionState?, createdAt: Date = before) -> ContractProgress {
        ContractProgress(contract: contract, createdAt: createdAt, state: state)
    }

    @Test("a delivery proceeds once every lower-order contract completed the event")
    func proceeds() {
        let lower = [Self.contract("a", order: 0), Self.contract("b", order: 1)]
        let decision = OrderDecision(
            lower: lower, progress: [Self.progress("a", .completed), Self.progress("b", .completed)], receivedAt: Self.received)
        #expect(decision == .proceed)
        #expect(decision.waitingFor == nil)
        #expect(OrderDecision(lower: [], progress: [], receivedAt: Self.received) == .proceed)
    }

    @Test("a lower-order contract whose filter skipped the event holds nothing")
    func skippedHoldsNothing() {
        let decision = OrderDecision(
            lower: [Self.contract("a", order: 0)], progress: [Self.progress("a", .skipped)], receivedAt: Self.received)
        #expect(decision == .proceed)
    }

    @Test("it waits for every lower-order contract not completed, dead-lettered ones included, lowest order first")
    func waits() {
        let lower = [Self.contract("c", order: 1), Self.contract("b", order: 0), Self.contract("a", order: 0)]
        let decision = OrderDecision(
            lower: lower, progress: [Self.progress("a", .error), Self.progress("b", nil), Self.progress("c", .retrying)],
            receivedAt: Self.received)
        #expect(
            decision
                == .wait([
                    .init(contract: "a", order: 0, state: .error), .init(contract: "b", order: 0, state: nil),
                    .init(contract: "c", order: 1, state: .retrying),
                ]))
        #expect(decision.waitingFor == "a (order 0): ERROR (dead-lettered); b (order 0): no try yet; c (order 1): RETRYING")
        let processing = OrderDecision(lower: [lower[0]], progress: [Self.progress("c", .processing)], receivedAt: Self.received)
        #expect(processing.waitingFor == "c (order 1): PROCESSING")
    }

    @Test("a contract created after the event was received, or unknown to the store, never got it: it holds nothing")
    func laterContracts() {
        let lower = [Self.contract("a", order: 0), Self.contract("b", order: 0)]
        let decision = OrderDecision(
            lower: lower, progress: [Self.progress("a", nil, createdAt: Self.received.addingTimeInterval(0.001))],
            receivedAt: Self.received)
        #expect(decision == .proceed)
        let sameInstant = OrderDecision(
            lower: lower, progress: [Self.progress("a", nil, createdAt: Self.received)], receivedAt: Self.received)
        #expect(sameInstant == .wait([.init(contract: "a", order: 0, state: nil)]))
    }

    @Test("the lower-order contracts are the active ones of the same event with a lower order")
    func lowerOrder() throws {
        let system = SystemDefinition(identifier: "crm", name: "CRM", type: "SaaS", systemClass: .hybrid)
        let registry = RegistryDefinition(
            systems: [system],
            events: ["created", "updated"].map { EventDefinition(identifier: $0, name: $0, operation: .new, producer: "crm") },
            actions: [
                ActionDefinition(
                    identifier: "notify", name: "notify", operation: .new, subscriber: "crm", http: HTTPRequestDefinition(url: "http://x"))
            ],
            contracts: [
                Self.contract("first", order: 0), Self.contract("also-first", order: 0), Self.contract("off", order: 0, active: false),
                Self.contract("elsewhere", order: 0, event: "updated"), Self.contract("second", order: 1),
                Self.contract("third", order: 2),
            ])
        let snapshot = RegistrySnapshot(registry: registry, defaultRetry: .standard)
        let lower = { (identifier: String) in
            OrderGate.lowerOrder(than: try #require(snapshot.contract(identifier)), in: snapshot).map(\.identifier)
        }
        #expect(try lower("first") == [])
        #expect(try lower("elsewhere") == [])
        #expect(try lower("second") == ["first", "also-first"])
        #expect(try lower("third") == ["first", "also-first", "second"])
    }

    @Test("a waiting message backs off from 250 ms to 30 s at most; the audit is written from the second wait on")
    func backOff() {
        var wait = OrderWait(attempt: 1)
        var delays: [Duration] = []
        var recorded: [String?] = []
        for _ in 0..<8 {
            delays.append(wait.delay)
            wait = wait.next(waitingFor: "a (order 0): RETRYING")
            recorded.append(wait.recorded)
        }
        #expect(
            delays == [
                .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30), .seconds(30),
            ])
        #expect(recorded == [nil] + Array(repeating: "a (order 0): RETRYING", count: 7))
        #expect(wait.next(waitingFor: "a (order 0): ERROR (dead-lettered)").recorded == "a (order 0): ERROR (dead-lettered)")
    }

    @Test("the wait travels in the message's header, and a later attempt starts afresh")
    func header() {
        let wait = OrderWait(attempt: 3, waits: 2, recorded: "a (order 0): ERROR (dead-lettered)")
        let headers: AMQPTable = [OrderWait.header: wait.field]
        #expect(OrderWait(headers: headers, attempt: 3) == wait)
        #expect(OrderWait(headers: headers, attempt: 4) == OrderWait(attempt: 4))
        #expect(OrderWait(headers: [:], attempt: 1) == OrderWait(attempt: 1))
        #expect(OrderWait(headers: [OrderWait.header: .string("junk")], attempt: 1) == OrderWait(attempt: 1))
    }
}
