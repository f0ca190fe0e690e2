import Crypto
import EventhosCore
import Foundation
import Testing

@testable import EventhosEngine

@Suite("Standard Webhooks signing")
struct WebhookSignerTests {
    /// The vector of the Standard Webhooks reference libraries (`TestWebhookSign`).
    static let vector = (
        secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
        timestamp: Int64(1_614_265_330), body: #"{"test": 2432232314}"#,
        signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )

    @Test("the reference vector signs as the Standard Webhooks libraries do")
    func referenceVector() {
        let signer = WebhookSigner(ActionSigning(secret: Secret(Self.vector.secret)))
        let headers = signer.headers(id: Self.vector.id, timestamp: Self.vector.timestamp, body: Array(Self.vector.body.utf8))
        #expect(headers.map(\.0) == ["webhook-id", "webhook-timestamp", "webhook-signature"])
        #expect(headers.map(\.1) == [Self.vector.id, "1614265330", Self.vector.signature])
    }

    @Test("during a rotation both secrets sign, the current one first")
    func rotation() {
        let previous = "whsec_" + Data("previous secret bytes".utf8).base64EncodedString()
        let signer = WebhookSigner(ActionSigning(secret: Secret(Self.vector.secret), previousSecret: Secret(previous)))
        let signatures = signer.signature(id: Self.vector.id, timestamp: Self.vector.timestamp, body: Array(Self.vector.body.utf8))
            .split(separator: " ").map(String.init)
        #expect(signatures.count == 2)
        #expect(signatures.first == Self.vector.signature)
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: Data("previous secret bytes".utf8)))
        hmac.update(data: Data("\(Self.vector.id).\(Self.vector.timestamp).\(Self.vector.body)".utf8))
        #expect(signatures.last == "v1," + Data(hmac.finalize()).base64EncodedString())
    }

    @Test("a secret without the whsec_ prefix signs with its UTF-8 bytes")
    func rawSecret() {
        #expect(WebhookSigner.key(of: "plain-secret") == Array("plain-secret".utf8))
        #expect(WebhookSigner.key(of: "whsec_" + Data([1, 2, 3]).base64EncodedString()) == [1, 2, 3])
        #expect(WebhookSigner.key(of: "whsec_not base64!") == Array("whsec_not base64!".utf8))
    }
}
