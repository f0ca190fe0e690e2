import NIOCore

/// Publishes with publisher confirms, pipelined on one channel of its own.
///
/// Many publishes are in flight at once, each awaiting the broker's confirm of its own delivery
/// tag; at most `maxOutstandingConfirms` are unconfirmed, the others wait their turn (backpressure).
/// Publishing while the connection is down (or blocked by a resource alarm) fails at once with
/// ``AMQPError/Code/notConnected``; when the connection drops, every publish in flight fails at once
/// with ``AMQPError/Code/connectionLost``.
public final class AMQPPublisher: Sendable {
    private let id: UInt64
    private let mailbox: ConnectionMailbox

    init(id: UInt64, mailbox: ConnectionMailbox) {
        self.id = id
        self.mailbox = mailbox
    }

    deinit {
        _ = mailbox.submit(.removePublisher(id: id))
    }

    /// Publishes one message and returns once the broker confirmed it.
    /// - Parameter mandatory: fail with ``AMQPError/Code/returned`` when no queue is bound for the
    ///   routing key. Returns are matched by message id: one is generated (a UUID) when `nil`.
    /// - Throws: ``AMQPError/Code/notConnected``, ``AMQPError/Code/connectionLost``,
    ///   ``AMQPError/Code/channelClosed`` (e.g. 404 unknown exchange; the next publish reopens the
    ///   channel), ``AMQPError/Code/nacked``, ``AMQPError/Code/returned``,
    ///   ``AMQPError/Code/confirmTimeout``, ``AMQPError/Code/shutdown``.
    public func publish(
        exchange: String, routingKey: String, body: ByteBuffer, properties: AMQPProperties, mandatory: Bool = false
    ) async throws(AMQPError) {
        guard mailbox.isConnected else { throw .notConnected }
        var properties = properties
        if mandatory, properties.messageId == nil { properties.messageId = Self.randomUUID() }
        let mailbox = mailbox
        // An unsafe continuation saves the checked one's allocation on this hot path; the owner
        // thread resumes every publish exactly once (ConfirmTracker and the pending queue own them).
        let error = await withUnsafeContinuation { (continuation: UnsafeContinuation<AMQPError?, Never>) in
            let accepted = mailbox.submit(.publish(.init(
                publisher: id, exchange: exchange, routingKey: routingKey, body: body,
                properties: properties, mandatory: mandatory, continuation: continuation
            )))
            if !accepted { continuation.resume(returning: .shutdown) }
        }
        if let error { throw error }
    }

    /// A random (version 4) UUID in its canonical lowercase text form.
    static func randomUUID() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
    }
}
