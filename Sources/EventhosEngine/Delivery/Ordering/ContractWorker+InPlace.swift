import AMQP
import EventhosCore
import EventhosStore
import Foundation
import Logging

extension ContractWorker {
    /// The attempt a delivery makes now: its `eventhos-attempt`, or, for a partition's message that
    /// may have been tried before (delivered again after a stop or the loss of an instance, or moved
    /// twice by the distributor), the one after the attempts the audit holds.
    ///
    /// - Returns: `nil` when the delivery is done with here: the audit says it already ended
    ///   (acknowledged now, the duplicate dropped), or the store cannot be read (handed back).
    func resumedAttempt(_ delivery: AMQPDelivery, message: EventMessage) async -> Int? {
        let attempt = Self.positiveInteger(EventMessage.Header.attempt, of: delivery)
        guard case .inPlace = retries,
              delivery.redelivered || delivery.properties.headers[OrderedContractWorker.Header.redistributed] != nil
        else { return attempt }
        let execution: ExecutionRow?
        do {
            execution = try await orderGate.store.executions(receivedEventId: message.receivedEventId)
                .first { $0.contract == route.contract.identifier }
        } catch {
            logger.error(
                "a redelivered message's attempts not read: the store fails; it will be delivered again",
                metadata: ["receivedEventId": "\(message.receivedEventId)", "error": "\(error)"])
            await consumer.requeueAfterPause(delivery)
            return nil
        }
        // None yet, or older than this message (a redrive or a replay counts on from them): as carried.
        guard let execution, execution.attempts >= attempt else { return attempt }
        switch execution.state {
        case .completed, .error, .skipped:
            logger.info(
                "message already delivered: dropped", metadata: ["receivedEventId": "\(message.receivedEventId)"])
            consumer.ack(delivery)
            return nil
        case .processing, .retrying:
            return execution.attempts + 1
        }
    }

    /// Waits in place while a lower-order contract of the event has not completed it: a partition's
    /// message may not go back to a delay queue, which would let the next one overtake it.
    /// `contract_exc_detail.waiting_for` says what it waits for, as for unordered contracts.
    /// - Returns: `false` when the delivery was handed back (the worker stops, or the store fails).
    func waitedInPlaceForOrder(_ delivery: AMQPDelivery, message: EventMessage) async -> Bool {
        let contract = route.contract.identifier
        var recorded: String?
        for wait in 0... {
            let decision: OrderDecision
            do {
                decision = try await orderGate.decision(
                    for: route, receivedEventId: message.receivedEventId, receivedAt: message.receivedDate)
                guard let waitingFor = decision.waitingFor else {
                    if recorded != nil {
                        try await orderGate.store.clearWaiting(contract: contract, receivedEventId: message.receivedEventId)
                    }
                    return true
                }
                if waitingFor != recorded {
                    try await orderGate.store.recordWaiting(
                        contract: contract, receivedEventId: message.receivedEventId, waitingFor: waitingFor)
                    recorded = waitingFor
                }
            } catch {
                logger.error(
                    "order of the event's contracts not checked: the store fails; the message will be delivered again",
                    metadata: ["receivedEventId": "\(message.receivedEventId)", "error": "\(error)"])
                await consumer.requeueAfterPause(delivery)
                return false
            }
            guard await stop.sleep(for: OrderWait.delays[min(wait, OrderWait.delays.count - 1)]) else {
                relinquish(delivery)
                return false
            }
        }
        return false
    }

    /// Shows on the partition board what holds this worker's partition; `nil` when nothing does.
    /// Nothing for an unordered contract's worker.
    func showHolding(_ holding: PartitionBoard.Holding?) {
        guard case .inPlace(let partition, let board) = retries else { return }
        board.hold(holding, contract: route.contract.identifier, partition: partition)
    }
}

extension PartitionBoard.Holding {
    /// The delivery of `message` at `attempt`, under the ordering key the distributor wrote on it.
    init(_ delivery: AMQPDelivery, message: EventMessage, attempt: Int, blocked: Bool = false) {
        let key: String =
            if case .string(let key)? = delivery.properties.headers[OrderedContractWorker.Header.key] { key } else { "" }
        self.init(receivedEventId: message.receivedEventId, key: key, attempt: attempt, since: Date(), blocked: blocked)
    }
}
