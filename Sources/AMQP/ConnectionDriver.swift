import CRabbitMQ
import Glibc
import Logging
import NIOCore

/// The owner of one broker connection: every librabbitmq call of the connection happens here,
/// on the single thread that runs ``run()`` (librabbitmq is not thread-safe).
///
/// It is created on that thread and never leaves it, hence it is not `Sendable`; tasks reach it
/// only through the ``ConnectionMailbox``. It connects, serves commands and frames, and on any
/// failure destroys the connection and reconnects with capped exponential backoff and jitter,
/// then redeclares the remembered topology and restores publishers and consumers.
final class ConnectionDriver {
    typealias PublishWaiter = UnsafeContinuation<AMQPError?, Never>

    /// A publisher: its confirm-mode channel, publishes in flight and publishes waiting for room.
    final class PublisherState {
        let id: UInt64
        let confirmTimeout: Duration
        var tracker: ConfirmTracker<PublishWaiter>
        var channel: UInt16?
        /// The broker nacked a publish: the channel is replaced once its publishes in flight are
        /// settled. RabbitMQ 3.10 was seen to nack every publish, for as long as the channel lived,
        /// on a channel opened while a quorum queue it routes to had no leader (a node just lost);
        /// a fresh channel was accepted at once.
        var replaceChannel = false
        private var pending: [DriverCommand.Publish] = []
        private var pendingHead = 0

        init(id: UInt64, maxOutstandingConfirms: Int, confirmTimeout: Duration) {
            self.id = id
            self.confirmTimeout = confirmTimeout
            tracker = ConfirmTracker(capacity: maxOutstandingConfirms)
        }

        var hasPending: Bool { pendingHead < pending.count }

        func enqueue(_ publish: DriverCommand.Publish) {
            pending.append(publish)
        }

        func dequeue() -> DriverCommand.Publish? {
            guard pendingHead < pending.count else { return nil }
            let publish = pending[pendingHead]
            pendingHead += 1
            if pendingHead == pending.count {
                pending.removeAll(keepingCapacity: true)
                pendingHead = 0
            } else if pendingHead >= 1024, pendingHead * 2 >= pending.count {
                pending.removeFirst(pendingHead)
                pendingHead = 0
            }
            return publish
        }

        /// Completes every publish, sent or not, with `error`.
        func failAll(_ error: AMQPError) {
            tracker.failAll(error) { waiter, error in waiter.resume(returning: error) }
            while let publish = dequeue() { publish.continuation.resume(returning: error) }
        }
    }

    /// A consumer and the channel it currently consumes on.
    final class ConsumerState {
        let registration: DriverCommand.Consumer
        var channel: UInt16?
        var generation: UInt64 = 0
        var consumerTag: String?
        /// Stopped by ``AMQPConsumer/stopDeliveries()``: never restarted; its channel stays open until cancelled.
        var stopped = false
        /// The unacknowledged deliveries of the current channel and the acks waiting to be sent.
        var acks = AckCoalescer()

        init(_ registration: DriverCommand.Consumer) {
            self.registration = registration
        }
    }

    /// A message whose header and body frames are still arriving on a channel.
    struct IncomingContent {
        enum Destination {
            case consumer(UInt64)
            case get(DriverCommand.ControlContinuation)
            case returned(replyCode: UInt16, replyText: String)
        }

        var destination: Destination
        var generation: UInt64
        var exchange: String
        var routingKey: String
        var deliveryTag: UInt64
        var redelivered: Bool
        var properties = AMQPProperties()
        var bodySize = 0
        var body = ByteBuffer()
        var headerSeen = false
    }

    let configuration: AMQPConfiguration
    let logger: Logger
    let mailbox: ConnectionMailbox
    let arena = CArena()
    let allocator = ByteBufferAllocator()

