import EventhosCore
import Foundation
import Testing

@testable import EventhosStore

@Suite struct SecretTests {
    @Test(arguments: StoreBackend.allCases) func keysAreStoredAsHashesOnly(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            try await temporary.open().apply(Fixtures.registry)
            let bytes = try await temporary.storedBytes()
            #expect(bytes.range(of: Data(Fixtures.producerKey.utf8)) == nil)
            #expect(bytes.range(of: Data(ProducerKeyHash(key: Fixtures.producerKey).hex.utf8)) != nil)
        }
    }

    @Test(arguments: StoreBackend.allCases) func secretsAreEncryptedAtRestAndDecryptedOnLoad(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            try await temporary.open().apply(Fixtures.registry)
            #expect(try await temporary.storedBytes().range(of: Data(Fixtures.clientSecret.utf8)) == nil)
            #expect(try await temporary.open().loadRegistry().actions == Fixtures.registry.actions)
        }
    }

    @Test(arguments: StoreBackend.allCases) func aWrongKeyDoesNotOpenSecrets(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            try await temporary.open().apply(Fixtures.registry)
            let store = try await temporary.open(cipher: SecretCipher(keyMaterial: "another key"))
            let error = await #expect(throws: StoreError.self) { try await store.loadRegistry() }
            #expect(error?.code == .undecryptableSecret)
        }
    }

    @Test(arguments: StoreBackend.allCases) func aNewKeyReencryptsSecretsOnApply(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            try await temporary.open().apply(Fixtures.registry)
            let store = try await temporary.open(cipher: SecretCipher(keyMaterial: "another key"))
            await #expect(try store.apply(Fixtures.registry).actions.updated == 1)
            await #expect(try store.loadRegistry() == Fixtures.registry)
        }
    }

    @Test(arguments: StoreBackend.allCases) func secretsNeedACipher(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open(cipher: nil)
            let applyError = await #expect(throws: StoreError.self) { try await store.apply(Fixtures.registry) }
            #expect(applyError?.code == .secretKeyRequired)

            try await temporary.open().apply(Fixtures.registry)
            let loadError = await #expect(throws: StoreError.self) { try await store.loadRegistry() }
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
