import AsyncHTTPClient
import ServiceLifecycle

/// Owns the HTTP client of the actions' tries: it runs until the service group shuts down and
/// then shuts the client down, after the services started later (the workers) have stopped.
public struct HTTPClientService: Service {
    public let client: HTTPClient

    /// A pooled client on NIO's shared event loops; redirects are not followed and bodies are
    /// passed as sent.
    public init() {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, decompression: .disabled)
        configuration.tracing.tracer = nil  // a try has its own span, which hides the query (ActionCall+TrySpan)
        // A refused connect fails its try at once, recorded as a connection error: the broker's
        // retry schedule tries again, rather than the client retrying the connect for the whole
        // timeout. The timeout stays for slow answers.
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func run() async throws {
        try? await gracefulShutdown()  // returns at the group's graceful shutdown, throws when cancelled
        try await client.shutdown()
    }
}
