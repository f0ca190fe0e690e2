import EventhosJSON
import EventhosTemplates
import Hummingbird
import OrderedCollections

/// `GET /health/live` (the process answers) and `GET /health/ready` (the bridge can accept and
/// deliver events: broker connected and not blocked, topology declared, consumers running, store
/// writable). The ready body names each component's state, and why one is not usable:
/// `{"status": "not-ready", "components": {"broker.publish": "blocked", …}, "details": {"broker.publish": "…"}}`.
package struct HealthController: Sendable {
    let readiness: Readiness

    package func addRoutes(to router: Router<some RequestContext>) {
        router.get("/health/live") { _, _ in
            Response.json(.ok, .object(["status": .string("up")]))
        }
        router.get("/health/ready") { _, _ in
            let report = await readiness.report()
            var components = JSONObject()
            var details = JSONObject()
            for component in report.components {
                components[component.name] = .string(component.state)
                if let detail = component.detail {
                    details[component.name] = .string(detail)
                }
            }
            return Response.json(
                report.ready ? .ok : .serviceUnavailable,
                .object([
                    "status": .string(report.ready ? "ready" : "not-ready"), "components": .object(components),
                    "details": .object(details),
                ]))
        }
    }
}
