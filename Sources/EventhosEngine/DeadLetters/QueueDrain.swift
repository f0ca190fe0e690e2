import AMQP

/// Takes at most a given number of messages from one queue through a consumer of its own, and
/// hands each to a handler, many at once.
///
/// What the handler does not acknowledge goes back to the queue, in its place, when the consumer
/// closes at the end: so a handler that only looks leaves the queue as it was.
struct QueueDrain {
    let connection: AMQPConnection
    let queue: String
    /// Deliveries in flight at once (basic.qos).
    let prefetch: UInt16
    /// The drain ends when no message came for this long (the queue held fewer than asked).
    let idleTimeout: Duration

    /// Calls `handler` for each of the first `count` messages (with its 0-based position) and
    /// waits for every call; returns how many messages came. The first error thrown by a handler
    /// is rethrown once the others have finished.
    func run(count: Int, _ handler: @escaping @Sendable (Int, AMQPDelivery) async throws -> Void) async throws -> Int {
        guard count > 0 else { return 0 }
        let consumer = connection.consume(queue: queue, prefetch: prefetch)
        let received = SharedCounter()
        let watchdog = Task { [idleTimeout] in
            var seen = -1
            while !Task.isCancelled {
                try await Task.sleep(for: idleTimeout)
                let now = received.value
                if now == seen { break }
                seen = now
            }
            await consumer.cancel()
        }
        defer { watchdog.cancel() }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for await delivery in consumer {
                    let position = received.increment() - 1
                    group.addTask { try await handler(position, delivery) }
                    if position + 1 == count { break }
                }
                try await group.waitForAll()
            }
        } catch {
            await consumer.cancel()
            throw error
        }
        await consumer.cancel()
        return received.value
    }
}
