import Hummingbird
import NIOCore

/// `GET /metrics`: the bridge's metrics in the Prometheus text exposition format.
package struct MetricsController: Sendable {
    let export: PrometheusExport

    package func addRoutes(to router: Router<some RequestContext>) {
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: export.render())))
        }
    }
}
