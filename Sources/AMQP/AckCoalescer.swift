/// The deliveries of one consumer channel that the broker still counts as unacknowledged, and the
/// plain acknowledgements waiting to be sent for them.
///
/// The owner thread collects the plain acks (no `multiple`, no nack) that it takes from the mailbox
/// in one round, then ``flush()`` turns them into frames: one basic.ack with `multiple` for the
/// longest run of them that starts at the oldest unacknowledged delivery, and one basic.ack each for
/// the others. A `multiple` ack is only ever sent when it settles exactly the deliveries that were
/// acknowledged, so it never acknowledges a delivery for the application. Fewer frames mean fewer
/// system calls here and fewer settle commands for the broker's queues.
struct AckCoalescer {
    /// A basic.ack to send.
    struct Frame: Equatable {
        var deliveryTag: UInt64
        var multiple: Bool
    }

    /// Delivery tags handed to the consumer and not settled with the broker yet, oldest first (the
    /// broker numbers deliveries in increasing order on a channel).
    private(set) var unsettled: [UInt64] = []
    /// Plain acks taken from the mailbox and not sent yet.
    private var pending: [UInt64] = []

    /// Whether plain acks wait for ``flush()``.
    var hasPending: Bool { !pending.isEmpty }

    /// A delivery was handed to the consumer.
    mutating func delivered(_ deliveryTag: UInt64) {
        unsettled.append(deliveryTag)
    }

    /// The application acknowledged one delivery: sent by the next ``flush()``.
    mutating func ack(_ deliveryTag: UInt64) {
        pending.append(deliveryTag)
    }

    /// A frame that settles `deliveryTag` (and, with `multiple`, every earlier delivery) is sent
    /// right now, apart from this coalescer: a nack, or an ack with `multiple` from the application.
    /// The caller flushes the pending acks first.
    mutating func settled(_ deliveryTag: UInt64, multiple: Bool) {
        if multiple {
            unsettled.removeAll { $0 <= deliveryTag }
        } else if let index = unsettled.firstIndex(of: deliveryTag) {
            unsettled.remove(at: index)
        }
    }

    /// The frames for the pending acks, in the order to send them; the acks are then settled.
    mutating func flush() -> [Frame] {
        guard !pending.isEmpty else { return [] }
        pending.sort()
        var run = 0
        while run < pending.count, run < unsettled.count, pending[run] == unsettled[run] { run += 1 }
        var frames: [Frame] = []
        if run > 0 {
            frames.append(Frame(deliveryTag: pending[run - 1], multiple: run > 1))
            unsettled.removeFirst(run)
        }
        for tag in pending[run...] {
            frames.append(Frame(deliveryTag: tag, multiple: false))
            settled(tag, multiple: false)
        }
        pending.removeAll(keepingCapacity: true)
        return frames
    }
}
