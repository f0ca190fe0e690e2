import CRabbitMQ
import Glibc
import Logging
import NIOCore

extension ConnectionDriver {
    /// At most this many frames per round, so that a flood of deliveries cannot starve commands.
    private static let framesPerRound = 4096
    /// At most this many frames between two recycles of the channels' pools: each pool then holds
    /// at most this many frames (a few KiB for small messages, `frame_max` each at worst).
    private static let framesPerRecycle = 16

    /// Reads and dispatches every frame available without waiting: frames librabbitmq already
    /// queued or buffered first, then whatever the socket holds.
    ///
    /// librabbitmq decodes each frame into its channel's pool, which grows until it is recycled.
    /// The pools of the channels used since the last recycle are recycled together once the socket's
    /// data is all read, or after ``framesPerRecycle`` frames, always right after a frame was
    /// dispatched (librabbitmq recycles nothing while a frame is half read).
    ///
    /// The 1 µs timeout (not zero) matters: with a zero timeout librabbitmq never reports a missed
    /// broker heartbeat; with any non-zero one it does, while poll() still does not block.
    func readFrames() throws(AMQPError) {
        var timeout = Glibc.timeval(tv_sec: 0, tv_usec: 1)
        var frame = amqp_frame_t()
        for _ in 0..<Self.framesPerRound {
            let status = amqp_simple_wait_frame_noblock(connection, &frame, &timeout)
            if status == AMQP_STATUS_TIMEOUT.rawValue { return }
            guard status == AMQP_STATUS_OK.rawValue else { throw .library(status: status, "reading from the broker") }
            channelsToRecycle.insert(frame.channel)
            try dispatch(frame)
            framesSinceRecycle += 1
            guard let connection else { return }
            if framesSinceRecycle >= Self.framesPerRecycle || amqp_data_in_buffer(connection) == 0 {
                recyclePools(connection)
            }
        }
    }

    /// Recycles the pools of ``channelsToRecycle``, whose frames and replies were all copied out
    /// when they were dispatched or checked; does nothing while librabbitmq is mid-frame.
    private func recyclePools(_ connection: amqp_connection_state_t) {
        guard amqp_release_buffers_ok(connection) != 0 else { return }
        for channel in channelsToRecycle.members { amqp_maybe_release_buffers_on_channel(connection, channel) }
        channelsToRecycle.removeAll()
        framesSinceRecycle = 0
    }

    private func dispatch(_ frame: amqp_frame_t) throws(AMQPError) {
        switch Int32(frame.frame_type) {
        case AMQP_FRAME_METHOD:
            try dispatchMethod(frame.payload.method, channel: frame.channel)
        case AMQP_FRAME_HEADER:
            guard var content = incoming[frame.channel], !content.headerSeen else { return }
            content.headerSeen = true
            content.bodySize = Int(frame.payload.properties.body_size)
            content.properties = AMQPProperties(frame.payload.properties.decoded!.load(as: amqp_basic_properties_t.self))
            if case .returned = content.destination {
                // The body of a returned message is not needed: only its message id is.
            } else {
                content.body = allocator.buffer(capacity: content.bodySize)
            }
            incoming[frame.channel] = content
            if content.bodySize == 0 { completeContent(on: frame.channel) }
        case AMQP_FRAME_BODY:
            let fragment = frame.payload.body_fragment
            let complete: Bool
            let received = fragment.len
            guard incoming[frame.channel]?.headerSeen == true else { return }
            if case .returned = incoming[frame.channel]!.destination {
                incoming[frame.channel]!.bodySize -= received
                complete = incoming[frame.channel]!.bodySize <= 0
            } else {
                if let bytes = fragment.bytes, received > 0 {
                    incoming[frame.channel]!.body.writeBytes(UnsafeRawBufferPointer(start: bytes, count: received))
                }
                complete = incoming[frame.channel]!.body.readableBytes >= incoming[frame.channel]!.bodySize
            }
            if complete { completeContent(on: frame.channel) }
        default:
            break  // Heartbeats: librabbitmq has already noted them.
        }
    }

