import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationEssentialsCompat
import NIOHTTP1

/// Sends one webhook every `1/rate` seconds for `duration`, each on its own schedule.
struct PacedLoad: Sendable {
    let target: String
    let key: String
    let rate: Int
    let duration: Duration
    let body: ByteBuffer

    func run(client: HTTPClient, log: LatencyLog) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let interval = Duration.seconds(1) / rate
        let total = Int(duration.seconds * Double(rate))
        await withDiscardingTaskGroup { group in
            for index in 0..<total {
                let due = start + interval * index
                if due > clock.now { try? await clock.sleep(until: due, tolerance: .microseconds(100)) }
                group.addTask { await send(client: client, log: log) }
            }
        }
    }

    private func send(client: HTTPClient, log: LatencyLog) async {
        var request = HTTPClientRequest(url: target)
        request.method = .POST
        request.headers.add(name: "access-key", value: key)
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(body)
        let sent = ContinuousClock.now
        do {
            let response = try await client.execute(request, timeout: .seconds(10))
            let answer = try await response.body.collect(upTo: 4096)
            let answered = ContinuousClock.now
            guard response.status == .accepted, let id = Self.receivedEventId(answer) else {
                log.failed()
                return
            }
            log.accepted(id, sent: sent, answered: answered)
        } catch {
            log.failed()
        }
    }

    /// `receivedEventId` of a 202's body.
    static func receivedEventId(_ body: ByteBuffer) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
        return object?["receivedEventId"] as? String
    }
}
