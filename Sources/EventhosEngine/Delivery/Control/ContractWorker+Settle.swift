import AMQP
import EventhosCore
import EventhosJSON
import EventhosStore
import EventhosTemplates
import Foundation
import Logging

extension ContractWorker {
    /// Ends a delivery that must not be tried: the contract's filter leaves the event out, or the
    /// event is older than the contract's `maxAge`.
    ///
    /// The filter runs here, in the contract's worker, rather than at ingest: it then applies to the
    /// registry in force when the message is delivered (a filter changed later also judges messages
    /// already queued, retries and redrives), and ingest stays one publish per event whatever the
    /// number of contracts. A filtered-out message costs its queue one message and one
    /// acknowledgement, no HTTP call; its execution is recorded as `SKIPPED`, reason `filtered`.
    ///
    /// An expired message is dead-lettered (reason `expired`, published and confirmed before the
    /// acknowledgement) and its execution recorded as `ERROR`, reason `expired`.
    /// - Parameter checkingFilter: `false` to check the expiry only (again, after a circuit breaker held the delivery).
    /// - Returns: `true` when the delivery was settled or handed back to the broker: do not try it.
    func settledWithoutTry(
        _ delivery: AMQPDelivery, message: EventMessage, body: JSONValue, attempt: Int, checkingFilter: Bool = true,
        now: Date = Date()
    ) async -> Bool {
        let reason: DeliverySettlement.Reason
        if checkingFilter, let filter = route.contract.filter, !filter.matches(message.context(body: body)) {
            reason = .filtered
        } else if let maxAge = route.contract.maxAge,
                  now.timeIntervalSince(message.receivedDate) > Double(maxAge.milliseconds) / 1000
        {
            reason = .expired
        } else {
            return false
        }
        await settle(
            delivery,
            DeliverySettlement(
                contract: route.contract.identifier, receivedEventId: message.receivedEventId, reason: reason,
                attempts: attempt - 1, at: now),
            lastError: reason == .expired ? "expired: accepted more than \(route.contract.maxAge!.configText) ago" : nil)
        return true
    }

    /// Ends a delivery without (another) try: one that ends in `ERROR` is first dead-lettered
    /// (published and confirmed) with its reason; then the settlement is committed to the audit,
    /// the message acknowledged, counted, and announced to operators when dead-lettered. When the
    /// broker or the store fails, the message is delivered again.
    func settle(_ delivery: AMQPDelivery, _ settlement: DeliverySettlement, lastStatus: Int? = nil, lastError: String? = nil) async {
        do {
            if settlement.state == .error {
                try await republish(
                    delivery,
                    annotations: [
                        "eventhos-attempts": .int(Int64(settlement.attempts)),
                        "eventhos-dead-reason": .string(settlement.reason.rawValue),
                        "eventhos-last-status": lastStatus.map { .int(Int64($0)) } ?? .void,
                        "eventhos-last-error": .string(lastError ?? settlement.reason.rawValue),
                    ],
                    exchange: "", routingKey: BrokerNames.deadQueue(route.contract.identifier))
            }
            try await audit.record(.settled(settlement), mayWait: auditMayWait)
        } catch {
            logger.error(
                "delivery not settled (\(settlement.reason.rawValue)); the message will be delivered again",
                metadata: ["receivedEventId": "\(settlement.receivedEventId)", "error": "\(error)"])
            await consumer.requeueAfterPause(delivery)
            return
        }
        consumer.ack(delivery)
        guard settlement.state == .error else {
            metrics.filtered()
            return
        }
        metrics.deadLettered(settlement.reason.rawValue)
        await operations.deadLettered(
            route, receivedEventId: settlement.receivedEventId, reason: settlement.reason.rawValue, attempts: settlement.attempts,
            lastStatus: lastStatus, lastError: lastError)
    }
}
