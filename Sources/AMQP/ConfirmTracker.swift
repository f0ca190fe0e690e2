/// Bookkeeping of pipelined publisher confirms on one channel in confirm mode.
///
/// Delivery tags start at 1 on every new channel and grow by one per publish. The broker answers
/// each tag with basic.ack or basic.nack, possibly for all tags up to it at once (`multiple`);
/// a mandatory publish that cannot be routed is first returned (basic.return, matched by message
/// id) and then acked. The tracker never touches the network: its owner feeds it events and
/// resumes the waiters it hands back, each exactly once.
public struct ConfirmTracker<Waiter> {
    private struct Entry {
        var waiter: Waiter?
        var messageId: String?
        var deadline: ContinuousClock.Instant
        var returned: AMQPError?
    }

    /// The most publishes awaiting a confirm at once.
    public let capacity: Int
    /// Slots for every tag from `firstTag` up; settled slots keep a `nil` waiter until compaction.
    private var entries: [Entry] = []
    /// Index of the oldest slot that may still be outstanding.
    private var head = 0
    /// Delivery tag of `entries[0]`.
    private var firstTag: UInt64 = 1
    /// The delivery tag the next publish on this channel gets.
    public private(set) var nextTag: UInt64 = 1
    /// Publishes awaiting a confirm.
    public private(set) var outstandingCount = 0

    /// Creates an empty tracker allowing `capacity` (at least 1) publishes in flight.
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Whether another publish may be sent now.
    public var hasCapacity: Bool { outstandingCount < capacity }

    /// The deadline of the oldest outstanding publish.
    public var nextDeadline: ContinuousClock.Instant? {
        head < entries.count ? entries[head].deadline : nil
    }

    /// Records a publish just sent and returns its delivery tag. Check ``hasCapacity`` first.
    /// - Parameter messageId: set for mandatory publishes, so that a basic.return can find it.
    @discardableResult
    public mutating func register(
        _ waiter: Waiter, messageId: String?, deadline: ContinuousClock.Instant
    ) -> UInt64 {
        precondition(hasCapacity, "ConfirmTracker over capacity")
        entries.append(Entry(waiter: waiter, messageId: messageId, deadline: deadline, returned: nil))
        outstandingCount += 1
        defer { nextTag += 1 }
        return nextTag
    }

    /// Marks the oldest outstanding publish with `messageId` as returned: its ack then completes
    /// it with a ``AMQPError/Code/returned`` error. Returns `false` when no publish matches.
    @discardableResult
    public mutating func markReturned(messageId: String, replyCode: UInt16, replyText: String) -> Bool {
        for index in head..<entries.count
        where entries[index].waiter != nil && entries[index].returned == nil && entries[index].messageId == messageId {
            entries[index].returned = AMQPError(code: .returned, replyCode: replyCode, detail: replyText)
            return true
        }
        return false
    }

    /// Handles basic.ack: completes `tag` (or every outstanding tag up to it when `multiple`) with
    /// success, or with the return error of a returned publish. Unknown tags are ignored.
    public mutating func ack(_ tag: UInt64, multiple: Bool, _ complete: (Waiter, AMQPError?) -> Void) {
        settle(tag, multiple: multiple) { entry in complete(entry.waiter!, entry.returned) }
    }

    /// Handles basic.nack: completes `tag` (or every outstanding tag up to it when `multiple`) with
    /// ``AMQPError/Code/nacked`` (or the return error of a returned publish).
    public mutating func nack(_ tag: UInt64, multiple: Bool, _ complete: (Waiter, AMQPError?) -> Void) {
        settle(tag, multiple: multiple) { entry in complete(entry.waiter!, entry.returned ?? .nacked) }
    }

    /// Completes every outstanding publish whose deadline is not after `now` with
    /// ``AMQPError/Code/confirmTimeout``; a late confirm for them is then ignored.
    public mutating func expire(now: ContinuousClock.Instant, _ complete: (Waiter, AMQPError) -> Void) {
        var index = head
        while index < entries.count {
            if let waiter = entries[index].waiter {
                guard entries[index].deadline <= now else { break }
                entries[index].waiter = nil
                outstandingCount -= 1
                complete(waiter, .confirmTimeout)
            }
            index += 1
        }
        compact()
    }

    /// The channel is gone: completes every outstanding publish with `error` and starts over at tag 1,
    /// as on a freshly opened channel.
    public mutating func failAll(_ error: AMQPError, _ complete: (Waiter, AMQPError) -> Void) {
        for index in head..<entries.count {
            if let waiter = entries[index].waiter { complete(waiter, error) }
        }
        entries.removeAll(keepingCapacity: true)
        head = 0
        firstTag = 1
        nextTag = 1
        outstandingCount = 0
    }

    private mutating func settle(_ tag: UInt64, multiple: Bool, _ complete: (Entry) -> Void) {
        guard tag >= firstTag, tag < nextTag else { return }
        let last = Int(tag - firstTag)
        guard last >= head else { return }
        for index in (multiple ? head : last)...last where entries[index].waiter != nil {
            complete(entries[index])
            entries[index].waiter = nil
            entries[index].messageId = nil
            outstandingCount -= 1
        }
        compact()
    }

    /// Advances `head` past settled slots and drops them once they are the bulk of the storage.
    private mutating func compact() {
        while head < entries.count, entries[head].waiter == nil { head += 1 }
        if head == entries.count {
            entries.removeAll(keepingCapacity: true)
            head = 0
            firstTag = nextTag
        } else if head >= 64, head * 2 >= entries.count {
            entries.removeFirst(head)
            firstTag += UInt64(head)
            head = 0
        }
    }
}
