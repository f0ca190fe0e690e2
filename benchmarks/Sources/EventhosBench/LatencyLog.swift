import Synchronization

/// When each event was sent, answered and received by the subscriber, by received event id.
final class LatencyLog: Sendable {
    private struct Event {
        var sent: ContinuousClock.Instant?
        var answered: ContinuousClock.Instant?
        var arrived: ContinuousClock.Instant?
    }

    private struct State {
        var events: [String: Event] = [:]
        var accepted = 0
        var failed = 0
    }

    private let state = Mutex(State())

    /// A 202 for `id`, sent at `sent` and answered at `answered`.
    func accepted(_ id: String, sent: ContinuousClock.Instant, answered: ContinuousClock.Instant) {
        state.withLock { state in
            state.accepted += 1
            state.events[id, default: Event()].sent = sent
            state.events[id, default: Event()].answered = answered
        }
    }

    /// Anything but a 202.
    func failed() {
        state.withLock { $0.failed += 1 }
    }

    /// The subscriber received `id`.
    func arrived(_ id: String, at instant: ContinuousClock.Instant) {
        state.withLock { state in
            if state.events[id]?.arrived == nil { state.events[id, default: Event()].arrived = instant }
        }
    }

    /// Waits until every accepted event arrived, or `timeout` passed.
    func waitForArrivals(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let missing = state.withLock { state in state.events.values.contains { $0.sent != nil && $0.arrived == nil } }
            if !missing { return }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Percentiles of send-to-receipt and send-to-202, in milliseconds.
    func report(rate: Int) -> String {
        let (events, accepted, failed) = state.withLock { ($0.events.values, $0.accepted, $0.failed) }
        var delivery: [Double] = []
        var answer: [Double] = []
        for event in events {
            guard let sent = event.sent, let answered = event.answered else { continue }
            answer.append((answered - sent).milliseconds)
            if let arrived = event.arrived { delivery.append((arrived - sent).milliseconds) }
        }
        delivery.sort()
        answer.sort()
        return """
            latency at \(rate)/s: \(accepted) accepted, \(failed) failed, \(delivery.count) delivered
            latency send->subscriber ms: p50 \(delivery.percentile(0.5)) p99 \(delivery.percentile(0.99)) max \((delivery.last ?? 0).formatted(digits: 2))
            latency send->202 ms: p50 \(answer.percentile(0.5)) p99 \(answer.percentile(0.99)) max \((answer.last ?? 0).formatted(digits: 2))
            """
    }
}

extension Duration {
    /// The duration in milliseconds, as a floating-point number.
    var milliseconds: Double { seconds * 1000 }
}

extension [Double] {
    /// The value at fraction `p` of this sorted array, with 2 decimals.
    func percentile(_ p: Double) -> String {
        guard !isEmpty else { return "-" }
        return self[Swift.min(count - 1, Int(Double(count) * p))].formatted(digits: 2)
    }
}
