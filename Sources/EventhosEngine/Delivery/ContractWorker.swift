import AMQP
import EventhosCore
import EventhosJSON
import EventhosStore
import EventhosTemplates
import Foundation
import Logging
import NIOCore

/// Turns every message of one contract's queue into the action's HTTP request, records the try,
/// and acknowledges the message only once its outcome is safe: when the try failed, the message is
/// first published (confirmed) to a delay queue for its next attempt or to the contract's dead
/// queue; then the try is committed to the audit; then the message is acknowledged.
///
/// A partition of an ordered contract is delivered by a worker whose retries wait in place
/// (``Retries/inPlace``): the message stays unacknowledged at the head of its partition, each try
/// is committed to the audit, and a message delivered again after a stop or the loss of an
/// instance goes on from the attempts the audit holds.
struct ContractWorker: Sendable {
    /// Where a failed try waits for the next one.
    enum Retries: Sendable {
        /// In the broker's delay queues (``RetryTiers``), from which it comes back to the contract's queue.
        case throughDelayQueues(RetryTiers)
        /// In place, the message held: the retries of an ordered contract's partition, which may not reorder.
        case inPlace(partition: Int, board: PartitionBoard)
    }

    let route: ContractRoute
    /// Authenticates, renders, signs and sends each try.
    let call: ActionCall
    /// Publishes replies of an action with `replyTo`.
    let chain: ChainPublisher
    /// Holds deliveries to the action's `rateLimit`: the next ones wait in the broker meanwhile.
    let throttle: ActionThrottles.Throttle?
    /// Holds deliveries until the lower-order contracts of their event completed it.
    let orderGate: OrderGate
    /// Holds deliveries while the action's circuit breaker is open.
    let breakers: CircuitBreakers
    let retries: Retries
    /// Whether the audit row that precedes a delivery's acknowledgement may wait for others to share
    /// its transaction (``auditMayWait(retries:prefetch:auditFillTarget:)``).
    let auditMayWait: Bool
    /// Set when the worker stops, so that deliveries waiting in place hand their message back.
    let stop: StopSignal
    let consumer: AMQPConsumer
    let publisher: AMQPPublisher
    let audit: AuditWriter
    /// Tells operators of dead-lettered deliveries.
    let operations: OperatorEvents
    let logger: Logger
    let metrics: ContractMetrics

    enum Header {
        static let firstTryAt = "eventhos-first-try-at"
        /// The attempt where the retry budget begins: set by a redrive or a replay, 1 when absent.
        static let budgetStart = "eventhos-budget-start"
    }

    /// Handles deliveries until the consumer is cancelled; deliveries in flight finish first.
    func run() async {
        await withDiscardingTaskGroup { group in
            for await delivery in consumer {
                await throttle?.wait()
                group.addTask {
                    await stop.working {
                        await metrics.inFlight { await ConsumeSpan.run(delivery, contract: route.contract.identifier) { await handle(delivery) } }
                    }
                }
            }
        }
    }

    func handle(_ delivery: AMQPDelivery) async {
        if case .inPlace = retries, stop.isSignalled {
            return  // a partition stops: left for the channel's release, which returns it first
        }
        let message: EventMessage
        do {
            message = try EventMessage(delivery: delivery)
        } catch {
            logger.error("malformed message parked in the dead queue", metadata: ["error": "\(error)"])
            await park(delivery, reason: "\(error)")
            return
        }
        guard var attempt = await resumedAttempt(delivery, message: message) else { return }
        let bodyBytes = Array(message.body.readableBytesView)
        let body = message.bodyValue(bodyBytes)
        if await settledWithoutTry(delivery, message: message, body: body, attempt: attempt) {
            return
        }
        if case .inPlace = retries {
            guard await waitedInPlaceForOrder(delivery, message: message) else { return }
        } else if await heldForOrder(delivery, message: message, attempt: attempt) {
            return
        }
        let heldSince = ContinuousClock.now
        while let next = await tryOnce(
            delivery, message: message, body: body, bodyBytes: bodyBytes, attempt: attempt, heldSince: heldSince)
        {
            attempt = next
        }
        showHolding(nil)
    }

