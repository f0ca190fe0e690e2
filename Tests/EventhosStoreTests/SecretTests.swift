import EventhosCore
import Foundation
import Testing

@testable import EventhosStore

@Suite struct SecretTests {
    @Test func keysAreStoredAsHashesOnly() async throws {
        try await TemporaryStore.with { temporary in
            try temporary.open().apply(Fixtures.registry)
            let bytes = try temporary.fileBytes()
            #expect(bytes.range(of: Data(Fixtures.producerKey.utf8)) == nil)
            #expect(bytes.range(of: Data(ProducerKeyHash(key: Fixtures.producerKey).hex.utf8)) != nil)
        }
    }

    @Test func secretsAreEncryptedAtRestAndDecryptedOnLoad() async throws {
        try await TemporaryStore.with { temporary in
            try temporary.open().apply(Fixtures.registry)
            #expect(try temporary.fileBytes().range(of: Data(Fixtures.clientSecret.utf8)) == nil)
            #expect(try temporary.open().loadRegistry().actions == Fixtures.registry.actions)
        }
    }

    @Test func aWrongKeyDoesNotOpenSecrets() async throws {
        try await TemporaryStore.with { temporary in
            try temporary.open().apply(Fixtures.registry)
            let store = try temporary.open(cipher: SecretCipher(keyMaterial: "another key"))
            let error = #expect(throws: StoreError.self) { try store.loadRegistry() }
            #expect(error?.code == .undecryptableSecret)
        }
    }

    @Test func aNewKeyReencryptsSecretsOnApply() async throws {
        try await TemporaryStore.with { temporary in
            try temporary.open().apply(Fixtures.registry)
            let store = try temporary.open(cipher: SecretCipher(keyMaterial: "another key"))
            #expect(try store.apply(Fixtures.registry).actions.updated == 1)
            #expect(try store.loadRegistry() == Fixtures.registry)
        }
    }

    @Test func secretsNeedACipher() async throws {
        try await TemporaryStore.with { temporary in
            let store = try temporary.open(cipher: nil)
            let applyError = #expect(throws: StoreError.self) { try store.apply(Fixtures.registry) }
            #expect(applyError?.code == .secretKeyRequired)

            try temporary.open().apply(Fixtures.registry)
            let loadError = #expect(throws: StoreError.self) { try store.loadRegistry() }
            #expect(loadError?.code == .secretKeyRequired)
        }
    }

    @Test func aSealedSecretOpensOnlyForItsRow() throws {
        let cipher = SecretCipher(keyMaterial: "k")
        let sealed = try cipher.seal(Data("s3cret".utf8), context: "action-a")
        #expect(try cipher.open(sealed, context: "action-a") == Data("s3cret".utf8))
        #expect(throws: StoreError.self) { try cipher.open(sealed, context: "action-b") }
    }
}
