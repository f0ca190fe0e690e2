import Glibc

/// This Eventhos process among others: its name in the logs, the broker's connection names
/// (`eventhos <name> publish`) and the health report.
public struct InstanceSettings: Sendable, Hashable {
    /// The instance's name; by default the host name and the process id (`host-1234`).
    public var name: String

    public init(name: String = InstanceSettings.defaultName) {
        self.name = name
    }

    /// The host name and the process id (`gethostname`: no name lookup).
    public static var defaultName: String {
        var host = [UInt8](repeating: 0, count: 256)
        let named = host.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { gethostname($0.baseAddress!, $0.count - 1) == 0 }
        }
        let name = named ? String(decoding: host.prefix { $0 != 0 }, as: UTF8.self) : "eventhos"
        return "\(name)-\(getpid())"
    }
}

extension InstanceSettings {
    /// Reads the `instance` section.
    init(config section: inout ConfigMapping) {
        self.init(name: section.optional("name", default: Self.defaultName, .nonEmpty))
    }
}
