import EventhosCore
import EventhosJSON
import EventhosTemplates
import Foundation
import Logging
import Metrics
import OrderedCollections
import Synchronization

/// The circuit breakers of this instance, one per action with a `circuitBreaker` policy, shared by
/// the workers of the action's contracts.
///
/// Each instance judges an action by the tries it makes itself: with several instances, each one
/// opens, probes and closes on its own (an endpoint that fails fails for all of them, so they
/// agree within a window). A breaker that fails for `disableAfter` pauses the action's contracts
/// through the registry, which every instance follows.
package final class CircuitBreakers: Sendable {
    /// The pass of one admitted delivery, to hand back with its outcome.
    struct Pass: Sendable {
        fileprivate let action: String
        fileprivate let ticket: CircuitBreaker.Ticket
        fileprivate let policy: CircuitBreakerPolicy
    }

    /// How a worker's wait ended.
    enum Wait: Sendable {
        /// Deliver, and hand the pass back (`nil`: the action has no breaker).
        case deliver(Pass?)
        /// The delivery waited as long as it may, or its worker stops: hand it back to the broker,
        /// which delivers it again later, so that no message stays unacknowledged long enough to hit
        /// the broker's consumer timeout.
        case handBack
    }

    /// What a breaker's transition must cause beyond itself.
    package typealias TransitionHandler = @Sendable (CircuitBreaker.Transition, ActionDefinition) async -> Void

    /// How often a delivery asks again while the probe is in flight.
    let probePoll: Duration
    private let breakers = Mutex<[String: CircuitBreaker]>([:])
    /// How many deliveries of each action wait for its breaker now (unacknowledged, in memory).
    private let waiting = Mutex<[String: Int]>([:])
    private let stateGauges = Mutex<[String: Gauge]>([:])
    private let metricsFactory: any MetricsFactory
    private let onTransition: TransitionHandler

    package init(
        metricsFactory: any MetricsFactory, probePoll: Duration = .milliseconds(100), onTransition: @escaping TransitionHandler
    ) {
        self.metricsFactory = metricsFactory
        self.probePoll = probePoll
        self.onTransition = onTransition
    }

    /// Waits until the action's breaker admits a delivery, until `longestHold` has passed, or
    /// until `stop` is signalled.
    func admit(_ action: ActionDefinition, holdingAtMost longestHold: Duration, stop: StopSignal) async -> Wait {
        guard let policy = action.circuitBreaker else { return .deliver(nil) }
        let clock = ContinuousClock()
        let deadline = clock.now + longestHold
        var counted = false
        defer {
            if counted {
                waiting.withLock { $0[action.identifier, default: 1] -= 1 }
            }
        }
        while true {
            let now = clock.now
            let admission = breakers.withLock { breakers in
                var breaker = Self.breaker(of: action.identifier, policy: policy, in: breakers)
                defer { breakers[action.identifier] = breaker }
                return breaker.admit(now: now)
            }
            let retryAt: ContinuousClock.Instant
            switch admission {
            case .deliver(let ticket):
                return .deliver(Pass(action: action.identifier, ticket: ticket, policy: policy))
            case .probe(let ticket):
                updateGauge(action.identifier)
                return .deliver(Pass(action: action.identifier, ticket: ticket, policy: policy))
            case .wait(let until):
                retryAt = until
            case .waitForProbe:
                retryAt = now + probePoll
            }
            if !counted {
                counted = true
                waiting.withLock { $0[action.identifier, default: 0] += 1 }
            }
            guard await stop.sleep(for: now.duration(to: min(retryAt, deadline))), retryAt < deadline else {
                return .handBack
            }
        }
    }

    /// Counts the outcome of an admitted delivery, and acts on the transition it causes.
    func record(_ verdict: TryVerdict, of pass: Pass?, action: ActionDefinition) async {
        guard let pass else { return }
        let now = ContinuousClock.now
        let transition = breakers.withLock { breakers -> CircuitBreaker.Transition? in
            guard var breaker = breakers[pass.action], breaker.policy == pass.policy else { return nil }
            defer { breakers[pass.action] = breaker }
            return breaker.record(verdict, of: pass.ticket, now: now)
        }
        guard let transition else { return }
        updateGauge(pass.action)
        await onTransition(transition, action)
    }

    /// Gives back a pass whose delivery was not tried after all: a probe not tried lets the next
    /// delivery be the probe.
    func cancel(_ pass: Pass?) {
        guard let pass else { return }
        let now = ContinuousClock.now
        breakers.withLock { breakers in
            guard var breaker = breakers[pass.action], breaker.policy == pass.policy else { return }
            breaker.cancel(pass.ticket, now: now)
            breakers[pass.action] = breaker
        }
    }

    /// The state of the action's breaker for the API and the console: `null` without a policy;
    /// `waiting` counts the deliveries it holds on this instance (unacknowledged, not in the queue's depth).
    package func json(for action: ActionDefinition) -> JSONValue {
        guard let policy = action.circuitBreaker else { return .null }
        let breaker = breakers.withLock { Self.breaker(of: action.identifier, policy: policy, in: $0) }
        var json: JSONObject = [
            "state": .string(breaker.stateName),
            "waiting": .int(Int64(waiting.withLock { $0[action.identifier] ?? 0 })),
        ]
        if case .open(let until) = breaker.state {
            let remaining = ContinuousClock.now.duration(to: until)
            json["openUntil"] = .string(AdminTime.text(Date().addingTimeInterval(Double(max(remaining, .zero).milliseconds) / 1000)))
        }
        return .object(json)
    }

    /// The action's breaker; a new, closed one when it has none yet or its policy changed.
    private static func breaker(of action: String, policy: CircuitBreakerPolicy, in breakers: [String: CircuitBreaker]) -> CircuitBreaker {
        if let breaker = breakers[action], breaker.policy == policy {
            return breaker
        }
        return CircuitBreaker(policy: policy)
    }

    /// `eventhos_circuit_state{action}`: 0 closed, 1 open, 2 half-open.
    private func updateGauge(_ action: String) {
        let value: Int =
            switch breakers.withLock({ $0[action]?.state }) {
            case .open?: 1
            case .probing?: 2
            case .closed?, nil: 0
            }
        let gauge = stateGauges.withLock { gauges in
            if let gauge = gauges[action] { return gauge }
            let gauge = Gauge(label: BridgeMetrics.Name.circuitState, dimensions: [("action", action)], factory: metricsFactory)
            gauges[action] = gauge
            return gauge
        }
        gauge.record(value)
    }
}
