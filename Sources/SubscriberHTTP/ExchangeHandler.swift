import NIOCore
import NIOHTTP1
import NIOSSL

/// The end of a subscriber connection's pipeline: sends one request at a time and collects its
/// answer, keeping the first bytes of the body up to a limit.
///
/// Runs on its channel's event loop only. A deadline closes the connection: an answer that comes
/// late cannot be told from the next one's.
final class ExchangeHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    /// What an exchange yields: the answer, and whether the connection can carry another request.
    struct Outcome {
        var response: SubscriberResponse
        var reusable: Bool
    }

    private struct Exchange {
        var promise: EventLoopPromise<Outcome>
        var bodyLimit: Int
        var deadline: Scheduled<Void>
        var keepAlive: Bool
        var head: HTTPResponseHead?
        var body: [UInt8] = []
        var truncated = false
    }

    /// How long the connection may stay idle before it is closed: longer than the keep-alive of
    /// most servers (which close first), short enough that a connection a middlebox dropped
    /// silently is not found dead by a try.
    private let idleTimeout: TimeAmount
    private var context: ChannelHandlerContext?
    private var exchange: Exchange?
    private var idleTimer: Scheduled<Void>?
    /// What failed the connection while no exchange ran on it (a TLS handshake refused before the
    /// first request reached the loop, bytes nobody asked for): the next exchange reports it.
    private var idleFailure: SubscriberHTTPError?

    init(idleTimeout: TimeAmount) {
        self.idleTimeout = idleTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Sends `head` and `body`; `promise` gets the answer, or fails when the deadline passes or the
    /// connection fails first.
    func send(
        head: HTTPRequestHead, body: ByteBuffer?, bodyLimit: Int, deadline: NIODeadline,
        promise: EventLoopPromise<Outcome>
    ) {
        guard let context, context.channel.isActive, exchange == nil else {
            promise.fail(idleFailure ?? ExchangeError.notSent)
            return
        }
        guard deadline > .now() else {
            promise.fail(SubscriberHTTPError.timedOut)
            return
        }
        idleTimer?.cancel()
        idleTimer = nil
        let timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            fail(.timedOut)
        }
        exchange = Exchange(promise: promise, bodyLimit: bodyLimit, deadline: timer, keepAlive: head.isKeepAlive)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard var current = exchange.take() else {
            // Bytes nobody asked for: the connection cannot be trusted with a request.
            context.close(promise: nil)
            return
        }
        switch unwrapInboundIn(data) {
        case .head(let head):
            current.head = head
            // After `101 Switching Protocols` the bytes are no longer HTTP/1.1.
            current.keepAlive = current.keepAlive && head.isKeepAlive && head.status != .switchingProtocols
        case .body(var chunk):
            let room = current.bodyLimit - current.body.count
            if chunk.readableBytes > room { current.truncated = true }
            if room > 0, let kept = chunk.readBytes(length: min(room, chunk.readableBytes)) {
                current.body.append(contentsOf: kept)
            }
        case .end:
            current.deadline.cancel()
            guard let head = current.head else {
                context.close(promise: nil)
                current.promise.fail(SubscriberHTTPError.connectionLost(cause: "an answer ended before its status line"))
                return
            }
            let response = SubscriberResponse(
                status: Int(head.status.code), headers: head.headers.map { ($0.name, $0.value) }, body: current.body,
                truncated: current.truncated)
            current.keepAlive = current.keepAlive && context.channel.isActive
            if current.keepAlive {
                idleTimer = context.eventLoop.assumeIsolated().scheduleTask(in: idleTimeout) {
                    context.close(promise: nil)
                }
            } else {
                context.close(promise: nil)
            }
            current.promise.succeed(Outcome(response: response, reusable: current.keepAlive))
            return
        }
        exchange = current
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let failure: SubscriberHTTPError
        switch error {
        case NIOSSLError.handshakeFailed, is NIOSSLExtraError: failure = .tlsFailed(cause: "\(error)")
        default: failure = .connectionLost(cause: "\(error)")
        }
        if exchange == nil { idleFailure = failure }
        fail(failure)
        // A decoder that failed stays failed: the connection cannot carry another exchange.
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        fail(.connectionLost(cause: "the subscriber closed the connection"))
        context.fireChannelInactive()
    }

    /// Fails the exchange in progress, if any, and closes the connection.
    private func fail(_ error: SubscriberHTTPError) {
        guard let failed = exchange.take() else { return }
        failed.deadline.cancel()
        context?.close(promise: nil)
        failed.promise.fail(error)
    }
}

/// How an exchange failed before its request left.
enum ExchangeError: Error {
    /// The connection was closed (or busy) before the request was written: it can be sent on another.
    case notSent

    var reported: SubscriberHTTPError {
        .connectionLost(cause: "the connection was closed before the request was sent")
    }
}