    /// The live connection; `nil` while disconnected.
    var connection: amqp_connection_state_t?
    var channels = ChannelTable()
    var controlChannel: UInt16?
    var getChannel: UInt16?
    var probeChannel: UInt16?
    var getInFlight = false
    var queuedGets: [(queue: String, continuation: DriverCommand.ControlContinuation)] = []
    /// Everything ever declared and not deleted since, redeclared after every reconnect.
    var topology = AMQPTopology()
    var publishers: [UInt64: PublisherState] = [:]
    var consumers: [UInt64: ConsumerState] = [:]
    var consumersNeedResume = false
    var incoming: [UInt16: IncomingContent] = [:]
    /// Control operations that arrived while disconnected; they run right after the next connect.
    var waitingControl: [(DriverCommand.Control, DriverCommand.ControlContinuation)] = []
    /// The current batch of commands taken from the mailbox, handled up to `nextCommand`.
    var commands: [DriverCommand] = []
    var nextCommand = 0
    /// Consumers whose plain acks of the current batch of commands are not sent yet.
    var consumersWithPendingAcks: [UInt64] = []
    /// Channels whose librabbitmq pool holds dispatched frames or a checked synchronous reply,
    /// recycled together (``readFrames()``) rather than after every frame: librabbitmq finds a
    /// channel's pool by walking a 16-bucket table, so each recycle walks a sixteenth of the
    /// channels (with 1,000 consumers, a walk per frame was most of eventhos's time in
    /// `librabbitmq.so`). `amqp_maybe_release_buffers`, which walks every pool and looks each up
    /// again, is never called: its cost is quadratic in the channels.
    var channelsToRecycle = ChannelSet()
    /// Frames dispatched since the pools were last recycled.
    var framesSinceRecycle = 0

    init(configuration: AMQPConfiguration, logger: Logger, mailbox: ConnectionMailbox) {
        self.configuration = configuration
        self.logger = logger
        self.mailbox = mailbox
    }

    // MARK: - Life cycle

    /// Connects and serves until shutdown is requested, reconnecting after every failure.
    ///
    /// - Returns: the error it gave up with (``AMQPConfiguration/stopOnPermanentFailureAtStart``),
    ///   `nil` after a requested shutdown.
    func run() -> AMQPError? {
        var rotation = EndpointRotation(count: configuration.endpoints.count)
        var failedRounds = 0
        var everConnected = false
        var roundFailures: [AMQPError] = []
        var permanentFailure: AMQPError?
        while !mailbox.isStopRequested {
            mailbox.publish(.connecting)
            let endpoint = configuration.endpoints[rotation.current]
            do throws(AMQPError) {
                try connect(to: endpoint)
            } catch {
                logger.warning("AMQP connect failed", metadata: ["broker": "\(configuration)", "node": "\(endpoint)", "error": "\(error)"])
                tearDown(error)
                roundFailures.append(error)
                if rotation.connectFailed() { continue }
                let reason = Self.roundFailure(roundFailures)
                mailbox.publish(.disconnected(reason: reason.description))
                if configuration.stopOnPermanentFailureAtStart, !everConnected, roundFailures.allSatisfy(\.isPermanentAtConnect) {
                    permanentFailure = reason
                    break
                }
                roundFailures = []
                waitBeforeReconnect(failedAttempts: failedRounds)
                failedRounds += 1
                continue
            }
            rotation.connected()
            roundFailures = []
            failedRounds = 0
            everConnected = true
            logger.info("AMQP connected", metadata: ["broker": "\(configuration)", "node": "\(endpoint)"])
            do throws(AMQPError) {
                try serve()
                try closeGracefully()
            } catch {
                logger.error("AMQP connection lost", metadata: ["broker": "\(configuration)", "node": "\(endpoint)", "error": "\(error)"])
                tearDown(.connectionLost)
                rotation.connectionLost()
                if !mailbox.isStopRequested {
                    mailbox.publish(.disconnected(reason: error.description))
                    waitBeforeReconnect(failedAttempts: 0)
                    failedRounds = 1
                }
            }
        }
        finish(permanentFailure ?? .shutdown)
        return permanentFailure
    }

