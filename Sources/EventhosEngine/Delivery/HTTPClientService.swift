import AsyncHTTPClient
import ServiceLifecycle
import SubscriberHTTP

/// Owns the HTTP clients of the actions: it runs until the service group shuts down and then
/// shuts the clients down, after the services started later (the workers) have stopped.
public struct HTTPClientService: Service {
    /// The actions' tries on subscribers.
    public let subscribers: SubscriberHTTPClient
    /// The rest: OAuth token endpoints.
    public let client: HTTPClient

    /// Pooled clients on NIO's shared event loops; redirects are not followed and bodies are
    /// passed as sent.
    public init() throws {
        subscribers = try SubscriberHTTPClient()
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
        await subscribers.shutdown()
        try await client.shutdown()
    }
}
