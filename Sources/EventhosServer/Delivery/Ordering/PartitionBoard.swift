import Foundation
import Synchronization

/// What holds each partition of the ordered contracts delivered by this instance: the message in
/// flight, its attempt and since when, for the admin API and the console.
final class PartitionBoard: Sendable {
    /// The message a partition delivers now.
    struct Holding: Sendable, Hashable {
        var receivedEventId: String
        var key: String
        var attempt: Int
        var since: Date
        /// Its attempts are used and its contract's `onDead` is `block`: it waits for success or an operator's skip.
        var blocked = false
    }

    private struct Slot: Hashable {
        var contract: String
        var partition: Int
    }

    private let holdings = Mutex<[Slot: Holding]>([:])

    func hold(_ holding: Holding?, contract: String, partition: Int) {
        holdings.withLock { $0[Slot(contract: contract, partition: partition)] = holding }
    }

    /// What holds the partition on this instance; `nil` when it delivers nothing here.
    func holding(contract: String, partition: Int) -> Holding? {
        holdings.withLock { $0[Slot(contract: contract, partition: partition)] }
    }
}
