import EventhosCore
import Foundation
import Testing

@testable import EventhosStore

/// What chaining and signing need from the store: `replyTo`, signing secrets (encrypted) and the
/// parent link of chained events survive a round trip.
@Suite struct ChainStorageTests {
    static let signingSecret = "whsec_c2lnbmluZy1zZWNyZXQtY3VycmVudC0wMDAx"
    static let previousSecret = "whsec_c2lnbmluZy1zZWNyZXQtcHJldmlvdXMtMDAwMg=="

    static var registry: RegistryDefinition {
        var registry = Fixtures.registry
        registry.systems[1].systemClass = .hybrid
        registry.events.append(
            EventDefinition(identifier: "account-created", name: "Account created", operation: .new, producer: "billing"))
        registry.actions[0].replyTo = "account-created"
        registry.actions[0].signing = ActionSigning(secret: Secret(signingSecret), previousSecret: Secret(previousSecret))
        return registry
    }

    @Test(arguments: StoreBackend.allCases) func replyToAndSigningRoundTripWithSigningSecretsEncrypted(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Self.registry)
            let action = try await #require(try store.loadRegistry().actions.first)
            #expect(action.replyTo == "account-created")
            #expect(action.signing == Self.registry.actions[0].signing)
            await #expect(try store.apply(Self.registry).actions.unchanged == 1, "re-applying the same signing changes nothing")

            var rotated = Self.registry
            rotated.actions[0].signing?.previousSecret = nil
            await #expect(try store.apply(rotated).actions.updated == 1)
            await #expect(try store.loadRegistry().actions.first?.signing == ActionSigning(secret: Secret(Self.signingSecret)))

            let bytes = try await temporary.storedBytes()
            for secret in [Self.signingSecret, Self.previousSecret] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "a signing secret is in the file in clear")
            }
        }
    }

    @Test(arguments: StoreBackend.allCases) func chainedEventsKeepTheirParent(backend: StoreBackend) async throws {
        try await TemporaryStore.with(backend) { temporary in
            let store = try await temporary.open()
            try await store.apply(Self.registry)
            var chained = Fixtures.received("evt-child")
            chained.source = .chain
            chained.parent = "evt-parent"
            try await store.write([.received(chained)])
            await #expect(try store.receivedEvent(id: "evt-child")?.parent == "evt-parent")
        }
    }
}
