import AMQP

/// The start of a fresh retry budget for a message sent back to its contract (by a redrive or a
/// replay): its next try is attempt `next`, and the policy's `maxAttempts` count from there.
struct AttemptBudget: Sendable, Hashable {
    /// The attempt number of the next try.
    var next: Int

    /// `properties` with the attempt headers the contract worker reads, and the contract header.
    func applied(to properties: AMQPProperties, contract: String) -> AMQPProperties {
        var properties = properties
        properties.headers[EventMessage.Header.attempt] = .int(Int64(next))
        properties.headers[ContractWorker.Header.budgetStart] = .int(Int64(next))
        properties.headers[BrokerNames.contractHeader] = .string(contract)
        return properties
    }
}
