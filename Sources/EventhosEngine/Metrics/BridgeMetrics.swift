import AMQP
import EventhosStore
import Metrics
import Synchronization

/// The bridge's metrics, every name prefixed `eventhos_`, served in Prometheus text at `GET /metrics`.
///
/// One instance per bridge, handed to what counts: ingest, contract workers, the audit writer and
/// the operations monitor. Metric objects are created once per dimension (per event, per contract)
/// and cached, so the hot paths build no label arrays after the first event of a kind.
public final class BridgeMetrics: Sendable {
    /// The metric names, as they appear in `/metrics`.
    public enum Name {
        public static let eventsReceived = "eventhos_events_received_total"
        public static let eventsAccepted = "eventhos_events_accepted_total"
        public static let eventsRejected = "eventhos_events_rejected_total"
        public static let publishConfirm = "eventhos_publish_confirm_seconds"
        public static let deliveries = "eventhos_deliveries_total"
        public static let retries = "eventhos_retries_total"
        public static let orderWaits = "eventhos_order_waits_total"
        public static let deliveriesFiltered = "eventhos_deliveries_filtered_total"
        public static let circuitState = "eventhos_circuit_state"
        public static let deadLetters = "eventhos_dead_letters_total"
        public static let tryDuration = "eventhos_try_duration_seconds"
        public static let deliveriesInFlight = "eventhos_deliveries_in_flight"
        public static let deadQueueMessages = "eventhos_dead_queue_messages"
        public static let brokerConnected = "eventhos_broker_connected"
        public static let brokerBlocked = "eventhos_broker_blocked"
        public static let auditBatchRecords = "eventhos_audit_batch_records"
        public static let auditCommit = "eventhos_audit_commit_seconds"
        public static let auditFailedBatches = "eventhos_audit_failed_batches_total"
        public static let auditQueuedRecords = "eventhos_audit_queued_records"
    }

    /// Why a message was published, the dimension of ``Name/publishConfirm``.
    enum PublishPurpose: String, CaseIterable {
        /// A webhook's event, to `eventhos.events`.
        case ingest
    }

    let factory: any MetricsFactory
    private let events = Mutex<[EventKey: EventMetrics]>([:])
    private let contracts = Mutex<[String: ContractMetrics]>([:])
    private let connections = Mutex<[String: (connected: Gauge, blocked: Gauge)]>([:])
    private let publishConfirms: [PublishPurpose: Timer]
    private let auditBatchRecords: Recorder
    private let auditCommit: Timer
    private let auditFailedBatches: Counter
    private let auditQueued: Gauge

    private struct EventKey: Hashable {
        var event: String
        var source: ReceivedEventRecord.Source
    }

    /// - Parameter factory: where the metrics live (``PrometheusExport/factory`` for `/metrics`).
    public init(factory: any MetricsFactory) {
        self.factory = factory
        var confirms: [PublishPurpose: Timer] = [:]
        for purpose in PublishPurpose.allCases {
            confirms[purpose] = Timer(label: Name.publishConfirm, dimensions: [("purpose", purpose.rawValue)], factory: factory)
        }
        publishConfirms = confirms
        auditBatchRecords = Recorder(label: Name.auditBatchRecords, dimensions: [("store", "audit")], factory: factory)
        auditCommit = Timer(label: Name.auditCommit, dimensions: [("store", "audit")], factory: factory)
        auditFailedBatches = Counter(label: Name.auditFailedBatches, dimensions: [("store", "audit")], factory: factory)
        auditQueued = Gauge(label: Name.auditQueuedRecords, dimensions: [("store", "audit")], factory: factory)
    }

    /// The counters of one event received through `source`; `event` is `""` for an identifier that
    /// the registry does not know (callers never put unchecked input into a label).
    func event(_ event: String, source: ReceivedEventRecord.Source) -> EventMetrics {
        let key = EventKey(event: event, source: source)
        return events.withLock { cache in
            if let cached = cache[key] { return cached }
            let made = EventMetrics(event: event, source: source.rawValue, factory: factory)
            cache[key] = made
            return made
        }
    }

    /// The metrics of one contract's deliveries.
    package func contract(_ identifier: String) -> ContractMetrics {
        contracts.withLock { cache in
            if let cached = cache[identifier] { return cached }
            let made = ContractMetrics(contract: identifier, factory: factory)
            cache[identifier] = made
            return made
        }
    }

    /// A publish was confirmed by the broker `duration` after it was sent.
    func publishConfirmed(_ purpose: PublishPurpose, after duration: Duration) {
        publishConfirms[purpose]?.record(duration: duration)
    }

    /// An audit transaction ended (``AuditWriter/CommitObserver``).
    package func auditCommitted(records: Int, duration: Duration, succeeded: Bool) {
        auditBatchRecords.record(records)
        auditCommit.record(duration: duration)
        if !succeeded { auditFailedBatches.increment() }
    }

    /// Records waiting for an audit transaction.
    func auditQueued(_ records: Int) {
        auditQueued.record(records)
    }

    /// A broker connection changed state.
    func broker(_ connection: String, _ state: AMQPConnectionState) {
        let gauges = connections.withLock { cache in
            if let cached = cache[connection] { return cached }
            let made = (
                Gauge(label: Name.brokerConnected, dimensions: [("connection", connection)], factory: factory),
                Gauge(label: Name.brokerBlocked, dimensions: [("connection", connection)], factory: factory)
            )
            cache[connection] = made
            return made
        }
        switch state {
        case .connected:
            gauges.connected.record(1)
            gauges.blocked.record(0)
        case .blocked:
            gauges.connected.record(1)
            gauges.blocked.record(1)
        case .connecting, .disconnected, .closed:
            gauges.connected.record(0)
            gauges.blocked.record(0)
        }
    }
}
