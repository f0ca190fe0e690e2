import EventhosCore
import Foundation
import Testing

@Suite struct ConfigurationProblemTests {
    @Test func unknownKeysAtTheTopAndNested() {
        let yaml = """
            servr: { port: 1 }
            systems: [ { identifier: erp, name: ERP, colour: blue } ]
            actions:
              - identifier: call
                name: Call
                operation: new
                subscriber: erp
                http:
                  url: "http://erp"
                  tmeout: 5s

            """
        let found = problems(in: yaml)
        #expect(found.map(\.path) == ["servr", "systems[0].colour", "actions[0].http.tmeout"])
        #expect(found.map(\.line) == [1, 2, 10])
        #expect(found.last?.message == "unknown key \"tmeout\"; expected one of method, url, headers, params, data, timeout")
    }

    @Test func badDuration() {
        let yaml = validRegistry.replacingOccurrences(of: "timeout: 5s", with: "timeout: 10 seconds")
        let found = problems(in: yaml)
        #expect(found == [
            ConfigurationProblem(path: "actions[0].http.timeout", line: 11, message: "bad duration \"10 seconds\": use 250ms, 5s, 2m or 1h"),
        ])
        #expect(found.first?.description == "actions[0].http.timeout (line 11): bad duration \"10 seconds\": use 250ms, 5s, 2m or 1h")
    }

    @Test func wrongTypes() {
        let yaml = """
            server: 8080
            broker: { prefetch: many, heartbeat: 1.5s }
            store: { path: [a, b] }
            log: { level: loud }
            systems: { crm: { name: CRM } }
            """
        #expect(problems(in: yaml).map(\.description) == [
            "server (line 1): expected a mapping, found a number",
            "broker.prefetch (line 2): bad value \"many\": expected an integer",
            "broker.heartbeat (line 2): bad heartbeat \"1.5s\": use a whole number of seconds, as 30 or 30s",
            "store.path (line 3): expected a string, found a list",
            "log.level (line 4): bad value \"loud\": expected one of trace, debug, info, notice, warning, error, critical",
            "systems (line 5): expected a list, found a mapping",
        ])
    }

    @Test func outOfRangeAndMalformedSettings() {
        let yaml = """
            server: { port: 70000, maxBodyBytes: 0 }
            broker: { url: "http://rabbit" }
            retry: { maxAttempts: 0, backoff: [] }
            """
        #expect(problemPaths(in: yaml) == ["server.port", "server.maxBodyBytes", "broker.url", "retry.maxAttempts", "retry.backoff"])
    }

    @Test("a retry delay is at most RabbitMQ's longest message TTL, in the default policy and a contract's")
    func retryDelaysTheBrokerAccepts() {
        let yaml = """
            retry: { backoff: [1s, 49d17h2m47s295ms, 49d17h2m47s296ms] }
            systems:
              - { identifier: crm, name: CRM, class: producer, keys: [ { name: default, key: k } ] }
              - { identifier: billing, name: Billing, class: subscriber }
            events:
              - { identifier: created, name: Created, operation: new, producer: crm }
            actions:
              - { identifier: notify, name: Notify, operation: new, subscriber: billing, http: { url: "http://billing" } }
            contracts:
              - { identifier: c, name: C, event: created, action: notify, retry: { backoff: [0s, 50d] } }
            """
        #expect(problemPaths(in: yaml) == ["retry.backoff[2]", "contracts[0].retry.backoff[1]"])
        #expect(problems(in: yaml).first?.message == "49d17h2m47s296ms is out of range: use 0s to 49d17h2m47s295ms")
    }

    @Test func requiredFieldsAndEnumerations() {
        let yaml = """
            systems: [ { identifier: erp, class: both } ]
            actions:
              - { identifier: call, name: Call, operation: create, subscriber: erp, http: { method: TRACE, url: "ftp://erp" } }
              - { identifier: call2, name: Call, operation: new, subscriber: erp }
            """
        #expect(problemPaths(in: yaml) == [
            "systems[0].name", "systems[0].class",
            "actions[0].operation", "actions[0].http.method", "actions[0].http.url",
            "actions[1].http",
        ])
    }

    @Test func invalidIdentifiers() {
        let yaml = validRegistry
            .replacingOccurrences(of: "identifier: billing,", with: "identifier: Billing ERP,")
            .replacingOccurrences(of: "subscriber: billing", with: "subscriber: Billing ERP")
        let found = problems(in: yaml)
        #expect(found.map(\.path) == ["systems[1].identifier"])
        #expect(found.first?.message.hasPrefix("invalid identifier \"Billing ERP\"") == true)
    }

    @Test func anIdentifierThatCannotBeDerived() {
        #expect(problemPaths(in: "systems: [ { name: \"***\" } ]") == ["systems[0].name"])
    }

    @Test func duplicateIdentifiersAfterDerivation() {
        let yaml = """
            systems:
              - { identifier: crm, name: CRM, class: producer }
              - { name: Crm }
              - { identifier: erp, name: ERP, class: hybrid }
            events:
              - { identifier: customer-created, name: Customer created, operation: new, producer: crm }
              - { identifier: customer-created, name: Customer created, operation: new, producer: erp }
            """
        let found = problems(in: yaml)
        #expect(found.map(\.path) == ["systems[1].name", "events[1].identifier"])
        #expect(found.map(\.message) == [
            "duplicate system identifier \"crm\": already at systems[0].identifier (line 2)",
            "duplicate event identifier \"customer-created\": already at events[0].identifier (line 6)",
        ])
    }

    @Test func danglingReferencesOfEveryKind() {
        let yaml = """
            systems:
              - { identifier: crm, name: CRM, class: producer }
              - { identifier: billing, name: Billing, class: subscriber }
            events:
              - { identifier: created, name: Created, operation: new, producer: cmr }
            actions:
              - { identifier: call, name: Call, operation: new, subscriber: biling, http: { url: "http://billing" } }
              - { identifier: reply, name: Reply, operation: new, subscriber: billing, replyTo: answered, http: { url: "http://billing" } }
            contracts:
              - { identifier: c1, name: C1, event: crated, action: reply }
              - { identifier: c2, name: C2, event: created, action: cal }
            """
        let found = problems(in: yaml)
        #expect(found.map(\.path) == ["events[0].producer", "actions[0].subscriber", "actions[1].replyTo", "contracts[0].event", "contracts[1].action"])
        #expect(found.map(\.message) == [
            "unknown system \"cmr\"", "unknown system \"biling\"", "unknown event \"answered\"", "unknown event \"crated\"", "unknown action \"cal\"",
        ])
    }

    @Test func aWrongRowIsStillKnownToItsReferences() {
        let yaml = validRegistry.replacingOccurrences(of: "operation: new, producer: crm", with: "operation: created, producer: crm")
        #expect(problemPaths(in: yaml) == ["events[0].operation"])
    }

    @Test func systemClassesMustFitTheirRole() {
        let yaml = """
            systems:
              - { identifier: crm, name: CRM, class: producer }
              - { identifier: billing, name: Billing, class: subscriber, keys: [ { name: k, key: billing-key } ] }
            events:
              - { identifier: created, name: Created, operation: new, producer: billing }
              - { identifier: billed, name: Billed, operation: new, producer: crm }
            actions:
              - { identifier: call, name: Call, operation: new, subscriber: crm, http: { url: "http://crm" } }
              - { identifier: bill, name: Bill, operation: new, subscriber: billing, replyTo: billed, http: { url: "http://billing" } }
            """
        let found = problems(in: yaml)
        #expect(found.map(\.path) == ["systems[1].keys", "events[0].producer", "actions[0].subscriber", "actions[1].replyTo"])
        #expect(found[1].message == "system \"billing\" is a subscriber: an event's producer must be a producer or hybrid system")
        #expect(found[2].message == "system \"crm\" is a producer: an action's subscriber must be a subscriber or hybrid system")
    }

    @Test func missingEnvironmentVariablesForKeysAndSecrets() {
        let yaml = """
            security:
              adminTokens: [ { name: ops, tokenEnv: ADMIN_TOKEN, role: admin } ]
              secretKeyEnv: SECRET_KEY
            systems:
              - { identifier: crm, name: CRM, class: producer, keys: [ { name: default, keyEnv: CRM_KEY } ] }
              - { identifier: erp, name: ERP }
            actions:
              - { identifier: a, name: A, operation: new, subscriber: erp, http: { url: "http://erp" }, security: { type: bearer, tokenEnv: ERP_TOKEN } }
              - { identifier: b, name: B, operation: new, subscriber: erp, http: { url: "http://erp" }, security: { type: basic, username: u, passwordEnv: EMPTY } }
            """
        let found = problems(in: yaml, environment: ["EMPTY": ""])
        #expect(found.map(\.path) == [
            "security.adminTokens[0].tokenEnv", "security.secretKeyEnv", "systems[0].keys[0].keyEnv",
            "actions[0].security.tokenEnv", "actions[1].security.passwordEnv",
        ])
        #expect(found.map(\.message) == [
            "environment variable ADMIN_TOKEN is not set", "environment variable SECRET_KEY is not set",
            "environment variable CRM_KEY is not set", "environment variable ERP_TOKEN is not set", "environment variable EMPTY is empty",
        ])
    }

    @Test func secretsAreGivenOnceAndSecuritiesAreChecked() {
        let yaml = """
            systems:
              - { identifier: crm, name: CRM, class: producer, keys: [ { name: a, key: k1, keyEnv: K }, { name: b } ] }
              - { identifier: erp, name: ERP }
            actions:
              - { identifier: a, name: A, operation: new, subscriber: erp, http: { url: "http://erp" }, security: { type: digest, realm: x } }
              - { identifier: b, name: B, operation: new, subscriber: erp, http: { url: "http://erp" }, security: { type: none, token: x } }
              - { identifier: c, name: C, operation: new, subscriber: erp, http: { url: "http://erp" }, security: { type: api-key, name: k, in: body, value: v } }
            """
        #expect(problemPaths(in: yaml) == [
            "systems[0].keys[0].keyEnv", "systems[0].keys[1].keyEnv",
            "actions[0].security.type", "actions[1].security.token", "actions[2].security.in",
        ])
    }

    @Test func keysAndBrokerUsersNameOneSystem() {
        let yaml = """
            systems:
              - { identifier: crm, name: CRM, amqpUser: crm, keys: [ { name: a, key: shared-key }, { name: a, key: other-key } ] }
              - { identifier: erp, name: ERP, amqpUser: crm, keys: [ { name: a, key: shared-key } ] }
            """
        let found = problems(in: yaml)
        #expect(found.map(\.path) == ["systems[0].keys[1].name", "systems[1].keys[0]", "systems[1].amqpUser"])
        #expect(found.map(\.message).allSatisfy { !$0.contains("shared-key") })
    }

    @Test func environmentOverridesAreCheckedLikeTheFile() {
        let found = problems(in: "server: { port: 8080 }", environment: [
            "EVENTHOS_SERVER_PORT": "http", "EVENTHOS_SERVER_PROT": "1", "EVENTHOS_RETRY_BACKOFF": "1s,soon",
        ])
        #expect(found.map(\.path) == ["env EVENTHOS_SERVER_PORT", "env EVENTHOS_SERVER_PROT", "env EVENTHOS_RETRY_BACKOFF[1]"])
        #expect(found.map(\.description) == [
            "env EVENTHOS_SERVER_PORT: bad value \"http\": expected an integer",
            "env EVENTHOS_SERVER_PROT: unknown setting of server; expected one of host, port, maxBodyBytes, shutdownGrace, publishTimeout, chainHopLimit, eventLoops",
            "env EVENTHOS_RETRY_BACKOFF[1]: bad duration \"soon\": use 250ms, 5s, 2m or 1h",
        ])
    }

    @Test func aYAMLSyntaxErrorIsOneProblemWithItsPosition() {
        let found = problems(in: "server:\n  port: 8080\n   host: x\nbroker: [\n")
        #expect(found.count == 1)
        #expect(found.first?.path == "")
        #expect(found.first?.line == 3)
        #expect(found.first?.column != nil)
        #expect(found.first?.description.hasPrefix("line 3, column ") == true)
    }

    @Test func aDuplicateYAMLKeyIsOneProblem() {
        let found = problems(in: "server:\n  port: 1\n  port: 2\n")
        #expect(found.count == 1)
        #expect(found.first?.message == "invalid YAML: duplicate key \"port\" in one mapping")
    }

    @Test func aFileThatIsNotAMappingIsOneProblem() {
        #expect(problems(in: "- server\n").map(\.description) == ["line 1: expected a mapping, found a list"])
    }

    @Test func everyProblemIsReportedAtOnce() {
        let yaml = """
            server: { port: -1 }
            log: { format: xml }
            systems:
              - { identifier: crm, name: CRM, class: producer, keys: [ { name: default, keyEnv: MISSING } ] }
            events:
              - { name: Created, operation: new, producer: nobody }
            actions:
              - { identifier: x, name: X, operation: new, subscriber: crm, http: { url: "http://crm", timeout: 0s } }
            contracts:
              - { name: C, event: created-new, action: y, retry: { backoff: [1 minute] } }
            """
        #expect(problemPaths(in: yaml) == [
            "server.port", "log.format", "systems[0].keys[0].keyEnv", "events[0].producer",
            "actions[0].subscriber", "actions[0].http.timeout", "contracts[0].action", "contracts[0].retry.backoff[0]",
        ])
    }

    @Test func theErrorDescribesEveryProblemOnItsOwnLine() {
        let error = ConfigurationError(problems: [
            ConfigurationProblem(path: "server.port", line: 1, message: "a"), ConfigurationProblem(path: "env EVENTHOS_X", message: "b"),
        ])
        #expect(error.description == "server.port (line 1): a\nenv EVENTHOS_X: b")
    }
}
