import AMQP

/// What delivers one contract's messages: a ``ContractWorker`` on its queue, or an
/// ``OrderedContractWorker`` on its ordered queue and partitions.
protocol ContractDelivery: Sendable {
    /// Handles deliveries until the consumers are stopped; deliveries in flight finish first.
    func run() async
    /// Stops the deliveries: nothing new arrives; ``run()`` returns once those in flight finished.
    func stopDeliveries() async
    /// Closes the channels, once ``run()`` returned.
    func close() async
}

extension ContractWorker: ContractDelivery {
    /// How long a partition's worker lets its delivery in flight finish before it lets go of the partition.
    static let handOverGrace: Duration = .seconds(15)

    /// An unordered contract's worker sends basic.cancel; its deliveries in flight finish on the open channel.
    ///
    /// A partition's worker lets its delivery in flight finish (a waiting one gives up at once),
    /// then releases its channel without basic.cancel: the broker returns the message it still
    /// holds before it makes another consumer active, so that one takes it first.
    func stopDeliveries() async {
        stop.signal()
        guard case .inPlace = retries else {
            await consumer.stopDeliveries()
            return
        }
        await stop.idle(within: Self.handOverGrace)
        await consumer.release()
    }

    func close() async {
        await consumer.cancel()
    }
}
