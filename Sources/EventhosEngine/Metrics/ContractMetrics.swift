import EventhosCore
import Foundation
import Metrics
import Synchronization

/// The delivery metrics of one contract, created once per contract.
package final class ContractMetrics: Sendable {
    private let tries: [TryVerdict: Counter]
    private let retries: Counter
    private let orderWaits: Counter
    private let filteredOut: Counter
    private let deadLetters: CounterFamily
    private let tryDuration: Timer
    private let inFlightMeter: Meter
    private let deadQueue: Gauge
    private let deadQueueChanged = Atomic<Bool>(false)

    init(contract: String, factory: any MetricsFactory) {
        let dimensions = [("contract", contract)]
        var tries: [TryVerdict: Counter] = [:]
        for (verdict, outcome) in [(TryVerdict.success, "success"), (.retryable, "retryable"), (.permanent, "permanent")] {
            tries[verdict] = Counter(
                label: BridgeMetrics.Name.deliveries, dimensions: dimensions + [("outcome", outcome)], factory: factory)
        }
        self.tries = tries
        deadLetters = CounterFamily(
            label: BridgeMetrics.Name.deadLetters, dimensions: dimensions, by: "reason", factory: factory)
        retries = Counter(label: BridgeMetrics.Name.retries, dimensions: dimensions, factory: factory)
        orderWaits = Counter(label: BridgeMetrics.Name.orderWaits, dimensions: dimensions, factory: factory)
        filteredOut = Counter(label: BridgeMetrics.Name.deliveriesFiltered, dimensions: dimensions, factory: factory)
        tryDuration = Timer(label: BridgeMetrics.Name.tryDuration, dimensions: dimensions, factory: factory)
        inFlightMeter = Meter(label: BridgeMetrics.Name.deliveriesInFlight, dimensions: dimensions, factory: factory)
        deadQueue = Gauge(label: BridgeMetrics.Name.deadQueueMessages, dimensions: dimensions, factory: factory)
    }

    /// Counts `body` as a delivery in flight while it runs.
    func inFlight<Result>(_ body: () async -> Result) async -> Result {
        inFlightMeter.increment()
        defer { inFlightMeter.decrement() }
        return await body()
    }

    /// One HTTP try ended with `verdict` after `seconds`.
    func tried(_ verdict: TryVerdict, seconds: TimeInterval) {
        tries[verdict]?.increment()
        tryDuration.record(seconds)
    }

    /// The message went where `decision` sends it (published and confirmed).
    func followed(_ decision: DeliveryDecision) {
        switch decision {
        case .complete:
            break
        case .retry:
            retries.increment()
        case .deadLetter(let reason):
            deadLettered(reason.rawValue)
        }
    }

    /// The message was put back to wait for the lower order groups of its event.
    func waitedForOrder() {
        orderWaits.increment()
    }

    /// The contract's filter left the event out.
    func filtered() {
        filteredOut.increment()
    }

    /// The message was parked in the dead queue for `reason`.
    func deadLettered(_ reason: String) {
        deadLetters.increment(reason)
        markDeadQueueChanged()
    }

    /// The contract's dead queue gained or lost messages through this process, so its depth is
    /// read again on the poller's next tick.
    package func markDeadQueueChanged() {
        deadQueueChanged.store(true, ordering: .relaxed)
    }

    /// Whether the dead queue changed since the last call.
    func takeDeadQueueChange() -> Bool {
        deadQueueChanged.exchange(false, ordering: .relaxed)
    }

    /// The depth of the contract's dead queue, as last polled.
    func deadQueueDepth(_ messages: Int) {
        deadQueue.record(messages)
    }
}
