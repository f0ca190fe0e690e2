import AMQP
import ArgumentParser
import Foundation
import NIOCore

/// `dead-letters`: fills a contract's dead queue with messages shaped as the contract worker
/// dead-letters them, for the redrive benchmark.
struct DeadLetterFill: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead-letters", abstract: "Fill a contract's dead queue with dead letters.")

    @OptionGroup var broker: BrokerOptions

    @Option(help: "The contract identifier.")
    var contract: String

    @Option(help: "The producer system of the contract's event.")
    var producer: String

    @Option(help: "How many dead letters.")
    var count = 10_000

    @Option(help: "Body size in bytes.")
    var bodyBytes = 1024

    func run() async throws {
        let (contract, producer, count) = (contract, producer, count)
        let body = JSONBody.make(bytes: bodyBytes)
        try await broker.withConnection(name: "eventhos-bench dead-letters") { connection in
            let publisher = connection.makePublisher(maxOutstandingConfirms: 256)
            try await withThrowingDiscardingTaskGroup { group in
                for lane in 0..<64 {
                    group.addTask {
                        for _ in stride(from: lane, to: count, by: 64) {
                            try await publisher.publish(
                                exchange: "", routingKey: "eventhos.contract.\(contract).dead", body: body,
                                properties: Self.deadLetter(contract: contract, producer: producer), mandatory: true)
                        }
                    }
                }
            }
        }
        print("dead letters: \(count) in the dead queue of \(contract)")
    }

    /// The properties of a message that spent its attempts on a 503.
    static func deadLetter(contract: String, producer: String) -> AMQPProperties {
        let now = Date()
        let millis = Int64(now.timeIntervalSince1970 * 1000)
        return AMQPProperties(
            contentType: "application/json",
            headers: [
                "eventhos-source": .string("webhook"),
                "eventhos-producer": .string(producer),
                "eventhos-received-at": .int(millis),
                "eventhos-request-headers": .table(["content-type": .string("application/json")]),
                "eventhos-request-query": .table([:]),
                "eventhos-contract": .string(contract),
                "eventhos-attempt": .int(6),
                "eventhos-attempts": .int(6),
                "eventhos-dead-reason": .string("attempts exhausted"),
                "eventhos-last-status": .int(503),
                "eventhos-last-error": .string("HTTP 503"),
                "eventhos-last-try-at": .int(millis),
            ],
            persistent: true, messageId: UUID().uuidString.lowercased(), timestamp: UInt64(millis / 1000))
    }
}
