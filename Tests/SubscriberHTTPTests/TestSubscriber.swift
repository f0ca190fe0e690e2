import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A subscriber on loopback for the client's tests, answering by path:
/// `/echo` the body back (with the connection's number in `x-connection`), `/big` 10,000 bytes,
/// `/slow` after 200 ms, `/bye` with `connection: close`, `/close` by closing without an answer,
/// `/silent` never.
final class TestSubscriber: Sendable {
    /// What the subscriber has seen.
    struct Seen: Sendable {
        var connections = 0
        var open = 0
        var mostOpen = 0
        var heads: [HTTPRequestHead] = []
    }

    let port: Int
    private let recorded: NIOLockedValueBox<Seen>

    /// What it has seen so far.
    var seen: Seen { recorded.withLockedValue { $0 } }
    private let channel: any Channel

    init(tls: TLSConfiguration? = nil) async throws {
        let seen = NIOLockedValueBox(Seen())
        let context = try tls.map { try NIOSSLContext(configuration: $0) }
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                let number = seen.withLockedValue { seen in
                    seen.connections += 1
                    seen.open += 1
                    seen.mostOpen = max(seen.mostOpen, seen.open)
                    return seen.connections
                }
                channel.closeFuture.whenComplete { _ in seen.withLockedValue { $0.open -= 1 } }
                return channel.eventLoop.makeCompletedFuture {
                    if let context { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context)) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(number: number, seen: seen))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress!.port!
        recorded = seen
    }

    func close() async throws {
        try await channel.close()
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let number: Int
        let seen: NIOLockedValueBox<Seen>
        var head: HTTPRequestHead?
        var body = ByteBuffer()

        init(number: Int, seen: NIOLockedValueBox<Seen>) {
            self.number = number
            self.seen = seen
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body.clear()
                seen.withLockedValue { $0.heads.append(head) }
            case .body(var chunk):
                body.writeBuffer(&chunk)
            case .end:
                switch head?.uri {
                case "/silent": break
                case "/close": context.close(promise: nil)
                case "/big": answer(context, ByteBuffer(repeating: UInt8(ascii: "x"), count: 10_000))
                case "/bye": answer(context, ByteBuffer(string: "bye"), closing: true)
                case "/slow":
                    let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                    context.eventLoop.scheduleTask(in: .milliseconds(200)) {
                        loopBound.value.0.answer(loopBound.value.1, ByteBuffer(string: "slow"))
                    }
                default: answer(context, body)
                }
            }
        }

        func answer(_ context: ChannelHandlerContext, _ body: ByteBuffer, closing: Bool = false) {
            var headers = HTTPHeaders([("content-length", String(body.readableBytes)), ("x-connection", String(number))])
            if closing { headers.add(name: "connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .created, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
                if closing { context.close(promise: nil) }
            }
        }
    }
}
