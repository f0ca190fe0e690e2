import Foundation
import NIOHTTP1
import Testing

/// `eventhos listen`, the demo subscriber of the quick start, as a real process.
@Suite("eventhos listen")
struct ListenCommandTests {
    @Test("answers every request with the given status and body, prints it whole at once, and stops on SIGTERM")
    func printsAndAnswers() async throws {
        let listen = try ListenProcess(["--port", "0", "--status", "202", "--body", #"{"accepted": true}"#])
        let base = try await listen.baseURL()
        #expect(listen.output.contains("answering 202"))

        let answer = try await HTTP.post(
            base + "/accounts/42?tenant=acme&dry-run=1", body: #"{"customerId": 42, "name": "Ada", "tags": ["new"]}"#,
            headers: [("content-type", "application/json"), ("eventhos-contract", "crm-to-billing")])
        #expect(answer.status == 202)
        #expect(answer.body == #"{"accepted": true}"#)
        #expect(answer.headers["content-type"].first == "application/json")

        let printed = try await listen.output(containing: "\n}\n\n")
        let block = try #require(printed.components(separatedBy: "=== ").last)
        #expect(block.contains("POST /accounts/42?tenant=acme&dry-run=1 -> 202\n"), "\(block)")
        #expect(block.contains("Host: \(base.dropFirst("http://".count))\n"), "\(block)")
        #expect(block.contains("eventhos-contract: crm-to-billing\n"))
        #expect(block.contains("content-type: application/json\n"))
        #expect(
            block.hasSuffix(
                """

                {
                  "customerId": 42,
                  "name": "Ada",
                  "tags": [
                    "new"
                  ]
                }


                """), "\(block)")

        // A body that is not JSON is printed as it is; none at all is said so.
        _ = try await HTTP.post(base + "/plain", body: "hello, subscriber", headers: [("content-type", "text/plain")])
        #expect(try await listen.output(containing: "POST /plain -> 202\n").contains("\n\nhello, subscriber\n\n"))
        _ = try await HTTP.get(base + "/nothing")
        #expect(try await listen.output(containing: "GET /nothing -> 202\n").hasSuffix("\n\n(no body)\n\n"))

        listen.terminate()
        #expect(await listen.exitStatus() == 0, "\(listen.errors)")
    }

    @Test("a port in use is a clear error and a failure exit")
    func portInUse() async throws {
        let first = try ListenProcess(["--port", "0"])
        let base = try await first.baseURL()
        let port = try #require(base.split(separator: ":").last.map(String.init))

        let second = try ListenProcess(["--port", port])
        #expect(await second.exitStatus() != 0)
        _ = try await second.errors(containing: "port \(port) on 127.0.0.1 is already in use")

        first.terminate()
        #expect(await first.exitStatus() == 0, "\(first.errors)")
    }

    @Test("options that make no sense are refused before listening")
    func refusedOptions() async throws {
        let noBodyStatus = try ListenProcess(["--port", "0", "--status", "204", "--body", "{}"])
        #expect(await noBodyStatus.exitStatus() != 0)
        _ = try await noBodyStatus.errors(containing: "a 204 answer has no body")
        #expect(!noBodyStatus.output.contains("listening"))

        let badStatus = try ListenProcess(["--port", "0", "--status", "99"])
        #expect(await badStatus.exitStatus() != 0)
        _ = try await badStatus.errors(containing: "--status must be 200 to 599")
    }
}
