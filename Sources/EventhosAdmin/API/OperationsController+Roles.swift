import EventhosCore
import EventhosEngine

extension OperationsController {
    /// The least role of each operation on dead letters and stored events. The console follows
    /// them too, so a role sees in the console the forms of exactly the operations the API lets it call.
    enum Roles {
        /// Listing dead queues and looking into one.
        static let read: AdminToken.Role = .viewer
        /// Sending dead letters back to their contract.
        static let redrive: AdminToken.Role = .operator
        /// Deleting the messages of a dead queue.
        static let purge: AdminToken.Role = .admin
        /// Delivering a stored event again.
        static let replay: AdminToken.Role = .operator
    }
}
