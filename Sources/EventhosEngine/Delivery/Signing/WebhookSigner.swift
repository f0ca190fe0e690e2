import Crypto
import EventhosCore
import Foundation

/// Signs requests as Standard Webhooks do: `webhook-id`, `webhook-timestamp` (seconds since 1970)
/// and `webhook-signature`, holding `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` for each
/// secret, separated by spaces, so that during a rotation both the new and the old secret verify.
///
/// A secret written `whsec_<base64>` signs with the bytes its base64 encodes, as the Standard
/// Webhooks libraries do; any other secret signs with its UTF-8 bytes.
struct WebhookSigner: Sendable {
    enum Header {
        static let id = "webhook-id"
        static let timestamp = "webhook-timestamp"
        static let signature = "webhook-signature"
    }

    /// The HMAC keys, the current secret's first.
    private let keys: [[UInt8]]

    init(_ signing: ActionSigning) {
        keys = signing.secrets.map { Self.key(of: $0.value) }
    }

    /// The signing headers of a request.
    func headers(id: String, timestamp: Int64, body: [UInt8]) -> [(String, String)] {
        [
            (Header.id, id),
            (Header.timestamp, String(timestamp)),
            (Header.signature, signature(id: id, timestamp: timestamp, body: body)),
        ]
    }

    /// The value of `webhook-signature`.
    func signature(id: String, timestamp: Int64, body: [UInt8]) -> String {
        keys.map { key in
            var hmac = HMAC<SHA256>(key: SymmetricKey(data: key))
            hmac.update(data: Array("\(id).\(timestamp).".utf8))
            hmac.update(data: body)
            return "v1," + Data(hmac.finalize()).base64EncodedString()
        }.joined(separator: " ")
    }

    /// The bytes a secret signs with.
    static func key(of secret: String) -> [UInt8] {
        let prefix = "whsec_"
        if secret.hasPrefix(prefix), let decoded = Data(base64Encoded: String(secret.dropFirst(prefix.count))) {
            return Array(decoded)
        }
        return Array(secret.utf8)
    }
}
