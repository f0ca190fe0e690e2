@testable import EventhosCore
import Testing

/// The circuit breaker of an action (spec §10) as a value: every step is given its time, so the
/// tests move the clock by hand.
@Suite struct CircuitBreakerTests {
    typealias Instant = ContinuousClock.Instant

    let start = ContinuousClock.now
    /// Opens at 50% of at least 4 tries in 10 s; open 30 s, doubling up to 100 s; never disabled.
    let policy = CircuitBreakerPolicy(
        failureRate: Percentage(50), minimumCalls: 4, window: .seconds(10), openFor: .seconds(30), maxOpenFor: .seconds(100))

    /// `seconds` after the start of the test.
    func at(_ seconds: Int) -> Instant {
        start + .seconds(seconds)
    }

    /// Admits a delivery at `time`, which must be let through as an ordinary delivery, and records `verdict` for it.
    func deliver(_ verdict: TryVerdict, to breaker: inout CircuitBreaker, at time: Instant) throws -> CircuitBreaker.Transition? {
        let admission = breaker.admit(now: time)
        let ticket = try #require(admission.deliveryTicket)
        return breaker.record(verdict, of: ticket, now: time)
    }

    /// A breaker of `policy` opened at `time` by as many failures as it needs.
    func opened(_ policy: CircuitBreakerPolicy, at time: Instant) throws -> CircuitBreaker {
        var breaker = CircuitBreaker(policy: policy)
        var last: CircuitBreaker.Transition?
        for _ in 0..<policy.minimumCalls {
            last = try deliver(.retryable, to: &breaker, at: time)
        }
        #expect(last == .opened(openFor: policy.openFor))
        return breaker
    }

    /// Admits the probe at `time` and records `verdict` for it.
    func probe(_ verdict: TryVerdict, on breaker: inout CircuitBreaker, at time: Instant) throws -> CircuitBreaker.Transition? {
        let admission = breaker.admit(now: time)
        let ticket = try #require(admission.probeTicket)
        return breaker.record(verdict, of: ticket, now: time)
    }

    /// Admits ordinary deliveries at `time` and records `verdicts` for them, one after the other; the transitions.
    func deliverEach(_ verdicts: [TryVerdict], to breaker: inout CircuitBreaker, at time: Instant) throws -> [CircuitBreaker.Transition?] {
        try verdicts.map { try deliver($0, to: &breaker, at: time) }
    }

    @Test func staysClosedBelowMinimumCalls() throws {
        var breaker = CircuitBreaker(policy: policy)
        let transitions = try deliverEach([.retryable, .retryable, .retryable], to: &breaker, at: at(0))
        #expect(transitions == [nil, nil, nil])
        #expect(breaker.state == .closed)
        #expect(breaker.stateName == "closed")
    }

    @Test func opensWhenTheFailuresReachTheRate() throws {
        var breaker = CircuitBreaker(policy: policy)
        var transitions: [CircuitBreaker.Transition?] = []
        for (second, verdict) in [TryVerdict.success, .success, .retryable, .retryable].enumerated() {
            transitions.append(try deliver(verdict, to: &breaker, at: at(second)))
        }
        #expect(transitions == [nil, nil, nil, .opened(openFor: .seconds(30))], "2 failures of 4 tries are 50%")
        #expect(breaker.state == .open(until: at(33)))
        #expect(breaker.stateName == "open")

        var healthier = CircuitBreaker(policy: policy)
        let healthierTransitions = try deliverEach(
            [.success, .success, .success, .retryable, .success, .retryable], to: &healthier, at: at(0))
        #expect(healthierTransitions == Array(repeating: nil, count: 6), "2 failures of 6 tries are below 50%")
        #expect(healthier.state == .closed)
    }

