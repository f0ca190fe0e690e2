import Crypto
import Foundation

/// Encrypts the secrets of actions before they reach the database file.
///
/// The 256-bit AES-GCM key is derived with HKDF-SHA256 from the configured secret key, so any
/// string of enough entropy works as key material. Each sealed value carries its own random
/// nonce and authentication tag, and is bound to the row it belongs to: a secret copied to
/// another action does not open.
public struct SecretCipher: Sendable {
    /// The derived key, kept as bytes because `SymmetricKey` is not `Sendable`.
    private let keyBytes: [UInt8]

    /// Derives the encryption key from `keyMaterial` (the value of `security.secretKeyEnv`).
    public init(keyMaterial: String) {
        let key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(keyMaterial.utf8)),
            salt: Data("eventhos".utf8),
            info: Data("eventhos action secrets v1".utf8),
            outputByteCount: 32
        )
        keyBytes = key.withUnsafeBytes { Array($0) }
    }

    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// Encrypts `plaintext` for the row named `context`: nonce, ciphertext and tag in one blob.
    func seal(_ plaintext: Data, context: String) throws(StoreError) -> Data {
        do {
            let box = try AES.GCM.seal(plaintext, using: key, authenticating: Data(context.utf8))
            // `combined` is nil only for nonces that are not 12 bytes long; `seal` makes 12-byte ones.
            return box.combined!
        } catch {
            throw StoreError(wrapping: error)
        }
    }

    /// Decrypts a blob made by ``seal(_:context:)`` for the same `context`.
    func open(_ sealed: Data, context: String) throws(StoreError) -> Data {
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key, authenticating: Data(context.utf8))
        } catch {
            throw StoreError(.undecryptableSecret, "the secret of '\(context)' does not open with the configured key")
        }
    }
}
