import EventhosCore
import EventhosTemplates
import Foundation
import NIOCore
import SubscriberHTTP

/// Sends rendered action requests through the subscribers' pooled HTTP client.
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

    let client: SubscriberHTTPClient
    /// How many bytes of a response body are kept for the audit.
    let responseBodyLimit: Int

    package init(client: SubscriberHTTPClient, responseBodyLimit: Int) {
        self.client = client
        self.responseBodyLimit = responseBodyLimit
    }

    func execute(_ request: RenderedRequest, extraHeaders: [(String, String)], timeout: Duration) async -> Result {
        let startedAt = Date()
        let replaced = Set(extraHeaders.map { $0.0.lowercased() })
        let headers =
            request.headers.lazy.filter { !replaced.contains($0.name.lowercased()) }.map { (name: $0.name, value: $0.value) }
            + extraHeaders.map { (name: $0.0, value: $0.1) }
        let outgoing = SubscriberRequest(method: request.method, url: request.url, headers: headers, body: request.body)
        do throws(SubscriberHTTPError) {
            let response = try await client.execute(
                outgoing, responseBodyLimit: responseBodyLimit, deadline: .now() + .nanoseconds(timeout.nanoseconds))
            let finishedAt = Date()
            return Result(
                verdict: TryVerdict(status: response.status), status: response.status,
                headers: response.headers.map { ($0.name.lowercased(), $0.value) }, body: String(decoding: response.body, as: UTF8.self),
                truncated: response.truncated, failure: nil,
                retryAfter: response.header("retry-after").flatMap { RetryAfter.delay($0, now: finishedAt) },
                startedAt: startedAt, finishedAt: finishedAt)
        } catch {
            return Result(
                verdict: .retryable, status: nil, headers: [], body: nil, truncated: false,
                failure: TryFailure(error), retryAfter: nil, startedAt: startedAt, finishedAt: Date())
        }
    }
}

extension Duration {
    /// The whole duration in nanoseconds.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
