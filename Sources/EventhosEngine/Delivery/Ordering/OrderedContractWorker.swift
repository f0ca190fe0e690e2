import AMQP
import EventhosCore
import EventhosTemplates
import Logging
import NIOCore

/// Delivers an ordered contract (spec §10): a distributor takes the contract's ordered queue in
/// the order Eventhos accepted the events and moves each message to the partition of its key,
/// keeping their order within each partition;
/// each partition is delivered one message at a time by a ``ContractWorker`` whose retries wait in
/// place, so a failing delivery holds its key (and the keys that share its partition) until it
/// succeeds or is dead-lettered.
///
/// The ordered queue and the partitions have a single active consumer: with several instances,
/// one distributes and one delivers each partition, and another takes over when it is lost, the
/// unacknowledged message first.
struct OrderedContractWorker: ContractDelivery {
    let route: ContractRoute
    let ordering: OrderingPolicy
    /// On the contract's ordered queue.
    let distributor: AMQPConsumer
    let publisher: AMQPPublisher
    /// One per partition, in partition order.
    let partitions: [ContractWorker]
    let stop: StopSignal
    let logger: Logger

    enum Header {
        /// The ordering key the distributor rendered, for people reading a message.
        static let key = "eventhos-order-key"
        static let partition = "eventhos-partition"
        /// Set when the distributor moved a message it had been given before: it may be in its
        /// partition twice, so the partition's worker checks the audit before trying it.
        static let redistributed = "eventhos-redistributed"
    }

    func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await distribute() }
            for partition in partitions {
                group.addTask { await partition.run() }
            }
        }
    }

    /// Lets the moves in flight finish, releases the ordered queue (no basic.cancel: what was not
    /// moved returns before another distributor is active), then each partition (see
    /// ``ContractWorker/stopDeliveries()``).
    func stopDeliveries() async {
        stop.signal()
        await stop.idle(within: ContractWorker.handOverGrace)
        await distributor.release()
        await withDiscardingTaskGroup { group in
            for partition in partitions {
                group.addTask { await partition.stopDeliveries() }
            }
        }
    }

    func close() async {
        await distributor.cancel()
        for partition in partitions {
            await partition.close()
        }
    }

    /// Moves the messages to their partitions in the queue's order: one lane per partition
    /// publishes its messages one at a time, each confirmed before it is acknowledged and before
    /// the lane's next one, so no message overtakes another of its partition while the partitions
    /// are fed side by side.
    private func distribute() async {
        await withDiscardingTaskGroup { group in
            var lanes: [AsyncStream<(AMQPDelivery, key: String)>.Continuation] = []
            for partition in 0..<ordering.partitions {
                let (messages, lane) = AsyncStream<(AMQPDelivery, key: String)>.makeStream()
                lanes.append(lane)
                group.addTask {
                    for await (delivery, key) in messages where !stop.isSignalled {
                        // Once stopping, the rest stays unacknowledged and returns, in order, with the release.
                        await stop.working { await move(delivery, key: key, to: partition) }
                    }
                }
            }
            for await delivery in distributor {
                let key = Self.key(of: delivery, ordering: ordering)
                lanes[ordering.partition(ofKey: key)].yield((delivery, key))
            }
            for lane in lanes {
                lane.finish()
            }
        }
    }

    private func move(_ delivery: AMQPDelivery, key: String, to partition: Int) async {
        var properties = delivery.properties
        properties.headers[Header.key] = .string(key)
        properties.headers[Header.partition] = .int(Int64(partition))
        if delivery.redelivered {
            properties.headers[Header.redistributed] = .bool(true)
        }
        while true {
            do {
                try await publisher.publish(
                    exchange: "", routingKey: BrokerNames.partitionQueue(route.contract.identifier, partition), body: delivery.body,
                    properties: properties, mandatory: true)
                break
            } catch {
                // The partition's next message may not overtake this one: wait here until the broker takes it.
                logger.warning(
                    "message not moved to its partition; trying again", metadata: ["partition": "\(partition)", "error": "\(error)"])
                guard await stop.sleep(for: .seconds(1)) else {
                    return  // stopping: unacknowledged, it returns with the release
                }
            }
        }
        distributor.ack(delivery)
    }

    /// The ordering key of a message: the policy's template rendered against the event; empty when
    /// it points at nothing, or for a malformed message (its partition's worker parks it).
    static func key(of delivery: AMQPDelivery, ordering: OrderingPolicy) -> String {
        guard let message = try? EventMessage(delivery: delivery) else { return "" }
        var warnings: [String] = []
        return ordering.key.render(
            in: message.context(body: message.bodyValue(Array(message.body.readableBytesView))), warnings: &warnings)
    }
}
