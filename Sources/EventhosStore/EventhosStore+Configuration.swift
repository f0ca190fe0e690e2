import EventhosCore
import Logging

extension EventhosStore {
    /// Opens the store a configuration names, with the cipher of its secret key when it has one.
    public convenience init(configuration: EventhosConfiguration, logger: Logger) throws(StoreError) {
        try self.init(
            path: configuration.store.path,
            cipher: configuration.security.secretKey.map { SecretCipher(keyMaterial: $0.value) }, logger: logger)
    }
}