    /// One try of the delivery, and what follows it.
    /// - Returns: The next attempt when the try failed and is retried in place, its delay waited;
    ///   `nil` when the delivery is done with here (acknowledged, or handed back to the broker).
    private func tryOnce(
        _ delivery: AMQPDelivery, message: EventMessage, body: JSONValue, bodyBytes: [UInt8], attempt: Int,
        heldSince: ContinuousClock.Instant
    ) async -> Int? {
        guard case .deliver(let pass) = await breakers.admit(route.action, holdingAtMost: holdLimit, stop: stop) else {
            await handBack(delivery)
            return nil
        }
        if stop.isSignalled {
            breakers.cancel(pass)
            relinquish(delivery)  // paused or stopping while the breaker held it: no try
            return nil
        }
        if pass != nil, route.contract.maxAge != nil,
           await settledWithoutTry(delivery, message: message, body: body, attempt: attempt, checkingFilter: false)
        {
            breakers.cancel(pass)  // expired while the breaker held it
            return nil
        }
        showHolding(PartitionBoard.Holding(delivery, message: message, attempt: attempt))
        let idempotencyKey = "\(message.receivedEventId).\(route.contract.identifier)"
        let deliveryHeaders = [
            ("eventhos-received-event-id", message.receivedEventId),
            ("eventhos-contract", route.contract.identifier),
            ("eventhos-attempt", String(attempt)),
            ("idempotency-key", idempotencyKey),
        ]
        let (outcome, traceparent) = await call.performTraced(
            ActionCall.Input(
                headers: message.requestHeaders.map { ($0.name, $0.value) },
                query: message.requestQuery.map { ($0.name, $0.value) }, body: body, receivedBody: bodyBytes,
                deliveryHeaders: deliveryHeaders, idempotencyKey: idempotencyKey),
            trace: message.trace)
        var result = outcome.result
        if let status = result.status, let policy = route.contract.responses ?? route.action.responses {
            result.verdict = policy.verdict(status: status)
        }
        metrics.tried(result.verdict, seconds: result.finishedAt.timeIntervalSince(result.startedAt))
        if Task.isCancelled {
            breakers.cancel(pass)
            return nil  // shutting down: unacknowledged, the broker delivers it again
        }
        await breakers.record(result.verdict, of: pass, action: route.action)
        let budgetStart = Self.positiveInteger(Header.budgetStart, of: delivery)
        var decision = DeliveryDecision(
            verdict: result.verdict, attempt: attempt, policy: route.retry, retryAfter: result.retryAfter, budgetStart: budgetStart)
        let blocked = blocks(decision)
        if blocked {
            decision = .retry(nextAttempt: attempt + 1, delay: route.retry.backoff.max() ?? .seconds(60))
        }
        var record = DeliveryTryRecord(
            contract: route.contract.identifier, receivedEventId: message.receivedEventId, attempt: attempt,
            detailState: ExecutionState(after: decision), outcome: TryOutcome(result.verdict),
            request: outcome.request,
            response: result.status.map { status in
                RecordedResponse(status: status, headers: result.headers, body: result.body ?? "", truncated: result.truncated)
            },
            error: result.failure?.description, warnings: outcome.warnings, executedAt: result.startedAt, finishedAt: result.finishedAt)
        logger.debug(
            "try finished",
            metadata: [
                "receivedEventId": "\(message.receivedEventId)", "attempt": "\(attempt)", "traceparent": "\(traceparent)",
                "status": "\(result.status.map(String.init) ?? "-")", "decision": "\(decision)",
            ])
        do {
            if case .retry(let next, let delay) = decision, case .inPlace(let partition, _) = retries {
                try await audit.record(.tried(record))
                metrics.followed(decision)
                if blocked {
                    showHolding(PartitionBoard.Holding(delivery, message: message, attempt: attempt, blocked: true))
                    if attempt == budgetStart + route.retry.maxAttempts - 1 {
                        await operations.deadLettered(
                            route, receivedEventId: message.receivedEventId,
                            reason: DeliveryDecision.DeadLetterReason.attemptsExhausted.rawValue, attempts: attempt,
                            lastStatus: result.status, lastError: result.failure?.description, blocking: partition)
                    }
                    return await waitWhileBlocked(
                        delivery, message: message, result: result, attempt: attempt, next: next, delay: delay, partition: partition,
                        heldSince: heldSince)
                }
                guard await stop.sleep(for: delay) else {
                    relinquish(delivery)  // stopping: the next consumer goes on from the audit
                    return nil
                }
                return next
            }
            if case .complete = decision, result.verdict == .success {
                record.warnings += try await chain.reply(
                    to: message, link: ChainLink(headers: delivery.properties.headers), route: route, response: result)
            }
            try await follow(decision, delivery: delivery, result: result, attempt: attempt)
            try await audit.record(.tried(record), mayWait: auditMayWait)
            consumer.ack(delivery)
            metrics.followed(decision)
            if case .deadLetter(let reason) = decision {
                await operations.deadLettered(
                    route, receivedEventId: message.receivedEventId, reason: reason.rawValue, attempts: attempt,
                    lastStatus: result.status, lastError: result.failure?.description)
            }
        } catch {
            logger.error(
                "try outcome not stored; the message will be delivered again",
                metadata: ["receivedEventId": "\(message.receivedEventId)", "error": "\(error)"])
            await consumer.requeueAfterPause(delivery)  // the subscriber is not called again in a tight loop
        }
        return nil
    }

    /// Whether the audit row that precedes a delivery's acknowledgement may wait for others to share
    /// its transaction: yes when only the acknowledgement waits for it and the consumer's `prefetch`
    /// holds at least twice the records that end the wait (`auditFillTarget`), so that deliveries go
    /// on while a batch waits; not for a partition, whose next message is held until this one is
    /// acknowledged, nor under a small `maxInFlight` or `rateLimit`, which the wait would cap at
    /// `prefetch` deliveries per window.
    static func auditMayWait(retries: Retries, prefetch: UInt16, auditFillTarget: Int) -> Bool {
        guard case .throughDelayQueues = retries else { return false }
        return Int(prefetch) >= 2 * auditFillTarget
    }