    /// What a round of failed connects reports: the one failure, or each node's.
    private static func roundFailure(_ failures: [AMQPError]) -> AMQPError {
        guard failures.count > 1 else { return failures[0] }
        let code = failures.allSatisfy { $0.code == failures[0].code } ? failures[0].code : .notConnected
        return AMQPError(code: code, detail: "no node could be reached: " + failures.map(\.detail).joined(separator: "; "))
    }

    /// Opens the socket (TCP, or TLS for `amqps`) to `endpoint`, logs in and restores topology,
    /// publisher channels and consumers.
    private func connect(to endpoint: AMQPConfiguration.Endpoint) throws(AMQPError) {
        guard let connection = amqp_new_connection() else { throw AMQPError(code: .library, detail: "out of memory") }
        self.connection = connection
        let socket = try makeSocket(connection)
        var connectTimeout = configuration.connectTimeout.timeval
        let opened = amqp_socket_open_noblock(socket, endpoint.host, Int32(endpoint.port), &connectTimeout)
        guard opened == AMQP_STATUS_OK.rawValue else { throw openFailure(status: opened, socket: socket, endpoint: endpoint) }
        amqp_set_handshake_timeout(connection, &connectTimeout)
        var requestTimeout = configuration.requestTimeout.timeval
        amqp_set_rpc_timeout(connection, &requestTimeout)

        var clientProperties = arena.table([
            "connection_name": .string(configuration.connectionName),
            "product": .string("eventhos"),
            "capabilities": .table([
                "publisher_confirms": .bool(true),
                "basic.nack": .bool(true),
                "consumer_cancel_notify": .bool(true),
                "connection.blocked": .bool(true),
                "authentication_failure_close": .bool(true),
            ]),
        ])
        let heartbeat = Int32(clamping: configuration.heartbeat.components.seconds)
        let reply = eventhos_login_plain_with_properties(
            connection, configuration.virtualHost, 0, AMQP_DEFAULT_FRAME_SIZE, heartbeat,
            &clientProperties, configuration.user, configuration.password
        )
        arena.recycle()
        if reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION {
            throw loginFailure(status: -abs(reply.library_error), endpoint: endpoint)
        }
        try check(reply, channel: 0, "login")
        channels.reset(channelMax: Int(amqp_get_channel_max(connection)))

        try redeclareTopology()
        for publisher in publishers.values {
            do throws(AMQPError) {
                try openPublisherChannel(publisher)
            } catch where error.isChannelLevel {
                logger.error("AMQP publisher channel failed", metadata: ["error": "\(error)"])
            }
        }
        for consumer in consumers.values { try startOrDrop(consumer) }
        mailbox.publish(.connected)
        while !waitingControl.isEmpty {
            let (operation, continuation) = waitingControl.removeFirst()
            try runControl(operation, continuation)
        }
    }

    /// The connected loop: commands, frames, publishes, confirm timeouts, then poll() on the socket
    /// and the wake-up fd. Never sleeps longer than 200 ms, so librabbitmq sends heartbeats in time
    /// and notices a silent broker.
    private func serve() throws(AMQPError) {
        guard let connection else { return }
        var fds = [
            pollfd(fd: amqp_get_sockfd(connection), events: Int16(POLLIN), revents: 0),
            pollfd(fd: mailbox.wakeUpFD, events: Int16(POLLIN), revents: 0),
        ]
        while !mailbox.isStopRequested {
            try handleCommands()
            try readFrames()
            try flushPublishes()
            if consumersNeedResume { try resumeConsumers() }
            if !getInFlight, !queuedGets.isEmpty { try startQueuedGet() }
            let now = ContinuousClock.now
            expireConfirms(now: now)

            let busy = amqp_frames_enqueued(connection) != 0 || amqp_data_in_buffer(connection) != 0
                || nextCommand < commands.count
            var timeout = Duration.milliseconds(200)
            for publisher in publishers.values {
                if let deadline = publisher.tracker.nextDeadline { timeout = min(timeout, max(.zero, now.duration(to: deadline))) }
            }
            fds[0].revents = 0
            fds[1].revents = 0
            _ = poll(&fds, 2, busy ? 0 : Int32(timeout.roundedUpMilliseconds))
            if fds[1].revents != 0 { mailbox.clearWakeUp() }
        }
    }

