import CRabbitMQ
import Logging

extension ConnectionDriver {
    /// Runs a control operation and answers it. A channel error only fails the operation; any
    /// other error also propagates, to drop the connection.
    func runControl(
        _ operation: DriverCommand.Control, _ continuation: DriverCommand.ControlContinuation
    ) throws(AMQPError) {
        if case .basicGet(let queue) = operation {
            queuedGets.append((queue, continuation))
            if !getInFlight { try startQueuedGet() }
            return
        }
        do throws(AMQPError) {
            continuation.resume(returning: .success(try perform(operation)))
        } catch {
            continuation.resume(returning: .failure(error))
            if !error.isChannelLevel { throw error }
        }
    }

    private func perform(_ operation: DriverCommand.Control) throws(AMQPError) -> DriverCommand.ControlResult {
        defer { arena.recycle() }
        switch operation {
        case .declare(let declared):
            try declare(declared, strict: true)
            topology.merge(declared)
            return .done
        case .deleteQueue(let name, let ifUnused, let ifEmpty):
            topology.forgetQueue(name)
            let channel = try control()
            let ok = amqp_queue_delete(connection, channel, arena.bytes(name), ifUnused ? 1 : 0, ifEmpty ? 1 : 0)
            try checkLastReply(channel: channel, "queue.delete")
            return .messageCount(ok?.pointee.message_count ?? 0)
        case .deleteExchange(let name, let ifUnused):
            topology.forgetExchange(name)
            let channel = try control()
            amqp_exchange_delete(connection, channel, arena.bytes(name), ifUnused ? 1 : 0)
            try checkLastReply(channel: channel, "exchange.delete")
            return .done
        case .unbindQueue(let queue, let exchange, let routingKey, let arguments):
            topology.forgetBinding(queue: queue, exchange: exchange, routingKey: routingKey)
            let channel = try control()
            amqp_queue_unbind(
                connection, channel, arena.bytes(queue), arena.bytes(exchange), arena.bytes(routingKey), arena.table(arguments)
            )
            try checkLastReply(channel: channel, "queue.unbind")
            return .done
        case .queueInfo(let name):
            return .queueInfo(try passiveDeclare(name))
        case .basicGet:
            preconditionFailure("basic.get runs through startQueuedGet()")
        }
    }

    /// Redeclares everything remembered, after a reconnect. A refused item is logged and skipped.
    func redeclareTopology() throws(AMQPError) {
        defer { arena.recycle() }
        try declare(topology, strict: false)
    }

    /// Declares exchanges, then queues, then bindings on the control channel. `strict` stops at
    /// the first refusal; otherwise refusals are logged and the rest is still declared.
    private func declare(_ declared: AMQPTopology, strict: Bool) throws(AMQPError) {
        func attempt(_ what: String, _ body: (UInt16) -> Void) throws(AMQPError) {
            let channel = try control()
            body(channel)
            do throws(AMQPError) {
                try checkLastReply(channel: channel, what)
            } catch where error.isChannelLevel && !strict {
                logger.error("AMQP redeclaration failed", metadata: ["declaration": "\(what)", "error": "\(error)"])
            }
        }
        for exchange in declared.exchanges {
            try attempt("exchange \(exchange.name)") { channel in
                amqp_exchange_declare(
                    connection, channel, arena.bytes(exchange.name), arena.bytes(exchange.type), 0,
                    exchange.durable ? 1 : 0, exchange.autoDelete ? 1 : 0, exchange.internal_ ? 1 : 0,
                    arena.table(exchange.arguments)
                )
            }
        }
        for queue in declared.queues {
            try attempt("queue \(queue.name)") { channel in
                amqp_queue_declare(
                    connection, channel, arena.bytes(queue.name), 0, queue.durable ? 1 : 0,
                    queue.exclusive ? 1 : 0, queue.autoDelete ? 1 : 0, arena.table(queue.arguments)
                )
            }
        }
        for binding in declared.bindings {
            try attempt("binding \(binding.queue) <- \(binding.exchange) \(binding.routingKey)") { channel in
                amqp_queue_bind(
                    connection, channel, arena.bytes(binding.queue), arena.bytes(binding.exchange),
                    arena.bytes(binding.routingKey), arena.table(binding.arguments)
                )
            }
        }
    }

    /// queue.declare(passive) on the probe channel: message and consumer counts, or `nil` on 404
    /// (which closes the probe channel; the next probe opens another).
    ///
    /// The probe channel stays open between probes: librabbitmq keeps a memory pool of a frame_max
    /// page for every channel number it has seen, so a channel per probe grew the process by a
    /// page per probe until the numbers ran out (heaptrack: 9 MiB in 5 minutes of dead-queue polls).
    private func passiveDeclare(_ name: String) throws(AMQPError) -> (messages: UInt32, consumers: UInt32)? {
        let channel = try probe()
        let ok = amqp_queue_declare(connection, channel, arena.bytes(name), 1, 0, 0, 0, amqp_empty_table)
        do throws(AMQPError) {
            try checkLastReply(channel: channel, "queue.declare passive")
        } catch where error.code == .channelClosed && error.replyCode == 404 {
            return nil
        }
        return ok.map { (messages: $0.pointee.message_count, consumers: $0.pointee.consumer_count) }
    }

    /// The control channel, opened on first use and after the broker closed it.
    private func control() throws(AMQPError) -> UInt16 {
        try standingChannel(\.controlChannel, .control)
    }

    /// The probe channel, opened on first use and after the broker closed it.
    private func probe() throws(AMQPError) -> UInt16 {
        try standingChannel(\.probeChannel, .probe)
    }

    /// The channel kept in `slot` for `role`: opened on first use and again after the broker closed
    /// it (``channelClosed(_:_:)`` empties the slot).
    private func standingChannel(
        _ slot: ReferenceWritableKeyPath<ConnectionDriver, UInt16?>, _ role: ChannelTable.Role
    ) throws(AMQPError) -> UInt16 {
        if let channel = self[keyPath: slot] { return channel }
        let channel = try openChannel(role).number
        self[keyPath: slot] = channel
        return channel
    }

    /// basic.get for the oldest queued request on the get channel; the message's header and body
    /// frames arrive later and complete it (one get at a time, so they cannot mix).
    func startQueuedGet() throws(AMQPError) {
        guard !queuedGets.isEmpty else { return }
        let (queue, continuation) = queuedGets.removeFirst()
        do throws(AMQPError) {
            let channel = try standingChannel(\.getChannel, .get)
            defer { arena.recycle() }
            let reply = amqp_basic_get(connection, channel, arena.bytes(queue), 0)
            try check(reply, channel: channel, "basic.get")
            guard reply.reply.id == AMQP_BASIC_GET_OK_METHOD, let slot = channels[channel] else {
                continuation.resume(returning: .success(.delivery(nil)))
                return
            }
            let ok = reply.reply.decoded!.load(as: amqp_basic_get_ok_t.self)
            incoming[channel] = IncomingContent(
                destination: .get(continuation), generation: slot.generation, exchange: String(ok.exchange),
                routingKey: String(ok.routing_key), deliveryTag: ok.delivery_tag, redelivered: ok.redelivered != 0
            )
            getInFlight = true
        } catch {
            continuation.resume(returning: .failure(error))
            if !error.isChannelLevel { throw error }
        }
    }
}
