import AsyncHTTPClient
import EventhosCore
import EventhosTemplates
import Foundation
import NIOCore
import NIOHTTP1

/// Sends rendered action requests through one shared, pooled HTTP client.
struct ActionExecutor: Sendable {
    /// What one try did.
    struct Result: Sendable {
        var verdict: TryVerdict
        var status: Int?
        var headers: [(name: String, value: String)]
        var body: String?
        var truncated: Bool
        var error: String?
        /// What the subscriber's `Retry-After` asked for.
        var retryAfter: Duration?
        var startedAt: Date
        var finishedAt: Date
    }

    let client: HTTPClient
    /// How many bytes of a response body are kept for the audit.
    let responseBodyLimit: Int

    func execute(_ request: RenderedRequest, extraHeaders: [(String, String)], timeout: Duration) async -> Result {
        let startedAt = Date()
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers {
            outgoing.headers.add(name: header.name, value: header.value)
        }
        for (name, value) in extraHeaders {
            outgoing.headers.replaceOrAdd(name: name, value: value)
        }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        do {
            let response = try await client.execute(outgoing, timeout: .nanoseconds(Int64(timeout.nanoseconds)))
            let (body, truncated) = try await readBody(response.body)
            let status = Int(response.status.code)
            let finishedAt = Date()
            return Result(
                verdict: TryVerdict(status: status), status: status,
                headers: response.headers.map { ($0.name.lowercased(), $0.value) }, body: body, truncated: truncated,
                error: nil, retryAfter: response.headers.first(name: "retry-after").flatMap { RetryAfter.delay($0, now: finishedAt) },
                startedAt: startedAt, finishedAt: finishedAt)
        } catch {
            return Result(
                verdict: .retryable, status: nil, headers: [], body: nil, truncated: false,
                error: Self.describe(error), retryAfter: nil, startedAt: startedAt, finishedAt: Date())
        }
    }

    /// Keeps the first `responseBodyLimit` bytes and drains the rest.
    private func readBody(_ body: HTTPClientResponse.Body) async throws -> (String, Bool) {
        var kept = ByteBuffer()
        var truncated = false
        for try await chunk in body {
            let room = responseBodyLimit - kept.readableBytes
            if chunk.readableBytes > room {
                truncated = true
            }
            if room > 0 {
                kept.writeImmutableBuffer(chunk.getSlice(at: chunk.readerIndex, length: min(room, chunk.readableBytes))!)
            }
        }
        return (String(buffer: kept), truncated)
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "timeout: \(error)"
            default: return "connection error: \(error)"
            }
        }
        return "connection error: \(error)"
    }
}

extension Duration {
    /// The whole duration in nanoseconds.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
