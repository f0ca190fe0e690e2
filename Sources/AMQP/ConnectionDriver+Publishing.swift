import CRabbitMQ
import NIOCore

extension ConnectionDriver {
    /// Opens a publisher's channel in confirm mode; delivery tags restart at 1.
    func openPublisherChannel(_ publisher: PublisherState) throws(AMQPError) {
        let channel = try openChannel(.publisher(publisher.id)).number
        amqp_confirm_select(connection, channel)
        try checkLastReply(channel: channel, "confirm.select")
        publisher.channel = channel
    }

    /// Sends waiting publishes while their publisher has room for more unconfirmed ones.
    func flushPublishes() throws(AMQPError) {
        var now: ContinuousClock.Instant?
        for publisher in publishers.values where publisher.hasPending && publisher.tracker.hasCapacity {
            if publisher.replaceChannel, let channel = publisher.channel {
                guard publisher.tracker.outstandingCount == 0 else { continue }
                try closeChannelIgnoringChannelErrors(channel)
                publisher.channel = nil
            }
            publisher.replaceChannel = false
            if publisher.channel == nil {
                do throws(AMQPError) {
                    try openPublisherChannel(publisher)
                } catch where error.isChannelLevel {
                    publisher.failAll(error)
                    continue
                }
            }
            guard let channel = publisher.channel else { continue }
            let sentAt = now ?? .now
            now = sentAt
            while publisher.tracker.hasCapacity, let publish = publisher.dequeue() {
                let status = send(publish, on: channel)
                guard status == AMQP_STATUS_OK.rawValue else {
                    publish.continuation.resume(returning: .connectionLost)
                    throw .library(status: status, "basic.publish")
                }
                publisher.tracker.register(
                    publish.continuation, messageId: publish.mandatory ? publish.properties.messageId : nil,
                    deadline: sentAt + publisher.confirmTimeout
                )
            }
        }
    }

    /// basic.publish with every string, table and the body alive for the whole call.
    private func send(_ publish: DriverCommand.Publish, on channel: UInt16) -> Int32 {
        defer { arena.recycle() }
        var properties = arena.properties(publish.properties)
        let exchange = arena.bytes(publish.exchange)
        let routingKey = arena.bytes(publish.routingKey)
        return publish.body.withUnsafeReadableBytes { body in
            amqp_basic_publish(
                connection, channel, exchange, routingKey, publish.mandatory ? 1 : 0, 0, &properties,
                amqp_bytes_t(len: body.count, bytes: UnsafeMutableRawPointer(mutating: body.baseAddress))
            )
        }
    }

    /// Fails publishes the broker did not confirm in time.
    func expireConfirms(now: ContinuousClock.Instant) {
        for publisher in publishers.values {
            guard let deadline = publisher.tracker.nextDeadline, deadline <= now else { continue }
            publisher.tracker.expire(now: now) { waiter, error in waiter.resume(returning: error) }
        }
    }
}
