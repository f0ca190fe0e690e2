import Testing

@testable import AMQP

@Suite("AckCoalescer")
struct AckCoalescerTests {
    typealias Frame = AckCoalescer.Frame

    /// A coalescer that handed out deliveries 1...count.
    func coalescer(delivered count: UInt64) -> AckCoalescer {
        var coalescer = AckCoalescer()
        for tag in 1...count { coalescer.delivered(tag) }
        return coalescer
    }

    @Test func acksOfTheOldestDeliveriesBecomeOneMultipleAck() {
        var acks = coalescer(delivered: 5)
        for tag: UInt64 in [3, 1, 2] { acks.ack(tag) }
        #expect(acks.flush() == [Frame(deliveryTag: 3, multiple: true)])
        #expect(acks.unsettled == [4, 5])
        #expect(!acks.hasPending)
    }

    @Test func aGapBeforeTheNewestAcksSendsThemOneByOne() {
        var acks = coalescer(delivered: 5)
        // 1 is still being handled: a multiple ack up to 5 would acknowledge it for the application.
        for tag: UInt64 in [5, 2, 3] { acks.ack(tag) }
        #expect(acks.flush() == [2, 3, 5].map { Frame(deliveryTag: $0, multiple: false) })
        #expect(acks.unsettled == [1, 4])
    }

    @Test func theRunStopsAtTheFirstDeliveryStillHeld() {
        var acks = coalescer(delivered: 6)
        for tag: UInt64 in [1, 2, 4, 6] { acks.ack(tag) }
        #expect(
            acks.flush() == [
                Frame(deliveryTag: 2, multiple: true), Frame(deliveryTag: 4, multiple: false),
                Frame(deliveryTag: 6, multiple: false),
            ])
        #expect(acks.unsettled == [3, 5])
        acks.ack(3)
        acks.ack(5)
        #expect(acks.flush() == [Frame(deliveryTag: 5, multiple: true)])
        #expect(acks.unsettled.isEmpty)
    }

    @Test func aSingleAckStaysPlain() {
        var acks = coalescer(delivered: 2)
        acks.ack(1)
        #expect(acks.flush() == [Frame(deliveryTag: 1, multiple: false)])
        #expect(acks.flush().isEmpty)
    }

    @Test func framesSentApartSettleTheirDeliveries() {
        var acks = coalescer(delivered: 6)
        acks.settled(2, multiple: false)  // a nack of 2
        acks.settled(4, multiple: true)  // the application's own multiple ack up to 4
        #expect(acks.unsettled == [5, 6])
        acks.ack(5)
        acks.ack(6)
        #expect(acks.flush() == [Frame(deliveryTag: 6, multiple: true)])
    }

    @Test func anAckOfAnUnknownDeliveryIsSentAsItIs() {
        var acks = coalescer(delivered: 2)
        acks.ack(7)
        acks.ack(1)
        #expect(acks.flush() == [Frame(deliveryTag: 1, multiple: false), Frame(deliveryTag: 7, multiple: false)])
        #expect(acks.unsettled == [2])
    }
}
