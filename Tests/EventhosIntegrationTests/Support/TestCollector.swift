import Hummingbird
import NIOCore
import Synchronization

/// An OpenTelemetry collector that records every OTLP/HTTP export posted to `/v1/traces`.
final class TestCollector: Sendable {
    struct Export: Sendable {
        var contentType: String?
        var body: [UInt8]
    }

    private let recorded = Mutex<[Export]>([])
    private let port = Mutex(0)

    /// The collector's HTTP server, to run in a service group.
    func application() -> some ApplicationProtocol {
        let router = Router()
        router.post("/v1/traces") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 16 << 20)
            let export = Export(contentType: request.headers[.contentType], body: Array(body.readableBytesView))
            self.recorded.withLock { $0.append(export) }
            return Response(status: .ok, headers: [.contentType: "application/x-protobuf"])
        }
        return Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in self.port.withLock { $0 = channel.localAddress?.port ?? 0 } })
    }

    /// The base URL (the OTLP endpoint), once the server listens.
    var url: String {
        "http://127.0.0.1:\(port.withLock { $0 })"
    }

    var exports: [Export] {
        recorded.withLock { $0 }
    }
}
