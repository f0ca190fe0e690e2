@testable import EventhosCore
import Foundation
import Testing

/// `docs/configuration.md` lists exactly the keys the configuration reader knows.
///
/// The reader records every key path it asks for while it reads configurations that use every
/// section and every variant (each action security type, signing, filters, ordering, circuit
/// breakers, status policies, rate limits, expiry, tracing, both stores, both ways of naming the
/// broker's nodes, secrets inline and from the environment); the doc's key tables are the rows
/// whose first cell holds key paths in backticks. Each side must hold the other. A key that only a
/// new variant reads (a new security type) is seen once that variant is added to the configurations
/// below; a doc row written for it before then fails the second test.
@Suite struct ConfigurationDocumentationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let documentPath = "docs/configuration.md"

    /// A readable file, for the TLS settings that must name one.
    static let readableFile = #filePath

    /// Every secret the configurations below name by an `...Env` key.
    static let environment = [
        "BROKER_PASSWORD": "broker-password", "STORE_PASSWORD": "store-password", "ADMIN_TOKEN": "admin-token-0123",
        "SECRET_KEY": "0123456789abcdef0123456789abcdef", "CRM_KEY": "crm-key-0123456789", "OAUTH_SECRET": "oauth-secret",
        "SIGNING_SECRET": "whsec_bmV3", "BEARER_TOKEN": "bearer-token", "BASIC_PASSWORD": "basic-password", "API_KEY": "api-key",
    ]

    /// A PostgreSQL store, a TLS cluster, every setting given, and a registry with every kind of row,
    /// every action security type and every delivery control.
    static let everySection = """
        server: { host: 0.0.0.0, port: 9090, maxBodyBytes: 2048, shutdownGrace: 30s, publishTimeout: 2s, chainHopLimit: 4, eventLoops: 2 }
        broker:
          urls: ["amqps://eventhos@rabbit-1.example:5671/prod", "amqps://eventhos@rabbit-2.example:5671/prod"]
          passwordEnv: BROKER_PASSWORD
          tls: { caFile: "\(readableFile)", certFile: "\(readableFile)", keyFile: "\(readableFile)", verifyPeer: true, verifyHostname: true }
          queueType: quorum
          quorumInitialGroupSize: 3
          prefetch: 32
          heartbeat: 15s
        store:
          url: "postgres://eventhos@db.example:5432/eventhos?sslmode=verify-full"
          passwordEnv: STORE_PASSWORD
          retentionDays: 30
          responseBodyLimit: 4096
        security:
          adminTokens:
            - { name: ops, tokenEnv: ADMIN_TOKEN, role: admin }
            - { name: dashboard, token: viewer-token-0123, role: viewer }
          secretKeyEnv: SECRET_KEY
        retry: { maxAttempts: 5, backoff: [1s, 1m] }
        log: { level: debug, format: json }
        tracing: { enabled: true, endpoint: "http://collector:4318", serviceName: eventhos-a, sampleRatio: 0.5, exportInterval: 2s }
        instance: { name: eventhos-a }
        systems:
          - identifier: crm
            name: CRM
            type: SaaS
            class: producer
            description: The customer relationship manager
            amqpUser: crm-publisher
            keys: [ { name: default, keyEnv: CRM_KEY }, { name: dev, key: crm-dev-key-0123 } ]
          - { identifier: billing, name: Billing, type: ERP, class: hybrid }
        events:
          - { identifier: customer-created, name: Customer created, operation: new, producer: crm, description: A new customer }
          - { identifier: account-created, name: Account created, operation: new, producer: billing }
        actions:
          - identifier: create-account
            name: Create account
            operation: new
            subscriber: billing
            description: Opens the customer's account
            http:
              method: POST
              url: "https://billing.example/accounts/${.body.id}"
              headers: { X-Request-Id: "${.headers.x-request-id}" }
              params: { tenant: "${.query.tenant}" }
              data: { name: "${.body.name}" }
              timeout: 5s
            security:
              type: oauth2-client-credentials
              tokenUrl: "https://auth.example/token"
              clientId: eventhos
              clientSecretEnv: OAUTH_SECRET
              scope: accounts
              audience: billing
              extraFields: { resource: accounts }
            signing: { secretEnv: SIGNING_SECRET, previousSecret: whsec_b2xk }
            replyTo: account-created
            maxInFlight: 8
            rateLimit: 50/s
            responses: { success: [2xx, 409], retry: [408, 5xx], dead: [4xx] }
            circuitBreaker: { failureRate: 50%, minimumCalls: 20, window: 1m, openFor: 30s, maxOpenFor: 10m, disableAfter: 3d }
          - { identifier: open, name: Open, operation: process, subscriber: billing, http: { url: "https://billing.example/open" }, security: { type: none } }
          - { identifier: bearer, name: Bearer, operation: process, subscriber: billing, http: { url: "https://billing.example/bearer" }, security: { type: bearer, tokenEnv: BEARER_TOKEN } }
          - { identifier: basic, name: Basic, operation: process, subscriber: billing, http: { url: "https://billing.example/basic" }, security: { type: basic, username: eventhos, passwordEnv: BASIC_PASSWORD } }
          - { identifier: api-key, name: API key, operation: process, subscriber: billing, http: { url: "https://billing.example/key" }, security: { type: api-key, name: X-Api-Key, in: query, valueEnv: API_KEY } }
        contracts:
          - identifier: crm-to-billing
            name: CRM customer to billing
            event: customer-created
            action: create-account
            active: true
            order: 1
            retry: { maxAttempts: 8, backoff: [1s, 5s] }
            filter: { body.total: { $gte: 1000 }, $or: [ { body.channel: web }, { body.vip: true } ] }
            maxAge: 2h
            responses: { success: [2xx], retry: [5xx], dead: [4xx] }
            ordering: { key: "${.body.id}", partitions: 4, onDead: block }
          - { identifier: dead-letters, name: Dead letters, event: eventhos.delivery-dead, action: open }
          - { identifier: bearer, name: Bearer, event: customer-created, action: bearer }
          - { identifier: basic, name: Basic, event: customer-created, action: basic }
          - { identifier: api-key, name: API key, event: customer-created, action: api-key }

        """

    /// The other variants: a SQLite store and one broker node, without TLS.
    static let otherVariants = """
        broker: { url: "amqp://guest:guest@127.0.0.1:5672/%2f", queueType: classic }
        store: { path: .eventhos/eventhos.sqlite }

        """

    /// The key paths the reader asks for when it reads every configuration above.
    static func askedKeyPaths() throws -> [String] {
        var asked: [String] = []
        for yaml in [everySection, otherVariants] {
            let reader = ConfigReader(
                environment: environment, overridableSections: EventhosConfiguration.overridableSections, recordingKeyPaths: true)
            _ = try EventhosConfiguration.parse(yaml: yaml, reader: reader)
            for path in try #require(reader.askedKeyPaths) where !asked.contains(path) {
                asked.append(path)
            }
        }
        return asked
    }

    /// One row of a key table of the doc.
    struct DocumentedRow {
        /// The key paths of its first cell.
        let keys: [String]
        /// The cell of its environment column, when the table has one.
        let environment: String?
        let line: Int
    }

    /// The rows of the doc's key tables: the tables whose header's first cell is `key`.
    static func documentedRows() throws -> [DocumentedRow] {
        let text = try String(contentsOf: repository.appending(path: documentPath), encoding: .utf8)
        var rows: [DocumentedRow] = []
        var header: [String]?
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard line.hasPrefix("|") else {
                header = nil
                continue
            }
            let cells = Self.cells(of: line)
            guard let columns = header else {
                header = cells
                continue
            }
            guard columns.first == "key", !(cells.first ?? "").hasPrefix("---") else { continue }
            let environment = columns.firstIndex(of: "environment").flatMap { $0 < cells.count ? cells[$0] : nil }
            rows.append(DocumentedRow(keys: Self.codeSpans(in: cells[0]), environment: environment, line: index + 1))
        }
        return rows
    }

    /// The cells of a table row, trimmed; `\|` does not end a cell.
    static func cells(of line: Substring) -> [String] {
        var cells: [String] = []
        var cell = ""
        var previous: Character?
        for character in line.dropFirst() {
            if character == "|", previous != "\\" {
                cells.append(cell.trimmingCharacters(in: .whitespaces))
                cell = ""
            } else {
                cell.append(character)
            }
            previous = character
        }
        return cells
    }

    /// The text of every `code span` of `text`.
    static func codeSpans(in text: String) -> [String] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    @Test func everyKeyTheReaderAsksForIsDocumented() throws {
        let asked = try Self.askedKeyPaths()
        let documented = Set(try Self.documentedRows().flatMap(\.keys))
        let missing = asked.filter { !documented.contains($0) }
        #expect(
            missing.isEmpty,
            "\(Self.documentPath) has no row for \(missing.map { "`\($0)`" }.joined(separator: ", ")): add each to a key table, its full path in backticks in the first column"
        )
        // Not just nothing read: the sections and the variants above were read to their ends.
        #expect(asked.count > 100)
        #expect(asked.contains("actions[].security.clientSecretEnv"))
        #expect(asked.contains("contracts[].ordering.onDead"))
    }

    @Test func everyDocumentedKeyIsOneTheReaderAsksFor() throws {
        let asked = Set(try Self.askedKeyPaths())
        for row in try Self.documentedRows() {
            #expect(!row.keys.isEmpty, "\(Self.documentPath):\(row.line): a key table's row names no key in backticks")
            for key in row.keys where !asked.contains(key) {
                Issue.record("\(Self.documentPath):\(row.line): `\(key)` is not a key the configuration reader knows")
            }
        }
    }

    /// An environment column names, for each setting that has one, the variable that overrides it
    /// (and nothing else in backticks).
    @Test func everyDocumentedOverrideOverridesItsKey() throws {
        var overrides = 0
        for row in try Self.documentedRows() {
            guard let cell = row.environment else { continue }
            // `EVENTHOS_RETRY_BACKOFF="1s, 10s, 1m"`: the variable, and an example of its value.
            for variable in Self.codeSpans(in: cell).map({ String($0.prefix { $0 != "=" }) }) {
                overrides += 1
                let found = EnvironmentOverride.all(in: [variable: "x"], sections: EventhosConfiguration.overridableSections)
                let key = row.keys.first.map { $0.split(separator: ".", maxSplits: 1).map(String.init) } ?? []
                #expect(
                    found.map { [$0.section, $0.normalizedKey] } == [[key.first ?? "", EnvironmentOverride.normalize(key.last ?? "")]],
                    "\(Self.documentPath):\(row.line): \(variable) does not override `\(row.keys.first ?? "")`")
            }
        }
        #expect(overrides > 20)
    }

    /// As the doc says: a nested mapping's keys have no variable.
    @Test func theKeysOfBrokerTLSHaveNoVariable() {
        let found = problems(in: "", environment: ["EVENTHOS_BROKER_TLS_CA_FILE": "/etc/ssl/ca.pem"])
        #expect(found.map(\.path) == ["env EVENTHOS_BROKER_TLS_CA_FILE"])
        #expect(found.first?.message.hasPrefix("unknown setting of broker;") == true)
    }
}
