/// Something that happens in exactly one producer system.
public struct EventDefinition: Sendable, Hashable {
    public var identifier: String
    public var name: String
    public var operation: Operation
    /// Identifier of the producer system.
    public var producer: String
    public var description: String

    public init(identifier: String, name: String, operation: Operation, producer: String, description: String = "") {
        self.identifier = identifier
        self.name = name
        self.operation = operation
        self.producer = producer
        self.description = description
    }
}
