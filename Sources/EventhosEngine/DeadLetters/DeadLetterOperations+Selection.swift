import AMQP

extension DeadLetterOperations {
    /// Sends back to the contract's queue, each with a fresh attempt budget, the dead letters of
    /// the received events `receivedEventIds`, and leaves the others where they are; returns how
    /// many went back.
    ///
    /// The selection is looked for among the messages in the queue when it starts, at most the
    /// first 512 of them (the ones a page can show): the others are held unacknowledged until the
    /// end, which is what returns them to their places. At least once, like ``redrive(contract:limit:)``.
    public func redrive(contract: String, receivedEventIds: Set<String>) async throws -> Int {
        try requireContract(contract)
        guard !receivedEventIds.isEmpty else { return 0 }
        defer { changed(contract) }
        let publisher = connection.makePublisher(maxOutstandingConfirms: 256)
        let target = try entryQueue(of: contract)
        let redriven = SharedCounter()
        _ = try await drain(contract, limit: 512) { _, delivery in
            guard let id = delivery.properties.messageId, receivedEventIds.contains(id) else { return }
            try await publisher.publish(
                exchange: "", routingKey: target, body: delivery.body,
                properties: Self.redriven(delivery.properties, contract: contract), mandatory: true)
            delivery.ack()
            redriven.increment()
        }
        return redriven.value
    }
}
