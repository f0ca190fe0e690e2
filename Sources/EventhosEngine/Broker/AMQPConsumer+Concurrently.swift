import AMQP

extension AMQPConsumer {
    /// Hands each delivery to `handle` in a task of its own (the prefetch bounds how many run at
    /// once), until the consumer is cancelled; returns once the deliveries in flight are handled.
    func handleConcurrently(_ handle: @escaping @Sendable (AMQPDelivery) async -> Void) async {
        await withDiscardingTaskGroup { group in
            for await delivery in self {
                group.addTask { await handle(delivery) }
            }
        }
    }
}
