import EventhosCore

/// What the broker and the workers must do to go from one set of contracts to another.
///
/// A value computed from the contracts alone, so that every transition is tested without a broker:
/// a created, activated or resumed contract starts; a deactivated or paused one stops (its queue
/// and binding stay, messages wait); one whose event changed is rebound; one whose action or
/// delivery settings changed restarts with its new route; one whose queues changed (ordered or
/// not, its number of partitions) is reshaped; a deleted one is removed.
struct ContractPlan: Sendable, Equatable {
    enum Step: Sendable, Equatable {
        /// Declare the contract's queues and bindings, then start its worker.
        case start(ContractRoute)
        /// Stop the contract's worker: no new deliveries, those in flight finish.
        case stop(String)
        /// Stop the worker and start it again with the new route.
        case restart(ContractRoute)
        /// Move the queue's binding from the event `from` to the route's event; comes before a (re)start.
        case rebind(ContractRoute, from: String)
        /// Stop the worker, unbind the queue, delete the queues that are empty.
        case remove(ContractRoute)
        /// Stop the worker, unbind the old queues and delete those that are empty and no longer
        /// used, declare the new ones, and start the worker when the contract delivers.
        case reshape(ContractRoute, from: ContractRoute)

        /// The identifier of the contract the step changes.
        var contract: String {
            switch self {
            case .start(let route), .restart(let route), .rebind(let route, _), .remove(let route), .reshape(let route, _):
                route.contract.identifier
            case .stop(let identifier):
                identifier
            }
        }
    }

    /// In the order of the contracts' identifiers.
    let steps: [Step]

    /// - Parameters:
    ///   - old: every contract the broker follows now, active or not, by identifier.
    ///   - new: every contract it must follow.
    init(from old: [String: ContractRoute], to new: [String: ContractRoute]) {
        var steps = [Step]()
        for identifier in Set(old.keys).union(new.keys).sorted() {
            switch (old[identifier], new[identifier]) {
            case (nil, let route?) where route.contract.delivers:
                steps.append(.start(route))
            case (let route?, nil):
                steps.append(.remove(route))
            case (let before?, let after?) where Self.queues(of: before) != Self.queues(of: after):
                steps.append(.reshape(after, from: before))
            case (let before?, let after?):
                if before.event.identifier != after.event.identifier {
                    steps.append(.rebind(after, from: before.event.identifier))
                }
                switch (before.contract.delivers, after.contract.delivers) {
                case (true, false): steps.append(.stop(identifier))
                case (false, true): steps.append(.start(after))
                case (true, true) where before != after: steps.append(.restart(after))
                default: break
                }
            default:
                break
            }
        }
        self.steps = steps
    }

    /// The queues a contract's messages go through, besides its dead queue.
    static func queues(of route: ContractRoute) -> [String] {
        let identifier = route.contract.identifier
        guard let ordering = route.contract.ordering else { return [BrokerNames.contractQueue(identifier)] }
        return [BrokerNames.orderedQueue(identifier)] + (0..<ordering.partitions).map { BrokerNames.partitionQueue(identifier, $0) }
    }
}
