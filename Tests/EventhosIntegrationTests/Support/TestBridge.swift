import AsyncHTTPClient
import EventhosCore
import EventhosEngine
import EventhosServer
import Foundation
import Logging
import NIOCore
import Synchronization
import Testing
import Tracing

/// A whole Eventhos for one test: its own store file, its own registry names (tagged, so tests
/// never share a queue), the real broker of `EVENTHOS_TEST_AMQP_URL`, an ephemeral HTTP port.
struct TestBridge: Sendable {
    static let brokerURL =
        ProcessInfo.processInfo.environment["EVENTHOS_TEST_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672/%2f"

    let tag: String
    let directory: URL
    var configuration: EventhosConfiguration
    let key: String
    /// The configuration file's text (what a real `eventhos serve` reads).
    let yaml: String

    /// The admin API token of `role` (inline in the configuration).
    func adminToken(_ role: AdminToken.Role) -> String { Self.adminToken(role, tag: tag) }

    private static func adminToken(_ role: AdminToken.Role, tag: String) -> String { "\(role.rawValue)-token-\(tag)" }

    /// One admin token per role, as YAML flow mappings.
    private static func adminTokens(tag: String) -> String {
        AdminToken.Role.allCases.map { role in
            "{ name: \(role.rawValue), token: \"\(adminToken(role, tag: tag))\", role: \(role.rawValue) }"
        }.joined(separator: ", ")
    }

    var event: String { "\(tag)-customer-created" }
    var contract: String { "\(tag)-to-billing" }
    var storePath: String { directory.appendingPathComponent("eventhos.sqlite").path }

    /// - Parameters:
    ///   - subscriberURL: where the actions send their requests.
    ///   - events, actions, contracts: YAML list items appended to those sections; `{tag}` stands for the tag.
    ///   - broker: the whole `broker` section as a YAML flow mapping, instead of `brokerURL` and `queueType`.
    ///   - crmBrokerUser: the `amqpUser` of the producer system `{tag}-crm`.
    ///   - store: the whole `store` section as a YAML flow mapping, instead of a SQLite file of its own.
    ///   - sharing: another bridge whose registry names (its tag) this one takes: one more instance of it.
    ///   - instance: the `instance.name`, the tag when `nil`.
    ///   - maxInFlight: the `maxInFlight` of the action `{tag}-create-account`. At 1 the contract's
    ///     consumer holds one delivery at a time (its prefetch is 1), so the subscriber gets the
    ///     events of `{tag}-to-billing` one after the other, in the order of the queue.
    init(
        subscriberURL: String, brokerURL: String = TestBridge.brokerURL, queueType: String = "classic",
        broker: String? = nil, crmBrokerUser: String? = nil, store: String? = nil, sharing: TestBridge? = nil,
        instance: String? = nil, maxInFlight: Int? = nil,
        retry: String = "{ maxAttempts: 3, backoff: [200ms, 300ms] }", events extraEvents: String = "",
        actions extraActions: String = "",
        contracts extraContracts: String = ""
    ) throws {
        let tag = sharing?.tag ?? "t" + UUID().uuidString.prefix(8).lowercased()
        self.tag = tag
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("eventhos-\(instance ?? tag)")
        key = "key-\(tag)-crm-0123456789"
        let yaml = """
            server: { host: 127.0.0.1, port: 0, maxBodyBytes: 4096, shutdownGrace: 2s, publishTimeout: 2s }
            broker: \(broker ?? "{ url: \"\(brokerURL)\", queueType: \(queueType), prefetch: 16, heartbeat: 10 }")
            instance: { name: \(instance ?? tag) }
            store: \(store ?? "{ path: \"\(directory.appendingPathComponent("eventhos.sqlite").path)\" }")
            log: { level: warning }
            security:
              secretKeyEnv: EVENTHOS_TEST_SECRET_KEY
              adminTokens: [\(Self.adminTokens(tag: tag))]
            retry: \(retry)
            systems:
              - { identifier: \(tag)-crm, name: CRM, type: SaaS, class: producer, keys: [ { name: default, key: "\(key)" } ]\(crmBrokerUser.map { ", amqpUser: \"\($0)\"" } ?? "") }
              - { identifier: \(tag)-erp, name: ERP, type: ERP, class: hybrid, keys: [ { name: default, key: "other-\(key)" } ] }
              - { identifier: \(tag)-billing, name: Billing, type: ERP, class: subscriber }
            events:
              - { identifier: \(tag)-customer-created, name: Customer created, operation: new, producer: \(tag)-crm }
              - { identifier: \(tag)-quiet, name: Quiet, operation: process, producer: \(tag)-crm }
            \(extraEvents)
            actions:
              - identifier: \(tag)-create-account
                name: Create account
                operation: new
                subscriber: \(tag)-billing\(maxInFlight.map { "\n    maxInFlight: \($0)" } ?? "")
                http:
                  method: POST
                  url: "\(subscriberURL)/accounts/${.body.id}"
                  headers: { Content-Type: application/json, X-Source: "${.headers.x-request-id}" }
                  params: { tenant: "${.query.tenant}" }
                  data: { name: "${.body.name}", id: "${.body.id}", raw: "${.body}" }
                  timeout: 2s
            \(extraActions)
            contracts:
              - { identifier: \(tag)-to-billing, name: CRM to billing, event: \(tag)-customer-created, action: \(tag)-create-account }
            \(extraContracts)
            """
        self.yaml = yaml.replacingOccurrences(of: "{tag}", with: tag)
        configuration = try EventhosConfiguration.parse(
            yaml: yaml.replacingOccurrences(of: "{tag}", with: tag),
            environment: [
                "EVENTHOS_TEST_SECRET_KEY": "secret-key-material-\(tag)", "EVENTHOS_TEST_POSTGRES_PASSWORD": TestPostgres.password,
            ])
    }

    /// Runs the bridge for the duration of `body`, which gets its base URL once it is ready.
    func run<Result: Sendable>(_ body: (String) async throws -> Result) async throws -> Result {
        try await run(waitingForReady: true, body)
    }

    /// Runs the bridge logging to `logger`, for the duration of `body`, which gets its base URL once it is ready.
    func run<Result: Sendable>(logger: Logger, _ body: (String) async throws -> Result) async throws -> Result {
        try await run(waitingForReady: true, logger: logger, body)
    }

    /// Runs the bridge for the duration of `body` and keeps its store, so that a later `run` is a restart.
    func runKeepingStore<Result: Sendable>(_ body: (String) async throws -> Result) async throws -> Result {
        try await run(waitingForReady: true, keepingStore: true, body)
    }

    /// Runs the bridge with `tracer` in force, for the duration of `body`, which gets its base URL once it is ready.
    func run<Result: Sendable>(tracer: any Tracer, _ body: (String) async throws -> Result) async throws -> Result {
        try await run(waitingForReady: true, tracer: tracer, body)
    }

    /// Runs the bridge for the duration of `body`, which gets its base URL once it listens.
    func runWithoutWaitingForReady<Result: Sendable>(_ body: (String) async throws -> Result) async throws -> Result {
        try await run(waitingForReady: false, body)
    }

    /// Warnings and errors on the standard output.
    private static var warnings: Logger {
        var logger = Logger(label: "eventhos-test")
        logger.logLevel = .warning
        return logger
    }

    private func run<Result: Sendable>(
        waitingForReady: Bool, logger: Logger = Self.warnings, keepingStore: Bool = false, tracer: (any Tracer)? = nil,
        _ body: (String) async throws -> Result
    ) async throws -> Result {
        let port = Mutex(0)
        let bridge = try await Bridge(configuration: configuration, logger: logger, tracer: tracer) { bound in
            port.withLock { $0 = bound }
        }
        defer {
            if !keepingStore {
                try? FileManager.default.removeItem(at: directory)
            }
        }
        return try await withRunningServices([bridge]) {
            let base = try await eventually(timeout: .seconds(30)) { () async throws -> String? in
                let bound = port.withLock { $0 }
                guard bound > 0 else { return nil }
                let url = "http://127.0.0.1:\(bound)"
                guard waitingForReady else { return url }
                return try? await HTTP.get(url + "/health/ready").status == 200 ? url : nil
            }
            let url = try #require(base, "the bridge did not start")
            return try await body(url)
        }
    }
}