    @Test func failuresOutsideTheWindowExpire() throws {
        var breaker = CircuitBreaker(policy: policy)
        _ = try deliverEach([.retryable, .retryable, .retryable], to: &breaker, at: at(0))
        let late = try deliver(.retryable, to: &breaker, at: at(12))
        #expect(late == nil, "the three failures at 0 s left the 10 s window")
        #expect(breaker.state == .closed)

        var recent = CircuitBreaker(policy: policy)
        _ = try deliverEach([.retryable, .retryable, .retryable], to: &recent, at: at(0))
        let inWindow = try deliver(.retryable, to: &recent, at: at(9))
        #expect(inWindow == .opened(openFor: .seconds(30)))
    }

    @Test func permanentVerdictsAreNotFailures() throws {
        var breaker = CircuitBreaker(policy: policy)
        let permanent = try deliverEach(Array(repeating: .permanent, count: 10), to: &breaker, at: at(0))
        let failures = try deliverEach(Array(repeating: .retryable, count: 10), to: &breaker, at: at(0))
        #expect(permanent == Array(repeating: nil, count: 10))
        #expect(Array(failures.prefix(9)) == Array(repeating: nil, count: 9), "9 failures of 19 tries are below 50%")
        #expect(failures[9] == .opened(openFor: .seconds(30)), "10 failures of 20 tries are 50%")

        var probed = try opened(policy, at: at(0))
        let transition = try probe(.permanent, on: &probed, at: at(30))
        #expect(transition == .closed, "a 4xx answer to the probe shows a working endpoint")
    }

    @Test func anOpenBreakerMakesDeliveriesWait() throws {
        var breaker = try opened(policy, at: at(0))
        let early = breaker.admit(now: at(10))
        let late = breaker.admit(now: at(29))
        #expect(early == .wait(until: at(30)))
        #expect(late == .wait(until: at(30)))
        #expect(breaker.state == .open(until: at(30)))
    }

    @Test func afterOpenForExactlyOneProbeIsLetThrough() throws {
        var breaker = try opened(policy, at: at(0))
        let first = breaker.admit(now: at(30))
        #expect(first.probeTicket != nil)
        #expect(breaker.state == .probing)
        #expect(breaker.stateName == "half-open")
        let second = breaker.admit(now: at(31))
        let muchLater = breaker.admit(now: at(500))
        #expect(second == .waitForProbe)
        #expect(muchLater == .waitForProbe)
    }

    @Test func aSuccessfulProbeClosesWithAnEmptyWindow() throws {
        var breaker = try opened(policy, at: at(0))
        let failed = try probe(.retryable, on: &breaker, at: at(30))
        let closing = try probe(.success, on: &breaker, at: at(90))
        #expect(failed == .reopened(openFor: .seconds(60)))
        #expect(closing == .closed)
        #expect(breaker.state == .closed)
        let afterwards = try deliverEach([.retryable, .retryable, .retryable, .retryable], to: &breaker, at: at(91))
        #expect(Array(afterwards.prefix(3)) == [nil, nil, nil], "the failures before the opening are forgotten")
        #expect(afterwards[3] == .opened(openFor: .seconds(30)), "openFor is the policy's again")
    }

    @Test func aFailedProbeDoublesOpenForUpToMaxOpenFor() throws {
        var breaker = try opened(policy, at: at(0))
        let first = try probe(.retryable, on: &breaker, at: at(30))
        #expect(first == .reopened(openFor: .seconds(60)))
        #expect(breaker.state == .open(until: at(90)))
        let waiting = breaker.admit(now: at(89))
        #expect(waiting == .wait(until: at(90)))
        let second = try probe(.retryable, on: &breaker, at: at(90))
        let third = try probe(.retryable, on: &breaker, at: at(190))
        #expect(second == .reopened(openFor: .seconds(100)))
        #expect(third == .reopened(openFor: .seconds(100)))
        #expect(breaker.state == .open(until: at(290)))
    }

    /// Fails the probe at each of `times`; the transitions.
    func failProbes(of breaker: inout CircuitBreaker, at times: [Int]) throws -> [CircuitBreaker.Transition?] {
        try times.map { try probe(.retryable, on: &breaker, at: at($0)) }
    }

