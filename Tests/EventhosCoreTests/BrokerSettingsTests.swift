import AMQP
import EventhosCore
import Foundation
import Testing

@Suite("broker and instance settings")
struct BrokerSettingsTests {
    @Test("a TLS cluster: urls, passwordEnv, tls and the quorum group size, as serve connects with them")
    func tlsCluster() throws {
        let caFile = try temporaryFile("ca")
        let yaml = """
            broker:
              urls:
                - "amqps://eventhos@rabbit-1.example:5671/prod"
                - "amqps://eventhos@rabbit-2.example/prod"
              passwordEnv: EVENTHOS_BROKER_PASSWORD
              tls: { caFile: "\(caFile)", certFile: "\(caFile)", keyFile: "\(caFile)", verifyHostname: false }
              quorumInitialGroupSize: 3
            instance: { name: eventhos-a }
            """
        let configuration = try EventhosConfiguration.parse(yaml: yaml, environment: ["EVENTHOS_BROKER_PASSWORD": "s3cret"])
        let broker = configuration.broker
        #expect(broker.quorumInitialGroupSize == 3)
        #expect(configuration.instance.name == "eventhos-a")
        let connection = try broker.amqpConfiguration(connectionName: "eventhos eventhos-a publish")
        #expect(connection.endpoints.map(\.description) == ["rabbit-1.example:5671", "rabbit-2.example:5671"])
        #expect(connection.password == "s3cret")
        #expect(connection.tls == AMQPTLSConfiguration(caFile: caFile, certFile: caFile, keyFile: caFile, verifyHostname: false))
        #expect(!"\(broker)".contains("s3cret"))
    }

    @Test("the defaults: one local node, plain AMQP, the host name and pid as instance name")
    func defaults() throws {
        let configuration = try EventhosConfiguration.parse(yaml: "broker: { url: \"amqp://guest:guest@127.0.0.1:5672/%2f\" }", environment: [:])
        #expect(configuration.broker.urls == ["amqp://guest:guest@127.0.0.1:5672/%2f"])
        #expect(try configuration.broker.amqpConfiguration(connectionName: "x").tls == nil)
        #expect(configuration.instance.name.hasSuffix("-\(getpid())"))
        #expect(configuration.broker.quorumInitialGroupSize == nil)
    }

    @Test("EVENTHOS_BROKER_URLS gives the nodes comma-separated")
    func urlsFromTheEnvironment() throws {
        let configuration = try EventhosConfiguration.parse(
            yaml: "", environment: ["EVENTHOS_BROKER_URLS": "amqp://u:p@a:5781/v, amqp://u:p@b:5782/v"])
        #expect(configuration.broker.urls == ["amqp://u:p@a:5781/v", "amqp://u:p@b:5782/v"])
    }

    @Test("every broker problem is reported with its path, as check reports it")
    func problemsHaveTheirPaths() {
        let yaml = """
            broker:
              urls: ["amqps://u@a/prod", "amqps://u@b/test", "amqps://u@c:0/prod"]
              passwordEnv: NOT_SET_ANYWHERE
              tls: { caFile: /nonexistent/ca.pem, certFile: /nonexistent/client.pem }
              queueType: classic
              quorumInitialGroupSize: 0
            instance: { name: "" }
            """
        #expect(problems(in: yaml).map(\.description) == [
            "broker.urls[2] (line 2): invalid AMQP URL: bad port",
            "broker.passwordEnv (line 3): environment variable NOT_SET_ANYWHERE is not set",
            "broker.tls.caFile (line 4): cannot read /nonexistent/ca.pem",
            "broker.tls.certFile (line 4): cannot read /nonexistent/client.pem",
            "broker.tls.keyFile (line 4): certFile and keyFile go together (mutual TLS)",
            "broker.quorumInitialGroupSize (line 6): 0 is too small: the minimum is 1",
            "instance.name (line 7): must not be empty",
        ])
    }

    @Test("nodes of different brokers, url and urls together, and tls on plain AMQP are refused")
    func inconsistentSettings() throws {
        let caFile = try temporaryFile("ca")
        #expect(problemPaths(in: "broker: { urls: [\"amqp://u@a/prod\", \"amqp://u@b/test\"] }") == ["broker.urls"])
        #expect(problemPaths(in: "broker: { url: \"amqp://a\", urls: [\"amqp://b\"] }") == ["broker.urls"])
        #expect(problems(in: "broker: { url: \"amqp://a\", tls: { caFile: \"\(caFile)\" } }").map(\.message) == [
            "tls is set, but the URLs are amqp://: use amqps:// for TLS"
        ])
        #expect(problems(in: "broker: { queueType: classic, quorumInitialGroupSize: 3 }").map(\.message) == [
            "quorumInitialGroupSize applies to quorum queues; queueType is classic"
        ])
    }

    private func temporaryFile(_ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("eventhos-\(name)-\(UUID().uuidString).pem").path
        try Data("-----BEGIN CERTIFICATE-----\n".utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
