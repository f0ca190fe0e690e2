import AMQP
import EventhosCore
import EventhosStore
import Foundation
import Logging

extension ContractWorker {
    /// Holds a delivery while a lower-order contract of its event has not completed the event.
    ///
    /// A held message is published (confirmed) to a delay queue, from which it comes back to this
    /// contract's queue after ``OrderWait/delay``; only then is the delivery acknowledged. No attempt
    /// is spent and nothing waits in memory.
    /// From its second wait on, `contract_exc_detail.waiting_for` says what it waits for; once it
    /// may run, that is cleared.
    /// - Returns: `true` when the delivery is held, or handed back to the broker because the store
    ///   cannot be read: the caller must not try it.
    func heldForOrder(_ delivery: AMQPDelivery, message: EventMessage, attempt: Int) async -> Bool {
        let contract = route.contract.identifier
        let metadata: Logger.Metadata = ["receivedEventId": "\(message.receivedEventId)", "attempt": "\(attempt)"]
        let decision: OrderDecision
        do {
            decision = try await orderGate.decision(
                for: route, receivedEventId: message.receivedEventId, receivedAt: message.receivedDate)
        } catch {
            logger.error(
                "order of the event's contracts not checked: the store cannot be read; the message will be delivered again",
                metadata: metadata.merging(["error": "\(error)"]) { $1 })
            await consumer.requeueAfterPause(delivery)
            return true
        }
        let wait = OrderWait(headers: delivery.properties.headers, attempt: attempt)
        guard let waitingFor = decision.waitingFor else {
            if wait.recorded != nil {
                do {
                    try await orderGate.store.clearWaiting(contract: contract, receivedEventId: message.receivedEventId)
                } catch {
                    logger.warning("waiting_for not cleared in the audit", metadata: metadata.merging(["error": "\(error)"]) { $1 })
                }
            }
            return false
        }
        let next = wait.next(waitingFor: waitingFor)
        do {
            if next.recorded != wait.recorded {
                try await orderGate.store.recordWaiting(
                    contract: contract, receivedEventId: message.receivedEventId, waitingFor: waitingFor)
                logger.info(
                    "delivery waits for lower-order contracts", metadata: metadata.merging(["waitingFor": "\(waitingFor)"]) { $1 })
            }
            try await republish(
                delivery,
                annotations: [OrderWait.header: next.field, BrokerNames.contractHeader: .string(contract)],
                exchange: "", routingKey: RetryTiers.queueName(wait.delay))
        } catch {
            logger.error(
                "delivery not put back to wait for its order group; it will be delivered again",
                metadata: metadata.merging(["error": "\(error)"]) { $1 })
            await consumer.requeueAfterPause(delivery)
            return true
        }
        logger.debug(
            "delivery waits for its order group",
            metadata: metadata.merging(["waitingFor": "\(waitingFor)", "delay": "\(wait.delay)"]) { $1 })
        consumer.ack(delivery)
        metrics.waitedForOrder()
        return true
    }
}
