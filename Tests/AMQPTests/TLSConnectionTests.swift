import AMQP
import Foundation
import Logging
import NIOCore
import Testing

/// `amqps://` against the private node's TLS listener and the cluster's mutual-TLS listeners
/// (broker/start, broker/cluster and the PKI of broker/tls, which scripts/test provides).
///
/// Each failure must name its cause, and end within the connect timeout.
@Suite("TLS to the broker", .enabled(if: TLSFixture.available, "needs EVENTHOS_TEST_TLS_DIR and EVENTHOS_TEST_TLS_PORT (scripts/test)"))
struct TLSConnectionTests {
    let fixture = BrokerFixture()
    let tls = TLSFixture()

    @Test("a verified TLS connection publishes, confirms and consumes")
    func verifiedConnectionCarriesMessages() async throws {
        let queue = fixture.name("tls")
        let configuration = try tls.configuration(url: tls.url(host: "localhost", port: tls.port))
        #expect(configuration.tls != nil)
        try await fixture.withConnection(configuration) { connection in
            try await connection.declare(AMQPTopology(queues: [.init(name: queue, durable: false)]))
            try await connection.makePublisher().publish(
                exchange: "", routingKey: queue, body: ByteBuffer(text: "over TLS"), properties: AMQPProperties())
            var deliveries = connection.consume(queue: queue, prefetch: 1).makeAsyncIterator()
            let delivery = try #require(await deliveries.next())
            #expect(String(buffer: delivery.body) == "over TLS")
            delivery.ack()
            _ = try await connection.deleteQueue(queue)
        }
    }

    @Test("a certificate from an unknown CA is refused, and the error says so")
    func unknownCertificateAuthority() async throws {
        let failure = try await tls.connectFailure(
            tls.url(host: "localhost", port: tls.port), tls: AMQPTLSConfiguration(caFile: tls.file("other-ca.pem")))
        #expect(failure.error.code == .tls)
        #expect(failure.error.detail.contains("localhost:\(tls.port) is not trusted: "), "\(failure.error)")
        #expect(failure.error.detail.contains("other-ca.pem"))
        #expect(failure.elapsed < TLSFixture.connectTimeout)
    }

    @Test("a certificate that does not name the host is refused, and the error says so")
    func wrongHostName() async throws {
        let failure = try await tls.connectFailure(tls.url(host: "127.0.0.1", port: tls.port))
        #expect(failure.error.code == .tls)
        #expect(failure.error.detail.contains("does not name the host \"127.0.0.1\""), "\(failure.error)")
        #expect(failure.elapsed < TLSFixture.connectTimeout)
    }

    @Test("plain AMQP to the TLS port fails with a hint to use amqps://")
    func plainAMQPToTLSPort() async throws {
        let failure = try await tls.connectFailure("amqp://guest:guest@127.0.0.1:\(tls.port)/%2f")
        #expect(failure.error.code == .tls)
        #expect(failure.error.detail.contains("use amqps://"), "\(failure.error)")
        #expect(failure.elapsed < TLSFixture.connectTimeout)
    }

    @Test("TLS to the plain AMQP port fails with a hint that the port speaks plain AMQP")
    func tlsToPlainPort() async throws {
        let plainPort = try AMQPConfiguration(urls: [BrokerFixture.url]).port
        let failure = try await tls.connectFailure(tls.url(host: "localhost", port: plainPort))
        #expect(failure.error.code == .tls)
        #expect(failure.error.detail.contains("plain AMQP"), "\(failure.error)")
        #expect(failure.elapsed < TLSFixture.connectTimeout)
    }

    @Test("a listener that requires a client certificate takes ours and refuses a connection without one",
          .enabled(if: TLSFixture.clusterTLSPort != nil, "needs EVENTHOS_TEST_CLUSTER_TLS_PORTS (scripts/test)"))
    func mutualTLS() async throws {
        let url = tls.url(host: "localhost", port: try #require(TLSFixture.clusterTLSPort))
        let withCertificate = try tls.configuration(
            url: url,
            tls: AMQPTLSConfiguration(caFile: tls.file("ca.pem"), certFile: tls.file("client.pem"), keyFile: tls.file("client.key")))
        try await fixture.withConnection(withCertificate) { connection in
            #expect(connection.isConnected)
        }
        let failure = try await tls.connectFailure(url)
        #expect(failure.error.code == .tls)
        #expect(failure.error.detail.contains("client certificate"), "\(failure.error)")
        #expect(failure.elapsed < TLSFixture.connectTimeout)
    }

    @Test("a connection that cannot verify the broker keeps reporting why, unless told to give up at start")
    func failureShowsInTheConnectionState() async throws {
        var configuration = try tls.configuration(url: tls.url(host: "127.0.0.1", port: tls.port))
        configuration.reconnectInitialDelay = .milliseconds(20)
        configuration.stopOnPermanentFailureAtStart = false
        let connection = AMQPConnection(configuration: configuration, logger: .init(label: "tls-test"))
        let running = Task { try await connection.run() }
        defer { running.cancel() }
        var reason: String?
        for await state in connection.connectionStates() {
            if case .disconnected(let why) = state {
                reason = why
                break
            }
        }
        #expect(reason?.contains("does not name the host") == true, "\(reason ?? "none")")
        running.cancel()
        try await running.value
    }
}

/// The test PKI and TLS ports that scripts/test exports.
struct TLSFixture {
    static let environment = ProcessInfo.processInfo.environment
    static let directory = environment["EVENTHOS_TEST_TLS_DIR"]
    static let tlsPort = environment["EVENTHOS_TEST_TLS_PORT"].flatMap(Int.init)
    static let clusterTLSPort = environment["EVENTHOS_TEST_CLUSTER_TLS_PORTS"]?.split(separator: ",").first.flatMap { Int($0) }
    static let available = directory != nil && tlsPort != nil
    static let connectTimeout: Duration = .seconds(5)

    var port: Int { Self.tlsPort ?? 5671 }

    func file(_ name: String) -> String { "\(Self.directory ?? ".eventhos/tls")/\(name)" }

    func url(host: String, port: Int) -> String { "amqps://guest:guest@\(host):\(port)/%2f" }

    /// A configuration trusting the private CA unless `tls` says otherwise, that gives up at start.
    func configuration(url: String, tls: AMQPTLSConfiguration? = nil) throws -> AMQPConfiguration {
        var configuration = try AMQPConfiguration(
            urls: [url], tls: tls ?? AMQPTLSConfiguration(caFile: file("ca.pem")), connectionName: "eventhos tls test",
            connectTimeout: Self.connectTimeout)
        configuration.stopOnPermanentFailureAtStart = true
        return configuration
    }

    /// Runs a connection that must fail at start; returns its error and how long it took.
    func connectFailure(_ url: String, tls: AMQPTLSConfiguration? = nil) async throws -> (error: AMQPError, elapsed: Duration) {
        let connection = AMQPConnection(configuration: try configuration(url: url, tls: tls), logger: .init(label: "tls-test"))
        let clock = ContinuousClock()
        let started = clock.now
        do {
            try await connection.run()
        } catch let error as AMQPError {
            return (error, started.duration(to: clock.now))
        }
        throw FixtureError("connected to \(url), which should have failed")
    }
}
