import AMQP
import EventhosCore
import EventhosStore
import Foundation
import Logging

extension ContractWorker {
    /// How often a blocked delivery looks for an operator's skip.
    static let skipPoll: Duration = .seconds(1)
    /// The longest a partition's message stays unacknowledged in one go: below RabbitMQ's default
    /// `consumer_timeout` (30 min); then it is requeued, keeping its place, and taken again.
    static let longestHold: Duration = .seconds(25 * 60)

    /// Whether a failed delivery blocks its partition instead of being dead-lettered: its attempts
    /// are used, and its ordered contract says `onDead: block`.
    func blocks(_ decision: DeliveryDecision) -> Bool {
        guard case .inPlace = retries, route.contract.ordering?.onDead == .block,
              case .deadLetter(.attemptsExhausted) = decision
        else { return false }
        return true
    }

    /// A blocked delivery waits `delay` before its next try, unless an operator skips it meanwhile
    /// (it is then dead-lettered, the skip recorded, and its key goes on).
    /// - Returns: The next attempt, or `nil` when the delivery is done with here.
    func waitWhileBlocked(
        _ delivery: AMQPDelivery, message: EventMessage, result: ActionExecutor.Result, attempt: Int, next: Int,
        delay: Duration, partition: Int, heldSince: ContinuousClock.Instant
    ) async -> Int? {
        let clock = ContinuousClock()
        let deadline = clock.now + delay
        while clock.now < deadline {
            if clock.now - heldSince > Self.longestHold {
                consumer.nack(delivery, requeue: true)  // keeps its place; taken again, it goes on from the audit
                return nil
            }
            do {
                if try await orderGate.store.takeSkip(contract: route.contract.identifier, partition: partition) {
                    logger.notice("blocked delivery skipped by an operator", metadata: ["receivedEventId": "\(message.receivedEventId)"])
                    await settle(
                        delivery,
                        DeliverySettlement(
                            contract: route.contract.identifier, receivedEventId: message.receivedEventId, reason: .operatorSkip,
                            attempts: attempt, at: Date()),
                        lastStatus: result.status, lastError: result.lastError)
                    return nil
                }
            } catch {
                logger.warning("operator skips not read: the store fails", metadata: ["error": "\(error)"])
            }
            guard await stop.sleep(for: min(Self.skipPoll, clock.now.duration(to: deadline))) else {
                relinquish(delivery)
                return nil
            }
        }
        return next
    }
}
