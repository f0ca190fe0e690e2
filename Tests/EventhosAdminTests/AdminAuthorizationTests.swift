import AMQP
import EventhosCore
import EventhosJSON
import EventhosStore
import EventhosTemplates
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import OrderedCollections
import Testing

@testable import EventhosAdmin
@testable import EventhosEngine

/// Every route of the OpenAPI document, with every role, through the admin API's own router in
/// process (HummingbirdTesting): callers without a valid token get 401, callers below the
/// documented role 403, the others get through. The document lists exactly the API's routes.
///
/// No broker: the API's broker connection is stopped before the first request, so the handlers
/// that need the broker fail at once with an error of their own (never 401 or 403). The store is a
/// SQLite file of the test's own.
@Suite("Admin API authorization")
struct AdminAuthorizationTests {
    /// One token per role.
    static func token(_ role: AdminToken.Role) -> String { "\(role.rawValue)-token-0123456789" }

    static let tokens = AdminToken.Role.allCases.map {
        AdminToken(name: $0.rawValue, tokenHash: ProducerKeyHash(key: token($0)), role: $0)
    }

    /// What stands for a path parameter: a row that does not exist, a partition number.
    static let parameters = ["id": "absent-row", "name": "absent-key", "partition": "0"]

    @Test("every documented route × every role: 401 without a valid token, 403 below its role, allowed at or above it")
    func everyRouteChecksTokenAndRole() async throws {
        let routes = try Self.documentedRoutes()
        #expect(routes.count >= 30)
        try await Self.withAdminAPI { api in
            let router = Router()
            api.addRoutes(to: router)
            let checked = try await Application(router: router).test(.router) { client in
                var checked = 0
                for route in routes {
                    let uri = AdminAPI.basePath + Self.filled(route.path)
                    let body = route.method == .post || route.method == .put ? ByteBuffer(string: "{}") : nil
                    let name = "\(route.method) \(route.path)"
                    for token in [nil, "not-a-token", Self.token(.admin) + "x"] {
                        var headers: HTTPFields = [.contentType: "application/json"]
                        headers[.authorization] = token.map { "Bearer \($0)" }
                        let answer = try await client.execute(uri: uri, method: route.method, headers: headers, body: body)
                        #expect(answer.status == .unauthorized, "\(name) with token \(token ?? "none")")
                        #expect(Self.errorCode(answer) == "unauthorized", "\(name)")
                        checked += 1
                    }
                    for role in AdminToken.Role.allCases {
                        let headers: HTTPFields = [.contentType: "application/json", .authorization: "Bearer \(Self.token(role))"]
                        let answer = try await client.execute(uri: uri, method: route.method, headers: headers, body: body)
                        if role.permits(route.role) {
                            #expect(
                                ![.unauthorized, .forbidden].contains(answer.status),
                                "\(name) as \(role): \(answer.status) \(String(buffer: answer.body))")
                        } else {
                            #expect(answer.status == .forbidden, "\(name) as \(role)")
                            #expect(Self.errorCode(answer) == "forbidden", "\(name) as \(role)")
                        }
                        checked += 1
                    }
                }
                return checked
            }
            #expect(checked == routes.count * (3 + AdminToken.Role.allCases.count))
        }
    }

    @Test("roles: viewer reads, operator reads, admin writes")
    func roleOrder() {
        #expect(AdminToken.Role.admin.permits(.admin) && AdminToken.Role.admin.permits(.viewer))
        #expect(AdminToken.Role.operator.permits(.operator) && AdminToken.Role.operator.permits(.viewer))
        #expect(!AdminToken.Role.operator.permits(.admin))
        #expect(AdminToken.Role.viewer.permits(.viewer) && !AdminToken.Role.viewer.permits(.operator))
    }

    @Test("the OpenAPI document in the repository lists exactly the routes, with their roles")
    func openAPIMatchesRoutes() async throws {
        let documented = Set(try Self.documentedRoutes().map { "\($0.method.rawValue) \($0.path) \($0.role.rawValue)" })
        let routed = try await Self.withAdminAPI { api in
            Set(api.routes.map { "\($0.method.rawValue) \($0.path) \($0.role.rawValue)" })
        }
        #expect(documented == routed, "only documented: \(documented.subtracting(routed)); only routed: \(routed.subtracting(documented))")
    }

    /// A route as the OpenAPI document has it.
    struct DocumentedRoute: Sendable {
        var method: HTTPRequest.Method
        var path: String
        var role: AdminToken.Role
    }

    /// Every operation of `openapi.json` (the resource the API serves) with its `x-eventhos-role`.
    static func documentedRoutes() throws -> [DocumentedRoute] {
        let document = try #require(OpenAPIController.document, "openapi.json is a resource of EventhosAdmin")
        guard case .object(let paths)? = try JSONParser.parse(Array(document))["paths"] else {
            Issue.record("no paths")
            return []
        }
        var routes: [DocumentedRoute] = []
        for (path, item) in paths {
            guard case .object(let operations) = item else { continue }
            for (method, operation) in operations {
                let role = Self.text(operation["x-eventhos-role"]).flatMap(AdminToken.Role.init(rawValue:))
                routes.append(
                    DocumentedRoute(
                        method: try #require(HTTPRequest.Method(method.uppercased()), "\(method) \(path)"), path: path,
                        role: try #require(role, "\(method) \(path): no x-eventhos-role")))
            }
        }
        return routes
    }

    /// `path` with every `{parameter}` replaced.
    static func filled(_ path: String) -> String {
        parameters.reduce(path) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }

    /// The `error.code` of a JSON error body.
    static func errorCode(_ answer: TestResponse) -> String? {
        text((try? JSONParser.parse(Array(answer.body.readableBytesView)))?["error"]?["code"])
    }

    static func text(_ value: JSONValue?) -> String? {
        guard case .string(let text)? = value else { return nil }
        return text
    }

    /// Runs `body` with the admin API built as a bridge builds it, over a new SQLite store and a
    /// broker connection that is stopped: nothing is connected, nothing waits for a broker.
    static func withAdminAPI<Result: Sendable>(_ body: (AdminAPI) async throws -> Result) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eventhos-admin-api-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let store = try EventhosStore(path: directory.appendingPathComponent("eventhos.sqlite").path, cipher: nil, logger: quiet)
        let registry = try await store.loadRegistry()
        let snapshot = RegistrySnapshot(registry: registry, defaultRetry: .standard)
        // Nothing listens on port 1. A connection whose service never ran would queue the
        // handlers' broker commands until it connects; a stopped one refuses them at once.
        let connection = AMQPConnection(
            configuration: try AMQPConfiguration(urls: ["amqp://guest:guest@127.0.0.1:1/%2f"]), logger: quiet)
        let running = Task { try? await connection.run() }
        running.cancel()
        await running.value
        let supervisor = ContractSupervisor(
            registry: registry, snapshot: snapshot, connection: connection, topology: BrokerTopology(queueType: .classic),
            logger: quiet)
        let live = LiveRegistry(
            store: store, reference: RegistryReference(snapshot), supervisor: supervisor, defaultRetry: .standard,
            loaded: registry, announcer: nil)
        let operations = OperationsController(
            connection: connection, registry: RegistryReference(snapshot), store: store,
            metrics: BridgeMetrics(factory: PrometheusExport().factory))
        let control = ContractControlController(
            live: live, connection: connection,
            breakers: CircuitBreakers(metricsFactory: PrometheusExport().factory) { _, _ in }, board: PartitionBoard())
        return try await body(AdminAPI(tokens: tokens, live: live, operations: operations, control: control))
    }
}
