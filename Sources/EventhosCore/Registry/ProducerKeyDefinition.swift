/// A producer key of a system. The key itself is never kept: only its hash.
public struct ProducerKeyDefinition: Sendable, Hashable {
    public var name: String
    public var hash: ProducerKeyHash

    public init(name: String, hash: ProducerKeyHash) {
        self.name = name
        self.hash = hash
    }
}
