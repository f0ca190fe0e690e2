import AsyncHTTPClient
import EventhosCore
import EventhosTemplates
import Foundation
import NIOCore
import NIOHTTP1

/// Sends rendered action requests through one shared, pooled HTTP client.
package struct ActionExecutor: Sendable {
    /// What one try did.
    package struct Result: Sendable {
        var verdict: TryVerdict
        package var status: Int?
        package var headers: [(name: String, value: String)]
        package var body: String?
        package var truncated: Bool
        /// Why there was no answer; `nil` when the subscriber answered.
        package var failure: TryFailure?
        /// What the subscriber's `Retry-After` asked for.
        var retryAfter: Duration?
        package var startedAt: Date
        package var finishedAt: Date

        /// What went wrong, as a dead letter's `eventhos-last-error` and an operator event tell it.
        var lastError: String {
            failure?.description ?? "HTTP \(status ?? 0)"
        }
    }

    let client: HTTPClient
    /// How many bytes of a response body are kept for the audit.
    let responseBodyLimit: Int

    package init(client: HTTPClient, responseBodyLimit: Int) {
        self.client = client
        self.responseBodyLimit = responseBodyLimit
    }

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
                failure: nil, retryAfter: response.headers.first(name: "retry-after").flatMap { RetryAfter.delay($0, now: finishedAt) },
                startedAt: startedAt, finishedAt: finishedAt)
        } catch {
            return Result(
                verdict: .retryable, status: nil, headers: [], body: nil, truncated: false,
                failure: TryFailure(error), retryAfter: nil, startedAt: startedAt, finishedAt: Date())
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

}

extension Duration {
    /// The whole duration in nanoseconds.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
