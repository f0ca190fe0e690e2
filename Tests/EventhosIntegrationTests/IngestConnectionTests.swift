import EventhosJSON
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing

/// `POST /event/send` is answered on each connection's channel pipeline, every other route by the
/// router: what a producer sees of that on one keep-alive connection.
@Suite("Ingest connections", .serialized)
struct IngestConnectionTests {
    @Test(
        "pipelined requests are answered in order, events and other routes alike, though the producer shut its side after them",
        .timeLimit(.minutes(1)))
    func pipelined() async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            try await bridge.run { base in
                let port = try #require(URL(string: base)?.port)
                let send = "/event/send?event-identifier=\(bridge.event)&access-key=\(bridge.key)"
                func post(_ id: Int, closing: Bool = false, chunked: Bool = false) -> String {
                    let body = #"{"id": \#(id), "name": "N"}"#
                    let split = body.index(body.startIndex, offsetBy: 5)
                    let framing =
                        chunked
                        ? "transfer-encoding: chunked\r\n\r\n5\r\n\(body[..<split])\r\n"
                            + "\(String(body.utf8.count - 5, radix: 16))\r\n\(body[split...])\r\n0\r\n\r\n"
                        : "content-length: \(body.utf8.count)\r\n\r\n\(body)"
                    return "POST \(send) HTTP/1.1\r\nhost: localhost\r\n" + (closing ? "connection: close\r\n" : "") + framing
                }
                // Written at once, then the producer's side is shut: the event, a route of the router,
                // an event with a chunked body, a refused event, and a last event. The server closes
                // the connection once it has answered them all.
                let requests =
                    post(201) + "GET /health/live HTTP/1.1\r\nhost: localhost\r\n\r\n" + post(202, chunked: true)
                    + "POST /event/send HTTP/1.1\r\nhost: localhost\r\ncontent-length: 2\r\n\r\n{}" + post(203)
                let answers = try await RawHTTP.exchange(port: port, sending: requests, shuttingOutput: true)

                // Each answer's status line follows the body of the one before it.
                let statuses = answers.matches(of: #/HTTP/1\.1 (\d{3}) /#).map { String($0.1) }
                #expect(statuses == ["202", "200", "202", "401", "202"], "\(answers)")
                #expect(answers.components(separatedBy: "\"receivedEventId\"").count == 4, "\(answers)")
                #expect(answers.components(separatedBy: "\"invalid_key\"").count == 2, "\(answers)")
                let lowercased = answers.lowercased()
                #expect(lowercased.components(separatedBy: "server: eventhos\r\n").count == 6, "\(answers)")
                #expect(lowercased.components(separatedBy: "\r\ndate: ").count == 6, "\(answers)")
                #expect(lowercased.hasSuffix("}") && !lowercased.contains("connection: close"), "\(answers)")

                // An event that asks for the connection to close: answered, then closed by the server.
                let closing = try await RawHTTP.exchange(port: port, sending: post(204, closing: true), shuttingOutput: false)
                #expect(closing.hasPrefix("HTTP/1.1 202 ") && closing.lowercased().contains("connection: close\r\n"), "\(closing)")

                // A malformed request behind an event: the event's answer first, then the 400.
                let malformed = try await RawHTTP.exchange(port: port, sending: post(205) + "NOT HTTP\r\n\r\n", shuttingOutput: false)
                let malformedStatuses = malformed.matches(of: #/HTTP/1\.1 (\d{3}) /#).map { String($0.1) }
                #expect(malformedStatuses == ["202", "400"], "\(malformed)")

                for id in 201...205 {
                    #expect(try await subscriber.wait(for: "/accounts/\(id)").count == 1)
                }
            }
        }
    }

    @Test(
        "a graceful shutdown answers the event being published with connection: close, then closes its connection",
        .timeLimit(.minutes(1)))
    func shutdownAnswersEventInFlight() async throws {
        try await withIsolatedBridge { _, bridge in
            let inFlight = try await bridge.run { base in
                let port = try #require(URL(string: base)?.port)
                let send = base + "/event/send?event-identifier=\(bridge.event)"
                #expect(try await HTTP.post(send, body: #"{"id": 1}"#, headers: [("access-key", bridge.key)]).status == 202)
                // A resource alarm holds the next publish unconfirmed for server.publishTimeout (2 s);
                // the server is told to stop while it waits.
                try await RabbitMQCtl.run("set_vm_memory_high_watermark", "0.000001")
                let held = Task { try await RawHTTP.exchange(port: port, sending: Self.event(2, of: bridge), shuttingOutput: false) }
                let blocked = try? await eventually(timeout: .seconds(10)) { () async throws -> Bool? in
                    try await HTTP.get(base + "/health/ready").json?["components"]?["broker.publish"] == .string("blocked")
                        ? true : nil
                }
                #expect(blocked == true, "the held publish never blocked the connection")
                return held
            }
            try await RabbitMQCtl.run("set_vm_memory_high_watermark", "0.4")
            // The exchange returns once the server closed the connection.
            let answer = try await inFlight.value
            #expect(answer.hasPrefix("HTTP/1.1 503 "), "\(answer)")
            #expect(answer.contains(#""code":"broker_unavailable""#), "\(answer)")
            #expect(answer.lowercased().contains("\r\nconnection: close\r\n"), "\(answer)")
        }
    }

    /// A `POST /event/send` of `bridge`'s event with the key, as raw bytes.
    private static func event(_ id: Int, of bridge: TestBridge) -> String {
        let body = #"{"id": \#(id), "name": "N"}"#
        return "POST /event/send?event-identifier=\(bridge.event)&access-key=\(bridge.key) HTTP/1.1\r\n"
            + "host: localhost\r\ncontent-length: \(body.utf8.count)\r\n\r\n\(body)"
    }
}

/// Raw bytes over one TCP connection: what no HTTP client library sends (pipelined requests).
enum RawHTTP {
    /// Writes `requests` at once, shuts the connection's output if `shuttingOutput`, and returns
    /// everything the server wrote until it closed the connection.
    static func exchange(port: Int, sending requests: String, shuttingOutput: Bool) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: requests))
            if shuttingOutput {
                outbound.finish()
            }
            var received = ""
            for try await chunk in inbound {
                received += String(buffer: chunk)
            }
            return received
        }
    }
}
