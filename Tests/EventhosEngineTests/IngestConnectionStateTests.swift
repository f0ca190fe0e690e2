import EventhosCore
import Foundation
import HTTPTypes
import HummingbirdCore
import NIOCore
import NIOHTTPTypes
import Testing

@testable import EventhosEngine

/// The state machine of a connection whose events are answered on the channel pipeline: which
/// requests it keeps, what it passes on, and that answers go out one at a time and in order.
@Suite("Ingest connection state")
struct IngestConnectionStateTests {
    static func head(_ path: String, method: HTTPRequest.Method = .post) -> HTTPRequestPart {
        .head(HTTPRequest(method: method, scheme: "http", authority: "localhost", path: path))
    }

    static func body(_ text: String) -> HTTPRequestPart { .body(ByteBuffer(string: text)) }

    /// The request of an `.ingest` action, or `nil` for any other.
    static func ingested(_ action: IngestConnectionState.Action?) -> WebhookRequest? {
        guard case .ingest(let request) = action else { return nil }
        return request
    }

    /// Whether the action passes `part` on to Hummingbird.
    static func passes(_ action: IngestConnectionState.Action?, _ part: HTTPRequestPart) -> Bool {
        guard case .passOn(let passed) = action else { return false }
        return passed == part
    }

    static func none(_ action: IngestConnectionState.Action?) -> Bool { action == nil }

    static func isKept(_ action: IngestConnectionState.Action?) -> Bool {
        guard case .kept = action else { return false }
        return true
    }

    @Test("only POST /event/send is kept, matched as the router matches paths; its query is parsed")
    func matching() {
        #expect(IngestConnectionState.eventSend(HTTPRequest(method: .post, scheme: nil, authority: nil, path: "/event/send?a=1")) != nil)
        #expect(IngestConnectionState.eventSend(HTTPRequest(method: .post, scheme: nil, authority: nil, path: "/event/send/")) != nil)
        #expect(IngestConnectionState.eventSend(HTTPRequest(method: .post, scheme: nil, authority: nil, path: "//event//send")) != nil)
        #expect(IngestConnectionState.eventSend(HTTPRequest(method: .get, scheme: nil, authority: nil, path: "/event/send")) == nil)
        #expect(IngestConnectionState.eventSend(HTTPRequest(method: .post, scheme: nil, authority: nil, path: "/event/sender")) == nil)
        #expect(IngestConnectionState.eventSend(HTTPRequest(method: .post, scheme: nil, authority: nil, path: "/event/send/x")) == nil)
        #expect(IngestConnectionState.eventSend(HTTPRequest(method: .post, scheme: nil, authority: nil, path: "/api/v1/events")) == nil)
        let uri = IngestConnectionState.eventSend(
            HTTPRequest(method: .post, scheme: nil, authority: nil, path: "/event/send?event-identifier=a%20b&access-key=k"))
        #expect(uri?.queryParameters["event-identifier"] == "a b")
    }

    @Test("an event's body is collected across parts and handed over whole at its end")
    func collects() {
        var state = IngestConnectionState(maxBodyBytes: 16)
        #expect(Self.isKept(state.received(Self.head("/event/send?event-identifier=e"))))
        #expect(Self.isKept(state.received(Self.body(#"{"a":"#))))
        #expect(Self.isKept(state.received(Self.body("1}"))))
        #expect(state.isAnsweringEvent)
        let request = Self.ingested(state.received(.end(nil)))
        #expect(request?.body.map { String(buffer: $0) } == #"{"a":1}"#)
        #expect(request?.uri.queryParameters["event-identifier"] == "e")
        #expect(request?.head.method == .post)
    }

    @Test("an event without a body has an empty one; a body over the limit is dropped and marked")
    func bodyLimit() {
        var state = IngestConnectionState(maxBodyBytes: 4)
        _ = state.received(Self.head("/event/send"))
        #expect(Self.ingested(state.received(.end(nil)))?.body?.readableBytes == 0)
        state.answerWritten()

        _ = state.received(Self.head("/event/send"))
        _ = state.received(Self.body("1234"))
        #expect(Self.ingested(state.received(.end(nil)))?.body.map { String(buffer: $0) } == "1234")
        state.answerWritten()

        _ = state.received(Self.head("/event/send"))
        _ = state.received(Self.body("123"))
        _ = state.received(Self.body("45"))
        _ = state.received(Self.body("6"))
        let tooLarge = Self.ingested(state.received(.end(nil)))
        #expect(tooLarge != nil)
        #expect(tooLarge?.body == nil)
    }

