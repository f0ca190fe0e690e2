import Testing

@testable import AMQP

@Suite("ConfirmTracker")
struct ConfirmTrackerTests {
    typealias Tracker = ConfirmTracker<Int>
    let later = ContinuousClock.now + .seconds(60)

    /// Registers waiters 1...count (their tags are the same numbers on a fresh tracker).
    func tracker(capacity: Int = 64, count: Int, messageIds: [String?] = []) -> Tracker {
        var tracker = Tracker(capacity: capacity)
        for waiter in 1...count {
            let tag = tracker.register(waiter, messageId: waiter <= messageIds.count ? messageIds[waiter - 1] : nil, deadline: later)
            #expect(tag == UInt64(waiter))
        }
        return tracker
    }

    @Test func singleAcksCompleteOnlyTheirTag() {
        var tracker = tracker(count: 3)
        var done: [Int: AMQPError?] = [:]
        tracker.ack(2, multiple: false) { done[$0] = $1 }
        #expect(done.count == 1)
        #expect(done[2] == .some(nil))
        #expect(tracker.outstandingCount == 2)
        tracker.ack(1, multiple: false) { done[$0] = $1 }
        tracker.ack(3, multiple: false) { done[$0] = $1 }
        #expect(done.keys.sorted() == [1, 2, 3])
        #expect(tracker.outstandingCount == 0)
        #expect(tracker.nextTag == 4)
        #expect(tracker.nextDeadline == nil)
    }

    @Test func multipleAckCompletesEverythingUpToTheTag() {
        var tracker = tracker(count: 5)
        var done: [Int] = []
        tracker.ack(3, multiple: true) { waiter, error in
            #expect(error == nil)
            done.append(waiter)
        }
        #expect(done == [1, 2, 3])
        tracker.ack(5, multiple: true) { waiter, _ in done.append(waiter) }
        #expect(done == [1, 2, 3, 4, 5])
        #expect(tracker.outstandingCount == 0)
    }

    @Test func multipleAckSkipsAlreadySettledTags() {
        var tracker = tracker(count: 4)
        var done: [Int] = []
        tracker.ack(2, multiple: false) { waiter, _ in done.append(waiter) }
        tracker.ack(4, multiple: true) { waiter, _ in done.append(waiter) }
        #expect(done == [2, 1, 3, 4])
    }

    @Test func nackFailsWithNacked() {
        var tracker = tracker(count: 4)
        var done: [Int: AMQPError?] = [:]
        tracker.nack(1, multiple: false) { done[$0] = $1 }
        #expect(done[1]??.code == .nacked)
        tracker.nack(3, multiple: true) { done[$0] = $1 }
        #expect(done.keys.sorted() == [1, 2, 3])
        #expect(done.values.allSatisfy { $0?.code == .nacked })
        tracker.ack(4, multiple: false) { done[$0] = $1 }
        #expect(done[4] == .some(nil))
    }

    @Test func outOfOrderDuplicateAndUnknownTags() {
        var tracker = tracker(count: 3)
        var done: [Int] = []
        tracker.ack(3, multiple: false) { waiter, _ in done.append(waiter) }
        tracker.ack(3, multiple: false) { waiter, _ in done.append(waiter) }
        tracker.ack(99, multiple: true) { waiter, _ in done.append(waiter) }
        tracker.ack(0, multiple: false) { waiter, _ in done.append(waiter) }
        tracker.ack(1, multiple: false) { waiter, _ in done.append(waiter) }
        tracker.ack(1, multiple: true) { waiter, _ in done.append(waiter) }
        #expect(done == [3, 1])
        #expect(tracker.outstandingCount == 1)
        tracker.ack(2, multiple: false) { waiter, _ in done.append(waiter) }
        #expect(done == [3, 1, 2])
        #expect(tracker.outstandingCount == 0)
    }

