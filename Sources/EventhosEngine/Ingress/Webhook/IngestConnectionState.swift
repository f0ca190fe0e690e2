import DequeModule
import HTTPTypes
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// What one HTTP connection's ``IngestChannelHandler`` is doing: the state machine that keeps
/// `POST /event/send`, answered on the channel pipeline, and every other request, passed on to
/// Hummingbird's router, answered one at a time and in the order they came.
///
/// A request is *current* from its head until both its last part was read and its response was
/// written. Parts that arrive after the current request was read whole wait in ``queued`` until it
/// is answered (HTTP/1.1 pipelining); so does reading from the socket. Once the connection is to
/// close after the current request (it asked for `connection: close`, or the server is stopping),
/// what comes after it is dropped unread: the connection closes before it could be answered.
struct IngestConnectionState {
    /// What the handler does with what it was told.
    enum Action {
        /// The part was kept: collected into an event, or queued behind the request being answered.
        case kept
        /// Pass the part on to Hummingbird.
        case passOn(HTTPRequestPart)
        /// Answer this event on the pipeline (its request was read whole).
        case ingest(WebhookRequest)
    }

    /// The request being answered.
    private enum Current {
        /// An event whose body is being read into ``body``.
        case collecting(head: HTTPRequest, uri: URI)
        /// An event read whole, being answered here.
        case answering
        /// A request of Hummingbird's.
        case passedOn(requestRead: Bool, responseWritten: Bool)
    }

    /// The largest body accepted; a larger one is read and dropped, and answered 413.
    let maxBodyBytes: Int
    private var current: Current?
    /// The body of the event being read: `nil` until its first part, and once it exceeds ``maxBodyBytes``.
    private var body: ByteBuffer?
    private var bodyTooLarge = false
    private var queued: Deque<HTTPRequestPart> = []
    /// A `read` held back while a request read whole waits for its answer.
    private(set) var readHeldBack = false
    /// Whether the connection closes once the current request is answered.
    private(set) var isClosing = false

    init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    /// Whether the request being answered is one of the pipeline's own (a quiescing connection
    /// must wait for it, as Hummingbird does not know of it).
    var isAnsweringEvent: Bool {
        switch current {
        case .collecting, .answering: true
        case .passedOn, nil: false
        }
    }

    /// Whether requests are held here: a request read whole waits for its answer, or parts are
    /// queued behind it. The end of the connection's input and the decoder's errors must wait for
    /// them, or Hummingbird would close the connection first. An event whose body is still being
    /// read is not held: it will never be whole.
    var holdsRequests: Bool { waitsForAnswer || !queued.isEmpty }

    /// The connection closes once the current request is answered (the server is stopping).
    mutating func closeAfterCurrent() {
        isClosing = true
    }

    /// Whether a read from the socket may go ahead: not while a request read whole waits for its answer.
    mutating func read() -> Bool {
        guard waitsForAnswer else { return true }
        readHeldBack = true
        return false
    }

    /// A part decoded from the connection.
    mutating func received(_ part: HTTPRequestPart) -> Action {
        if isClosing, current == nil || waitsForAnswer {
            return .kept  // after the last request: dropped
        }
        if waitsForAnswer || !queued.isEmpty {
            queued.append(part)
            return .kept
        }
        return handle(part)
    }

    /// Hummingbird wrote the last part of its response.
    mutating func responseWritten() {
        guard case .passedOn(let requestRead, _) = current else { return }
        current = requestRead ? nil : .passedOn(requestRead: false, responseWritten: true)
    }

    /// The pipeline wrote its answer to the current event.
    mutating func answerWritten() {
        guard case .answering = current else { return }
        current = nil
    }

    /// The next queued part that may be handled now, with what to do with it; `nil` when none may.
    /// Call it until `nil` after ``responseWritten()`` and ``answerWritten()``.
    mutating func nextQueued() -> Action? {
        if isClosing {
            queued.removeAll()
        }
        guard !waitsForAnswer, let part = queued.popFirst() else { return nil }
        return handle(part)
    }

    /// Whether a held-back read should be issued now, and forgets it.
    mutating func releaseRead() -> Bool {
        guard readHeldBack, !waitsForAnswer, queued.isEmpty else { return false }
        readHeldBack = false
        return true
    }

    /// Whether the current request was read whole and waits for its response.
    private var waitsForAnswer: Bool {
        switch current {
        case .answering, .passedOn(requestRead: true, responseWritten: false): true
        case .collecting, .passedOn, nil: false
        }
    }

    private mutating func handle(_ part: HTTPRequestPart) -> Action {
        switch (current, part) {
        case (nil, .head(let head)):
            if head.headerFields[.connection] == "close" {  // as Hummingbird reads it
                isClosing = true
            }
            guard let uri = Self.eventSend(head) else {
                current = .passedOn(requestRead: false, responseWritten: false)
                return .passOn(part)
            }
            current = .collecting(head: head, uri: uri)
            body = nil
            bodyTooLarge = false
            return .kept
        case (.collecting, .body(let chunk)):
            collect(chunk)
            return .kept
        case (.collecting(let head, let uri), .end):
            current = .answering
            let collected = bodyTooLarge ? nil : body ?? ByteBuffer()
            body = nil
            return .ingest(WebhookRequest(head: head, uri: uri, body: collected))
        case (.passedOn(_, let responseWritten), .end):
            current = responseWritten ? nil : .passedOn(requestRead: true, responseWritten: false)
            return .passOn(part)
        case (.passedOn, _), (nil, _), (.collecting, .head), (.answering, _):
            // Parts out of order are the decoder's to report: Hummingbird answers them.
            return .passOn(part)
        }
    }

    /// Adds a part of the body, or drops the body once it exceeds ``maxBodyBytes``.
    private mutating func collect(_ chunk: ByteBuffer) {
        guard !bodyTooLarge else { return }
        guard (body?.readableBytes ?? 0) + chunk.readableBytes <= maxBodyBytes else {
            body = nil
            bodyTooLarge = true
            return
        }
        guard var collected = body else {
            body = chunk
            return
        }
        body = nil  // the only reference left is `collected`: the write below does not copy
        collected.writeImmutableBuffer(chunk)
        body = collected
    }

    /// The URI of a `POST /event/send`, matched as Hummingbird's router matches paths (empty
    /// segments ignored); `nil` for any other request.
    static func eventSend(_ head: HTTPRequest) -> URI? {
        guard head.method == .post, let path = head.path else { return nil }
        let uri = URI(path)
        let segments = uri.path.split(separator: "/")
        guard segments.count == 2, segments[0] == "event", segments[1] == "send" else { return nil }
        return uri
    }
}
