import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// One broker connection, owned by one dedicated OS thread (librabbitmq is not thread-safe).
///
/// Everything that touches librabbitmq happens on that thread; this class only queues commands
/// into a lock-protected mailbox and wakes the thread through an eventfd. The thread poll()s the
/// socket and the eventfd together, handles many commands per wake-up, and keeps heartbeats going.
///
/// Run it as a ``Service`` (or call ``run()`` in a task). While it runs it reconnects after every
/// failure, redeclares every topology declared on it, reopens publisher channels and resumes consumers.
public final class AMQPConnection: Sendable, Service {
    private let configuration: AMQPConfiguration
    private let logger: Logger
    private let mailbox = ConnectionMailbox()
    private let lastID = Atomic<UInt64>(0)

    /// Creates a connection; nothing happens before ``run()``.
    public init(configuration: AMQPConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    deinit {
        mailbox.requestShutdown()
    }

    /// Runs the owner thread: connects, and on any failure reconnects with capped exponential
    /// backoff and jitter. Returns after graceful shutdown (ServiceLifecycle) or task cancellation,
    /// having closed channels and the connection cleanly (unacknowledged deliveries go back to
    /// the broker, publishes not confirmed within 5 s fail with ``AMQPError/Code/shutdown``).
    /// - Throws: ``AMQPError/Code/shutdown`` when called a second time; with
    ///   ``AMQPConfiguration/stopOnPermanentFailureAtStart``, the error that no retry can fix
    ///   (``AMQPError/Code/tls``, refused credentials) when no node could be connected to at start.
    public func run() async throws {
        guard mailbox.claimStart() else {
            throw AMQPError(code: .shutdown, detail: "AMQPConnection.run() may only be called once")
        }
        let (configuration, logger, mailbox) = (configuration, logger, mailbox)
        let failure = await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withCheckedContinuation { (done: CheckedContinuation<AMQPError?, Never>) in
                    OwnerThread.start {
                        done.resume(returning: ConnectionDriver(configuration: configuration, logger: logger, mailbox: mailbox).run())
                    }
                }
            } onGracefulShutdown: {
                mailbox.requestShutdown()
            }
        } onCancel: {
            mailbox.requestShutdown()
        }
        if let failure { throw failure }
    }

    /// Whether the connection is up and ready for publishes (a lock-free read).
    public var isConnected: Bool { mailbox.isConnected }

    /// State changes from now on, starting with the current state; finishes after ``AMQPConnectionState/closed``.
    public func connectionStates() -> AsyncStream<AMQPConnectionState> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: AMQPConnectionState.self, bufferingPolicy: .bufferingNewest(64)
        )
        mailbox.addWatcher(continuation)
        return stream
    }

    /// Declares exchanges, queues and bindings now (waiting for the connection if it is down) and
    /// remembers them for redeclaration after every reconnect. A refused declaration (e.g. 406 for
    /// different arguments) throws and is not remembered.
    public func declare(_ topology: AMQPTopology) async throws(AMQPError) {
        _ = try await control(.declare(topology))
    }

    /// Deletes a queue and forgets it (and its bindings) for redeclaration.
    /// - Returns: the number of messages deleted with it.
    public func deleteQueue(_ name: String, ifUnused: Bool = false, ifEmpty: Bool = false) async throws(AMQPError) -> UInt32 {
        guard case .messageCount(let count) = try await control(.deleteQueue(name: name, ifUnused: ifUnused, ifEmpty: ifEmpty))
        else { return 0 }
        return count
    }

    /// Deletes an exchange and forgets it (and the bindings from it) for redeclaration.
    public func deleteExchange(_ name: String, ifUnused: Bool = false) async throws(AMQPError) {
        _ = try await control(.deleteExchange(name: name, ifUnused: ifUnused))
    }

    /// Removes a binding and forgets it for redeclaration; a headers exchange's binding is named by
    /// its `arguments` too.
    public func unbindQueue(
        _ queue: String, from exchange: String, routingKey: String, arguments: AMQPTable = [:]
    ) async throws(AMQPError) {
        _ = try await control(.unbindQueue(queue: queue, exchange: exchange, routingKey: routingKey, arguments: arguments))
    }

    /// Message and consumer counts of a queue (a passive declare on a throwaway channel);
    /// `nil` when the queue does not exist.
    public func queueInfo(_ name: String) async throws(AMQPError) -> (messages: UInt32, consumers: UInt32)? {
        guard case .queueInfo(let info) = try await control(.queueInfo(name: name)) else { return nil }
        return info
    }

    /// Fetches one message (basic.get without auto-ack); acknowledge it with
    /// ``AMQPDelivery/ack(multiple:)`` or ``AMQPDelivery/nack(requeue:multiple:)``.
    /// - Returns: `nil` when the queue is empty.
    public func basicGet(queue: String) async throws(AMQPError) -> AMQPDelivery? {
        guard case .delivery(let delivery) = try await control(.basicGet(queue: queue)) else { return nil }
        return delivery
    }

    /// A publisher with its own confirm-mode channel.
    /// - Parameters:
    ///   - maxOutstandingConfirms: publishes in flight at once; further ones wait for room.
    ///   - confirmTimeout: how long a publish waits for its confirm before failing with ``AMQPError/Code/confirmTimeout``.
    public func makePublisher(maxOutstandingConfirms: Int = 64, confirmTimeout: Duration = .seconds(10)) -> AMQPPublisher {
        let id = nextID()
        _ = mailbox.submit(.registerPublisher(
            id: id, maxOutstandingConfirms: maxOutstandingConfirms, confirmTimeout: confirmTimeout
        ))
        return AMQPPublisher(id: id, mailbox: mailbox)
    }

    /// A consumer of `queue` on its own channel with basic.qos(`prefetch`), resumed after every reconnect.
    /// It starts now, or as soon as the connection is up.
    public func consume(queue: String, prefetch: UInt16, consumerTag: String? = nil) -> AMQPConsumer {
        let id = nextID()
        let (stream, continuation) = AsyncStream.makeStream(of: AMQPDelivery.self)
        let accepted = mailbox.submit(.startConsumer(.init(
            id: id, queue: queue, prefetch: prefetch, consumerTag: consumerTag, deliveries: continuation
        )))
        if !accepted { continuation.finish() }
        return AMQPConsumer(id: id, mailbox: mailbox, deliveries: stream)
    }

    private func nextID() -> UInt64 {
        lastID.add(1, ordering: .relaxed).newValue
    }

    private func control(_ operation: DriverCommand.Control) async throws(AMQPError) -> DriverCommand.ControlResult {
        let mailbox = mailbox
        let reply = Mutex<ControlReply?>(nil)
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let answer = ControlReply(continuation)
                reply.withLock { $0 = answer }
                if Task.isCancelled {
                    answer.resume(returning: .failure(AMQPError(code: .shutdown, detail: "cancelled")))
                } else if !mailbox.submit(.control(operation, answer)) {
                    answer.resume(returning: .failure(.shutdown))
                }
            }
        } onCancel: {
            reply.withLock { $0 }?.resume(returning: .failure(AMQPError(code: .shutdown, detail: "cancelled")))
        }
        return try result.get()
    }
}
