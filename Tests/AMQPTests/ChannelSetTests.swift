import Testing

@testable import AMQP

@Suite("ChannelSet")
struct ChannelSetTests {
    @Test func keepsEachChannelOnceInTheOrderFirstInserted() {
        var set = ChannelSet()
        for channel: UInt16 in [7, 1, 7, 64, 1, 65_535, 0, 64] { set.insert(channel) }
        #expect(set.members == [7, 1, 64, 65_535, 0])
    }

    @Test func removeAllForgetsEveryMemberAndTheSetFillsAgain() {
        var set = ChannelSet()
        for channel: UInt16 in [3, 130, 4_000] { set.insert(channel) }
        set.removeAll()
        #expect(set.members.isEmpty)
        for channel: UInt16 in [130, 130, 3, 4_000, 3] { set.insert(channel) }
        #expect(set.members == [130, 3, 4_000])
    }
}