    @Test func returnedThenAckedFailsWithReturned() {
        var tracker = tracker(count: 3, messageIds: ["a", "b", "c"])
        let first = tracker.markReturned(messageId: "b", replyCode: 312, replyText: "NO_ROUTE")
        #expect(first)
        let second = tracker.markReturned(messageId: "unknown", replyCode: 312, replyText: "NO_ROUTE")
        #expect(!second)
        var done: [Int: AMQPError?] = [:]
        tracker.ack(3, multiple: true) { done[$0] = $1 }
        #expect(done[1] == .some(nil))
        #expect(done[2]??.code == .returned)
        #expect(done[2]??.replyCode == 312)
        #expect(done[2]??.detail == "NO_ROUTE")
        #expect(done[3] == .some(nil))
    }

    @Test func returnMatchesOnlyOutstandingPublishes() {
        var tracker = tracker(count: 2, messageIds: ["same", "same"])
        tracker.ack(1, multiple: false) { _, _ in }
        let first = tracker.markReturned(messageId: "same", replyCode: 312, replyText: "NO_ROUTE")
        #expect(first)
        let second = tracker.markReturned(messageId: "same", replyCode: 312, replyText: "NO_ROUTE")
        #expect(!second)
        var error: AMQPError?
        tracker.nack(2, multiple: false) { _, e in error = e }
        #expect(error?.code == .returned)
    }

    @Test func capacityIsEnforced() {
        var tracker = tracker(capacity: 2, count: 2)
        #expect(!tracker.hasCapacity)
        tracker.ack(1, multiple: false) { _, _ in }
        #expect(tracker.hasCapacity)
        #expect(tracker.register(3, messageId: nil, deadline: later) == 3)
        #expect(!tracker.hasCapacity)
        #expect(Tracker(capacity: 0).capacity == 1)
    }

    @Test func failAllCompletesEverythingAndRestartsTagsAtOne() {
        var tracker = tracker(count: 3)
        tracker.ack(2, multiple: false) { _, _ in }
        var done: [Int: AMQPError] = [:]
        tracker.failAll(.connectionLost) { done[$0] = $1 }
        #expect(done.keys.sorted() == [1, 3])
        #expect(done.values.allSatisfy { $0.code == .connectionLost })
        #expect(tracker.outstandingCount == 0)
        #expect(tracker.nextTag == 1)
        #expect(tracker.register(7, messageId: nil, deadline: later) == 1)
        var acked: [Int] = []
        tracker.ack(3, multiple: true) { waiter, _ in acked.append(waiter) }
        tracker.ack(1, multiple: false) { waiter, _ in acked.append(waiter) }
        #expect(acked == [7])
    }

    @Test func expireFailsOnlyOverduePublishes() {
        let start = ContinuousClock.now
        var tracker = Tracker(capacity: 8)
        for waiter in 1...4 { tracker.register(waiter, messageId: nil, deadline: start + .seconds(waiter)) }
        tracker.ack(1, multiple: false) { _, _ in }
        #expect(tracker.nextDeadline == start + .seconds(2))
        var expired: [Int] = []
        tracker.expire(now: start + .seconds(3)) { waiter, error in
            #expect(error.code == .confirmTimeout)
            expired.append(waiter)
        }
        #expect(expired == [2, 3])
        #expect(tracker.outstandingCount == 1)
        var late: [Int] = []
        tracker.ack(4, multiple: true) { waiter, _ in late.append(waiter) }
        #expect(late == [4])
    }

    @Test func longRunsKeepTagsConsecutive() {
        var tracker = Tracker(capacity: 64)
        var completed = 0
        for waiter in 1...10_000 {
            if !tracker.hasCapacity {
                // Confirm the oldest half, one time out of order.
                let oldest = UInt64(waiter - 64)
                tracker.ack(oldest + 1, multiple: false) { _, _ in completed += 1 }
                tracker.ack(oldest + 31, multiple: true) { _, _ in completed += 1 }
            }
            #expect(tracker.register(waiter, messageId: nil, deadline: later) == UInt64(waiter))
        }
        tracker.ack(10_000, multiple: true) { _, _ in completed += 1 }
        #expect(completed == 10_000)
        #expect(tracker.outstandingCount == 0)
    }
}
