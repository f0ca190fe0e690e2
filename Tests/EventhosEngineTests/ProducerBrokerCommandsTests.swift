import EventhosCore
import EventhosEngine
import Testing

/// The rabbitmqctl commands `eventhos broker-commands` prints for a producer system.
@Suite struct ProducerBrokerCommandsTests {
    private static let registry = RegistryDefinition(
        systems: [
            SystemDefinition(identifier: "crm", name: "CRM", amqpUser: "crm-publisher"),
            SystemDefinition(identifier: "erp", name: "ERP"),
            SystemDefinition(identifier: "idle", name: "Idle"),
        ],
        events: [
            EventDefinition(identifier: "customer.created", name: "Created", operation: .new, producer: "crm"),
            EventDefinition(identifier: "customer-deleted", name: "Deleted", operation: .delete, producer: "crm"),
            EventDefinition(identifier: "invoice-paid", name: "Paid", operation: .process, producer: "erp"),
        ])

    @Test("publish on eventhos.ingress only, with exactly the system's routing keys, in the URL's vhost")
    func commands() throws {
        let commands = try ProducerBrokerCommands(
            system: "crm", registry: Self.registry, brokerURL: "amqp://eventhos:secret@broker:5672/prod")
        #expect(commands.user == "crm-publisher" && commands.userIsConfigured)
        #expect(commands.routingKeyPattern == #"^(customer\.created|customer-deleted)$"#)
        #expect(Array(commands.lines.dropFirst()) == [
            #"rabbitmqctl add_user 'crm-publisher' "$EVENTHOS_PRODUCER_PASSWORD""#,
            #"rabbitmqctl set_permissions -p 'prod' 'crm-publisher' '^$' '^eventhos\.ingress$' '^$'"#,
            #"rabbitmqctl set_topic_permissions -p 'prod' 'crm-publisher' eventhos.ingress '^(customer\.created|customer-deleted)$' '^$'"#,
        ])
        #expect(!commands.lines.joined().contains("secret"), "the broker password is never printed")
    }

    @Test("a system without amqpUser gets its identifier as user, and a note to configure it")
    func unconfiguredUser() throws {
        let commands = try ProducerBrokerCommands(
            system: "erp", registry: Self.registry, brokerURL: "amqp://guest:guest@127.0.0.1:5672/%2f")
        #expect(commands.user == "erp" && !commands.userIsConfigured && commands.virtualHost == "/")
        #expect(commands.lines.contains { $0.contains("add `amqpUser: erp`") })
    }

    @Test("an unknown system, a system without events and a bad URL are refused")
    func problems() {
        let url = "amqp://127.0.0.1"
        #expect(throws: ProducerBrokerCommands.Problem.unknownSystem("nope")) {
            try ProducerBrokerCommands(system: "nope", registry: Self.registry, brokerURL: url)
        }
        #expect(throws: ProducerBrokerCommands.Problem.noEvents("idle")) {
            try ProducerBrokerCommands(system: "idle", registry: Self.registry, brokerURL: url)
        }
        #expect(throws: ProducerBrokerCommands.Problem.invalidBrokerURL) {
            try ProducerBrokerCommands(system: "crm", registry: Self.registry, brokerURL: "http://x")
        }
    }

    @Test("shell quoting survives a quote in a user name")
    func quoting() throws {
        var registry = Self.registry
        registry.systems[0].amqpUser = "o'neil"
        let commands = try ProducerBrokerCommands(system: "crm", registry: registry, brokerURL: "amqp://127.0.0.1")
        #expect(commands.lines.contains { $0.hasPrefix(#"rabbitmqctl add_user 'o'\''neil'"#) })
    }
}
