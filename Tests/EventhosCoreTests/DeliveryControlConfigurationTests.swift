import EventhosCore
import EventhosJSON
import EventhosTemplates
import Foundation
import OrderedCollections
import Testing

/// The delivery control keys of the configuration file (spec §10), each problem with its path.
@Suite struct DeliveryControlConfigurationTests {
    /// The valid registry, its contract written as `contract` (a flow mapping's members after the action).
    static func contract(_ members: String) -> String {
        validRegistry.replacingOccurrences(
            of: "action: create-account }", with: "action: create-account, \(members) }")
    }

    /// The valid registry, its action given `options` (block mapping lines).
    static func action(_ options: String...) -> String {
        validRegistry.replacingOccurrences(
            of: "    http: { method: POST, url: \"http://127.0.0.1:9000/accounts/${.body.id}\", timeout: 5s }",
            with: (["    http: { url: \"http://127.0.0.1:9000/a\" }"] + options.map { "    " + $0 }).joined(separator: "\n"))
    }

    @Test func readsFilterExpiryAndStatusPolicyOfAContract() throws {
        let configuration = try EventhosConfiguration.parse(
            yaml: Self.contract(
                "filter: { body.total: { $gte: 1000 }, headers.x-tenant: acme }, maxAge: 2h, responses: { success: [2xx, 409], dead: [4xx] }"),
            environment: [:])
        let contract = try #require(configuration.registry.contracts.first)
        #expect(contract.maxAge == .seconds(7200))
        #expect(contract.responses == ResponsePolicy(success: [.class(2), .code(409)], dead: [.class(4)]))
        let filter = try #require(contract.filter)
        let context = { (total: Int) in
            RequestTemplate.context(headers: [("X-Tenant", "acme")], query: [], body: .object(["total": .int(Int64(total))]))
        }
        #expect(filter.matches(context(1000)) && !filter.matches(context(999)))
        #expect(contract.pause == nil)
    }

    @Test func readsTheCircuitBreakerAndStatusPolicyOfAnAction() throws {
        let configuration = try EventhosConfiguration.parse(
            yaml: Self.action(
                "circuitBreaker: { failureRate: 25%, minimumCalls: 5, window: 30s, openFor: 10s, maxOpenFor: 5m, disableAfter: 3d }",
                "responses: { retry: [425] }"),
            environment: [:])
        let action = try #require(configuration.registry.actions.first)
        #expect(
            action.circuitBreaker
                == CircuitBreakerPolicy(
                    failureRate: Percentage(25), minimumCalls: 5, window: .seconds(30), openFor: .seconds(10), maxOpenFor: .seconds(300),
                    disableAfter: .seconds(3 * 86400)))
        #expect(action.responses == ResponsePolicy(retry: [.code(425)]))
    }

    @Test func reportsEachProblemAtItsPath() {
        #expect(problemPaths(in: Self.contract("filter: { body.total: { $gte: [1] } }")) == ["contracts[0].filter.body.total.$gte"])
        #expect(problemPaths(in: Self.contract("filter: { $or: [ { body.a: 1 }, 3 ] }")) == ["contracts[0].filter.$or[1]"])
        #expect(problemPaths(in: Self.contract("filter: {}")) == ["contracts[0].filter"])
        #expect(problemPaths(in: Self.contract("maxAge: 0s")) == ["contracts[0].maxAge"])
        #expect(problemPaths(in: Self.contract("responses: { success: [6xx] }")) == ["contracts[0].responses.success[0]"])
        #expect(problemPaths(in: Self.action("circuitBreaker: { failureRate: 150% }")) == ["actions[0].circuitBreaker.failureRate"])
        #expect(problemPaths(in: Self.contract("paused: true")) == ["contracts[0].paused"], "a pause is not configuration")
    }

    @Test func theOperatorEventsAreBuiltInAndTheirIdentifiersReserved() throws {
        let subscribed = validRegistry + """
              - { identifier: alerts, name: Alerts, event: eventhos.delivery-dead, action: create-account }

            """
        let configuration = try EventhosConfiguration.parse(yaml: subscribed, environment: [:])
        #expect(configuration.registry.contracts.map(\.event) == ["customer-created", "eventhos.delivery-dead"])
        #expect(configuration.registry.systems.map(\.identifier) == ["crm", "billing"], "built-in rows are added when applied")
        #expect(configuration.registry.withBuiltIn.events.count == 1 + OperatorEventKind.allCases.count)
        let reserved = validRegistry.replacingOccurrences(
            of: "  - { identifier: billing,", with: "  - { identifier: eventhos, name: Mine, type: ERP, class: hybrid }\n  - { identifier: billing,")
        #expect(problemPaths(in: reserved) == ["systems[1].identifier"])
    }
}

