import EventhosCore
import EventhosJSON
import Foundation
import OrderedCollections
import Testing

@Suite struct ConfigurationTests {
    @Test func anEmptyFileGivesTheDefaults() throws {
        let configuration = try EventhosConfiguration.parse(yaml: "", environment: [:])
        #expect(configuration.server == ServerSettings())
        #expect(configuration.server.host == "127.0.0.1")
        #expect(configuration.server.port == 8080)
        #expect(configuration.server.maxBodyBytes == 1_048_576)
        #expect(configuration.broker.url == "amqp://guest:guest@127.0.0.1:5672/%2f")
        #expect(configuration.broker.queueType == .quorum)
        #expect(configuration.broker.prefetch == 64)
        #expect(configuration.broker.heartbeat == .seconds(30))
        #expect(configuration.store == StoreSettings())
        #expect(configuration.security == SecuritySettings())
        #expect(configuration.retry == .standard)
        #expect(configuration.log == LogSettings(level: .info, format: .text))
        #expect(configuration.registry == RegistryDefinition())
    }

    @Test func readsEverySetting() throws {
        let configuration = try EventhosConfiguration.parse(
            yaml: """
                server: { host: 0.0.0.0, port: 9090, maxBodyBytes: 2048, shutdownGrace: 30s, publishTimeout: 1500ms }
                broker: { url: "amqps://u:p@rabbit:5671/eventhos", queueType: classic, prefetch: 8, heartbeat: 10 }
                store: { path: /var/lib/eventhos.sqlite, retentionDays: 7, responseBodyLimit: 1024 }
                security:
                  adminTokens:
                    - { name: ops, tokenEnv: ADMIN_TOKEN, role: admin }
                    - { name: dashboard, token: viewer-token, role: viewer }
                  secretKeyEnv: SECRET_KEY
                retry: { maxAttempts: 3, backoff: [200ms, 1m30s] }
                log: { level: debug, format: json }
                """,
            environment: ["ADMIN_TOKEN": "admin-token-0123", "SECRET_KEY": "0123456789abcdef"]
        )
        #expect(configuration.server == ServerSettings(host: "0.0.0.0", port: 9090, maxBodyBytes: 2048, shutdownGrace: .seconds(30), publishTimeout: .milliseconds(1500)))
        #expect(configuration.broker == BrokerSettings(url: "amqps://u:p@rabbit:5671/eventhos", queueType: .classic, prefetch: 8, heartbeat: .seconds(10)))
        #expect(configuration.store == StoreSettings(path: "/var/lib/eventhos.sqlite", retentionDays: 7, responseBodyLimit: 1024))
        #expect(configuration.security.adminTokens == [
            AdminToken(name: "ops", tokenHash: ProducerKeyHash(key: "admin-token-0123"), role: .admin),
            AdminToken(name: "dashboard", tokenHash: ProducerKeyHash(key: "viewer-token"), role: .viewer),
        ])
        #expect(configuration.security.secretKeyEnv == "SECRET_KEY")
        #expect(configuration.security.secretKey == Secret("0123456789abcdef"))
        #expect(configuration.retry == RetryPolicy(maxAttempts: 3, backoff: [.milliseconds(200), .seconds(90)]))
        #expect(configuration.log == LogSettings(level: .debug, format: .json))
    }

    @Test func eventLoopsDefaultToOneFewerThanTheCores() throws {
        let defaults = try EventhosConfiguration.parse(yaml: "", environment: [:]).server
        #expect(defaults.eventLoops == nil)
        #expect([1, 2, 4, 16].map { defaults.eventLoopCount(cores: $0) } == [1, 1, 3, 15])
        let configured = try EventhosConfiguration.parse(yaml: "server: { eventLoops: 4 }", environment: [:]).server
        #expect(configured.eventLoopCount(cores: 2) == 4)
        let overridden = try EventhosConfiguration.parse(yaml: "server: { eventLoops: 4 }", environment: ["EVENTHOS_SERVER_EVENT_LOOPS": "2"])
        #expect(overridden.server.eventLoopCount(cores: 8) == 2)
        #expect(problemPaths(in: "server: { eventLoops: 0 }") == ["server.eventLoops"])
        #expect(problemPaths(in: "server: { eventLoops: 1025 }") == ["server.eventLoops"])
    }

    @Test(arguments: [("30", Duration.seconds(30)), ("45s", .seconds(45)), ("2m", .seconds(120))])
    func heartbeatIsSecondsOrADuration(_ text: String, _ heartbeat: Duration) throws {
        let configuration = try EventhosConfiguration.parse(yaml: "broker: { heartbeat: \(text) }", environment: [:])
        #expect(configuration.broker.heartbeat == heartbeat)
    }

    @Test func readsTheRegistry() throws {
        let registry = try EventhosConfiguration.parse(yaml: validRegistry, environment: [:]).registry
        #expect(registry.systems == [
            SystemDefinition(
                identifier: "crm", name: "CRM", type: "SaaS", systemClass: .producer,
                keys: [ProducerKeyDefinition(name: "default", hash: ProducerKeyHash(key: "crm-key-0123456789"))]
            ),
            SystemDefinition(identifier: "billing", name: "Billing", type: "ERP", systemClass: .subscriber),
        ])
        #expect(registry.events == [EventDefinition(identifier: "customer-created", name: "Customer created", operation: .new, producer: "crm")])
        #expect(registry.actions == [
            ActionDefinition(
                identifier: "create-account", name: "Create account", operation: .new, subscriber: "billing",
                http: HTTPRequestDefinition(method: "POST", url: "http://127.0.0.1:9000/accounts/${.body.id}", timeout: .seconds(5))
            ),
        ])
        #expect(registry.contracts == [
            ContractDefinition(identifier: "crm-to-billing", name: "CRM to billing", event: "customer-created", action: "create-account"),
        ])
    }

    @Test func derivesOmittedIdentifiers() throws {
        let registry = try EventhosConfiguration.parse(
            yaml: """
                systems:
                  - { name: CRM, class: producer }
                  - { name: Billing (ERP), class: subscriber }
                events:
                  - { name: Customer created, operation: new, producer: crm }
                actions:
                  - { name: Create account, operation: new, subscriber: billing-erp, http: { url: "https://billing.example/accounts" } }
                contracts:
                  - { name: CRM to billing, event: customer-created-new, action: create-account-new }
                """,
            environment: [:]
        ).registry
        #expect(registry.systems.map(\.identifier) == ["crm", "billing-erp"])
        #expect(registry.events.map(\.identifier) == ["customer-created-new"])
        #expect(registry.actions.map(\.identifier) == ["create-account-new"])
        #expect(registry.contracts.map(\.identifier) == ["crm-to-billing"])
    }

    @Test func actionDefaultsAndTemplateFields() throws {
        let action = try #require(
            try EventhosConfiguration.parse(
                yaml: """
                    systems: [ { identifier: erp, name: ERP } ]
                    actions:
                      - identifier: notify
                        name: Notify
                        operation: process
                        subscriber: erp
                        replyTo: notified
                        http:
                          method: put
                          url: "http://erp/notify?id=${.body.id}"
                          headers: { X-Version: 2, X-Source: "${.headers.x-request-id}" }
                          params: { tenant: "${.query.tenant}" }
                          data: { id: "${.body.id}", count: 42, price: 1.5, ok: true, country: NO, nothing: null, list: [1, "2"], quoted: "42" }
                    events: [ { identifier: notified, name: Notified, operation: process, producer: erp } ]
                    """,
                environment: [:]
            ).registry.actions.first
        )
        #expect(action.security == .none)
        #expect(action.signing == nil)
        #expect(action.replyTo == "notified")
        #expect(action.http.method == "PUT")
        #expect(action.http.timeout == .seconds(10))
        #expect(action.http.headers == ["X-Version": "2", "X-Source": "${.headers.x-request-id}"])
        #expect(action.http.params == ["tenant": "${.query.tenant}"])
        #expect(action.http.data == .object([
            "id": .string("${.body.id}"), "count": .int(42), "price": .double(1.5), "ok": .bool(true), "country": .string("NO"),
            "nothing": .null, "list": .array([.int(1), .string("2")]), "quoted": .string("42"),
        ]))
    }

    @Test func actionWithoutDataForwardsTheBody() throws {
        let action = try #require(try EventhosConfiguration.parse(yaml: validRegistry, environment: [:]).registry.actions.first)
        #expect(action.http.data == nil)
    }

    @Test func readsEverySecurityType() throws {
        let environment = ["TOKEN": "t0ken", "PASSWORD": "pa55", "API_KEY": "k3y", "CLIENT_SECRET": "s3cret", "SIGNING": "whsec_abc"]
        let securities = try EventhosConfiguration.parse(
            yaml: """
                systems: [ { identifier: erp, name: ERP } ]
                actions:
                  - { identifier: a0, name: A, operation: new, subscriber: erp, http: { url: "http://erp" }, security: { type: none } }
                  - { identifier: a1, name: A, operation: new, subscriber: erp, http: { url: "http://erp" }, security: { type: bearer, tokenEnv: TOKEN } }
                  - { identifier: a2, name: A, operation: new, subscriber: erp, http: { url: "http://erp" }, security: { type: basic, username: bob, passwordEnv: PASSWORD } }
                  - { identifier: a3, name: A, operation: new, subscriber: erp, http: { url: "http://erp" }, security: { type: api-key, name: X-Api-Key, valueEnv: API_KEY } }
                  - { identifier: a4, name: A, operation: new, subscriber: erp, http: { url: "http://erp" }, security: { type: api-key, name: key, in: query, value: inline } }
                  - identifier: a5
                    name: A
                    operation: new
                    subscriber: erp
                    http: { url: "http://erp" }
                    security: { type: oauth2-client-credentials, tokenUrl: "https://id.example/token", clientId: eventhos, clientSecretEnv: CLIENT_SECRET, scope: accounts, audience: billing }
                    signing: { secretEnv: SIGNING }
                """,
            environment: environment
        ).registry.actions
        #expect(securities.map(\.security) == [
            .none,
            .bearer(token: Secret("t0ken")),
            .basic(user: "bob", password: Secret("pa55")),
            .apiKey(name: "X-Api-Key", placement: .header, value: Secret("k3y")),
            .apiKey(name: "key", placement: .query, value: Secret("inline")),
            .oauth2ClientCredentials(.init(tokenURL: "https://id.example/token", clientId: "eventhos", clientSecret: Secret("s3cret"), scope: "accounts", audience: "billing")),
        ])
        #expect(securities.last?.signing == ActionSigning(secret: Secret("whsec_abc")))
    }

    @Test func aContractRetryOverridesOnlyWhatItNames() throws {
        let yaml = validRegistry.replacingOccurrences(of: "action: create-account }", with: "action: create-account, retry: { maxAttempts: 8 } }")
        let configuration = try EventhosConfiguration.parse(yaml: "retry: { maxAttempts: 3, backoff: [1s, 2s] }\n" + yaml, environment: [:])
        #expect(configuration.registry.contracts.first?.retry == RetryPolicy(maxAttempts: 8, backoff: [.seconds(1), .seconds(2)]))
    }

    @Test func aPartialDefaultRetryKeepsTheStandardRest() throws {
        let configuration = try EventhosConfiguration.parse(yaml: "retry: { backoff: [10s] }", environment: [:])
        #expect(configuration.retry == RetryPolicy(maxAttempts: RetryPolicy.standard.maxAttempts, backoff: [.seconds(10)]))
    }

    @Test func environmentVariablesOverrideTheFile() throws {
        let configuration = try EventhosConfiguration.parse(
            yaml: "server: { port: 8080 }\nbroker: { url: \"amqp://file\" }",
            environment: [
                "EVENTHOS_BROKER_URL": "amqp://guest:guest@rabbit:5672/%2f",
                "EVENTHOS_SERVER_PORT": "9000",
                "EVENTHOS_SERVER_MAX_BODY_BYTES": "4096",
                "EVENTHOS_broker_queuetype": "classic",
                "EVENTHOS_RETRY_BACKOFF": "1s, 2s",
                "EVENTHOS_LOG_LEVEL": "trace",
                "EVENTHOS_ADMIN_TOKEN": "not a setting: EVENTHOS_ADMIN is not a section",
                "EVENTHOS_SECRET_KEY": "neither",
            ]
        )
        #expect(configuration.broker.url == "amqp://guest:guest@rabbit:5672/%2f")
        #expect(configuration.server.port == 9000)
        #expect(configuration.server.maxBodyBytes == 4096)
        #expect(configuration.broker.queueType == .classic)
        #expect(configuration.retry.backoff == [.seconds(1), .seconds(2)])
        #expect(configuration.log.level == .trace)
    }

    @Test func theSpecificationExampleParses() throws {
        let configuration = try EventhosConfiguration.parse(
            yaml: specificationExample,
            environment: ["CRM_KEY": "crm-key-from-env", "EVENTHOS_ADMIN_TOKEN": "admin-token", "EVENTHOS_SECRET_KEY": "secret-key", "BILLING_SECRET": "billing-secret"]
        )
        #expect(configuration.broker.heartbeat == .seconds(30))
        #expect(configuration.retry == RetryPolicy(maxAttempts: 6, backoff: [.seconds(1), .seconds(5), .seconds(30), .seconds(120), .seconds(600)]))
        #expect(configuration.registry.systems.first?.keys == [ProducerKeyDefinition(name: "default", hash: ProducerKeyHash(key: "crm-key-from-env"))])
        #expect(configuration.registry.contracts.first?.retry == RetryPolicy(maxAttempts: 8, backoff: configuration.retry.backoff))
        #expect(configuration.registry.actions.first?.http.params == ["tenant": "${.query.tenant}"])
        #expect(configuration.registry.actions.first?.http.data == .object(["name": .string("${.body.name}"), "raw": .string("${.body}")]))
    }

    @Test func theExampleFileParses() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../config/example.yaml").path
        let configuration = try EventhosConfiguration.load(path: path, environment: [:])
        #expect(configuration.registry.systems.map(\.identifier) == ["crm", "billing"])
        #expect(configuration.registry.events.map(\.identifier) == ["customer-created"])
        #expect(configuration.registry.actions.first?.http.url == "http://127.0.0.1:9000/accounts/${.body.id}")
        #expect(configuration.registry.contracts.map(\.identifier) == ["crm-to-billing"])
        let snapshot = RegistrySnapshot(registry: configuration.registry, defaultRetry: configuration.retry)
        #expect(snapshot.producer(presentedKey: "crm-dev-key-change-me") == "crm")
        // The quick start's development admin token, for the console and the admin API.
        #expect(configuration.security.adminTokens.map(\.name) == ["quickstart"])
        #expect(configuration.security.adminTokens.first?.role == .admin)
    }

    @Test func aMissingFileIsAProblem() {
        #expect(throws: ConfigurationError.self) {
            try EventhosConfiguration.load(path: "/nonexistent/eventhos.yaml", environment: [:])
        }
    }
}

