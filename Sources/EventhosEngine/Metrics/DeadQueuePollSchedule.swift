/// Which contracts' dead queues the ``DeadQueuePoller`` reads on one tick.
///
/// Reading a depth is a passive `queue.declare`, a broker round trip. Reading every dead queue on
/// every tick cost, at 1,000 contracts every 5 s, 0.13 cores of a 2-core machine between the broker
/// and eventhos with no event flowing. So a tick reads the dead queues this process changed since
/// the last tick (it dead-lettered, redrove or purged there) and, in turn, at most `budget` of the
/// others: every queue on every tick up to `budget` contracts, every ⌈contracts / budget⌉ ticks
/// beyond. The first tick reads them all.
struct DeadQueuePollSchedule: Sendable {
    /// How many unchanged dead queues one tick reads at most.
    let budget: Int
    private var cursor = 0
    private var started = false

    /// - Parameter budget: how many unchanged dead queues one tick reads at most (at least 1).
    init(budget: Int) {
        self.budget = max(budget, 1)
    }

    /// The contracts to read on this tick, the changed ones first, each once.
    ///
    /// - Parameters:
    ///   - contracts: the active contracts, in the registry's order.
    ///   - changed: the contracts whose dead queue this process changed since the last tick.
    mutating func next(among contracts: [String], changed: Set<String>) -> [String] {
        guard started, contracts.count > budget else {
            started = true
            return contracts
        }
        var picked = contracts.filter(changed.contains)
        let start = cursor % contracts.count
        for offset in 0..<budget {
            let contract = contracts[(start + offset) % contracts.count]
            if !changed.contains(contract) {
                picked.append(contract)
            }
        }
        cursor = (start + budget) % contracts.count
        return picked
    }
}
