import EventhosCore
import EventhosJSON
import EventhosTemplates
import Foundation
import GRDB
import OrderedCollections
import Testing

/// The registry through the admin API, against a running bridge, the real broker and its SQLite file.
@Suite("Admin API registry", .serialized)
struct AdminRegistryTests {
    @Test("systems: create, read, list with filters, sort and cursor, replace, soft delete")
    func systemRoundTrip() async throws {
        let bridge = try TestBridge(subscriberURL: "http://127.0.0.1:9")
        try await bridge.run { base in
            let admin = AdminClient(base: base, token: bridge.adminToken(.admin))
            let created = try await admin.post(
                "/systems", #"{"name": "Warehouse \#(bridge.tag)", "type": "ERP", "class": "subscriber", "description": "stock"}"#)
            #expect(created.status == 201, "\(created.body)")
            let identifier = "warehouse-\(bridge.tag)"
            #expect(created.json?["identifier"] == .string(identifier), "derived from the name, as in the file")
            #expect(created.json?["class"] == .string("subscriber"))
            #expect(created.json?["createdAt"]?.stringValue != nil)

            let duplicate = try await admin.post("/systems", #"{"identifier": "\#(identifier)", "name": "Again"}"#)
            #expect(duplicate.status == 409)
            #expect(duplicate.json?["error"]?["code"] == .string("duplicate"))

            let read = try await admin.get("/systems/\(identifier)")
            #expect(read.status == 200)
            #expect(read.json?["description"] == .string("stock"))
            #expect(try await admin.get("/systems/absent-\(bridge.tag)").status == 404)

            let subscribers = try await admin.get("/systems?class=subscriber&sort=-identifier")
            let names = subscribers.json?["items"].flatMap(Self.identifiers) ?? []
            #expect(names == [identifier, "\(bridge.tag)-billing"])

            var seen = [String]()
            var cursor: String?
            repeat {
                let page = try await admin.get("/systems?limit=1" + (cursor.map { "&cursor=\($0)" } ?? ""))
                #expect(page.status == 200)
                seen += page.json?["items"].flatMap(Self.identifiers) ?? []
                cursor = page.json?["nextCursor"]?.stringValue
            } while cursor != nil && seen.count < 10
            // The three of the configuration, the one created, and the built-in system of the operator events.
            #expect(seen == seen.sorted() && seen.count == 5 && seen.contains(RegistryDefinition.builtInSystem), "\(seen)")
            #expect(try await admin.get("/systems?limit=0").status == 400)
            #expect(try await admin.get("/systems?cursor=garbage").status == 400)

            let replaced = try await admin.put("/systems/\(identifier)", #"{"name": "Warehouse", "class": "hybrid"}"#)
            #expect(replaced.status == 200, "\(replaced.body)")
            #expect(replaced.json?["class"] == .string("hybrid"))
            #expect(replaced.json?["description"] == .string(""), "a replacement names every field; the others take their defaults")
            #expect(try await admin.put("/systems/absent-\(bridge.tag)", #"{"name": "X"}"#).status == 404)

            let inUse = try await admin.delete("/systems/\(bridge.tag)-crm")
            #expect(inUse.status == 409, "a system with events is not deleted")
            #expect(inUse.json?["error"]?["message"]?.stringValue?.contains("event \"\(bridge.event)\"") == true)

            let deleted = try await admin.delete("/systems/\(identifier)")
            #expect(deleted.status == 200)
            #expect(try await admin.get("/systems/\(identifier)").status == 404)
            #expect(try await admin.delete("/systems/\(identifier)").status == 404)
            let row = try AuditReader(path: bridge.storePath).rows("SELECT deleted FROM system WHERE identifier = ?", [identifier])
            #expect(row.first?["deleted"] == 1, "deletes are soft")
        }
    }

    @Test("validation: 422 lists every problem with its path, in the configuration file's words")
    func validationProblems() async throws {
        let bridge = try TestBridge(subscriberURL: "http://127.0.0.1:9")
        try await bridge.run { base in
            let admin = AdminClient(base: base, token: bridge.adminToken(.admin))
            let event = try await admin.post(
                "/events", #"{"identifier": "Bad Id", "operation": "explode", "producer": "nobody", "colour": "red"}"#)
            #expect(event.status == 422)
            let problems = Self.problems(event)
            #expect(Set(problems.keys) == ["identifier", "name", "operation", "producer", "colour"], "\(problems)")
            #expect(problems["producer"] == "unknown system \"nobody\"")
            #expect(problems["operation"]?.contains("one of select, new, update, delete, process") == true)

            let subscriberAsProducer = try await admin.post(
                "/events", #"{"name": "Shipped", "operation": "new", "producer": "\#(bridge.tag)-billing"}"#)
            #expect(Self.problems(subscriberAsProducer)["producer"]?.contains("is a subscriber") == true)

            let action = try await admin.post(
                "/actions",
                #"{"name": "Ship", "operation": "new", "subscriber": "\#(bridge.tag)-billing", "http": {"url": "http://x", "timeout": "ten"}, "security": {"type": "bearer", "tokenEnv": "HOME"}}"#)
            #expect(action.status == 422)
            let actionProblems = Self.problems(action)
            #expect(actionProblems["http.timeout"] != nil, "\(actionProblems)")
            #expect(actionProblems["security.tokenEnv"]?.contains("HOME is not set") == true, "the server's environment is not readable")

            let contract = try await admin.post(
                "/contracts", #"{"name": "C", "event": "\#(bridge.event)", "action": "absent", "retry": {"maxAttempts": 0}}"#)
            let contractProblems = Self.problems(contract)
            #expect(contractProblems["action"] == "unknown action \"absent\"")
            #expect(contractProblems["retry.maxAttempts"] != nil, "\(contractProblems)")

            let renamed = try await admin.put("/events/\(bridge.event)", #"{"identifier": "other", "name": "N", "operation": "new", "producer": "\#(bridge.tag)-crm"}"#)
            #expect(Self.problems(renamed)["identifier"]?.contains("cannot change") == true)
            let keys = try await admin.post("/systems", #"{"name": "K", "keys": [{"name": "a", "key": "b"}]}"#)
            #expect(Self.problems(keys)["keys"] != nil)
            let notJSON = try await admin.post("/systems", "{name")
            #expect(notJSON.status == 400)
            #expect(notJSON.json?["error"]?["code"] == .string("invalid_json"))
        }
    }

    @Test("secrets are answered as *** and stored encrypted: absent from every answer and from the SQLite file")
    func secretsNeverReturned() async throws {
        let bridge = try TestBridge(subscriberURL: "http://127.0.0.1:9")
        let token = "bearer-\(UUID().uuidString)"
        let password = "password-\(UUID().uuidString)"
        let signing = "signing-\(UUID().uuidString)"
        try await bridge.run { base in
            let admin = AdminClient(base: base, token: bridge.adminToken(.admin))
            let created = try await admin.post(
                "/actions",
                #"{"identifier": "\#(bridge.tag)-secret", "name": "Secret", "operation": "new", "subscriber": "\#(bridge.tag)-billing", "http": {"url": "http://127.0.0.1:9/x"}, "security": {"type": "bearer", "token": "\#(token)"}, "signing": {"secret": "\#(signing)"}}"#)
            #expect(created.status == 201, "\(created.body)")
            #expect(created.json?["security"] == .object(["type": .string("bearer"), "token": .string("***")]))
            #expect(created.json?["signing"]?["secret"] == .string("***"))
            let replaced = try await admin.put(
                "/actions/\(bridge.tag)-secret",
                #"{"name": "Secret", "operation": "new", "subscriber": "\#(bridge.tag)-billing", "http": {"url": "http://127.0.0.1:9/x"}, "security": {"type": "basic", "username": "u", "password": "\#(password)"}}"#)
            #expect(replaced.status == 200, "\(replaced.body)")
            var answers = [created.body, replaced.body]
            answers.append(try await admin.get("/actions/\(bridge.tag)-secret").body)
            answers.append(try await admin.get("/actions").body)
            for answer in answers {
                #expect(!answer.contains(token) && !answer.contains(password) && !answer.contains(signing))
            }
            #expect(answers[2].contains(#""password":"***""#))
            let bytes = Self.storeBytes(bridge)
            #expect(bytes.count > 0)
            for secret in [token, password, signing] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "a secret is in the SQLite files in clear")
            }
        }
    }

    /// The database file and its WAL, as a disk would hold them.
    static func storeBytes(_ bridge: TestBridge) -> Data {
        var bytes = Data()
        for suffix in ["", "-wal"] {
            if let data = FileManager.default.contents(atPath: bridge.storePath + suffix) {
                bytes += data
            }
        }
        return bytes
    }

    static func identifiers(_ items: JSONValue) -> [String]? {
        guard case .array(let rows) = items else { return nil }
        return rows.compactMap { $0["identifier"]?.stringValue }
    }

    static func problems(_ answer: HTTP.Answer) -> [String: String] {
        guard case .array(let problems)? = answer.json?["error"]?["problems"] else { return [:] }
        return Dictionary(
            problems.compactMap { problem in problem["path"]?.stringValue.map { ($0, problem["message"]?.stringValue ?? "") } },
            uniquingKeysWith: { first, _ in first })
    }
}
