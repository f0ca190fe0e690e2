/// A row of the registry, named by its identifier.
protocol RegistryEntry {
    var identifier: String { get }
}

extension SystemDefinition: RegistryEntry {}
extension EventDefinition: RegistryEntry {}
extension ActionDefinition: RegistryEntry {}
extension ContractDefinition: RegistryEntry {}
