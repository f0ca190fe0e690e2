/// A set of channel numbers kept in the order they were first inserted, with constant-time
/// insertion whatever the number of channels (a bit per possible number).
///
/// The AMQP owner thread notes in one the channels whose librabbitmq pools hold decoded frames or
/// replies, and recycles each of those pools once, instead of once per frame.
struct ChannelSet {
    private var bits = [UInt64](repeating: 0, count: (Int(UInt16.max) + 1) / 64)
    /// The members, first inserted first.
    private(set) var members: [UInt16] = []

    /// Adds `channel` if it is not a member yet.
    mutating func insert(_ channel: UInt16) {
        let (word, mask) = Self.position(of: channel)
        guard bits[word] & mask == 0 else { return }
        bits[word] |= mask
        members.append(channel)
    }

    /// Empties the set, keeping its storage.
    mutating func removeAll() {
        for channel in members {
            let (word, mask) = Self.position(of: channel)
            bits[word] &= ~mask
        }
        members.removeAll(keepingCapacity: true)
    }

    private static func position(of channel: UInt16) -> (word: Int, mask: UInt64) {
        (Int(channel) >> 6, 1 << UInt64(channel & 63))
    }
}
