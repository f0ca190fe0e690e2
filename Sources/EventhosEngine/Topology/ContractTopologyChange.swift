import EventhosJSON
import EventhosTemplates
import OrderedCollections

/// What a registry change did to one contract's queues and worker, as the admin API reports it.
package struct ContractTopologyChange: Sendable, Hashable {
    package enum Kind: String, Sendable, Hashable {
        /// Queues declared, bound, worker started.
        case started
        /// Worker stopped; queue and binding kept, messages wait.
        case stopped
        /// Worker started again with the contract's new action or retry policy.
        case restarted
        /// Binding moved to the contract's new event.
        case rebound
        /// Binding removed and the empty queue deleted.
        case removed
        /// Binding removed; the queue still held messages and was kept.
        case queueKept
        /// The broker refused or could not be reached; `detail` says why. The change is tried again,
        /// after 1 s, then less and less often, up to every 30 s, until it is made.
        case failed
        /// Not done when the answer was due: the broker is stopped, unreachable or slow. It is done
        /// once the broker answers (and logged then); `detail` says so.
        case pending
    }

    package var contract: String
    package var kind: Kind
    /// The queue concerned, its message count, or the error.
    package var detail: String?

    package var json: JSONValue {
        var members: JSONObject = ["contract": .string(contract), "change": .string(kind.rawValue)]
        if let detail {
            members["detail"] = .string(detail)
        }
        return .object(members)
    }
}
