/// What delivers one contract's messages: a ``ContractWorker`` on its queue, or an
/// ``OrderedContractWorker`` on its ordered queue and partitions.
protocol ContractDelivery: Sendable {
    /// Handles deliveries until the consumers are stopped; deliveries in flight finish first.
    func run() async
    /// Stops the deliveries (basic.cancel): nothing new arrives; ``run()`` returns once those in flight finished.
    func stopDeliveries() async
    /// Closes the channels, once ``run()`` returned.
    func close() async
}

extension ContractWorker: ContractDelivery {
    func stopDeliveries() async {
        stop.signal()
        await consumer.stopDeliveries()
    }

    func close() async {
        await consumer.cancel()
    }
}
