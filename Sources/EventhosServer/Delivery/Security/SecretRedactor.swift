import EventhosTemplates
import Foundation

/// Masks credentials as `***` in what a try records (request, error) and in what is logged.
///
/// It masks by value, not only by header name: every header whose value holds one of the try's
/// secrets (a token, a password, an API key, an OAuth access token, a signature), wherever a
/// template put it, is recorded as `***`, and every occurrence of a secret in the URL, the body or
/// an error text, in clear or percent-encoded, is replaced by `***`.
struct SecretRedactor: Sendable {
    static let mask = "***"
    /// Headers recorded masked whatever their value.
    static let sensitiveHeaders: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", WebhookSigner.Header.signature,
    ]

    /// The secrets and their percent-encoded forms, longest first so that no part of one survives.
    private let secrets: [String]

    init(secrets: some Sequence<String>) {
        let forms = secrets.filter { !$0.isEmpty }.flatMap { [$0, $0.percentEncoded()] }
        self.secrets = Set(forms).sorted { $0.count > $1.count }
    }

    /// Headers with every credential-bearing value masked.
    func headers(_ headers: [(String, String)]) -> [(String, String)] {
        headers.map { name, value in
            let masked = Self.sensitiveHeaders.contains(name.lowercased()) || secrets.contains { value.contains($0) }
            return (name, masked ? Self.mask : value)
        }
    }

    /// `text` with every secret replaced by `***`.
    func text(_ text: String) -> String {
        secrets.reduce(text) { text, secret in text.replacingOccurrences(of: secret, with: Self.mask) }
    }
}
