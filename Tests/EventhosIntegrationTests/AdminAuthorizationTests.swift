import AMQP
import EventhosCore
import EventhosJSON
import EventhosStore
import EventhosTemplates
import Foundation
import HTTPTypes
import Logging
import NIOHTTP1
import OrderedCollections
import Testing

@testable import EventhosAdmin
@testable import EventhosEngine

/// Every admin route, taken from the API's own route table, refuses callers without a valid token
/// and callers whose role is below the route's; the OpenAPI document lists exactly these routes.
@Suite("Admin API authorization", .serialized)
struct AdminAuthorizationTests {
    @Test("every route: 401 without a valid token, 403 below its role, allowed at or above it")
    func everyRouteChecksTokenAndRole() async throws {
        let bridge = try TestBridge(subscriberURL: "http://127.0.0.1:9")
        let routes = try await Self.routeTable(bridge)
        #expect(routes.count >= 20)
        try await bridge.run { base in
            for route in routes {
                let path = route.path.replacingOccurrences(of: "{id}", with: "absent-row")
                    .replacingOccurrences(of: "{name}", with: "absent-key")
                let body = route.method == .post || route.method == .put ? "{}" : nil
                let method = HTTPMethod(rawValue: route.method.rawValue)
                for token in [nil, "not-a-token", bridge.adminToken(.admin) + "x"] {
                    let answer = try await AdminClient(base: base, token: token).send(method, path, json: body)
                    #expect(answer.status == 401, "\(route.method) \(route.path) with token \(token ?? "none")")
                    #expect(answer.json?["error"]?["code"] == .string("unauthorized"))
                }
                for role in AdminToken.Role.allCases {
                    let answer = try await AdminClient(base: base, token: bridge.adminToken(role)).send(method, path, json: body)
                    if role.permits(route.role) {
                        #expect(![401, 403].contains(answer.status), "\(route.method) \(route.path) as \(role): \(answer.body)")
                    } else {
                        #expect(answer.status == 403, "\(route.method) \(route.path) as \(role)")
                        #expect(answer.json?["error"]?["code"] == .string("forbidden"))
                    }
                }
            }
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
        let document = try #require(OpenAPIController.document, "openapi.json is a resource of EventhosServer")
        let json = try JSONParser.parse(Array(document))
        guard case .object(let paths)? = json["paths"] else {
            Issue.record("no paths")
            return
        }
        var documented = Set<String>()
        for (path, item) in paths {
            guard case .object(let operations) = item else { continue }
            for (method, operation) in operations {
                documented.insert("\(method.uppercased()) \(path) \(operation["x-eventhos-role"]?.stringValue ?? "?")")
            }
        }
        let routed = Set(try await Self.routeTable(TestBridge(subscriberURL: "http://127.0.0.1:9")).map { "\($0.method.rawValue) \($0.path) \($0.role.rawValue)" })
        #expect(documented == routed, "only documented: \(documented.subtracting(routed)); only routed: \(routed.subtracting(documented))")
    }

    /// The route table the bridge's router is built from.
    static func routeTable(_ bridge: TestBridge) async throws -> [AdminRoute] {
        let store = try EventhosStore(path: bridge.storePath, cipher: nil, logger: Logger(label: "test"))
        let registry = try await store.loadRegistry()
        let snapshot = RegistrySnapshot(registry: registry, defaultRetry: .standard)
        let connection = AMQPConnection(
            configuration: try AMQPConfiguration(urls: [TestBridge.brokerURL]), logger: Logger(label: "test"))
        let supervisor = ContractSupervisor(
            registry: registry, snapshot: snapshot, connection: connection, topology: BrokerTopology(queueType: .classic),
            logger: Logger(label: "test"))
        let live = LiveRegistry(
            store: store, reference: RegistryReference(snapshot), supervisor: supervisor, defaultRetry: .standard,
            loaded: registry, announcer: nil)
        let operations = OperationsController(
            connection: connection, registry: RegistryReference(snapshot), store: store,
            metrics: BridgeMetrics(factory: PrometheusExport().factory))
        let control = ContractControlController(
            live: live, connection: connection,
            breakers: CircuitBreakers(metricsFactory: PrometheusExport().factory) { _, _ in }, board: PartitionBoard())
        return AdminAPI(tokens: [], live: live, operations: operations, control: control).routes
    }
}
