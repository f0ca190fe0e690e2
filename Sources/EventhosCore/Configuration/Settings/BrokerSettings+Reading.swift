import AMQP
import Foundation

extension BrokerSettings.QueueType: ConfigScalar {}

extension BrokerSettings {
    /// Reads the `broker` section.
    init(config section: inout ConfigMapping) {
        let defaults = BrokerSettings()
        let urls = Self.readURLs(&section, default: defaults.urls)
        let passwordEnv = section.optional("passwordEnv", as: String.self, .environmentVariableName)
        let tlsLocation = section.location(of: "tls")
        let tls = section.section("tls") { AMQPTLSConfiguration(config: &$0) } ?? AMQPTLSConfiguration()
        let queueType = section.optional("queueType", default: defaults.queueType)
        let groupSize = section.optional("quorumInitialGroupSize", as: Int.self, .atLeast(1))
        self.init(
            urls: urls,
            password: passwordEnv.flatMap { section.reader.environmentValue($0, namedAt: section.location(of: "passwordEnv")) }
                .map(Secret.init),
            tls: tls,
            queueType: queueType,
            quorumInitialGroupSize: groupSize,
            prefetch: UInt16(section.optional("prefetch", default: Int(defaults.prefetch), .within(1...Int(UInt16.max)))),
            heartbeat: section.optional("heartbeat", default: HeartbeatSeconds(defaults.heartbeat), .within(.one ... .maximum)).duration
        )
        if groupSize != nil, queueType != .quorum {
            section.report("quorumInitialGroupSize applies to quorum queues; queueType is \(queueType.rawValue)", at: "quorumInitialGroupSize")
        }
        do throws(AMQPError) {
            let connection = try amqpConfiguration(connectionName: "eventhos check")
            if connection.tls == nil, tls != AMQPTLSConfiguration() {
                section.reader.report("tls is set, but the URLs are amqp://: use amqps:// for TLS", at: tlsLocation)
            }
        } catch {
            section.report(error.detail, at: section.value("urls") == nil ? "url" : "urls")
        }
    }

    /// `url` (one node) or `urls` (the nodes of a cluster), each parsed as the AMQP client parses it.
    private static func readURLs(_ section: inout ConfigMapping, default defaultURLs: [String]) -> [String] {
        let rule = ConfigRule<String>.url(schemes: ["amqp", "amqps"])
        let single = section.value("url")
        let several = section.value("urls")
        if single != nil, several != nil {
            section.report("give url (one node) or urls (several), not both", at: "urls")
            return defaultURLs
        }
        if let several {
            let urls = several.list { element -> String? in
                guard let url = element.scalar(String.self, rule) else { return nil }
                do throws(AMQPError) {
                    _ = try AMQPConfiguration(urls: [url])
                } catch {
                    element.report(error.detail)
                    return nil
                }
                return url
            }
            if urls?.isEmpty == true { several.report("list at least one node's URL") }
            return urls.flatMap { $0.isEmpty ? nil : $0 } ?? defaultURLs
        }
        return single.flatMap { $0.scalar(String.self, rule) }.map { [$0] } ?? defaultURLs
    }
}

extension AMQPTLSConfiguration {
    /// Reads `broker.tls`: CA file, client certificate and key, and the two checks. The files must
    /// be readable now, as `serve` will need them.
    init(config section: inout ConfigMapping) {
        let defaults = AMQPTLSConfiguration()
        self.init(
            caFile: Self.readableFile(&section, "caFile"),
            certFile: Self.readableFile(&section, "certFile"),
            keyFile: Self.readableFile(&section, "keyFile"),
            verifyPeer: section.optional("verifyPeer", default: defaults.verifyPeer),
            verifyHostname: section.optional("verifyHostname", default: defaults.verifyHostname)
        )
        let hasCertificate = section.value("certFile") != nil
        if hasCertificate != (section.value("keyFile") != nil) {
            section.report("certFile and keyFile go together (mutual TLS)", at: hasCertificate ? "keyFile" : "certFile")
        }
    }

    private static func readableFile(_ section: inout ConfigMapping, _ key: String) -> String? {
        guard let path = section.optional(key, as: String.self, .nonEmpty) else { return nil }
        guard FileManager.default.isReadableFile(atPath: path) else {
            section.report("cannot read \(path)", at: key)
            return nil
        }
        return path
    }
}

/// The AMQP heartbeat: whole seconds, written as a bare number (`30`) or as a duration (`30s`).
private struct HeartbeatSeconds: ConfigScalar, Comparable {
    static let one = HeartbeatSeconds(.seconds(1))
    static let maximum = HeartbeatSeconds(.seconds(UInt16.max))
    static let configExpectation = "a number of seconds or a duration"

    let duration: Duration

    init(_ duration: Duration) {
        self.duration = duration
    }

    init?(configText: String) {
        guard let duration = Int(configText).map({ Duration.seconds($0) }) ?? Duration(configText: configText),
              duration.components.attoseconds == 0
        else { return nil }
        self.duration = duration
    }

    var configText: String { "\(duration.components.seconds)s" }

    static func configProblem(_ text: String) -> String {
        "bad heartbeat \"\(text)\": use a whole number of seconds, as 30 or 30s"
    }

    static func < (lhs: HeartbeatSeconds, rhs: HeartbeatSeconds) -> Bool {
        lhs.duration < rhs.duration
    }
}
