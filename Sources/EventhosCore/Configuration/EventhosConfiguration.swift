import Foundation
import Yams

/// Everything `eventhos` runs with: the settings of each part and the registry to apply.
///
/// It comes from a YAML file whose settings environment variables `EVENTHOS_<SECTION>_<KEY>`
/// may override. Secrets named by `...Env` keys are read from the environment; producer keys and
/// admin tokens are kept only as hashes.
public struct EventhosConfiguration: Sendable, Hashable {
    public var server: ServerSettings
    public var broker: BrokerSettings
    public var store: StoreSettings
    public var security: SecuritySettings
    /// The retry policy of contracts that do not give their own.
    public var retry: RetryPolicy
    public var log: LogSettings
    public var tracing: TracingSettings
    /// This process among several instances.
    public var instance: InstanceSettings
    public var registry: RegistryDefinition

    public init(
        server: ServerSettings = ServerSettings(), broker: BrokerSettings = BrokerSettings(), store: StoreSettings = StoreSettings(),
        security: SecuritySettings = SecuritySettings(), retry: RetryPolicy = .standard, log: LogSettings = LogSettings(),
        tracing: TracingSettings = TracingSettings(), instance: InstanceSettings = InstanceSettings(),
        registry: RegistryDefinition = RegistryDefinition()
    ) {
        self.server = server
        self.broker = broker
        self.store = store
        self.security = security
        self.retry = retry
        self.log = log
        self.tracing = tracing
        self.instance = instance
        self.registry = registry
    }

    /// Reads and validates the configuration file at `path`.
    ///
    /// - Throws: every problem found, each with its path in the file.
    public static func load(path: String, environment: [String: String]) throws(ConfigurationError) -> EventhosConfiguration {
        let yaml: String
        do {
            yaml = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let problem = ConfigurationProblem(path: "", message: "cannot read \(path): \(error.localizedDescription)")
            throw ConfigurationError(problems: [problem])
        }
        return try parse(yaml: yaml, environment: environment)
    }

    /// Reads and validates a configuration written in YAML.
    ///
    /// - Throws: every problem found, each with its path in the file.
    public static func parse(yaml: String, environment: [String: String]) throws(ConfigurationError) -> EventhosConfiguration {
        try parse(yaml: yaml, reader: ConfigReader(environment: environment, overridableSections: overridableSections))
    }

    /// Reads and validates a configuration written in YAML with `reader`, which holds the
    /// environment (and may record the keys asked for: ``ConfigReader/askedKeyPaths``).
    ///
    /// - Throws: every problem found, each with its path in the file.
    static func parse(yaml: String, reader: ConfigReader) throws(ConfigurationError) -> EventhosConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml, .configuration)
        } catch {
            throw ConfigurationError(problems: [ConfigurationProblem(yamlError: error)])
        }
        let file = ConfigValue(node: root ?? Node([(Node, Node)]()), location: .root, reader: reader)
        let configuration = file.mapping { EventhosConfiguration(config: &$0) }
        guard let configuration, reader.problems.isEmpty else {
            // In the order of the file; problems without a line (environment overrides) first.
            let ordered = reader.problems.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }
            throw ConfigurationError(problems: ordered.map(\.element))
        }
        return configuration
    }
}
