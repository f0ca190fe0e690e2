import EventhosCore
import EventhosJSON
import EventhosStore
import EventhosTemplates

/// Why a registry write was refused.
package enum RegistryWriteError: Error, Sendable {
    /// The row breaks the configuration file's rules; each problem has its path in the row.
    case invalid([ConfigurationProblem])
    /// A new row's identifier is taken.
    case duplicate(String)
    /// The row replaced does not exist.
    case notFound(String)
    case store(StoreError)
}

extension LiveRegistry {
    /// Creates (`replacing` is `nil`) or replaces one row written as JSON, read by the configuration
    /// file's own row readers, then makes the registry the one in force. Used by the admin API and
    /// the console alike, so both apply the same rules.
    /// - Returns: The row's identifier and what changed for each contract.
    package func save(
        _ kind: RegistryKind, json body: JSONValue, replacing identifier: String?
    ) async throws(RegistryWriteError) -> (identifier: String, changes: [ContractTopologyChange]) {
        let stored: RegistryDefinition
        do {
            stored = try await store.loadRegistry()
        } catch {
            throw .store(error)
        }
        if let identifier, !stored.identifiers(of: kind).contains(identifier) {
            // An unknown row is 404 whatever the body says.
            throw .notFound(identifier)
        }
        let row: RegistryDefinition
        do {
            row = try RegistryDefinition.row(kind, json: body, replacing: identifier, in: stored, defaultRetry: defaultRetry)
        } catch {
            throw .invalid(error.problems)
        }
        let written = row.identifiers(of: kind)[0]
        let exists = stored.identifiers(of: kind).contains(written)
        if identifier == nil, exists {
            throw .duplicate(written)
        }
        if identifier != nil, !exists {
            throw .notFound(written)
        }
        do {
            try await store.apply(row)
            return (written, try await changed())
        } catch where error.code == .secretKeyRequired {
            let problem = ConfigurationProblem(
                path: "security", message: "this server has no security.secretKeyEnv: it cannot store an action's secrets")
            throw .invalid([problem])
        } catch {
            throw .store(error)
        }
    }

    /// Soft-deletes one row, then makes the registry the one in force.
    /// - Returns: What the store did, and what changed for each contract when the row was deleted.
    package func delete(_ kind: RegistryKind, identifier: String) async throws(StoreError) -> (SoftDeletion, [ContractTopologyChange]) {
        let deletion = try await store.softDelete(kind, identifier: identifier)
        guard case .deleted = deletion else { return (deletion, []) }
        return (deletion, try await changed())
    }
}

extension RegistryDefinition {
    /// The identifiers of the rows of `kind`.
    func identifiers(of kind: RegistryKind) -> [String] {
        switch kind {
        case .system: systems.map(\.identifier)
        case .event: events.map(\.identifier)
        case .action: actions.map(\.identifier)
        case .contract: contracts.map(\.identifier)
        }
    }
}
