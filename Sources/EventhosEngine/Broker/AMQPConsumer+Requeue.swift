import AMQP

extension AMQPConsumer {
    /// How long a message whose handling failed for a passing reason (broker or store down) waits
    /// before it goes back to the queue.
    static let requeuePause: Duration = .seconds(1)

    /// Hands `delivery` back to the broker after ``requeuePause``, so that a failing dependency does
    /// not turn into a tight redelivery loop (a shutdown cuts the pause short).
    func requeueAfterPause(_ delivery: AMQPDelivery) async {
        try? await Task.sleep(for: Self.requeuePause)
        nack(delivery, requeue: true)
    }
}
