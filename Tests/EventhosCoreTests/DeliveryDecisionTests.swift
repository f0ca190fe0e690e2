import EventhosCore
import Foundation
import Testing

@Suite("Delivery decisions")
struct DeliveryDecisionTests {
    let policy = RetryPolicy(maxAttempts: 4, backoff: [.seconds(1), .seconds(5)])

    @Test("statuses are judged as spec §5 says", arguments: [
        (200, TryVerdict.success), (204, .success), (299, .success), (301, .permanent), (400, .permanent),
        (401, .permanent), (404, .permanent), (408, .retryable), (422, .permanent), (429, .retryable),
        (500, .retryable), (502, .retryable), (503, .retryable), (599, .retryable), (100, .permanent),
    ])
    func verdicts(status: Int, verdict: TryVerdict) {
        #expect(TryVerdict(status: status) == verdict)
    }

    @Test("success completes whatever the attempt")
    func success() {
        #expect(DeliveryDecision(verdict: .success, attempt: 4, policy: policy) == .complete)
    }

    @Test("a permanent failure is dead-lettered at once")
    func permanent() {
        #expect(DeliveryDecision(verdict: .permanent, attempt: 1, policy: policy) == .deadLetter(.permanentFailure))
    }

    @Test("retryable failures follow the backoff, whose last delay repeats")
    func backoff() {
        #expect(DeliveryDecision(verdict: .retryable, attempt: 1, policy: policy) == .retry(nextAttempt: 2, delay: .seconds(1)))
        #expect(DeliveryDecision(verdict: .retryable, attempt: 2, policy: policy) == .retry(nextAttempt: 3, delay: .seconds(5)))
        #expect(DeliveryDecision(verdict: .retryable, attempt: 3, policy: policy) == .retry(nextAttempt: 4, delay: .seconds(5)))
    }

    @Test("the last attempt's failure is dead-lettered as exhausted")
    func exhausted() {
        #expect(DeliveryDecision(verdict: .retryable, attempt: 4, policy: policy) == .deadLetter(.attemptsExhausted))
        let once = RetryPolicy(maxAttempts: 1, backoff: [.seconds(1)])
        #expect(DeliveryDecision(verdict: .retryable, attempt: 1, policy: once) == .deadLetter(.attemptsExhausted))
    }

    @Test("Retry-After lengthens the delay but never beyond the policy's longest")
    func retryAfter() {
        #expect(
            DeliveryDecision(verdict: .retryable, attempt: 1, policy: policy, retryAfter: .seconds(3))
                == .retry(nextAttempt: 2, delay: .seconds(3)))
        #expect(
            DeliveryDecision(verdict: .retryable, attempt: 1, policy: policy, retryAfter: .seconds(60))
                == .retry(nextAttempt: 2, delay: .seconds(5)))
        #expect(
            DeliveryDecision(verdict: .retryable, attempt: 2, policy: policy, retryAfter: .milliseconds(10))
                == .retry(nextAttempt: 3, delay: .seconds(5)))
    }

    @Test("a redriven message gets a fresh budget while its attempt numbers keep counting")
    func freshBudget() {
        // Attempts 1-4 were spent; the redrive starts a new budget at attempt 5.
        #expect(
            DeliveryDecision(verdict: .retryable, attempt: 5, policy: policy, budgetStart: 5)
                == .retry(nextAttempt: 6, delay: .seconds(1)))
        #expect(
            DeliveryDecision(verdict: .retryable, attempt: 6, policy: policy, budgetStart: 5)
                == .retry(nextAttempt: 7, delay: .seconds(5)))
        #expect(
            DeliveryDecision(verdict: .retryable, attempt: 8, policy: policy, budgetStart: 5)
                == .deadLetter(.attemptsExhausted))
        #expect(DeliveryDecision(verdict: .success, attempt: 5, policy: policy, budgetStart: 5) == .complete)
    }

    @Test("a budget start out of range is clamped to the attempts that exist")
    func budgetStartOutOfRange() {
        // A start beyond the attempt (a forged header) counts as a budget starting at this attempt;
        // a start below 1 as a budget starting at the first attempt.
        #expect(
            DeliveryDecision(verdict: .retryable, attempt: 2, policy: policy, budgetStart: 9)
                == .retry(nextAttempt: 3, delay: .seconds(1)))
        #expect(
            DeliveryDecision(verdict: .retryable, attempt: 4, policy: policy, budgetStart: -3)
                == .deadLetter(.attemptsExhausted))
    }

    @Test("Retry-After is read as seconds or as an HTTP date")
    func retryAfterHeader() {
        let now = Date(timeIntervalSince1970: 1_445_412_470)  // Wed, 21 Oct 2015 07:27:50 GMT
        #expect(RetryAfter.delay("120", now: now) == .seconds(120))
        #expect(RetryAfter.delay(" 0 ", now: now) == .zero)
        #expect(RetryAfter.delay("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == .seconds(10))
        #expect(RetryAfter.delay("Wed, 21 Oct 2015 07:27:00 GMT", now: now) == .zero)
        #expect(RetryAfter.delay("-5", now: now) == nil)
        #expect(RetryAfter.delay("soon", now: now) == nil)
    }

    @Test("retry tiers: one per distinct delay, the shortest that serves a delay")
    func tiers() {
        let tiers = RetryTiers(policies: [policy, RetryPolicy(maxAttempts: 2, backoff: [.seconds(5), .milliseconds(200)])])
        #expect(tiers.delays == [.milliseconds(200), .seconds(1), .seconds(5)])
        #expect(tiers.tier(for: .milliseconds(200)) == .milliseconds(200))
        #expect(tiers.tier(for: .seconds(3)) == .seconds(5))
        #expect(tiers.tier(for: .seconds(60)) == .seconds(5))
        #expect(RetryTiers.queueName(.seconds(5)) == "eventhos.retry.5000ms")
        #expect(RetryTiers(policies: []).tier(for: .seconds(1)) == nil)
    }
}
