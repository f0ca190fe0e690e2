import Foundation
import Synchronization

/// What holds each partition of the ordered contracts delivered by this instance: the message in
/// flight, its attempt and since when, for the admin API and the console.
package final class PartitionBoard: Sendable {
    /// The message a partition delivers now.
    package struct Holding: Sendable, Hashable {
        package var receivedEventId: String
        package var key: String
        package var attempt: Int
        package var since: Date
        /// Its attempts are used and its contract's `onDead` is `block`: it waits for success or an operator's skip.
        package var blocked = false
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
    package func holding(contract: String, partition: Int) -> Holding? {
        holdings.withLock { $0[Slot(contract: contract, partition: partition)] }
    }
}