    private func dispatchMethod(_ method: amqp_method_t, channel: UInt16) throws(AMQPError) {
        switch method.id {
        case AMQP_BASIC_ACK_METHOD:
            let ack = method.decoded!.load(as: amqp_basic_ack_t.self)
            publisher(on: channel)?.tracker.ack(ack.delivery_tag, multiple: ack.multiple != 0) { waiter, error in
                waiter.resume(returning: error)
            }
        case AMQP_BASIC_NACK_METHOD:
            let nack = method.decoded!.load(as: amqp_basic_nack_t.self)
            guard let publisher = publisher(on: channel) else { return }
            publisher.tracker.nack(nack.delivery_tag, multiple: nack.multiple != 0) { waiter, error in
                waiter.resume(returning: error)
            }
            publisher.replaceChannel = true
        case AMQP_BASIC_DELIVER_METHOD:
            guard let slot = channels[channel], case .consumer(let id) = slot.role else { return }
            let deliver = method.decoded!.load(as: amqp_basic_deliver_t.self)
            incoming[channel] = IncomingContent(
                destination: .consumer(id), generation: slot.generation, exchange: String(deliver.exchange),
                routingKey: String(deliver.routing_key), deliveryTag: deliver.delivery_tag,
                redelivered: deliver.redelivered != 0
            )
        case AMQP_BASIC_RETURN_METHOD:
            guard let slot = channels[channel] else { return }
            let returned = method.decoded!.load(as: amqp_basic_return_t.self)
            incoming[channel] = IncomingContent(
                destination: .returned(replyCode: returned.reply_code, replyText: String(returned.reply_text)),
                generation: slot.generation, exchange: String(returned.exchange),
                routingKey: String(returned.routing_key), deliveryTag: 0, redelivered: false
            )
        case AMQP_BASIC_CANCEL_METHOD:
            try brokerCancelledConsumer(on: channel)
        case AMQP_CHANNEL_CLOSE_METHOD:
            let close = method.decoded!.load(as: amqp_channel_close_t.self)
            let error = AMQPError(code: .channelClosed, replyCode: close.reply_code, detail: String(close.reply_text))
            logger.debug("AMQP channel closed by the broker", metadata: ["channel": "\(channel)", "error": "\(error)"])
            try acknowledgeChannelClose(channel, error)
        case AMQP_CONNECTION_CLOSE_METHOD:
            throw acknowledgeConnectionClose(method.decoded!.load(as: amqp_connection_close_t.self))
        case AMQP_CONNECTION_BLOCKED_METHOD:
            let reason = String(method.decoded!.load(as: amqp_connection_blocked_t.self).reason)
            logger.warning("AMQP broker blocks publishing", metadata: ["broker": "\(configuration)", "reason": "\(reason)"])
            mailbox.publish(.blocked(reason: reason))
        case AMQP_CONNECTION_UNBLOCKED_METHOD:
            logger.info("AMQP broker unblocks publishing", metadata: ["broker": "\(configuration)"])
            mailbox.publish(.connected)
        default:
            logger.debug("AMQP unexpected method", metadata: ["channel": "\(channel)", "method": "\(method.id)"])
        }
    }

    /// The publisher whose confirm-mode channel this is.
    private func publisher(on channel: UInt16) -> PublisherState? {
        guard let slot = channels[channel], case .publisher(let id) = slot.role else { return nil }
        return publishers[id]
    }

    /// A message is complete: hand it to its consumer or basic.get caller, or mark its publish returned.
    private func completeContent(on channel: UInt16) {
        guard let content = incoming.removeValue(forKey: channel) else { return }
        let delivery = AMQPDelivery(
            body: content.body, properties: content.properties, exchange: content.exchange,
            routingKey: content.routingKey, redelivered: content.redelivered, deliveryTag: content.deliveryTag,
            acknowledger: .init(mailbox: mailbox, channel: channel, generation: content.generation)
        )
        switch content.destination {
        case .consumer(let id):
            guard let consumer = consumers[id] else { return }
            consumer.acks.delivered(content.deliveryTag)
            consumer.registration.deliveries.yield(delivery)
        case .get(let continuation):
            continuation.resume(returning: .success(.delivery(delivery)))
            getInFlight = false
        case .returned(let replyCode, let replyText):
            guard let messageId = content.properties.messageId,
                publisher(on: channel)?.tracker.markReturned(messageId: messageId, replyCode: replyCode, replyText: replyText) == true
            else {
                logger.warning("AMQP unmatched basic.return", metadata: ["routingKey": "\(content.routingKey)"])
                return
            }
        }
    }
}
