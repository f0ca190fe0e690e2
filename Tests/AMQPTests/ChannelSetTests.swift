import Testing

@testable import AMQP

@Suite("ChannelSet")
struct ChannelSetTests {
    @Test func keepsEachChannelOnceInTheOrderFirstInserted() {
        var set = ChannelSet()
        for channel: UInt16 in [7, 1, 7, 64, 1, 65_535, 0, 64] { set.insert(channel) }
        #expect(set.members == [7, 1, 64, 65_535, 0])
        #expect(set.contains(65_535) && set.contains(0) && set.contains(64))
        #expect(!set.contains(63) && !set.contains(65) && !set.contains(65_534))
    }

    @Test func removeAllForgetsEveryMemberAndTheSetFillsAgain() {
        var set = ChannelSet()
        for channel: UInt16 in [3, 130, 4_000] { set.insert(channel) }
        set.removeAll()
        #expect(set.members.isEmpty)
        #expect(![3, 130, 4_000].contains(where: set.contains))
        set.insert(130)
        set.insert(130)
        #expect(set.members == [130])
    }
}
