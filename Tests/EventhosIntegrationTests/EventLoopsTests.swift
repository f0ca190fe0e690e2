import EventhosCore
import EventhosJSON
import Foundation
import NIOCore
import Subprocess
import Testing

/// `eventhos serve` runs its HTTP server, its actions' client and all of its tasks on as many event
/// loops as `server.eventLoops` says (one fewer than the cores by default), and an event goes from
/// the producer to the subscriber on them.
@Suite("Event loops")
struct EventLoopsTests {
    @Test("the group of eventhos serve has the loops server.eventLoops asks for, and carries an event", arguments: [nil, 3])
    func theGroupHasTheLoopsAskedFor(eventLoops: Int?) async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            let process = try EventhosProcess(
                bridge, environment: eventLoops.map { ["EVENTHOS_SERVER_EVENT_LOOPS": "\($0)"] } ?? [:])
            let base = try await process.baseURL()
            let listening = process.logLines.first { $0["message"]?.stringValue?.hasPrefix("eventhos listening") == true }
            let expected = ServerSettings(eventLoops: eventLoops).eventLoopCount(cores: System.coreCount)
            #expect(listening?["metadata"]?["eventLoops"]?.stringValue == "\(expected)", "\(process.logLines)")
            let ready = try await eventually(timeout: .seconds(30)) {
                try? await HTTP.get(base + "/health/ready").status == 200 ? true : nil
            }
            try #require(ready == true, "not ready: \(process.logLines.suffix(5))")
            _ = try await bridge.send(to: base, id: 7)
            #expect(try await subscriber.wait(for: "/accounts/7").count == 1)
            process.terminate()
            #expect(await process.exitStatus() == 0)
        }
    }
}
