import NIOCore

/// A request from any task to a connection's owner thread, queued in its ``ConnectionMailbox``.
enum DriverCommand: Sendable {
    /// One message to publish with confirms; the continuation gets `nil` once the broker acked it.
    struct Publish: Sendable {
        var publisher: UInt64
        var exchange: String
        var routingKey: String
        var body: ByteBuffer
        var properties: AMQPProperties
        var mandatory: Bool
        var continuation: UnsafeContinuation<AMQPError?, Never>
    }

    /// A consumer to start now and to resume after every reconnect.
    struct Consumer: Sendable {
        var id: UInt64
        var queue: String
        var prefetch: UInt16
        var consumerTag: String?
        var deliveries: AsyncStream<AMQPDelivery>.Continuation
    }

    /// A basic.ack or basic.nack for a delivery of a given channel generation.
    struct Acknowledgement: Sendable {
        var channel: UInt16
        var generation: UInt64
        var deliveryTag: UInt64
        var multiple: Bool
        /// `nil` for an ack; for a nack, whether the broker requeues the message.
        var requeue: Bool?
    }

    /// A synchronous operation on the control channel; waits for the connection when it is down.
    enum Control: Sendable {
        case declare(AMQPTopology)
        case deleteQueue(name: String, ifUnused: Bool, ifEmpty: Bool)
        case deleteExchange(name: String, ifUnused: Bool)
        case unbindQueue(queue: String, exchange: String, routingKey: String, arguments: AMQPTable)
        case queueInfo(name: String)
        case basicGet(queue: String)
    }

    /// What a ``Control`` operation produced.
    enum ControlResult: Sendable {
        case done
        case messageCount(UInt32)
        case queueInfo((messages: UInt32, consumers: UInt32)?)
        case delivery(AMQPDelivery?)
    }

    typealias ControlContinuation = ControlReply

    case publish(Publish)
    case registerPublisher(id: UInt64, maxOutstandingConfirms: Int, confirmTimeout: Duration)
    case removePublisher(id: UInt64)
    case startConsumer(Consumer)
    /// Closes the consumer's channel, after a basic.cancel unless `basicCancel` is false.
    case cancelConsumer(id: UInt64, done: CheckedContinuation<Void, Never>?, basicCancel: Bool = true)
    /// basic.cancel only: the channel stays open for the acknowledgements of what was delivered.
    case stopConsumer(id: UInt64, done: CheckedContinuation<Void, Never>?)
    case acknowledge(Acknowledgement)
    case control(Control, ControlContinuation)
}
