import EventhosCore
import Testing

@testable import EventhosEngine

@Suite("Action limits: rate limiter and prefetch")
struct RateLimiterTests {
    @Test("requests are spread one interval apart; an idle time is not saved up")
    func spacing() {
        var limiter = RateLimiter(interval: .milliseconds(200))
        let start = ContinuousClock.now
        #expect(limiter.reserve(at: start) == .zero)
        #expect(limiter.reserve(at: start) == .milliseconds(200))
        #expect(limiter.reserve(at: start + .milliseconds(50)) == .milliseconds(350))
        let later = start + .seconds(10)
        #expect(limiter.reserve(at: later) == .zero)
        #expect(limiter.reserve(at: later) == .milliseconds(200))
    }

    @Test("rates read as N/s or N/m")
    func rates() {
        #expect(RateLimit(configText: "50/s") == RateLimit(count: 50, per: .second))
        #expect(RateLimit(configText: "600/m")?.interval == .milliseconds(100))
        for bad in ["0/s", "-1/s", "5", "5/h", "/s", "5/s/s", "x/s"] {
            #expect(RateLimit(configText: bad) == nil, "\(bad)")
        }
    }

    @Test("a contract's prefetch is capped by maxInFlight and by one second of the rate")
    func prefetch() {
        var action = ActionDefinition(
            identifier: "a", name: "A", operation: .new, subscriber: "s", http: HTTPRequestDefinition(url: "http://x"))
        #expect(BridgeService.prefetch(for: action, upTo: 16) == 16)
        action.maxInFlight = 2
        #expect(BridgeService.prefetch(for: action, upTo: 16) == 2)
        action.maxInFlight = nil
        action.rateLimit = RateLimit(count: 5, per: .second)
        #expect(BridgeService.prefetch(for: action, upTo: 16) == 5)
        action.rateLimit = RateLimit(count: 6, per: .minute)
        #expect(BridgeService.prefetch(for: action, upTo: 16) == 1)
    }
}