    /// Sleeps before the next connect attempt while still answering commands (publishes fail
    /// with `.notConnected` at once) and reacting to shutdown.
    private func waitBeforeReconnect(failedAttempts: Int) {
        let initial = configuration.reconnectInitialDelay
        var delay = initial
        for _ in 0..<min(failedAttempts, 30) where delay < configuration.reconnectMaxDelay { delay *= 2 }
        delay = min(delay, configuration.reconnectMaxDelay)
        delay = delay / 2 + delay / 2 * Double.random(in: 0...1)
        let deadline = ContinuousClock.now + delay
        var wakeUp = pollfd(fd: mailbox.wakeUpFD, events: Int16(POLLIN), revents: 0)
        while !mailbox.isStopRequested {
            handleCommandsWhileDisconnected()
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return }
            wakeUp.revents = 0
            _ = poll(&wakeUp, 1, Int32(left.roundedUpMilliseconds))
            if wakeUp.revents != 0 { mailbox.clearWakeUp() }
        }
    }

    /// Drops the connection after a failure: every publish in flight or waiting fails with `error`,
    /// consumers wait for the next connection, channel numbers start over.
    func tearDown(_ error: AMQPError) {
        if let connection { amqp_destroy_connection(connection) }
        connection = nil
        for publisher in publishers.values {
            publisher.failAll(error)
            publisher.channel = nil
        }
        for consumer in consumers.values { consumer.channel = nil }
        consumersNeedResume = false
        for content in incoming.values {
            if case .get(let continuation) = content.destination { continuation.resume(returning: .failure(error)) }
        }
        incoming = [:]
        for get in queuedGets { get.continuation.resume(returning: .failure(error)) }
        queuedGets = []
        getInFlight = false
        controlChannel = nil
        getChannel = nil
        probeChannel = nil
        channels.reset(channelMax: 0)
        channelsToRecycle.removeAll()
        framesSinceRecycle = 0
    }

    /// Shutdown: waits (bounded) for the confirms of publishes already accepted, then closes every
    /// channel (unacknowledged deliveries return to their queues) and the connection.
    private func closeGracefully() throws(AMQPError) {
        guard let connection else { return }
        try handleCommands()
        let longestTimeout = publishers.values.map(\.confirmTimeout).max() ?? .zero
        let deadline = ContinuousClock.now + min(longestTimeout, .seconds(5))
        var socket = pollfd(fd: amqp_get_sockfd(connection), events: Int16(POLLIN), revents: 0)
        while ContinuousClock.now < deadline,
            publishers.values.contains(where: { $0.hasPending || $0.tracker.outstandingCount > 0 })
        {
            try flushPublishes()
            try readFrames()
            expireConfirms(now: .now)
            socket.revents = 0
            _ = poll(&socket, 1, 20)
        }
        for publisher in publishers.values { publisher.failAll(.shutdown) }
        for (id, consumer) in consumers {
            consumers[id] = nil
            if let channel = consumer.channel { try closeChannelIgnoringChannelErrors(channel) }
            consumer.registration.deliveries.finish()
        }
        for number in [controlChannel, getChannel, probeChannel] + publishers.values.map(\.channel) {
            if let number { try closeChannelIgnoringChannelErrors(number) }
        }
        let reply = amqp_connection_close(connection, AMQP_REPLY_SUCCESS)
        if reply.reply_type != AMQP_RESPONSE_NORMAL {
            logger.debug("AMQP connection.close failed", metadata: ["reply": "\(reply.reply_type)"])
        }
        tearDown(.shutdown)
        logger.info("AMQP connection closed", metadata: ["broker": "\(configuration)"])
    }

    /// The owner thread ends: everything still waiting fails with `error` (`.shutdown`, or what it gave up with).
    private func finish(_ error: AMQPError) {
        tearDown(error)
        for (_, continuation) in waitingControl { continuation.resume(returning: .failure(error)) }
        waitingControl = []
        for consumer in consumers.values { consumer.registration.deliveries.finish() }
        consumers = [:]
        publishers = [:]
        for command in commands[nextCommand...] + mailbox.finish() { fail(command, error) }
        commands = []
        nextCommand = 0
    }

    // MARK: - Commands

    /// Handles the commands queued in the mailbox while connected.
    private func handleCommands() throws(AMQPError) {
        if nextCommand == commands.count {
            commands.removeAll(keepingCapacity: true)
            nextCommand = 0
            mailbox.drain(into: &commands)
        }
        while nextCommand < commands.count {
            let command = commands[nextCommand]
            nextCommand += 1
            if case .acknowledge = command {} else { try sendPendingAcks() }  // keeps the order of frames
            try handle(command)
        }
        try sendPendingAcks()
    }

    private func handle(_ command: DriverCommand) throws(AMQPError) {
        switch command {
        case .publish(let publish):
            guard let publisher = publishers[publish.publisher] else {
                publish.continuation.resume(returning: .shutdown)
                return
            }
            publisher.enqueue(publish)
        case .registerPublisher(let id, let maxOutstandingConfirms, let confirmTimeout):
            let publisher = PublisherState(id: id, maxOutstandingConfirms: maxOutstandingConfirms, confirmTimeout: confirmTimeout)
            publishers[id] = publisher
            do throws(AMQPError) {
                try openPublisherChannel(publisher)
            } catch where error.isChannelLevel {
                logger.error("AMQP publisher channel failed", metadata: ["error": "\(error)"])
            }
        case .removePublisher(let id):
            guard let publisher = publishers.removeValue(forKey: id) else { return }
            publisher.failAll(.shutdown)
            if let channel = publisher.channel { try closeChannelIgnoringChannelErrors(channel) }
        case .startConsumer(let registration):
            let consumer = ConsumerState(registration)
            consumers[registration.id] = consumer
            try startOrDrop(consumer)
        case .cancelConsumer(let id, let done, let basicCancel):
            defer { done?.resume() }
            try cancelConsumer(id, cancelling: basicCancel)
        case .stopConsumer(let id, let done):
            defer { done?.resume() }
            try stopConsumer(id)
        case .acknowledge(let acknowledgement):
            try acknowledge(acknowledgement)
        case .control(let operation, let continuation):
            try runControl(operation, continuation)
        }
    }

    /// Handles queued commands without a connection: publishes fail with `.notConnected`,
    /// registrations are kept for the next connection, control operations wait for it.
    private func handleCommandsWhileDisconnected() {
        commands.removeAll(keepingCapacity: true)
        nextCommand = 0
        mailbox.drain(into: &commands)
        for command in commands {
            switch command {
            case .publish(let publish):
                publish.continuation.resume(returning: .notConnected)
            case .registerPublisher(let id, let maxOutstandingConfirms, let confirmTimeout):
                publishers[id] = PublisherState(id: id, maxOutstandingConfirms: maxOutstandingConfirms, confirmTimeout: confirmTimeout)
            case .removePublisher(let id):
                publishers[id] = nil
            case .startConsumer(let registration):
                consumers[registration.id] = ConsumerState(registration)
            case .cancelConsumer(let id, let done, _), .stopConsumer(let id, let done):
                consumers.removeValue(forKey: id)?.registration.deliveries.finish()
                done?.resume()
            case .acknowledge:
                break  // The channel is gone; the broker redelivers.
            case .control(let operation, let continuation):
                waitingControl.append((operation, continuation))
            }
        }
        commands.removeAll(keepingCapacity: true)
    }

    /// Answers a command that will never run.
    private func fail(_ command: DriverCommand, _ error: AMQPError) {
        switch command {
        case .publish(let publish): publish.continuation.resume(returning: error)
        case .startConsumer(let registration): registration.deliveries.finish()
        case .cancelConsumer(_, let done, _), .stopConsumer(_, let done): done?.resume()
        case .control(_, let continuation): continuation.resume(returning: .failure(error))
        case .registerPublisher, .removePublisher, .acknowledge: break
        }
    }

    // MARK: - Channels and replies

    /// Opens a channel for `role`.
    func openChannel(_ role: ChannelTable.Role) throws(AMQPError) -> (number: UInt16, generation: UInt64) {
        guard let channel = channels.allocate(role) else {
            throw AMQPError(code: .channelClosed, detail: "all channels of the connection are in use")
        }
        amqp_channel_open(connection, channel.number)
        try checkLastReply(channel: channel.number, "channel.open")
        return channel
    }

    /// Closes a channel; a broker-side close racing with ours is not an error.
    func closeChannelIgnoringChannelErrors(_ number: UInt16) throws(AMQPError) {
        let reply = amqp_channel_close(connection, number, AMQP_REPLY_SUCCESS)
        do throws(AMQPError) {
            try check(reply, channel: number, "channel.close")
            channelClosed(number, .shutdown)
        } catch where error.isChannelLevel {
            return
        }
    }

    /// Checks the reply of the last synchronous method.
    func checkLastReply(channel: UInt16, _ context: String) throws(AMQPError) {
        try check(amqp_get_rpc_reply(connection), channel: channel, context)
    }

    /// Turns a synchronous method's reply into success or an error. A channel.close is answered
    /// (close-ok) and its channel cleaned up; a connection.close is answered and thrown.
    func check(_ reply: amqp_rpc_reply_t, channel: UInt16, _ context: String) throws(AMQPError) {
        channelsToRecycle.insert(channel)
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return
        case AMQP_RESPONSE_SERVER_EXCEPTION where reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD:
            let close = reply.reply.decoded!.load(as: amqp_channel_close_t.self)
            let error = AMQPError(code: .channelClosed, replyCode: close.reply_code, detail: String(close.reply_text))
            try acknowledgeChannelClose(channel, error)
            throw error
        case AMQP_RESPONSE_SERVER_EXCEPTION where reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD:
            throw acknowledgeConnectionClose(reply.reply.decoded!.load(as: amqp_connection_close_t.self))
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            throw .library(status: -abs(reply.library_error), context)
        default:
            throw AMQPError(code: .library, detail: "\(context): unexpected reply \(reply.reply.id)")
        }
    }

    /// Answers the broker's channel.close with close-ok and forgets the channel.
    func acknowledgeChannelClose(_ number: UInt16, _ error: AMQPError) throws(AMQPError) {
        var closeOK = amqp_channel_close_ok_t()
        let status = amqp_send_method(connection, number, AMQP_CHANNEL_CLOSE_OK_METHOD, &closeOK)
        guard status == AMQP_STATUS_OK.rawValue else { throw .library(status: status, "channel.close-ok") }
        channelClosed(number, error)
    }

    /// Answers the broker's connection.close with close-ok and returns the error to fail with.
    func acknowledgeConnectionClose(_ close: amqp_connection_close_t) -> AMQPError {
        var closeOK = amqp_connection_close_ok_t()
        _ = amqp_send_method(connection, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &closeOK)
        return AMQPError(code: .connectionClosed, replyCode: close.reply_code, detail: String(close.reply_text))
    }

    /// A channel is gone (closed by either side): frees its number and tells its user.
    func channelClosed(_ number: UInt16, _ error: AMQPError) {
        guard let slot = channels[number] else { return }
        channels.release(number)
        if case .get(let continuation) = incoming.removeValue(forKey: number)?.destination {
            continuation.resume(returning: .failure(error))
            getInFlight = false
        }
        switch slot.role {
        case .control:
            controlChannel = nil
        case .get:
            getChannel = nil
        case .probe:
            probeChannel = nil
        case .publisher(let id):
            guard let publisher = publishers[id], publisher.channel == number else { return }
            publisher.channel = nil
            publisher.tracker.failAll(error) { waiter, error in waiter.resume(returning: error) }
        case .consumer(let id):
            guard let consumer = consumers[id], consumer.channel == number else { return }
            consumer.channel = nil
            consumersNeedResume = true
            logger.warning("AMQP consumer channel closed", metadata: ["queue": "\(consumer.registration.queue)", "error": "\(error)"])
        }
    }
}
