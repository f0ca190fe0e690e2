import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A real HTTP subscriber that records every request and answers scripted statuses
/// (per path, in turn, the last one repeating; 200 by default).
final class TestSubscriber: Sendable {
    struct Recorded: Sendable {
        var method: String
        var path: String
        var query: [String: String]
        var headers: [String: String]
        var body: String
        var at: ContinuousClock.Instant
        /// The status answered.
        var status: Int = 0
    }

    private struct State {
        var requests: [Recorded] = []
        var scripts: [String: [Int]] = [:]
        /// How long every answer waits (a slow subscriber).
        var delay: Duration = .zero
        /// `Retry-After` sent with the failures of a path.
        var retryAfter: [String: String] = [:]
        /// JSON bodies answered on a path (see `respond`).
        var bodies: [String: String] = [:]
        /// Paths under a prefix that fail at random (see `failAtRandom`).
        var randomFailures: [(prefix: String, share: Double)] = []
    }

    private let state = Mutex(State())
    let port = Mutex(0)

    /// The subscriber's HTTP server, to run in a service group.
    func application() -> some ApplicationProtocol {
        let router = Router()
        router.on("**", method: .post, use: record)
        router.on("**", method: .put, use: record)
        router.on("**", method: .get, use: record)
        router.on("**", method: .patch, use: record)
        router.on("**", method: .delete, use: record)
        return Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in self.port.withLock { $0 = channel.localAddress?.port ?? 0 } })
    }

    var url: String {
        "http://127.0.0.1:\(port.withLock { $0 })"
    }

    /// Scripts the statuses of `path`; failures (non-2xx) carry `retryAfter` as `Retry-After`.
    func script(_ path: String, _ statuses: [Int], retryAfter: String? = nil) {
        state.withLock {
            $0.scripts[path] = statuses
            $0.retryAfter[path] = retryAfter
        }
    }

    /// Answers `json` on `path` instead of `{"ok":...}`; `{n}` in it stands for the number of
    /// requests the path received, this one included.
    func respond(_ path: String, json: String) {
        state.withLock { $0.bodies[path] = json }
    }

    /// Answers 503 to `share` of the requests under `prefix`, at random (unless a path is scripted).
    func failAtRandom(under prefix: String, share: Double) {
        state.withLock { $0.randomFailures.append((prefix, share)) }
    }

    /// Makes every answer wait `delay`, as a slow subscriber would.
    func delayAnswers(by delay: Duration) {
        state.withLock { $0.delay = delay }
    }

    func requests(at path: String) -> [Recorded] {
        state.withLock { $0.requests.filter { $0.path == path } }
    }

    var all: [Recorded] {
        state.withLock { $0.requests }
    }

    /// Waits until `count` requests reached `path`.
    func wait(for path: String, count: Int = 1, timeout: Duration = .seconds(15)) async throws -> [Recorded] {
        try await eventually(timeout: timeout) {
            let seen = requests(at: path)
            return seen.count >= count ? seen : nil
        } ?? requests(at: path)
    }

    @Sendable private func record(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters {
            query[String(name)] = String(value)
        }
        var headers: [String: String] = [:]
        for field in request.headers {
            headers[field.name.canonicalName] = field.value
        }
        let path = request.uri.path
        try await Task.sleep(for: state.withLock { $0.delay })
        let (status, retryAfter) = state.withLock { state -> (Int, String?) in
            var recorded = Recorded(
                method: request.method.rawValue, path: path, query: query, headers: headers, body: String(buffer: body), at: .now)
            defer { state.requests.append(recorded) }
            guard var statuses = state.scripts[path], !statuses.isEmpty else {
                let failing = state.randomFailures.contains { path.hasPrefix($0.prefix) && Double.random(in: 0..<1) < $0.share }
                recorded.status = failing ? 503 : 200
                return (recorded.status, nil)
            }
            let next = statuses.count > 1 ? statuses.removeFirst() : statuses[0]
            state.scripts[path] = statuses
            recorded.status = next
            return (next, next >= 300 ? state.retryAfter[path] : nil)
        }
        let answer = state.withLock { state in
            state.bodies[path].map { $0.replacingOccurrences(of: "{n}", with: String(state.requests.count { $0.path == path })) }
        }
        var answerHeaders: HTTPFields = [.contentType: "application/json"]
        answerHeaders[.retryAfter] = retryAfter
        return Response(
            status: .init(code: status), headers: answerHeaders,
            body: .init(byteBuffer: ByteBuffer(string: answer ?? #"{"ok":\#(status < 300)}"#)))
    }
}