/// `ordering:` of a contract (spec §10, ordered delivery).
@Suite struct OrderingConfigurationTests {
    @Test func readsTheKeyAndThePartitions() throws {
        let configuration = try EventhosConfiguration.parse(
            yaml: DeliveryControlConfigurationTests.contract(#"ordering: { key: "${.body.customerId}", partitions: 8 }"#), environment: [:])
        let ordering = try #require(configuration.registry.contracts.first?.ordering)
        #expect(ordering.key.source == "${.body.customerId}" && ordering.partitions == 8)
        let defaulted = try EventhosConfiguration.parse(
            yaml: DeliveryControlConfigurationTests.contract(#"ordering: { key: "${.headers.x-account}" }"#), environment: [:])
        #expect(defaulted.registry.contracts.first?.ordering?.partitions == OrderingPolicy.defaultPartitions)
        #expect(defaulted.registry.contracts.first?.ordering?.onDead == .skip)
        let blocking = try EventhosConfiguration.parse(
            yaml: DeliveryControlConfigurationTests.contract(#"ordering: { key: "${.body.id}", onDead: block }"#), environment: [:])
        #expect(blocking.registry.contracts.first?.ordering?.onDead == .block)
        #expect(
            problemPaths(in: DeliveryControlConfigurationTests.contract(#"ordering: { key: "${.body.id}", onDead: wait }"#))
                == ["contracts[0].ordering.onDead"])
    }

    @Test func reportsEachProblemAtItsPath() {
        let contract = DeliveryControlConfigurationTests.contract
        #expect(problemPaths(in: contract("ordering: { partitions: 4 }")) == ["contracts[0].ordering.key"])
        #expect(problemPaths(in: contract(#"ordering: { key: "fixed" }"#)) == ["contracts[0].ordering.key"], "a key without placeholder")
        #expect(problemPaths(in: contract(#"ordering: { key: "${body.id}" }"#)) == ["contracts[0].ordering.key"])
        #expect(problemPaths(in: contract(#"ordering: { key: "${.body.id}", partitions: 0 }"#)) == ["contracts[0].ordering.partitions"])
        #expect(problemPaths(in: contract(#"ordering: { key: "${.body.id}", partitions: 257 }"#)) == ["contracts[0].ordering.partitions"])
    }

    @Test func aKeyAlwaysLandsInTheSamePartitionAndKeysSpreadOverThemAll() throws {
        let ordering = OrderingPolicy(key: try StringTemplate("${.body.id}"), partitions: 16)
        // FNV-1a 64 of "" is its offset basis: a fixed value every instance computes alike.
        #expect(ordering.partition(ofKey: "") == Int(0xcbf2_9ce4_8422_2325 as UInt64 % 16))
        #expect(ordering.partition(ofKey: "customer-42") == ordering.partition(ofKey: "customer-42"))
        let used = Set((0..<1000).map { ordering.partition(ofKey: "customer-\($0)") })
        #expect(used == Set(0..<16))
        #expect(OrderingPolicy(key: ordering.key, partitions: 1).partition(ofKey: "anything") == 0)
    }
}
