import NIOCore

/// A message received from a consumer or from ``AMQPConnection/basicGet(queue:)``.
///
/// Acknowledge it exactly once with ``ack(multiple:)`` or ``nack(requeue:multiple:)`` (or through
/// the ``AMQPConsumer``). A delivery received before a reconnect can no longer be acknowledged:
/// its acknowledgement is dropped and the broker redelivers the message.
public struct AMQPDelivery: Sendable {
    /// Where acknowledgements go: the channel the delivery came from, in one incarnation.
    struct Acknowledger: Sendable {
        var mailbox: ConnectionMailbox
        var channel: UInt16
        var generation: UInt64
    }

    /// The message body.
    public var body: ByteBuffer
    /// The message properties.
    public var properties: AMQPProperties
    /// The exchange the message was published to.
    public var exchange: String
    /// The routing key it was published with.
    public var routingKey: String
    /// Whether the broker delivered it before without an acknowledgement.
    public var redelivered: Bool
    /// The channel-scoped delivery tag.
    public var deliveryTag: UInt64
    var acknowledger: Acknowledger?

    /// Creates a delivery that is not tied to a connection (its acknowledgements do nothing):
    /// for tests and fakes.
    public init(
        body: ByteBuffer, properties: AMQPProperties = AMQPProperties(), exchange: String = "",
        routingKey: String = "", redelivered: Bool = false, deliveryTag: UInt64 = 1
    ) {
        self.body = body
        self.properties = properties
        self.exchange = exchange
        self.routingKey = routingKey
        self.redelivered = redelivered
        self.deliveryTag = deliveryTag
    }

    init(
        body: ByteBuffer, properties: AMQPProperties, exchange: String, routingKey: String,
        redelivered: Bool, deliveryTag: UInt64, acknowledger: Acknowledger
    ) {
        self.init(
            body: body, properties: properties, exchange: exchange, routingKey: routingKey,
            redelivered: redelivered, deliveryTag: deliveryTag
        )
        self.acknowledger = acknowledger
    }

    /// Acknowledges the message (and, with `multiple`, every earlier unacknowledged one of its channel).
    public func ack(multiple: Bool = false) {
        acknowledge(multiple: multiple, requeue: nil)
    }

    /// Rejects the message (and, with `multiple`, every earlier unacknowledged one of its channel);
    /// with `requeue` the broker delivers it again, otherwise it dead-letters or drops it.
    public func nack(requeue: Bool, multiple: Bool = false) {
        acknowledge(multiple: multiple, requeue: requeue)
    }

    private func acknowledge(multiple: Bool, requeue: Bool?) {
        guard let acknowledger else { return }
        _ = acknowledger.mailbox.submit(.acknowledge(.init(
            channel: acknowledger.channel, generation: acknowledger.generation,
            deliveryTag: deliveryTag, multiple: multiple, requeue: requeue
        )))
    }
}
