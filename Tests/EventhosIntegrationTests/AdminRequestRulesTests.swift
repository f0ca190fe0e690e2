import AsyncHTTPClient
import EventhosCore
import EventhosJSON
import EventhosTemplates
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import EventhosAdmin
@testable import EventhosEngine

/// What the admin API answers to a request its OpenAPI document does not allow: a method a path does
/// not have, a body not sent as JSON, a member of the wrong JSON type, a filter value out of its set.
@Suite("Admin API request rules", .serialized)
struct AdminRequestRulesTests {
    @Test("a method a path does not have: 405 with Allow and the JSON error, after the token; OPTIONS and HEAD answer")
    func methodNotAllowed() async throws {
        let bridge = try TestBridge(subscriberURL: "http://127.0.0.1:9")
        try await bridge.run { base in
            let admin = AdminClient(base: base, token: bridge.adminToken(.admin))
            for (method, path, allow) in [
                (HTTPMethod.PATCH, "/systems", "GET, POST, HEAD"), (.DELETE, "/systems", "GET, POST, HEAD"),
                (.POST, "/systems/crm", "GET, PUT, DELETE, HEAD"), (.TRACE, "/received-events", "GET, HEAD"),
                (.RAW(value: "QUERY"), "/contracts/x/pause", "POST"), (.PUT, "/openapi.json", "GET, HEAD"),
            ] {
                let answer = try await admin.send(method, path)
                #expect(answer.status == 405, "\(method) \(path)")
                #expect(answer.headers["allow"] == [allow], "\(method) \(path)")
                #expect(answer.json?["error"]?["code"] == .string("method_not_allowed"), "\(answer.body)")
                #expect(answer.headers["content-type"] == ["application/json"])
            }
            let anonymous = try await AdminClient(base: base, token: nil).send(.PATCH, "/systems")
            #expect(anonymous.status == 401, "the token is checked first, as on every admin route")

            let options = try await admin.send(.OPTIONS, "/systems/\(bridge.tag)-crm/keys")
            #expect(options.status == 204)
            #expect(options.headers["allow"] == ["POST, GET, HEAD"])
            let head = try await admin.send(.HEAD, "/systems/\(bridge.tag)-crm")
            #expect(head.status == 200 && head.body.isEmpty)
            #expect(try await admin.send(.GET, "/absent").status == 404, "an unknown path stays 404")
        }
    }

