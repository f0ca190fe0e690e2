/// Deliveries of one queue: basic.qos(prefetch) and basic.consume on a channel of its own.
///
/// The sequence survives reconnects (the consumer is resumed on the new channel) and finishes
/// after ``cancel()``, when the broker cancels the consumer (its queue was deleted) or refuses to
/// start it, or when the connection shuts down. Iterate it from one task only. Releasing the
/// consumer (and its iterator) cancels it.
public final class AMQPConsumer: AsyncSequence, Sendable {
    public typealias Element = AMQPDelivery

    /// Iterates the deliveries; keeps the consumer alive while iterating.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private let consumer: AMQPConsumer
        private var deliveries: AsyncStream<AMQPDelivery>.Iterator

        init(_ consumer: AMQPConsumer) {
            self.consumer = consumer
            deliveries = consumer.deliveries.makeAsyncIterator()
        }

        /// The next delivery, or `nil` once the consumer ended.
        public mutating func next() async -> AMQPDelivery? {
            await deliveries.next()
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async -> AMQPDelivery? {
            await deliveries.next(isolation: actor)
        }
    }

    private let id: UInt64
    private let mailbox: ConnectionMailbox
    private let deliveries: AsyncStream<AMQPDelivery>

    init(id: UInt64, mailbox: ConnectionMailbox, deliveries: AsyncStream<AMQPDelivery>) {
        self.id = id
        self.mailbox = mailbox
        self.deliveries = deliveries
    }

    deinit {
        _ = mailbox.submit(.cancelConsumer(id: id, done: nil))
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(self)
    }

    /// Acknowledges a delivery (with `multiple`, also every earlier unacknowledged one).
    public func ack(_ delivery: AMQPDelivery, multiple: Bool = false) {
        delivery.ack(multiple: multiple)
    }

    /// Rejects a delivery (with `multiple`, also every earlier unacknowledged one); `requeue` puts it
    /// back in the queue, otherwise it is dead-lettered or dropped.
    public func nack(_ delivery: AMQPDelivery, requeue: Bool, multiple: Bool = false) {
        delivery.nack(requeue: requeue, multiple: multiple)
    }

    /// Stops deliveries gracefully: basic.cancel, and the sequence finishes once it has yielded what
    /// the broker already sent. The channel stays open, so those deliveries can still be
    /// acknowledged; ``cancel()`` (or releasing the consumer, or the connection's shutdown) closes it,
    /// and what is unacknowledged then returns to the queue.
    public func stopDeliveries() async {
        let mailbox = mailbox
        let id = id
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            if !mailbox.submit(.stopConsumer(id: id, done: done)) { done.resume() }
        }
    }

    /// Closes the consumer's channel without a basic.cancel, then finishes the sequence: the broker
    /// returns the unacknowledged deliveries to the queue as it removes the consumer, so on a queue
    /// with a single active consumer the next consumer gets them first. After a basic.cancel, the
    /// next consumer would become active at once, while this one still held its deliveries, and
    /// could take the messages behind them first.
    public func release() async {
        let mailbox = mailbox
        let id = id
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            if !mailbox.submit(.cancelConsumer(id: id, done: done, basicCancel: false)) { done.resume() }
        }
    }

    /// basic.cancel and closes the consumer's channel (unacknowledged deliveries return to the
    /// queue), then finishes the sequence.
    public func cancel() async {
        let mailbox = mailbox
        let id = id
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            if !mailbox.submit(.cancelConsumer(id: id, done: done)) { done.resume() }
        }
    }
}
