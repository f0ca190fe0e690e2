import EventhosCore
import EventhosStore

/// Why a producer key was not created.
package enum KeyCreationError: Error, Sendable {
    /// The name or the system does not allow it; the problem names the field.
    case invalid(ConfigurationProblem)
    case unknownSystem
    /// The system is a subscriber system: it has no producer keys.
    case subscriberSystem
    /// The system already has a valid key with this name.
    case duplicateName(String)
    case store(StoreError)
}

extension LiveRegistry {
    /// Creates a producer key of `system`, named `name` (`key-` and the key's first characters when
    /// `nil`), and makes it valid at once. Used by the admin API and the console alike.
    /// - Returns: What is stored of the key, and the key itself, to be shown once.
    package func addKey(system: String, name: String?) async throws(KeyCreationError) -> (record: ProducerKeyRecord, key: String) {
        let made = ProducerKeyMaker.make()
        let name = name ?? "key-" + made.prefix.dropFirst(ProducerKeyMaker.keyPrefix.count)
        guard ProducerKeyMaker.isValidName(name) else {
            throw .invalid(ConfigurationProblem(path: "name", message: "a key name is 1 to 64 letters, digits, '.', '_' or '-'"))
        }
        let stored: RegistryDefinition
        do {
            stored = try await store.loadRegistry()
        } catch {
            throw .store(error)
        }
        if stored.systems.first(where: { $0.identifier == system })?.systemClass == .subscriber {
            throw .subscriberSystem
        }
        let addition: KeyAddition
        do {
            addition = try await store.addKey(system: system, name: name, hash: made.hash, prefix: made.prefix)
            if case .added = addition {
                _ = try await changed()
            }
        } catch {
            throw .store(error)
        }
        switch addition {
        case .unknownSystem: throw .unknownSystem
        case .duplicateName: throw .duplicateName(name)
        case .added(let record): return (record, made.key)
        }
    }

    /// Revokes the valid key `name` of `system` at once; `false` when there is no such key.
    package func revokeKey(system: String, name: String) async throws(StoreError) -> Bool {
        guard try await store.revokeKey(system: system, name: name) else { return false }
        _ = try await changed()
        return true
    }
}
