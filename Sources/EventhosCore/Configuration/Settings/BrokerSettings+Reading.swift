extension BrokerSettings.QueueType: ConfigScalar {}

extension BrokerSettings {
    /// Reads the `broker` section.
    init(config section: inout ConfigMapping) {
        let defaults = BrokerSettings()
        self.init(
            url: section.optional("url", default: defaults.url, .url(schemes: ["amqp", "amqps"])),
            queueType: section.optional("queueType", default: defaults.queueType),
            prefetch: UInt16(section.optional("prefetch", default: Int(defaults.prefetch), .within(1...Int(UInt16.max)))),
            heartbeat: section.optional("heartbeat", default: HeartbeatSeconds(defaults.heartbeat), .within(.one ... .maximum)).duration
        )
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
