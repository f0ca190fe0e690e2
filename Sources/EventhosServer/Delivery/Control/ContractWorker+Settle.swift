import AMQP
import EventhosCore
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
        if checkingFilter, let filter = route.contract.filter,
           !filter.matches(
               RequestTemplate.context(
                   headers: message.requestHeaders.map { ($0.name, $0.value) },
                   query: message.requestQuery.map { ($0.name, $0.value) }, body: body))
        {
            reason = .filtered
        } else if let maxAge = route.contract.maxAge,
                  now.timeIntervalSince(message.receivedDate) > Double(maxAge.milliseconds) / 1000
        {
            reason = .expired
        } else {
            return false
        }
        let settlement = DeliverySettlement(
            contract: route.contract.identifier, receivedEventId: message.receivedEventId, reason: reason,
            attempts: attempt - 1, at: now)
        do {
            if reason == .expired {
                try await republish(
                    delivery,
                    annotations: [
                        "eventhos-attempts": .int(Int64(attempt - 1)),
                        "eventhos-dead-reason": .string(DeliveryDecision.DeadLetterReason.expired.rawValue),
                        "eventhos-last-error": .string("expired: accepted more than \(route.contract.maxAge!.configText) ago"),
                    ],
                    exchange: "", routingKey: BrokerNames.deadQueue(route.contract.identifier))
            }
            try await audit.record(.settled(settlement))
        } catch {
            logger.error(
                "delivery not settled (\(reason.rawValue)); the message will be delivered again",
                metadata: ["receivedEventId": "\(message.receivedEventId)", "error": "\(error)"])
            await consumer.requeueAfterPause(delivery)
            return true
        }
        consumer.ack(delivery)
        if reason == .filtered {
            metrics.filtered()
        } else {
            metrics.deadLettered(reason.rawValue)
        }
        await operations.settled(settlement, route: route)
        return true
    }
}
