import Hummingbird
import NIOCore

/// `GET /metrics`: the bridge's metrics in the Prometheus text exposition format.
struct MetricsController: Sendable {
    let export: PrometheusExport

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: export.render())))
        }
    }
}
