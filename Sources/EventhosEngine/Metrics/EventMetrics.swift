import Metrics

/// The ingest counters of one event and source: every request is received, then accepted or rejected.
final class EventMetrics: Sendable {
    private let received: Counter
    private let accepted: Counter
    private let rejected: CounterFamily

    init(event: String, source: String, factory: any MetricsFactory) {
        let dimensions = [("event", event), ("source", source)]
        received = Counter(label: BridgeMetrics.Name.eventsReceived, dimensions: dimensions, factory: factory)
        accepted = Counter(label: BridgeMetrics.Name.eventsAccepted, dimensions: dimensions, factory: factory)
        rejected = CounterFamily(
            label: BridgeMetrics.Name.eventsRejected, dimensions: dimensions, by: "reason", factory: factory)
    }

    func recordAccepted() {
        received.increment()
        accepted.increment()
    }

    /// A rejection, by its machine-readable code (`invalid_key`, `broker_unavailable`, …).
    func recordRejected(_ code: String) {
        received.increment()
        rejected.increment(code)
    }
}