    @Test func failingForDisableAfterDisables() throws {
        var policy = self.policy
        policy.disableAfter = .seconds(300)
        var breaker = try opened(policy, at: at(0))
        let transitions = try failProbes(of: &breaker, at: [30, 90, 190, 290, 390])
        #expect(transitions == [
            .reopened(openFor: .seconds(60)), .reopened(openFor: .seconds(100)), .reopened(openFor: .seconds(100)),
            .reopened(openFor: .seconds(100)), .disabled,
        ])
        #expect(breaker.state == .open(until: at(490)))
        let next = try probe(.retryable, on: &breaker, at: at(490))
        #expect(next == .reopened(openFor: .seconds(100)), "disableAfter counts afresh")

        var recovered = try opened(policy, at: at(0))
        let failed = try probe(.retryable, on: &recovered, at: at(30))
        let succeeded = try probe(.success, on: &recovered, at: at(90))
        #expect([failed, succeeded] == [.reopened(openFor: .seconds(60)), .closed])
        let reopening = try deliverEach([.retryable, .retryable, .retryable, .retryable], to: &recovered, at: at(100))
        #expect(reopening[3] == .opened(openFor: .seconds(30)))
        let again = try failProbes(of: &recovered, at: [130, 190, 290, 390, 490])
        #expect(again == [
            .reopened(openFor: .seconds(60)), .reopened(openFor: .seconds(100)), .reopened(openFor: .seconds(100)),
            .reopened(openFor: .seconds(100)), .disabled,
        ], "a success restarts the count: failing since 100 s, not 0 s")
    }

    @Test func outcomesOfDeliveriesAdmittedBeforeAChangeAreIgnored() throws {
        var breaker = CircuitBreaker(policy: policy)
        var tickets: [CircuitBreaker.Ticket] = []
        for _ in 0..<6 {
            let admission = breaker.admit(now: at(0))
            tickets.append(try #require(admission.deliveryTicket))
        }
        let transitions = tickets.prefix(4).map { breaker.record(.retryable, of: $0, now: at(1)) }
        #expect(transitions == [nil, nil, nil, .opened(openFor: .seconds(30))])
        let lateWhileOpen = breaker.record(.success, of: tickets[4], now: at(2))
        #expect(lateWhileOpen == nil, "the breaker is open: a late outcome moves nothing")
        #expect(breaker.state == .open(until: at(31)))
        let closing = try probe(.success, on: &breaker, at: at(31))
        #expect(closing == .closed)
        let lateWhileClosed = breaker.record(.retryable, of: tickets[5], now: at(32))
        #expect(lateWhileClosed == nil)
        let fresh = try deliverEach([.retryable, .retryable, .retryable], to: &breaker, at: at(32))
        #expect(fresh == [nil, nil, nil], "the late failure was not counted")
    }

    @Test func aCancelledProbeLetsTheNextDeliveryProbe() throws {
        var breaker = try opened(policy, at: at(0))
        let first = breaker.admit(now: at(30))
        let cancelled = try #require(first.probeTicket)
        breaker.cancel(cancelled, now: at(31))
        #expect(breaker.state == .open(until: at(31)))
        let second = breaker.admit(now: at(31))
        let next = try #require(second.probeTicket)
        let stale = breaker.record(.success, of: cancelled, now: at(32))
        #expect(stale == nil, "the cancelled probe's ticket is stale")
        #expect(breaker.state == .probing)
        let closing = breaker.record(.success, of: next, now: at(32))
        #expect(closing == .closed)
    }

    @Test func readsThePolicyWithItsDefaults() throws {
        let empty = try readSection("{}", at: "circuitBreaker") { CircuitBreakerPolicy(config: &$0) }
        #expect(empty.problems == [])
        #expect(empty.value == CircuitBreakerPolicy())
        #expect(empty.value == CircuitBreakerPolicy(
            failureRate: Percentage(50), minimumCalls: 20, window: .seconds(60), openFor: .seconds(30), maxOpenFor: .seconds(600),
            disableAfter: nil))

        let full = try readSection(
            #"{"failureRate": "25.5%", "minimumCalls": 5, "window": "2m", "openFor": "10s", "maxOpenFor": "1h", "disableAfter": "3d"}"#,
            at: "circuitBreaker"
        ) { CircuitBreakerPolicy(config: &$0) }
        #expect(full.problems == [])
        #expect(full.value == CircuitBreakerPolicy(
            failureRate: Percentage(25.5), minimumCalls: 5, window: .seconds(120), openFor: .seconds(10), maxOpenFor: .seconds(3_600),
            disableAfter: .seconds(259_200)))
        #expect(full.value?.failureRate.configText == "25.5%")
        #expect(full.value?.disableAfter?.configText == "3d")

        let longOpen = try readSection(#"{"openFor": "20m"}"#, at: "circuitBreaker") { CircuitBreakerPolicy(config: &$0) }
        #expect(longOpen.problems == [])
        #expect(longOpen.value?.maxOpenFor == .seconds(1_200), "an absent maxOpenFor is at least openFor")
    }

    @Test("each bad setting is reported at its path", arguments: [
        (#"{"failureRate": "0%"}"#, "circuitBreaker.failureRate", "failureRate must be a percentage between 1% and 100%, not 0%"),
        (#"{"failureRate": "150%"}"#, "circuitBreaker.failureRate", "failureRate must be a percentage between 1% and 100%, not 150%"),
        (#"{"failureRate": 50}"#, "circuitBreaker.failureRate", "bad percentage \"50\": write it with %, as in 50% or 12.5%"),
        (#"{"failureRate": "0.5"}"#, "circuitBreaker.failureRate", "bad percentage \"0.5\": write it with %, as in 50% or 12.5%"),
        (#"{"minimumCalls": 0}"#, "circuitBreaker.minimumCalls", "0 is too small: the minimum is 1"),
        (#"{"window": "0s"}"#, "circuitBreaker.window", "0s is too short: use more than 0s"),
        (#"{"openFor": "soon"}"#, "circuitBreaker.openFor", "bad duration \"soon\": use 250ms, 5s, 2m or 1h"),
        (#"{"openFor": "1m", "maxOpenFor": "30s"}"#, "circuitBreaker.maxOpenFor", "maxOpenFor (30s) is shorter than openFor (1m)"),
        (#"{"maxOpenFor": "10s"}"#, "circuitBreaker.maxOpenFor", "maxOpenFor (10s) is shorter than openFor (30s)"),
        (#"{"disableAfter": "0s"}"#, "circuitBreaker.disableAfter", "0s is too short: use more than 0s"),
        (
            #"{"rate": "50%"}"#, "circuitBreaker.rate",
            "unknown key \"rate\"; expected one of failureRate, minimumCalls, window, openFor, maxOpenFor, disableAfter"
        ),
    ])
    func badSettings(json: String, path: String, message: String) throws {
        let read = try readSection(json, at: "circuitBreaker") { CircuitBreakerPolicy(config: &$0) }
        #expect(read.problems == [ConfigurationProblem(path: path, message: message)])
    }

    @Test("percentages are read and written as the file writes them", arguments: [
        ("50%", 50.0), ("100%", 100), ("12.5%", 12.5), ("7%", 7), ("0%", 0),
    ])
    func percentages(_ text: String, _ percent: Double) {
        #expect(Percentage(configText: text) == Percentage(percent))
        #expect(Percentage(percent).configText == text)
    }

    @Test("bad percentages are refused", arguments: ["50", "%", "5.%", ".5%", "-5%", "1e2%", "50 %", "five%", "1.2.3%", "+5%", "0x10%"])
    func badPercentages(_ text: String) {
        #expect(Percentage(configText: text) == nil)
    }

    @Test func aPercentageIsAFraction() {
        #expect(Percentage(50).fraction == 0.5)
        #expect(Percentage(100).fraction == 1)
    }
}

extension CircuitBreaker.Admission {
    /// The ticket of an ordinary delivery.
    var deliveryTicket: CircuitBreaker.Ticket? {
        switch self {
        case .deliver(let ticket): ticket
        default: nil
        }
    }

    /// The ticket of the probe.
    var probeTicket: CircuitBreaker.Ticket? {
        switch self {
        case .probe(let ticket): ticket
        default: nil
        }
    }
}
