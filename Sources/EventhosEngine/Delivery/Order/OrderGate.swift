import EventhosCore
import EventhosStore
import Foundation

/// Decides whether a delivery runs now or waits for the lower order groups of its event: the
/// contracts come from the registry snapshot in force, their progress from the store (one indexed
/// query, made only for a contract that has lower-order contracts).
struct OrderGate: Sendable {
    let registry: RegistryReference
    let store: EventhosStore

    /// Where the delivery of `receivedEventId` (received at `receivedAt`) by `route` stands.
    func decision(for route: ContractRoute, receivedEventId: String, receivedAt: Date) async throws(StoreError) -> OrderDecision {
        let lower = Self.lowerOrder(than: route, in: registry.current)
        guard !lower.isEmpty else { return .proceed }
        let progress = try await store.progress(of: lower.map(\.identifier), receivedEventId: receivedEventId)
        return OrderDecision(lower: lower, progress: progress, receivedAt: receivedAt)
    }

    /// The active contracts of the route's event whose order is lower than the route's contract's.
    static func lowerOrder(than route: ContractRoute, in snapshot: RegistrySnapshot) -> [ContractDefinition] {
        snapshot.activeContracts(of: route.event.identifier).compactMap { other in
            other.contract.order < route.contract.order ? other.contract : nil
        }
    }
}