    @Test("any other request passes on whole, and is not the pipeline's to wait for")
    func passesOn() {
        var state = IngestConnectionState(maxBodyBytes: 16)
        let head = Self.head("/health/live", method: .get)
        #expect(Self.passes(state.received(head), head))
        #expect(!state.isAnsweringEvent)
        #expect(Self.passes(state.received(Self.body("x")), Self.body("x")))
        #expect(Self.passes(state.received(.end(nil)), .end(nil)))
        let readsWhileAnswered = state.read()
        #expect(!readsWhileAnswered, "read whole, its answer not yet written")
        state.responseWritten()
        let heldReadReleased = state.releaseRead()
        let readsOnceAnswered = state.read()
        #expect(heldReadReleased && readsOnceAnswered)
    }

    @Test("pipelined requests wait for the answer before them, in order, and so does reading")
    func pipelining() {
        var state = IngestConnectionState(maxBodyBytes: 16)
        _ = state.received(Self.head("/event/send"))
        #expect(Self.ingested(state.received(.end(nil))) != nil)
        let readsWhileAnswered = state.read()
        #expect(!readsWhileAnswered)
        let health = Self.head("/health/ready", method: .get)
        #expect(Self.isKept(state.received(health)))
        #expect(Self.isKept(state.received(.end(nil))))
        #expect(Self.isKept(state.received(Self.head("/event/send?second"))))
        #expect(Self.isKept(state.received(.end(nil))))
        #expect(Self.none(state.nextQueued()))  // the event's answer is not written yet
        #expect(state.holdsRequests)
        let releasedBeforeAnswer = state.releaseRead()
        #expect(!releasedBeforeAnswer)

        state.answerWritten()
        #expect(Self.passes(state.nextQueued(), health))
        #expect(Self.passes(state.nextQueued(), .end(nil)))
        #expect(Self.none(state.nextQueued()))  // the health check's answer is not written yet
        #expect(state.holdsRequests)  // the second event is still queued
        let releasedBeforeResponse = state.releaseRead()
        #expect(!releasedBeforeResponse)

        state.responseWritten()
        #expect(Self.isKept(state.nextQueued()))
        #expect(Self.ingested(state.nextQueued())?.uri.queryParameters["second"] != nil)
        #expect(Self.none(state.nextQueued()))
        state.answerWritten()
        #expect(Self.none(state.nextQueued()))
        let released = state.releaseRead()
        let releasedTwice = state.releaseRead()
        #expect(released && !releasedTwice)
        #expect(!state.holdsRequests)
    }

    @Test("a response written before its request was read whole: the rest passes on, then the next request is handled")
    func earlyResponse() {
        var state = IngestConnectionState(maxBodyBytes: 16)
        let head = Self.head("/api/v1/contracts", method: .post)
        #expect(Self.passes(state.received(head), head))
        state.responseWritten()  // answered (a 401, say) while the body is still coming
        #expect(Self.passes(state.received(Self.body("x")), Self.body("x")))
        #expect(Self.passes(state.received(.end(nil)), .end(nil)))
        let reads = state.read()
        #expect(reads)
        #expect(Self.isKept(state.received(Self.head("/event/send"))))
        #expect(state.isAnsweringEvent)
    }

    @Test("once the connection is to close after the current request, what comes after it is dropped unread")
    func closing() {
        var state = IngestConnectionState(maxBodyBytes: 16)
        let last = HTTPRequestPart.head(
            HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: "/health/live", headerFields: [.connection: "close"]))
        #expect(Self.passes(state.received(last), last))
        #expect(Self.passes(state.received(.end(nil)), .end(nil)))
        #expect(Self.isKept(state.received(Self.head("/event/send"))))
        #expect(Self.isKept(state.received(.end(nil))))
        state.responseWritten()
        #expect(Self.none(state.nextQueued()), "the event behind it is not answered: the connection closes")
        #expect(!state.holdsRequests)

        // The server stops while a request of the router is answered and an event waits behind it.
        var stopping = IngestConnectionState(maxBodyBytes: 16)
        let health = Self.head("/health/ready", method: .get)
        _ = stopping.received(health)
        _ = stopping.received(.end(nil))
        _ = stopping.received(Self.head("/event/send"))
        stopping.closeAfterCurrent()
        #expect(Self.isKept(stopping.received(.end(nil))))
        stopping.responseWritten()
        #expect(Self.none(stopping.nextQueued()))
        #expect(stopping.isClosing)
    }

    @Test("an event whose body is still being read holds nothing back: it will never be whole if the input ends")
    func collectingHoldsNothing() {
        var state = IngestConnectionState(maxBodyBytes: 16)
        _ = state.received(Self.head("/event/send"))
        _ = state.received(Self.body("{"))
        #expect(state.isAnsweringEvent)
        #expect(!state.holdsRequests)
        _ = state.received(.end(nil))
        #expect(state.holdsRequests)
    }

    @Test("the Date header is RFC 9110's IMF-fixdate")
    func date() {
        #expect(HTTPDate.string(from: Date(timeIntervalSince1970: 784_111_777)) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.string(from: Date(timeIntervalSince1970: 1_796_256_009)) == "Thu, 03 Dec 2026 00:00:09 GMT")
    }
}
