import CRabbitMQ
import Logging

extension ConnectionDriver {
    /// basic.qos and basic.consume on a new channel for `consumer`.
    func startConsumer(_ consumer: ConsumerState) throws(AMQPError) {
        let registration = consumer.registration
        let channel = try openChannel(.consumer(registration.id))
        amqp_basic_qos(connection, channel.number, 0, registration.prefetch, 0)
        try checkLastReply(channel: channel.number, "basic.qos")
        defer { arena.recycle() }
        let ok = amqp_basic_consume(
            connection, channel.number, arena.bytes(registration.queue),
            registration.consumerTag.map(arena.bytes) ?? amqp_empty_bytes, 0, 0, 0, amqp_empty_table
        )
        try checkLastReply(channel: channel.number, "basic.consume")
        consumer.consumerTag = ok.map { String($0.pointee.consumer_tag) }
        consumer.channel = channel.number
        consumer.generation = channel.generation
        consumer.acks = AckCoalescer()
    }

    /// Starts a consumer; when the broker refuses (e.g. its queue does not exist), the consumer
    /// ends: its sequence finishes and it is forgotten.
    func startOrDrop(_ consumer: ConsumerState) throws(AMQPError) {
        guard !consumer.stopped else {
            consumers[consumer.registration.id] = nil  // Stopped, and its channel is gone: nothing left to keep.
            return
        }
        do throws(AMQPError) {
            try startConsumer(consumer)
        } catch where error.isChannelLevel {
            logger.error("AMQP consumer failed", metadata: ["queue": "\(consumer.registration.queue)", "error": "\(error)"])
            consumers[consumer.registration.id] = nil
            consumer.registration.deliveries.finish()
        }
    }

    /// Restarts consumers whose channel the broker closed.
    func resumeConsumers() throws(AMQPError) {
        consumersNeedResume = false
        for consumer in consumers.values where consumer.channel == nil { try startOrDrop(consumer) }
    }

    /// basic.cancel (unless `cancelling` is false), then closes the consumer's channel:
    /// unacknowledged deliveries return to the queue.
    func cancelConsumer(_ id: UInt64, cancelling: Bool) throws(AMQPError) {
        guard let consumer = consumers.removeValue(forKey: id) else { return }
        defer { consumer.registration.deliveries.finish() }
        guard let channel = consumer.channel else { return }
        if cancelling, !consumer.stopped {
            guard try basicCancel(consumer, on: channel) else { return }
        }
        try closeChannelIgnoringChannelErrors(channel)
    }

    /// basic.cancel only: no more deliveries, the sequence finishes once its buffered deliveries are
    /// taken, and the channel stays open so that they can still be acknowledged.
    func stopConsumer(_ id: UInt64) throws(AMQPError) {
        guard let consumer = consumers[id], !consumer.stopped else { return }
        consumer.stopped = true
        defer { consumer.registration.deliveries.finish() }
        guard let channel = consumer.channel else { return }
        _ = try basicCancel(consumer, on: channel)
    }

    /// basic.cancel of the consumer on `channel`; `false` when the broker closed the channel instead.
    private func basicCancel(_ consumer: ConsumerState, on channel: UInt16) throws(AMQPError) -> Bool {
        guard let tag = consumer.consumerTag else { return true }
        defer { arena.recycle() }
        amqp_basic_cancel(connection, channel, arena.bytes(tag))
        do throws(AMQPError) {
            try checkLastReply(channel: channel, "basic.cancel")
        } catch where error.isChannelLevel {
            return false
        }
        return true
    }

    /// The broker cancelled a consumer (its queue was deleted): the consumer ends.
    func brokerCancelledConsumer(on channel: UInt16) throws(AMQPError) {
        guard let slot = channels[channel], case .consumer(let id) = slot.role, let consumer = consumers[id] else { return }
        logger.warning("AMQP broker cancelled consumer", metadata: ["queue": "\(consumer.registration.queue)"])
        consumers[id] = nil
        consumer.registration.deliveries.finish()
        try closeChannelIgnoringChannelErrors(channel)
    }

    /// basic.ack or basic.nack, unless the delivery came from an earlier incarnation of the channel.
    /// A consumer's plain acks wait for ``sendPendingAcks()`` at the end of the batch of commands.
    func acknowledge(_ acknowledgement: DriverCommand.Acknowledgement) throws(AMQPError) {
        guard let slot = channels[acknowledgement.channel], slot.generation == acknowledgement.generation else { return }
        let consumer: ConsumerState? = if case .consumer(let id) = slot.role { consumers[id] } else { nil }
        if let consumer, acknowledgement.requeue == nil, !acknowledgement.multiple {
            if !consumer.acks.hasPending { consumersWithPendingAcks.append(consumer.registration.id) }
            consumer.acks.ack(acknowledgement.deliveryTag)
            return
        }
        try sendPendingAcks()
        consumer?.acks.settled(acknowledgement.deliveryTag, multiple: acknowledgement.multiple)
        try sendAcknowledgement(acknowledgement)
    }

    /// Sends the plain acks collected from the current batch of commands, coalesced (``AckCoalescer``).
    func sendPendingAcks() throws(AMQPError) {
        guard !consumersWithPendingAcks.isEmpty else { return }
        defer { consumersWithPendingAcks.removeAll(keepingCapacity: true) }
        for id in consumersWithPendingAcks {
            guard let consumer = consumers[id], let channel = consumer.channel else { continue }
            for frame in consumer.acks.flush() {
                try sendAcknowledgement(
                    .init(channel: channel, generation: consumer.generation, deliveryTag: frame.deliveryTag,
                        multiple: frame.multiple, requeue: nil))
            }
        }
    }

    private func sendAcknowledgement(_ acknowledgement: DriverCommand.Acknowledgement) throws(AMQPError) {
        let status: Int32
        if let requeue = acknowledgement.requeue {
            status = amqp_basic_nack(
                connection, acknowledgement.channel, acknowledgement.deliveryTag,
                acknowledgement.multiple ? 1 : 0, requeue ? 1 : 0
            )
        } else {
            status = amqp_basic_ack(
                connection, acknowledgement.channel, acknowledgement.deliveryTag, acknowledgement.multiple ? 1 : 0
            )
        }
        guard status == AMQP_STATUS_OK.rawValue else { throw .library(status: status, "basic.ack") }
    }
}
