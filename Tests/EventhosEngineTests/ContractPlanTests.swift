import EventhosCore
import EventhosTemplates
import Foundation
import Testing

@testable import EventhosEngine

/// What each registry change does to a contract's queues and worker, without a broker.
@Suite("Contract plan")
struct ContractPlanTests {
    static func route(_ identifier: String, event: String = "created", action: String = "notify", active: Bool = true, retry: RetryPolicy = .standard) -> ContractRoute {
        ContractRoute(
            contract: ContractDefinition(identifier: identifier, name: identifier, event: event, action: action, active: active),
            event: EventDefinition(identifier: event, name: event, operation: .new, producer: "crm"),
            action: ActionDefinition(
                identifier: action, name: action, operation: .new, subscriber: "billing", http: HTTPRequestDefinition(url: "http://x")),
            retry: retry)
    }

    static func plan(_ old: [ContractRoute], _ new: [ContractRoute]) -> [ContractPlan.Step] {
        ContractPlan(
            from: Dictionary(uniqueKeysWithValues: old.map { ($0.contract.identifier, $0) }),
            to: Dictionary(uniqueKeysWithValues: new.map { ($0.contract.identifier, $0) })
        ).steps
    }

    @Test("a created active contract starts; a created inactive one waits for activation")
    func created() {
        #expect(Self.plan([], [Self.route("a")]) == [.start(Self.route("a"))])
        #expect(Self.plan([], [Self.route("a", active: false)]) == [])
    }

    @Test("deactivating stops the worker only; activating starts it")
    func activation() {
        #expect(Self.plan([Self.route("a")], [Self.route("a", active: false)]) == [.stop("a")])
        #expect(Self.plan([Self.route("a", active: false)], [Self.route("a")]) == [.start(Self.route("a"))])
    }

    @Test("pausing stops the worker, its queue and binding kept; resuming starts it; a paused contract does not start")
    func pause() {
        var paused = Self.route("a")
        paused.contract.pause = ContractPause(reason: .operator, since: .now)
        #expect(Self.plan([Self.route("a")], [paused]) == [.stop("a")])
        #expect(Self.plan([paused], [Self.route("a")]) == [.start(Self.route("a"))])
        #expect(Self.plan([], [paused]) == [])
    }

    @Test("ordering a contract, or changing its partitions, reshapes its queues; its key alone restarts it")
    func reshape() throws {
        var ordered = Self.route("a")
        ordered.contract.ordering = OrderingPolicy(key: try StringTemplate("${.body.id}"), partitions: 4)
        #expect(Self.plan([Self.route("a")], [ordered]) == [.reshape(ordered, from: Self.route("a"))])
        var wider = ordered
        wider.contract.ordering?.partitions = 8
        #expect(Self.plan([ordered], [wider]) == [.reshape(wider, from: ordered)])
        var rekeyed = ordered
        rekeyed.contract.ordering?.key = try StringTemplate("${.body.customer}")
        #expect(Self.plan([ordered], [rekeyed]) == [.restart(rekeyed)])
        #expect(ContractPlan.queues(of: ordered) == ["eventhos.ordered.a", "eventhos.ordered.a.0", "eventhos.ordered.a.1",
                                                      "eventhos.ordered.a.2", "eventhos.ordered.a.3"])
    }

    @Test("a new event rebinds the queue, then restarts the worker with its new route")
    func retarget() {
        let moved = Self.route("a", event: "updated")
        #expect(Self.plan([Self.route("a")], [moved]) == [.rebind(moved, from: "created"), .restart(moved)])
        let movedInactive = Self.route("a", event: "updated", active: false)
        #expect(Self.plan([Self.route("a", active: false)], [movedInactive]) == [.rebind(movedInactive, from: "created")])
    }

    @Test("a changed action or retry policy restarts the worker; an unchanged contract is left alone")
    func restart() {
        let retried = Self.route("a", retry: RetryPolicy(maxAttempts: 2, backoff: [.seconds(1)]))
        #expect(Self.plan([Self.route("a")], [retried]) == [.restart(retried)])
        #expect(Self.plan([Self.route("a"), Self.route("b")], [Self.route("a"), Self.route("b")]) == [])
    }

    @Test("a deleted contract is removed, active or not, in the order of the identifiers")
    func removed() {
        let inactive = Self.route("b", active: false)
        #expect(Self.plan([Self.route("c"), inactive], [Self.route("a")]) == [.start(Self.route("a")), .remove(inactive), .remove(Self.route("c"))])
    }
}