    /// How long a delivery may wait in memory for an open circuit breaker before it goes back to
    /// the broker: short for an unordered contract, whose message goes to the back of its queue;
    /// within RabbitMQ's default `consumer_timeout` (30 min) for a partition, whose message must
    /// stay at the head.
    private var holdLimit: Duration {
        if case .inPlace = retries { .seconds(25 * 60) } else { .seconds(5 * 60) }
    }

    /// Hands back a delivery that an open breaker held too long, no attempt spent: an unordered
    /// contract's message is published again to its queue (confirmed) and acknowledged, so that
    /// the hand-back does not count as a redelivery (RabbitMQ 4's quorum queues drop a message
    /// after 20); a partition's is requeued, keeping its place at the head.
    private func handBack(_ delivery: AMQPDelivery) async {
        if stop.isSignalled {
            relinquish(delivery)
            return
        }
        guard case .throughDelayQueues = retries else {
            consumer.nack(delivery, requeue: true)  // a partition's: requeued, it keeps its place
            return
        }
        do {
            try await republish(delivery, annotations: [:], exchange: "", routingKey: BrokerNames.contractQueue(route.contract.identifier))
            consumer.ack(delivery)
        } catch {
            consumer.nack(delivery, requeue: true)
        }
    }

    /// Lets go of a delivery whose worker stops, untried: a partition's stays unacknowledged until
    /// the channel's release returns it ahead of the next consumer; any other goes back to its queue.
    func relinquish(_ delivery: AMQPDelivery) {
        if case .throughDelayQueues = retries {
            consumer.nack(delivery, requeue: true)
        }
    }

    /// Publishes the message where the decision sends it: a delay queue or the dead queue.
    private func follow(
        _ decision: DeliveryDecision, delivery: AMQPDelivery, result: ActionExecutor.Result, attempt: Int
    ) async throws {
        var annotations: AMQPTable = [
            "eventhos-last-status": result.status.map { .int(Int64($0)) } ?? .void,
            "eventhos-last-error": .string(result.lastError),
            "eventhos-last-try-at": .int(Int64(result.finishedAt.timeIntervalSince1970 * 1000)),
        ]
        if delivery.properties.headers[Header.firstTryAt] == nil {
            annotations[Header.firstTryAt] = .int(Int64(result.startedAt.timeIntervalSince1970 * 1000))
        }
        switch decision {
        case .complete:
            return
        case .retry(let nextAttempt, let delay):
            guard case .throughDelayQueues(let tiers) = retries else { return }
            annotations[EventMessage.Header.attempt] = .int(Int64(nextAttempt))
            annotations[BrokerNames.contractHeader] = .string(route.contract.identifier)
            let queue = tiers.tier(for: delay).map(RetryTiers.queueName)
            try await republish(
                delivery, annotations: annotations,
                exchange: queue == nil ? BrokerNames.retryReturnExchange : "", routingKey: queue ?? "")
        case .deadLetter(let reason):
            annotations["eventhos-attempts"] = .int(Int64(attempt))
            annotations["eventhos-dead-reason"] = .string(reason.rawValue)
            try await republish(
                delivery, annotations: annotations, exchange: "",
                routingKey: BrokerNames.deadQueue(route.contract.identifier))
        }
    }

    /// Parks a message that cannot be handled at all, so nothing is dropped silently.
    ///
    /// It is never requeued, which would loop: when the dead queue cannot take it (the broker is
    /// unreachable), it stays unacknowledged, and the broker hands it back only once the channel
    /// closes (a reconnect or a restart), to be parked then.
    private func park(_ delivery: AMQPDelivery, reason: String) async {
        do {
            try await republish(
                delivery,
                annotations: ["eventhos-last-error": .string(reason), "eventhos-dead-reason": .string("malformed-message")],
                exchange: "", routingKey: BrokerNames.deadQueue(route.contract.identifier))
            consumer.ack(delivery)
            metrics.deadLettered("malformed-message")
            await operations.deadLettered(route, receivedEventId: "", reason: "malformed-message", attempts: 0, lastError: reason)
        } catch {
            logger.error("malformed message not parked; it stays unacknowledged", metadata: ["error": "\(error)"])
        }
    }

    /// Publishes a copy of the delivery, its headers amended, and waits for the broker's confirm.
    func republish(
        _ delivery: AMQPDelivery, annotations: AMQPTable, exchange: String, routingKey: String
    ) async throws {
        var properties = delivery.properties
        properties.headers.merge(annotations) { _, annotation in annotation }
        try await publisher.publish(
            exchange: exchange, routingKey: routingKey, body: delivery.body, properties: properties, mandatory: true)
    }

    /// A header holding a positive integer (an attempt number), 1 when absent or invalid.
    static func positiveInteger(_ header: String, of delivery: AMQPDelivery) -> Int {
        if case .int(let value) = delivery.properties.headers[header], value > 0, value <= Int32.max {
            return Int(value)
        }
        return 1
    }
}