/// The configuration file of the specification, §2.
private let specificationExample = """
    server:   { host: 127.0.0.1, port: 8080, maxBodyBytes: 1048576 }
    broker:   { url: "amqp://guest:guest@127.0.0.1:5672/%2f", queueType: quorum, prefetch: 64, heartbeat: 30 }
    store:    { path: ".eventhos/eventhos.sqlite" }
    security: { adminTokens: [ { name: ops, tokenEnv: EVENTHOS_ADMIN_TOKEN, role: admin } ], secretKeyEnv: EVENTHOS_SECRET_KEY }
    retry:    { maxAttempts: 6, backoff: [1s, 5s, 30s, 2m, 10m] }   # default policy; a contract may override
    systems:
      - { identifier: crm, name: CRM, type: SaaS, class: producer, keys: [ { name: default, keyEnv: CRM_KEY } ] }
      - { identifier: billing, name: Billing, type: ERP, class: subscriber }
    events:
      - { identifier: customer-created, name: Customer created, operation: new, producer: crm }
    actions:
      - identifier: create-account
        name: Create account
        operation: new
        subscriber: billing
        http:
          method: POST
          url: "http://127.0.0.1:9000/accounts/${.body.id}"
          headers: { Content-Type: application/json, X-Source: "${.headers.x-request-id}" }
          params: { tenant: "${.query.tenant}" }
          data: { name: "${.body.name}", raw: "${.body}" }
          timeout: 10s
        security: { type: oauth2-client-credentials, tokenUrl: "...", clientId: "...", clientSecretEnv: BILLING_SECRET }
    contracts:
      - { identifier: crm-to-billing, name: CRM customer to billing, event: customer-created, action: create-account, retry: { maxAttempts: 8 } }
    """
