import Testing

@testable import AMQP

@Suite("AMQPConfiguration URL parsing")
struct AMQPConfigurationTests {
    @Test func fullURL() throws {
        let configuration = try AMQPConfiguration(urls: ["amqp://user:secret@broker.example:5673/%2f"])
        #expect(configuration.host == "broker.example")
        #expect(configuration.port == 5673)
        #expect(configuration.user == "user")
        #expect(configuration.password == "secret")
        #expect(configuration.virtualHost == "/")
        #expect(!configuration.description.contains("secret"))
    }

    @Test func defaults() throws {
        let configuration = try AMQPConfiguration(urls: ["amqp://"])
        #expect(configuration.host == "localhost")
        #expect(configuration.port == 5672)
        #expect(configuration.user == "guest")
        #expect(configuration.password == "guest")
        #expect(configuration.virtualHost == "/")
        #expect(configuration.connectionName == "eventhos")
        #expect(configuration.heartbeat == .seconds(30))
    }

    @Test func percentDecodingAndNamedVirtualHost() throws {
        let configuration = try AMQPConfiguration(urls: ["AMQP://us%40er:p%3Ass%2Fw@host/my%20vhost?heartbeat=5"])
        #expect(configuration.user == "us@er")
        #expect(configuration.password == "p:ss/w")
        #expect(configuration.virtualHost == "my vhost")
        #expect(try AMQPConfiguration(urls: ["amqp://host/"]).virtualHost == "/")
        #expect(try AMQPConfiguration(urls: ["amqp://host/prod"]).virtualHost == "prod")
    }

    @Test func userWithoutPasswordAndIPv6() throws {
        let configuration = try AMQPConfiguration(urls: ["amqp://alice@[::1]:5000"])
        #expect(configuration.user == "alice")
        #expect(configuration.password == "")
        #expect(configuration.host == "::1")
        #expect(configuration.port == 5000)
        #expect(try AMQPConfiguration(urls: ["amqp://[fe80::1]/v"]).host == "fe80::1")
    }

    @Test func heartbeatIsNeverDisabled() throws {
        #expect(try AMQPConfiguration(urls: ["amqp://h"], heartbeat: .zero).heartbeat == .seconds(1))
    }

    @Test(arguments: [
        "http://host", "amqpx://host", "host:5672", "amqp://host:0", "amqp://host:70000", "amqp://host:port",
        "amqp://host/a/b", "amqp://host/%zz", "amqp://host/%4", "amqp://[::1", "amqp://[::1]x",
        "amqp://u:p%ff@host",
    ])
    func invalidURLs(url: String) {
        #expect {
            try AMQPConfiguration(urls: [url])
        } throws: { error in
            (error as? AMQPError)?.code == .invalidURL
        }
    }

    @Test func amqpsDefaultsToPort5671AndVerifiesByDefault() throws {
        let configuration = try AMQPConfiguration(urls: ["amqps://u:p@rabbit.example/prod"])
        #expect(configuration.port == 5671)
        #expect(configuration.tls == AMQPTLSConfiguration())
        #expect(configuration.tls?.verifyPeer == true && configuration.tls?.verifyHostname == true)
        #expect(configuration.description == "amqps://u@rabbit.example:5671/prod")
        #expect(try AMQPConfiguration(urls: ["amqp://h"]).tls == nil)
    }

    @Test func severalNodesShareOneBroker() throws {
        let configuration = try AMQPConfiguration(
            urls: ["amqps://u@rabbit-1:5671/prod", "amqps://u@rabbit-2/prod", "amqps://u@[::1]:5999/prod"], password: "from-env")
        #expect(configuration.endpoints.map(\.description) == ["rabbit-1:5671", "rabbit-2:5671", "[::1]:5999"])
        #expect(configuration.password == "from-env")
        #expect(!configuration.description.contains("from-env"))
    }

    @Test(arguments: [
        ["amqp://u@a/prod", "amqps://u@b/prod"], ["amqp://u@a/prod", "amqp://v@b/prod"], ["amqp://u@a/prod", "amqp://u@b/test"],
        [],
    ])
    func nodesOfDifferentBrokersAreRefused(urls: [String]) {
        #expect {
            try AMQPConfiguration(urls: urls)
        } throws: { error in
            (error as? AMQPError)?.code == .invalidURL
        }
    }
}
