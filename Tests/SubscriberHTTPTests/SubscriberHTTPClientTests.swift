import NIOCore
import NIOHTTP1
import NIOSSL
import Testing

import func Foundation.getenv

@testable import SubscriberHTTP

@Suite("the subscribers' HTTP client against a real server")
struct SubscriberHTTPClientTests {
    let deadline = NIODeadline.now() + .seconds(10)

    @Test("a request gets its answer; Host and Content-Length are the client's; the connection is kept alive")
    func exchangeAndKeepAlive() async throws {
        let subscriber = try await TestSubscriber()
        let client = try SubscriberHTTPClient()
        let url = "http://127.0.0.1:\(subscriber.port)/echo"
        for body in ["first", "second"] {
            let response = try await client.execute(
                SubscriberRequest(
                    method: "POST", url: url + "?n=1", headers: [("X-Test", "1"), ("content-length", "999")],
                    body: Array(body.utf8)),
                responseBodyLimit: 100, deadline: deadline)
            #expect(response.status == 201)
            #expect(String(decoding: response.body, as: UTF8.self) == body)
            #expect(response.header("X-Connection") == "1")
            #expect(!response.truncated)
        }
        let heads = subscriber.seen.heads
        #expect(heads.map(\.uri) == ["/echo?n=1", "/echo?n=1"])
        #expect(heads.first?.headers["host"] == ["127.0.0.1:\(subscriber.port)"])
        #expect(heads.first?.headers["content-length"] == ["5"])
        #expect(heads.first?.headers["x-test"] == ["1"])
        #expect(subscriber.seen.connections == 1)
        await client.shutdown()
        try await subscriber.close()
    }

    @Test("a body beyond the limit is kept up to it and marked truncated; the connection stays usable")
    func truncated() async throws {
        let subscriber = try await TestSubscriber()
        let client = try SubscriberHTTPClient()
        let big = try await client.send("GET", "http://127.0.0.1:\(subscriber.port)/big")
        #expect(big.body.count == 64)
        #expect(big.truncated)
        let next = try await client.send("POST", "http://127.0.0.1:\(subscriber.port)/echo", body: [1])
        #expect(next.body == [1])
        #expect(subscriber.seen.connections == 1)
        await client.shutdown()
        try await subscriber.close()
    }

    @Test("no answer before the deadline is a timeout; a refused connection names the origin; a bad URL says so")
    func failures() async throws {
        let subscriber = try await TestSubscriber()
        let client = try SubscriberHTTPClient()
        await #expect(throws: SubscriberHTTPError.timedOut) {
            try await client.send("POST", "http://127.0.0.1:\(subscriber.port)/silent", deadline: .now() + .milliseconds(300))
        }
        let closed = try await #require(throws: SubscriberHTTPError.self) {
            try await client.send("POST", "http://127.0.0.1:\(subscriber.port)/close")
        }
        guard case .connectionLost = closed else { Issue.record("expected a lost connection, got \(closed)"); return }
        try await subscriber.close()
        let refused = try await #require(throws: SubscriberHTTPError.self) {
            try await client.send("POST", "http://127.0.0.1:\(subscriber.port)/echo")
        }
        #expect(refused.description.hasPrefix("could not connect to http://127.0.0.1:\(subscriber.port): "))
        for url in ["ftp://x/", "http://127.0.0.1:0/", "http://127.0.0.1:70000/", "http://h:99999999999999999999999/", "http://a%00b/"] {
            await #expect(throws: SubscriberHTTPError.invalidURL(url)) {
                try await client.send("GET", url)
            }
        }
        await client.shutdown()
    }

    @Test("at most the origin's limit of connections are open; the other exchanges wait for one and all are answered")
    func limit() async throws {
        let subscriber = try await TestSubscriber()
        let client = try SubscriberHTTPClient(connectionsPerOrigin: 2)
        let url = "http://127.0.0.1:\(subscriber.port)/slow"
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    try await client.send("POST", url).status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 201, count: 6))
        #expect(subscriber.seen.mostOpen == 2)
        #expect(subscriber.seen.connections == 2)
        await client.shutdown()
        try await subscriber.close()
    }

    @Test("a connection closed by the subscriber (`connection: close`) or idle too long is replaced")
    func closedConnections() async throws {
        let subscriber = try await TestSubscriber()
        let client = try SubscriberHTTPClient(connectionsPerOrigin: 1, idleTimeout: .milliseconds(100))
        let base = "http://127.0.0.1:\(subscriber.port)"
        let bye = try await client.send("GET", base + "/bye")
        #expect(bye.header("x-connection") == "1")
        let next = try await client.send("GET", base + "/echo")
        #expect(next.header("x-connection") == "2")
        // The idle connection closes after 100 ms: the subscriber sees it go before the next request.
        let deadline = ContinuousClock.now + .seconds(10)
        while subscriber.seen.open > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(subscriber.seen.open == 0)
        let third = try await client.send("GET", base + "/echo")
        #expect(third.header("x-connection") == "3")
        await client.shutdown()
        try await subscriber.close()
    }

    @Test(
        "https: the subscriber's certificate is verified by default, and the failure names its cause",
        .enabled(if: TLSFiles.directory != nil, "needs the test PKI of EVENTHOS_TEST_TLS_DIR (scripts/test)"))
    func tls() async throws {
        let directory = try #require(TLSFiles.directory)
        let certificate = try NIOSSLCertificate.fromPEMFile(directory + "/server.pem")
        let key = try NIOSSLPrivateKey(file: directory + "/server.key", format: .pem)
        let subscriber = try await TestSubscriber(
            tls: .makeServerConfiguration(certificateChain: certificate.map { .certificate($0) }, privateKey: .privateKey(key)))
        let url = "https://localhost:\(subscriber.port)/echo"

        let strict = try SubscriberHTTPClient()
        let refused = try await #require(throws: SubscriberHTTPError.self) {
            try await strict.send("POST", url, body: [1])
        }
        guard case .tlsFailed(let cause) = refused else { Issue.record("expected a TLS failure, got \(refused)"); return }
        #expect(cause.contains("CERTIFICATE_VERIFY_FAILED"), "\(cause)")
        await strict.shutdown()

        var trusting = TLSConfiguration.makeClientConfiguration()
        trusting.trustRoots = .file(directory + "/ca.pem")
        let client = try SubscriberHTTPClient(tlsConfiguration: trusting)
        let answer = try await client.send("POST", url, body: [7])
        #expect(answer.body == [7])
        await client.shutdown()
        try await subscriber.close()
    }
}

/// The test PKI of scripts/test (`EVENTHOS_TEST_TLS_DIR`), with a server certificate for `localhost`.
enum TLSFiles {
    static var directory: String? {
        getenv("EVENTHOS_TEST_TLS_DIR").map { String(cString: $0) }
    }
}

extension SubscriberHTTPClient {
    /// One exchange as these tests send it: no headers, 64 bytes of the answer kept, 10 s to answer.
    func send(
        _ method: String, _ url: String, body: [UInt8]? = nil, deadline: NIODeadline = .now() + .seconds(10)
    ) async throws(SubscriberHTTPError) -> SubscriberResponse {
        try await execute(SubscriberRequest(method: method, url: url, body: body), responseBodyLimit: 64, deadline: deadline)
    }
}
