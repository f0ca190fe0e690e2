import EventhosCore
import EventhosJSON
import EventhosTemplates
import OrderedCollections
import Testing

/// One registry row read from a JSON body (the admin API) with the configuration file's rules.
@Suite("Registry row from JSON")
struct RegistryRowTests {
    static let stored = try! EventhosConfiguration.parse(yaml: validRegistry, environment: [:]).registry

    static func problems(_ kind: RegistryKind, _ body: JSONValue, replacing identifier: String? = nil) -> [String: String] {
        do {
            _ = try RegistryDefinition.row(kind, json: body, replacing: identifier, in: stored, defaultRetry: .standard)
            return [:]
        } catch {
            return Dictionary(error.problems.map { ($0.path, $0.message) }, uniquingKeysWith: { first, _ in first })
        }
    }

    @Test("a valid row is read with the file's defaults and derived identifier; references resolve against the stored rows")
    func validRows() throws {
        let event = try RegistryDefinition.row(
            .event, json: .object(["name": .string("Customer updated"), "operation": .string("update"), "producer": .string("crm")]),
            in: Self.stored, defaultRetry: .standard)
        #expect(event.events == [EventDefinition(identifier: "customer-updated-update", name: "Customer updated", operation: .update, producer: "crm")])
        let contract = try RegistryDefinition.row(
            .contract,
            json: .object([
                "identifier": .string("again"), "name": .string("Again"), "event": .string("customer-created"),
                "action": .string("create-account"), "retry": .object(["maxAttempts": .int(2)]),
            ]),
            in: Self.stored, defaultRetry: .standard)
        #expect(contract.contracts.first?.retry == RetryPolicy(maxAttempts: 2, backoff: RetryPolicy.standard.backoff))
        #expect(contract.contracts.first?.active == true)
    }

    @Test("JSON types are kept: a string is never a number, a number is refused where text is expected")
    func jsonTypes() throws {
        let system = try RegistryDefinition.row(
            .system, json: .object(["name": .string("true"), "type": .string("42")]), in: Self.stored, defaultRetry: .standard)
        #expect(system.systems.first?.name == "true" && system.systems.first?.type == "42")
        #expect(Self.problems(.contract, .object(["name": .string("C"), "event": .string("customer-created"), "action": .string("create-account"), "order": .string("x")]))["order"] != nil)
        #expect(Self.problems(.system, .string("not a mapping"))[""] != nil)
        #expect(Self.problems(.system, .object(["name": .int(5)]))["name"] == "expected a string, found a number")
        #expect(Self.problems(.system, .object(["name": .string("S"), "class": .string("Producer")]))["class"] != nil, "names are exact")
        func contract(_ members: [(String, JSONValue)]) -> JSONValue {
            var row: JSONObject = ["name": .string("C"), "event": .string("customer-created"), "action": .string("create-account")]
            for (key, value) in members {
                row[key] = value
            }
            return .object(row)
        }
        #expect(Self.problems(.contract, contract([("active", .string("true"))]))["active"] == "expected true or false, found a string")
        #expect(Self.problems(.contract, contract([("order", .double(3))])).isEmpty, "3.0 is an integer, as in JSON Schema")
        #expect(Self.problems(.contract, contract([("order", .double(2.5))]))["order"] == "expected an integer, found a number")
        #expect(Self.problems(.contract, contract([("order", .int(1 << 53))]))["order"] != nil, "beyond 2^53 - 1")
        let null = Self.problems(.contract, contract([("name", .null), ("maxAge", .null)]))
        #expect(null == ["name": "name must not be null: leave it out to take its default", "maxAge": "maxAge must not be null: leave it out to take its default"])
    }

    @Test("every problem has its path and the file's message")
    func problems() {
        let problems = Self.problems(
            .action,
            .object([
                "name": .string("A"), "operation": .string("new"), "subscriber": .string("crm"),
                "http": .object(["url": .string("http://x"), "timeout": .string("soon")]), "extra": .bool(true),
            ]))
        #expect(problems["subscriber"]?.contains("is a producer") == true)
        #expect(problems["http.timeout"]?.contains("bad duration") == true)
        #expect(problems["extra"] != nil)
    }

    @Test("a contract's retry delay longer than the broker can hold a message is refused with its path")
    func retryDelayTooLong() {
        let problems = Self.problems(
            .contract,
            .object([
                "name": .string("Late"), "event": .string("customer-created"), "action": .string("create-account"),
                "retry": .object(["backoff": .array([.string("1s"), .string("676094d")])]),
            ]))
        #expect(problems == ["retry.backoff[1]": "676094d is out of range: use 0s to 49d17h2m47s295ms"])
    }

    @Test("a replacement keeps its identifier, and its dependants keep it valid")
    func replacement() {
        let renamed = Self.problems(.system, .object(["identifier": .string("erp"), "name": .string("CRM")]), replacing: "crm")
        #expect(renamed["identifier"]?.contains("cannot change") == true)
        let subscriber = Self.problems(.system, .object(["name": .string("CRM"), "class": .string("subscriber")]), replacing: "crm")
        #expect(subscriber["class"]?.contains("produces \"customer-created\"") == true)
        let producer = Self.problems(.system, .object(["name": .string("Billing"), "class": .string("producer")]), replacing: "billing")
        #expect(producer["class"]?.contains("subscribes \"create-account\"") == true)
        #expect(Self.problems(.system, .object(["name": .string("CRM"), "description": .string("d")]), replacing: "crm").isEmpty)
    }

    @Test("secrets come inline: environment names are not read, producer keys are not part of a system")
    func secrets() {
        let security = Self.problems(
            .action,
            .object([
                "name": .string("A"), "operation": .string("new"), "subscriber": .string("billing"),
                "http": .object(["url": .string("http://x")]),
                "security": .object(["type": .string("bearer"), "tokenEnv": .string("PATH")]),
            ]))
        #expect(security["security.tokenEnv"] == "environment variable PATH is not set")
        #expect(Self.problems(.system, .object(["name": .string("S"), "keys": .array([])]))["keys"] != nil)
    }
}
