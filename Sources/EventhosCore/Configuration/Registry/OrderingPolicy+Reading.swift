import EventhosJSON
import EventhosTemplates
import OrderedCollections

extension OrderingPolicy {
    /// Reads a contract's `ordering` mapping: `key` (a template, required), `partitions` and `onDead`.
    init?(config section: inout ConfigMapping) {
        let partitions = section.optional(
            "partitions", default: Self.defaultPartitions, .within(1...Self.maximumPartitions))
        let onDead = section.optional("onDead", default: OnDead.skip)
        guard let source = section.required("key", as: String.self) else { return nil }
        let key: StringTemplate
        do {
            key = try StringTemplate(source)
        } catch {
            section.report("invalid key template: \(error)", at: "key")
            return nil
        }
        if key.isConstant {
            section.report("the key \"\(source)\" has no placeholder: every event would have the same key; use one such as ${.body.customerId}", at: "key")
            return nil
        }
        self.init(key: key, partitions: partitions, onDead: onDead)
    }
}

extension OrderingPolicy {
    /// Reads a policy as the configuration writes it, in JSON (`{"key": "${.body.id}", "partitions": 16}`).
    public init(json: JSONValue) throws(ConfigurationError) {
        self = try ConfigReader.section(json, at: "ordering") { OrderingPolicy(config: &$0) }.get()
    }

    /// The policy as the configuration writes it, in JSON.
    public var json: JSONValue {
        .object(["key": .string(key.source), "partitions": .int(Int64(partitions)), "onDead": .string(onDead.rawValue)])
    }
}