    @Test("a body not labelled JSON is 415; a body that is not an object of the route's members is 400")
    func bodies() async throws {
        let bridge = try TestBridge(subscriberURL: "http://127.0.0.1:9")
        try await bridge.run { base in
            for contentType in ["text/plain", "multipart/form-data", nil] {
                var request = HTTPClientRequest(url: base + "/api/v1/systems")
                request.method = .POST
                request.headers.add(name: "authorization", value: "Bearer \(bridge.adminToken(.admin))")
                if let contentType {
                    request.headers.add(name: "content-type", value: contentType)
                }
                request.body = .bytes(ByteBuffer(string: #"{"name": "Sent as text"}"#))
                let answer = try await HTTP.send(request)
                #expect(answer.status == 415, "\(contentType ?? "no content type")")
                #expect(answer.json?["error"]?["code"] == .string("unsupported_media_type"))
            }
            #expect(AdminRequest.isJSON(contentType: "application/json; charset=utf-8"))
            #expect(AdminRequest.isJSON(contentType: "Application/Problem+JSON"))
            #expect(!AdminRequest.isJSON(contentType: "application/+json") && !AdminRequest.isJSON(contentType: "text/json"))

            let admin = AdminClient(base: base, token: bridge.adminToken(.admin))
            let contract = "/contracts/\(bridge.contract)"
            for body in ["[]", "5", #"{"limit": 1, "all": true}"#, #"{"limit": null}"#] {
                let answer = try await admin.post(contract + "/dead-letters/redrive", body)
                #expect(answer.status == 400, "\(body): \(answer.body)")
            }
            #expect(try await admin.post("/received-events/absent/replay", #"{"contract": null}"#).status == 400)
            let key = try await admin.post("/systems/\(bridge.tag)-crm/keys", #"{"name": "k1", "colour": "red"}"#)
            #expect(key.status == 400, "\(key.body)")
        }
    }

    @Test("members have their JSON type, names are exact, null is not a value: 422 with each problem")
    func strictTypes() async throws {
        let bridge = try TestBridge(subscriberURL: "http://127.0.0.1:9")
        try await bridge.run { base in
            let admin = AdminClient(base: base, token: bridge.adminToken(.admin))
            let system = try await admin.post(
                "/systems", #"{"identifier": "typed-\#(bridge.tag)", "name": 5, "class": "PRODUCER", "description": null, "type": true}"#)
            #expect(system.status == 422, "\(system.body)")
            let problems = AdminRegistryTests.problems(system)
            #expect(Set(problems.keys) == ["name", "class", "description", "type"], "\(problems)")
            #expect(problems["name"] == "expected a string, found a number")
            #expect(problems["description"]?.contains("must not be null") == true)
            #expect(problems["name"].map { !$0.contains("required") } == true)

            let contract = try await admin.post(
                "/contracts",
                #"{"name": "Typed", "event": "\#(bridge.event)", "action": "\#(bridge.tag)-create-account", "order": "3", "active": "true", "#
                    + #""responses": {"success": ["2XX"]}, "retry": {"maxAttempts": 2.5}}"#)
            #expect(contract.status == 422, "\(contract.body)")
            #expect(
                Set(AdminRegistryTests.problems(contract).keys) == ["order", "active", "responses.success[0]", "retry.maxAttempts"],
                "\(contract.body)")

            let valid = try await admin.post("/systems", #"{"identifier": "typed-\#(bridge.tag)", "name": "Typed", "class": "producer"}"#)
            #expect(valid.status == 201, "\(valid.body)")
        }
    }

    @Test("list filters with a set of values refuse another value (400)")
    func filterValues() async throws {
        let bridge = try TestBridge(subscriberURL: "http://127.0.0.1:9")
        try await bridge.run { base in
            let viewer = AdminClient(base: base, token: bridge.adminToken(.viewer))
            for query in ["/systems?class=Producer", "/events?operation=create", "/actions?operation=", "/contracts?active=yes"] {
                let answer = try await viewer.get(query)
                #expect(answer.status == 400, "\(query)")
                #expect(answer.json?["error"]?["code"] == .string("invalid_filter"))
            }
            #expect(try await viewer.get("/systems?class=producer").status == 200)
            #expect(try await viewer.get("/contracts?active=false").status == 200)
        }
    }

    @Test("times in filters are RFC 3339: offsets, any fraction, lower-case t and z; nothing else")
    func times() {
        let noon = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z
        #expect(AdminTime.date("2027-01-15T08:00:00Z") == noon)
        #expect(AdminTime.date("2027-01-15t09:30:00+01:30") == noon)
        #expect(AdminTime.date("2027-01-15T07:00:00-01:00") == noon)
        #expect(AdminTime.date("2027-01-15T08:00:00.5z") == noon.addingTimeInterval(0.5))
        #expect(AdminTime.date("2027-01-15T08:00:00.123456789Z").map { abs($0.timeIntervalSince(noon) - 0.123456789) < 1e-6 } == true)
        #expect(AdminTime.date("2024-02-29T00:00:00Z") != nil)
        for bad in [
            "yesterday", "2027-01-15", "2027-01-15T08:00:00", "2027-01-15 08:00:00Z", "2027-02-29T00:00:00Z",
            "2027-13-01T00:00:00Z", "2027-01-15T24:00:00Z", "2027-01-15T08:00:00.Z", "2027-01-15T08:00:00+0100",
            "2027-01-15T08:00:00Z ", "２027-01-15T08:00:00Z",
        ] {
            #expect(AdminTime.date(bad) == nil, "\(bad)")
        }
    }
}
