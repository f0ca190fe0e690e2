import EventhosCore
import EventhosStore
import Foundation

/// Whether a delivery may be tried now, given where the lower-order contracts of its event stand
/// with the received event: a pure function of the registry and the audit.
enum OrderDecision: Sendable, Hashable {
    /// Every lower-order contract that got the event has completed it.
    case proceed
    /// These lower-order contracts got the event and have not completed it, lowest order first.
    case wait([Holder])

    /// A lower-order contract that holds the delivery.
    struct Holder: Sendable, Hashable {
        var contract: String
        var order: Int
        /// Its execution's state; `nil` before its first try.
        var state: ExecutionState?

        /// E.g. `crm-to-billing (order 0): ERROR (dead-lettered)`.
        var description: String {
            let state =
                switch state {
                case nil: "no try yet"
                case .error: "ERROR (dead-lettered)"
                case let state?: state.rawValue
                }
            return "\(contract) (order \(order)): \(state)"
        }
    }

    /// - Parameters:
    ///   - lower: the active contracts of the event with a lower order than the delivery's contract.
    ///   - progress: where they stand with the received event, as the store has it.
    ///   - receivedAt: when the event was received. A contract created later never got it, and a
    ///     contract the store does not hold cannot have: neither holds the delivery.
    init(lower: [ContractDefinition], progress: [ContractProgress], receivedAt: Date) {
        let progress = Dictionary(progress.map { ($0.contract, $0) }, uniquingKeysWith: { first, _ in first })
        let holders = lower.compactMap { contract -> Holder? in
            guard let stand = progress[contract.identifier], stand.createdAt <= receivedAt,
                  stand.state != .completed, stand.state != .skipped
            else { return nil }
            return Holder(contract: contract.identifier, order: contract.order, state: stand.state)
        }
        self = holders.isEmpty ? .proceed : .wait(holders.sorted { ($0.order, $0.contract) < ($1.order, $1.contract) })
    }

    /// What `contract_exc_detail.waiting_for` says while the delivery waits; `nil` when it does not.
    var waitingFor: String? {
        guard case .wait(let holders) = self else { return nil }
        return holders.map(\.description).joined(separator: "; ")
    }
}
