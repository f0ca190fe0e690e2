import EventhosEngine
import EventhosStore

/// What the overview shows: the last hour's counts and chart, the dead queues, and the health of
/// the broker and the store.
struct ConsoleOverviewView: Sendable {
    /// One of the last hour's counts: `[data-count=<key>]`.
    struct Count: Sendable, Equatable {
        var key: String
        var label: String
        var value: Int
    }

    /// A component of readiness: `[data-component=<name>]`, whose text is the state.
    struct Health: Sendable, Equatable {
        var name: String
        var label: String
        var state: String
        var ok: Bool
        /// Why it is not usable, when known.
        var detail: String?
    }

    var counts: [Count]
    /// The `svg#overview-chart` element.
    var chart: String
    /// Empty when the broker could not be asked (see ``deadQueuesError``).
    var deadQueues: [ConsoleDeadLetterView.Queue]
    var deadQueuesError: String?
    /// Whether the dead queues' table has the oldest message's last try: not here (depths only).
    var withOldest = false
    var health: [Health]
    var ready: Bool

    /// - Parameters:
    ///   - activity: the last hour, in buckets.
    ///   - deadQueues: the dead queues, or why they could not be read.
    ///   - readiness: what `/health/ready` reports.
    init(
        activity: AuditActivity, deadQueues: Result<[DeadQueueSummary], any Error>,
        readiness: (ready: Bool, components: [Readiness.Component])
    ) {
        let total = activity.total
        counts = [
            Count(key: "received", label: "Received", value: total.received),
            Count(key: "delivered", label: "Delivered", value: total.delivered),
            Count(key: "failed", label: "Failed", value: total.failed),
        ]
        let minutes = activity.buckets.count * activity.bucketMinutes
        chart = ConsoleActivityChart(
            id: "overview-chart",
            title: activity.bucketMinutes == 1 ? "Events per minute, last \(minutes) minutes" : "Events per \(activity.bucketMinutes) minutes, last \(minutes) minutes",
            series: [
                .init(key: "received", name: "Received", color: "#3b82f6", values: activity.buckets.map(\.received)),
                .init(key: "delivered", name: "Delivered", color: "#16a34a", values: activity.buckets.map(\.delivered)),
                .init(key: "failed", name: "Failed", color: "#dc2626", values: activity.buckets.map(\.failed)),
            ],
            startLabel: "-\(minutes) min", endLabel: "now"
        ).svg
        switch deadQueues {
        case .success(let summaries):
            self.deadQueues = summaries.map(ConsoleDeadLetterView.Queue.init)
            deadQueuesError = nil
        case .failure(let error):
            self.deadQueues = []
            deadQueuesError = "the dead queues cannot be read: \(error)"
        }
        health = Self.health(readiness.components)
        ready = readiness.ready
    }

    /// The broker (its connections together: the first one not usable tells the state), then the
    /// other components as readiness names them.
    static func health(_ components: [Readiness.Component]) -> [Health] {
        let connections = components.filter { $0.name.hasPrefix("broker.") }
        let down = connections.first { !$0.ok }
        var health = [
            Health(
                name: "broker", label: "Broker", state: down?.state ?? "connected", ok: down == nil,
                detail: down.map { connection in [connection.name, connection.detail].compactMap(\.self).joined(separator: ": ") })
        ]
        for component in components where !component.name.hasPrefix("broker.") {
            health.append(
                Health(
                    name: component.name, label: component.name.prefix(1).uppercased() + component.name.dropFirst(),
                    state: component.state, ok: component.ok, detail: component.detail))
        }
        return health
    }
}
