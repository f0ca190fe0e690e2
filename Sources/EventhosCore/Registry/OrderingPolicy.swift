import EventhosTemplates

/// Ordered delivery of a contract (spec §10): `ordering: { key: "${.body.customerId}", partitions: 16 }`.
///
/// Events whose key renders the same are delivered one at a time, in the order Eventhos accepted
/// them; different keys go to `partitions` queues by a stable hash of the key, each delivered one
/// message at a time, so up to `partitions` keys are delivered at once. An event whose key renders
/// empty (the placeholder points at nothing) is ordered with the other keyless events, in one
/// partition.
public struct OrderingPolicy: Sendable, Hashable {
    /// The ordering key, a template of spec §5 rendered against the received event.
    public var key: StringTemplate
    /// How many keys are delivered at once, at most; from 1 to ``maximumPartitions``.
    public var partitions: Int
    /// What a delivery does after its last attempt failed.
    public var onDead: OnDead

    /// What a partition's delivery does once its attempts are used.
    public enum OnDead: String, Sendable, Hashable, CaseIterable {
        /// It is dead-lettered and its key goes on.
        case skip
        /// It stays at the head of its partition, tried again at the policy's longest delay, and
        /// holds its key (and the keys of its partition) until it succeeds or an operator skips it
        /// (`POST /api/v1/contracts/{id}/partitions/{n}/skip`): then it is dead-lettered.
        case block
    }

    /// The most partitions of one contract: one queue and one consumer each.
    public static let maximumPartitions = 256
    /// The partitions of a policy that does not say.
    public static let defaultPartitions = 16

    public init(key: StringTemplate, partitions: Int = OrderingPolicy.defaultPartitions, onDead: OnDead = .skip) {
        self.key = key
        self.partitions = partitions
        self.onDead = onDead
    }

    /// The partition of a key: FNV-1a (64 bits) of its UTF-8 bytes, modulo ``partitions``, so the
    /// same key lands in the same partition on every instance and across restarts.
    public func partition(ofKey key: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(max(partitions, 1)))
    }
}
