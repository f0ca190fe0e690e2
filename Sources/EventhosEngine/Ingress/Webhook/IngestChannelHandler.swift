import HTTPTypes
import NIOCore
import NIOHTTPTypes
import Tracing

/// Answers `POST /event/send` on the connection's channel pipeline; every other request passes
/// on to Hummingbird's router.
///
/// An event is read and answered here, on the connection's event loop, with one task for its
/// admission and publish: it takes no turn through Hummingbird's request task, its router and its
/// response writer, which cost about as much CPU as the rest of the ingest at ordinary rates
/// (benchmarks/README.md). Hummingbird adds the handler to every HTTP/1.1 connection, after the
/// HTTP codec and before its own connection state (``Engine/httpServer(serverName:tracer:)``).
///
/// Requests are answered one at a time and in order (``IngestConnectionState``); the end of the
/// input and the decoder's errors reach Hummingbird only after the answers due before them. On a
/// graceful shutdown an event being answered is answered, with `connection: close`, before the
/// connection closes, and a shutdown waits for the events of connections already closed
/// (``EventsInFlight``).
final class IngestChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let ingress: WebhookIngress
    /// The tracer of the ingest's spans; `nil` for the bootstrapped one. The event's task is not a
    /// child of the server's, so it does not inherit a tracer bound with `withTracer`.
    private let tracer: (any Tracer)?
    private let serverName: String
    private var state: IngestConnectionState
    private var date = HTTPDateCache()
    /// The handler's context while it is in the pipeline: an answer that comes after it left is dropped.
    private var context: ChannelHandlerContext?
    /// The end of the input, when it came while requests were held here: passed on once they are answered.
    private var inputClosedHeld = false
    /// The decoder's error, when it came while requests were held here: passed on once they are answered.
    private var errorHeld: (any Error)?

    init(ingress: WebhookIngress, tracer: (any Tracer)?, serverName: String) {
        self.ingress = ingress
        self.tracer = tracer
        self.serverName = serverName
        self.state = IngestConnectionState(maxBodyBytes: ingress.maxBodyBytes)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        perform(state.received(unwrapInboundIn(data)), context: context)
    }

    func read(context: ChannelHandlerContext) {
        if state.read() {
            context.read()
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
        if case .end = unwrapOutboundIn(data) {
            state.responseWritten()
            resumeQueued(context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // Hummingbird's connection state closes a connection it thinks idle at once: it does not
        // know of the event being answered here.
        if event is ChannelShouldQuiesceEvent {
            state.closeAfterCurrent()
            if state.isAnsweringEvent { return }
        }
        // A producer that shut its side after its requests still gets their answers: Hummingbird
        // shuts the connection's output when it sees the input end.
        if event as? ChannelEvent == .inputClosed, state.holdsRequests {
            inputClosedHeld = true
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Hummingbird answers a decoder's error at once and closes: not before the answers due.
        if state.holdsRequests {
            errorHeld = errorHeld ?? error
            return
        }
        context.fireErrorCaught(error)
    }

    private func perform(_ action: IngestConnectionState.Action, context: ChannelHandlerContext) {
        switch action {
        case .kept:
            break
        case .passOn(let part):
            context.fireChannelRead(wrapInboundOut(part))
        case .ingest(let request):
            let ingress = ingress
            let tracer = tracer
            ingress.eventsInFlight.started()
            context.eventLoop.makeFutureWithTask {
                defer { ingress.eventsInFlight.finished() }
                guard let tracer else { return await ingress.answer(request) }
                return await withTracer(tracer) { await ingress.answer(request) }
            }
                .assumeIsolated()
                .whenSuccess { answer in self.write(answer) }
        }
    }

    private func write(_ answer: WebhookAnswer) {
        guard let context else { return }
        let close = state.isClosing
        var head = HTTPResponse(status: answer.status, headerFields: answer.headers)
        head.headerFields[.contentLength] = String(answer.body.readableBytes)
        head.headerFields[.date] = date.now()
        head.headerFields[.server] = serverName
        if close {
            head.headerFields[.connection] = "close"
        }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(answer.body)), promise: nil)
        state.answerWritten()
        guard close else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            resumeQueued(context: context)
            return
        }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    /// Handles the parts that waited for the answer just written, and the read held back meanwhile.
    private func resumeQueued(context: ChannelHandlerContext) {
        var passedOn = false
        while let action = state.nextQueued() {
            if case .passOn = action {
                passedOn = true
            }
            perform(action, context: context)
        }
        // Hummingbird's channel hands what it read to its request task at the end of a read.
        if passedOn {
            context.fireChannelReadComplete()
        }
        if !state.holdsRequests {
            if let error = errorHeld {
                errorHeld = nil
                context.fireErrorCaught(error)
            }
            if inputClosedHeld {
                inputClosedHeld = false
                context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
            }
        }
        if state.releaseRead() {
            context.read()
        }
    }
}
