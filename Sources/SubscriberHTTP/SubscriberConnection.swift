import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One keep-alive connection to a subscriber's origin and the handler that runs its exchanges.
final class SubscriberConnection: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBound<ExchangeHandler>

    private init(channel: any Channel, handler: NIOLoopBound<ExchangeHandler>) {
        self.channel = channel
        self.handler = handler
    }

    /// Opens a connection to `origin` on `eventLoop`, with TLS when `tls` is given (checking the
    /// certificate against the origin's host name), closed after `idleTimeout` without an exchange.
    static func open(
        to origin: SubscriberTarget.Origin, tls: NIOSSLContext?, idleTimeout: TimeAmount, on eventLoop: any EventLoop,
        deadline: NIODeadline
    ) async throws(SubscriberHTTPError) -> SubscriberConnection {
        let remaining = deadline - .now()
        guard remaining > .zero else { throw .timedOut }
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(remaining)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tls {
                        let isAddress = (try? SocketAddress(ipAddress: origin.host, port: 0)) != nil
                        try pipeline.addHandler(NIOSSLClientHandler(context: tls, serverHostname: isAddress ? nil : origin.host))
                    }
                    try pipeline.addHTTPClientHandlers()
                    try pipeline.addHandler(ExchangeHandler(idleTimeout: idleTimeout))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: origin.host, port: origin.port).get()
        } catch ChannelError.connectTimeout {
            throw .timedOut
        } catch {
            throw .connectFailed(origin: origin.description, cause: "\(error)")
        }
        do {
            return try await channel.eventLoop.submit {
                SubscriberConnection(
                    channel: channel,
                    handler: NIOLoopBound(try channel.pipeline.syncOperations.handler(type: ExchangeHandler.self), eventLoop: channel.eventLoop))
            }.get()
        } catch {
            channel.close(promise: nil)
            throw .connectFailed(origin: origin.description, cause: "\(error)")
        }
    }

    /// Sends one request and waits for its complete answer.
    func send(head: HTTPRequestHead, body: ByteBuffer?, bodyLimit: Int, deadline: NIODeadline) async throws -> ExchangeHandler.Outcome {
        let promise = channel.eventLoop.makePromise(of: ExchangeHandler.Outcome.self)
        if channel.eventLoop.inEventLoop {
            handler.value.send(head: head, body: body, bodyLimit: bodyLimit, deadline: deadline, promise: promise)
        } else {
            channel.eventLoop.execute { [handler] in
                handler.value.send(head: head, body: body, bodyLimit: bodyLimit, deadline: deadline, promise: promise)
            }
        }
        return try await promise.futureResult.get()
    }
}
