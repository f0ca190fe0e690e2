import AMQP
import EventhosCore
import Logging

/// Runs one ``ContractWorker`` per active contract and makes the broker follow registry changes
/// without a restart (spec §4): see ``ContractPlan`` for what each change does.
///
/// Workers run inside ``run()``, a task group fed as contracts start, so that shutdown still waits
/// for their deliveries in flight. Changes are applied one at a time, in the order they were asked.
package actor ContractSupervisor {
    /// Makes the worker of a contract, with the retry tiers of every active contract; `nil` when it cannot run.
    typealias WorkerFactory = @Sendable (ContractRoute, RetryTiers) -> (any ContractDelivery)?

    private let connection: AMQPConnection
    private let topology: BrokerTopology
    private let logger: Logger
    private var makeWorker: WorkerFactory?
    /// The registry the broker follows, and every contract of it, active or not.
    private var snapshot: RegistrySnapshot
    private var routes: [String: ContractRoute]
    /// The contracts of the last registry asked to follow, which ``routes`` becomes once every
    /// change asked is applied, and that registry's snapshot.
    private var followed: (routes: [String: ContractRoute], snapshot: RegistrySnapshot)
    /// Failed changes in a row, which space out their retries (see ``retryDelay(after:)``).
    private var failedRounds = 0
    private var retryScheduled = false
    private var workers: [String: any ContractDelivery] = [:]
    private var state = State.waiting
    /// Whether the registry changed before ``start(makeWorker:)``, after the first declaration began.
    private var changedBeforeStart = false
    private var lastChange: Task<[ContractTopologyChange], Never>?
    /// The generation of the registry followed last; an older one arriving late is ignored.
    private var generation = 0
    private let started: AsyncStream<any ContractDelivery>.Continuation
    private let startedWorkers: AsyncStream<any ContractDelivery>

    private enum State {
        /// Before ``start(makeWorker:)``: changes are only remembered, then declared at start.
        case waiting
        case running
        /// After ``stop()``: changes are ignored.
        case stopped
    }

    package init(
        registry: RegistryDefinition, snapshot: RegistrySnapshot, connection: AMQPConnection, topology: BrokerTopology,
        logger: Logger
    ) {
        self.connection = connection
        self.topology = topology
        self.logger = logger
        self.snapshot = snapshot
        routes = Self.routes(of: registry, in: snapshot)
        followed = (routes, snapshot)
        (startedWorkers, started) = AsyncStream.makeStream()
    }

    /// Runs the workers until ``stop()`` stopped their deliveries and those in flight finished.
    ///
    /// A worker's channel is closed once its last delivery is acknowledged.
    nonisolated func run() async {
        await withDiscardingTaskGroup { group in
            for await worker in startedWorkers {
                group.addTask {
                    await worker.run()
                    await worker.close()
                }
            }
        }
    }

    /// Declares the topology of the registry in force: the base objects, every active contract's
    /// queues and bindings, and the retry delay queues.
    func declareTopology() async throws(AMQPError) {
        try await connection.declare(topology.declaration(for: snapshot))
    }

    /// Starts a worker for every active contract; call once the topology is declared.
    func start(makeWorker: @escaping WorkerFactory) async {
        guard case .waiting = state else { return }
        self.makeWorker = makeWorker
        while changedBeforeStart {
            changedBeforeStart = false
            try? await declareTopology()
        }
        state = .running
        for route in snapshot.contracts where route.contract.delivers {
            startWorker(route)
        }
    }

    /// Stops every worker's deliveries; ``run()`` returns once those in flight finished.
    func stop() async {
        state = .stopped
        started.finish()
        let stopping = workers.values
        workers = [:]
        for worker in stopping {
            await worker.stopDeliveries()
        }
    }

    /// Makes the broker and the workers follow `registry`, after the changes asked before.
    ///
    /// - Parameters:
    ///   - generation: increases with every registry read from the store.
    ///   - patience: how long to wait for the changes; those not done by then are reported
    ///     ``ContractTopologyChange/Kind/pending`` and done later, once the broker answers
    ///     (its control operations wait for a reconnect). `nil` waits until they are done.
    func follow(
        _ registry: RegistryDefinition, snapshot: RegistrySnapshot, generation: Int, patience: Duration? = nil
    ) async -> [ContractTopologyChange] {
        guard generation > self.generation else { return [] }
        self.generation = generation
        let previous = followed.routes
        let target = Self.routes(of: registry, in: snapshot)
        followed = (target, snapshot)
        let change = enqueue(target, snapshot: snapshot)
        guard let patience else { return await change.value }
        if let changes = await change.value(within: patience) {
            return changes
        }
        return ContractPlan(from: previous, to: target).steps.map { step in
            ContractTopologyChange(
                contract: step.contract, kind: .pending,
                detail: "the broker did not answer within \(patience); the change is made once it does")
        }
    }

    /// Applies `target` once the changes asked before are applied.
    private func enqueue(_ target: [String: ContractRoute], snapshot: RegistrySnapshot) -> Task<[ContractTopologyChange], Never> {
        let previous = lastChange
        let change = Task {
            _ = await previous?.value
            return await self.apply(target, snapshot: snapshot)
        }
        lastChange = change
        return change
    }

    private func apply(_ target: [String: ContractRoute], snapshot: RegistrySnapshot) async -> [ContractTopologyChange] {
        let plan = ContractPlan(from: routes, to: target)
        let before = routes
        routes = target
        self.snapshot = snapshot
        guard case .running = state else {
            changedBeforeStart = true
            return []
        }
        var changes = [ContractTopologyChange]()
        for step in plan.steps {
            changes += await perform(step)
        }
        for change in changes {
            logger.info(
                "contract topology changed",
                metadata: ["contract": "\(change.contract)", "change": "\(change.kind.rawValue)", "detail": "\(change.detail ?? "")"])
        }
        // A failed change is not applied: the contract keeps its former route, so that the retry
        // plans the same change again.
        let failed = Set(changes.filter { $0.kind == .failed }.map(\.contract))
        for contract in failed {
            routes[contract] = before[contract]
        }
        if failed.isEmpty {
            failedRounds = 0
        } else {
            scheduleRetry()
        }
        return changes
    }

    /// Applies the registry followed last again, after a delay, for the changes that failed.
    private func scheduleRetry() {
        guard !retryScheduled else { return }
        retryScheduled = true
        let delay = Self.retryDelay(after: failedRounds)
        failedRounds += 1
        logger.warning("contract topology changes failed: retrying", metadata: ["in": "\(delay)"])
        Task {
            try? await Task.sleep(for: delay)
            self.retryFailedChanges()
        }
    }

    private func retryFailedChanges() {
        retryScheduled = false
        guard case .running = state else { return }
        _ = enqueue(followed.routes, snapshot: followed.snapshot)
    }

    /// The wait before the retry of changes that failed `rounds` times in a row before: 1 s,
    /// doubling up to 30 s.
    static func retryDelay(after rounds: Int) -> Duration {
        .seconds(min(30, 1 << min(rounds, 5)))
    }

    private func perform(_ step: ContractPlan.Step) async -> [ContractTopologyChange] {
        let connection = connection
        let topology = topology
        switch step {
        case .start(let route):
            return [await attempt(route.contract.identifier, .started) { () async throws(AMQPError) in
                try await self.declare(route)
                self.startWorker(route)
            }]
        case .stop(let identifier):
            await stopWorker(identifier)
            return [ContractTopologyChange(contract: identifier, kind: .stopped)]
        case .restart(let route):
            await stopWorker(route.contract.identifier)
            return [await attempt(route.contract.identifier, .restarted) { () async throws(AMQPError) in
                try await self.declare(route)
                self.startWorker(route)
            }]
        case .rebind(let route, let from):
            let queue = BrokerNames.entryQueue(route)
            return [await attempt(route.contract.identifier, .rebound) { () async throws(AMQPError) in
                guard try await connection.queueInfo(queue) != nil else { return }
                try await connection.unbindQueue(queue, from: BrokerNames.eventsExchange, routingKey: from)
                try await connection.declare(topology.contract(route))
            }]
        case .remove(let route):
            let identifier = route.contract.identifier
            await stopWorker(identifier)
            var changes = await retire(ContractPlan.queues(of: route), of: route)
            let dead = await removal(of: BrokerNames.deadQueue(identifier), contract: identifier) {}
            if dead.kind != .removed {
                changes.append(dead)
            }
            return changes
        case .reshape(let route, let before):
            let identifier = route.contract.identifier
            await stopWorker(identifier)
            let kept = Set(ContractPlan.queues(of: route))
            var changes = await retire(ContractPlan.queues(of: before).filter { !kept.contains($0) }, of: before)
            changes.append(await attempt(identifier, .restarted) { () async throws(AMQPError) in
                try await self.declare(route)
                if route.contract.delivers {
                    self.startWorker(route)
                }
            })
            return changes
        }
    }

    /// Unbinds `queues` of `route` from its event and deletes those that are empty; reports each
    /// one removed or kept with its messages (to be moved by an operator: `eventhos dlq` works on
    /// dead queues only, so a kept queue is named with its depth).
    private func retire(_ queues: [String], of route: ContractRoute) async -> [ContractTopologyChange] {
        var changes = [ContractTopologyChange]()
        for queue in queues {
            changes.append(
                await removal(of: queue, contract: route.contract.identifier) { () async throws(AMQPError) in
                    try await self.connection.unbindQueue(queue, from: BrokerNames.eventsExchange, routingKey: route.event.identifier)
                })
        }
        return changes
    }

    /// Deletes `queue` when it exists and is empty, after `unbind`; reports a queue kept with its messages.
    private func removal(
        of queue: String, contract: String, unbind: () async throws(AMQPError) -> Void
    ) async -> ContractTopologyChange {
        do {
            guard let info = try await connection.queueInfo(queue) else {
                return ContractTopologyChange(contract: contract, kind: .removed, detail: queue)
            }
            try await unbind()
            guard info.messages == 0 else {
                return ContractTopologyChange(contract: contract, kind: .queueKept, detail: "\(queue): \(info.messages) messages")
            }
            _ = try await connection.deleteQueue(queue, ifEmpty: true)
            return ContractTopologyChange(contract: contract, kind: .removed, detail: queue)
        } catch {
            // A message arrived between the count and the delete: the broker refused, the queue stays.
            if let info = try? await connection.queueInfo(queue) {
                return ContractTopologyChange(contract: contract, kind: .queueKept, detail: "\(queue): \(info.messages) messages")
            }
            return ContractTopologyChange(contract: contract, kind: .failed, detail: "\(queue): \(error)")
        }
    }

    private func attempt(
        _ contract: String, _ kind: ContractTopologyChange.Kind, _ body: () async throws(AMQPError) -> Void
    ) async -> ContractTopologyChange {
        do {
            try await body()
            return ContractTopologyChange(contract: contract, kind: kind)
        } catch {
            return ContractTopologyChange(contract: contract, kind: .failed, detail: "\(error)")
        }
    }

    /// The contract's queues and bindings, and the delay queues of every active contract's retry policy.
    private func declare(_ route: ContractRoute) async throws(AMQPError) {
        var declaration = topology.contract(route)
        declaration.queues += tiers.delays.map(topology.retryQueue)
        try await connection.declare(declaration)
    }

    private var tiers: RetryTiers {
        RetryTiers(policies: snapshot.contracts.map(\.retry))
    }

    private func startWorker(_ route: ContractRoute) {
        guard case .running = state, let worker = makeWorker?(route, tiers) else { return }
        workers[route.contract.identifier] = worker
        started.yield(worker)
    }

    private func stopWorker(_ identifier: String) async {
        guard let worker = workers.removeValue(forKey: identifier) else { return }
        await worker.stopDeliveries()
    }

    /// Every contract of `registry` whose event and action exist, active or not, by identifier.
    private static func routes(of registry: RegistryDefinition, in snapshot: RegistrySnapshot) -> [String: ContractRoute] {
        Dictionary(
            registry.contracts.compactMap { snapshot.contract($0.identifier).map { ($0.contract.identifier, $0) } },
            uniquingKeysWith: { first, _ in first })
    }
}
