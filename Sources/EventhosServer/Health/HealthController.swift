import EventhosTemplates
import Hummingbird

/// `GET /health/live` (the process answers) and `GET /health/ready` (the bridge can accept and
/// deliver events: broker connected, topology declared, consumers running, store writable).
struct HealthController: Sendable {
    let readiness: Readiness

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/health/live") { _, _ in
            Response.json(.ok, .object(["status": .string("up")]))
        }
        router.get("/health/ready") { _, _ in
            let report = await readiness.report()
            var components = JSONObject()
            for component in report.components {
                components[component.name] = .string(component.state)
            }
            return Response.json(
                report.ready ? .ok : .serviceUnavailable,
                .object(["status": .string(report.ready ? "ready" : "not-ready"), "components": .object(components)]))
        }
    }
}
