import EventhosJSON
import EventhosTemplates
import NIOHTTP1
import Synchronization
import Testing

@testable import EventhosEngine

@Suite("OAuth token cache")
struct OAuthTokenSourceTests {
    /// A token endpoint that counts its calls and answers `token-<n>` after a short pause.
    final class Endpoint: Sendable {
        let calls = Mutex(0)
        let failing = Mutex(false)
        let lifetime: Duration

        init(lifetime: Duration = .seconds(60)) {
            self.lifetime = lifetime
        }

        func fetch() async throws(TokenEndpointError) -> OAuthToken {
            let call = calls.withLock { calls in
                calls += 1
                return calls
            }
            try? await Task.sleep(for: .milliseconds(50))
            if failing.withLock({ $0 }) {
                throw TokenEndpointError("HTTP 503")
            }
            return OAuthToken(accessToken: "token-\(call)", lifetime: lifetime, receivedAt: .now, response: .null)
        }
    }

    @Test("many concurrent tries share one fetch, then the cached token")
    func oneFetchInFlight() async throws {
        let endpoint = Endpoint()
        let source = OAuthTokenSource { () async throws(TokenEndpointError) in try await endpoint.fetch() }
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 {
                group.addTask { try await source.token().accessToken }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(tokens == ["token-1"])
        #expect(try await source.token().accessToken == "token-1")
        #expect(endpoint.calls.withLock { $0 } == 1)
    }

    @Test("a token is refreshed shortly before it expires: 10 % of its lifetime, at most 30 s")
    func refreshBeforeExpiry() async throws {
        let endpoint = Endpoint(lifetime: .seconds(100))
        let source = OAuthTokenSource { () async throws(TokenEndpointError) in try await endpoint.fetch() }
        let first = try await source.token()
        #expect(try await source.token(now: .now + .seconds(89)).accessToken == "token-1")
        #expect(try await source.token(now: .now + .seconds(91)).accessToken == "token-2")
        let long = OAuthToken(accessToken: "t", lifetime: .seconds(3600), receivedAt: first.refreshAt, response: .null)
        #expect(long.refreshAt == first.refreshAt + .seconds(3570))
    }

    @Test("a refused token is fetched anew once, however many tries were refused")
    func refusedToken() async throws {
        let endpoint = Endpoint()
        let source = OAuthTokenSource { () async throws(TokenEndpointError) in try await endpoint.fetch() }
        let refused = try await source.token()
        await source.refused(refused)
        #expect(try await source.token().accessToken == "token-2")
        await source.refused(refused)  // a late 401 to the old token changes nothing
        #expect(try await source.token().accessToken == "token-2")
        #expect(endpoint.calls.withLock { $0 } == 2)
    }

    @Test("a failed fetch fails its waiters, and the next try fetches again")
    func failureIsNotCached() async throws {
        let endpoint = Endpoint()
        endpoint.failing.withLock { $0 = true }
        let source = OAuthTokenSource { () async throws(TokenEndpointError) in try await endpoint.fetch() }
        await #expect(throws: TokenEndpointError("HTTP 503")) { try await source.token() }
        endpoint.failing.withLock { $0 = false }
        #expect(try await source.token().accessToken == "token-2")
    }

    @Test("token responses: access_token and expires_in read, errors described without the body")
    func tokenResponses() throws {
        let now = ContinuousClock.now
        let token = try OAuthTokenEndpoint.token(
            status: 200, headers: ["X-Trace": "t1"], body: Array(#"{"access_token":"abc","expires_in":"120"}"#.utf8),
            receivedAt: now)
        #expect(token.accessToken == "abc")
        #expect(token.refreshAt == now + .seconds(108))
        #expect(token.response["headers"]?["x-trace"] == .string("t1"))
        #expect(token.response["body"]?["expires_in"] == .string("120"))
        #expect(throws: TokenEndpointError("HTTP 401 (invalid_client)")) {
            try OAuthTokenEndpoint.token(
                status: 401, headers: [:], body: Array(#"{"error":"invalid_client","echo":"secret"}"#.utf8), receivedAt: now)
        }
        #expect(throws: TokenEndpointError("HTTP 200 without an access_token")) {
            try OAuthTokenEndpoint.token(status: 200, headers: [:], body: Array("<html>".utf8), receivedAt: now)
        }
    }
}
