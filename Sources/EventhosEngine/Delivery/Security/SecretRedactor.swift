import EventhosTemplates
import Foundation

/// Masks credentials as `***` in what a try records (request, error) and in what is logged.
///
/// It masks by value, not only by header name: every header whose value holds one of the try's
/// secrets (a token, a password, an API key, an OAuth access token, a signature), wherever a
/// template put it, is recorded as `***`, and every occurrence of a secret in the URL, the body or
/// an error text, in clear or percent-encoded (as many times as a template can), is replaced by `***`. Matching ignores case, so that
/// a secret passed through a template's `lower()` or `upper()` is masked too.
package struct SecretRedactor: Sendable {
    package static let mask = "***"
    /// Headers recorded masked whatever their value.
    package static let sensitiveHeaders: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", WebhookSigner.Header.signature,
    ]

    /// How many times a value may be percent-encoded on its way into a request: by `urlencode` calls
    /// nested as deep as templates allow, then once more as a URL or query value.
    static let encodings = StringTemplate.maximumCallNesting + 1

    /// The secrets and their percent-encoded forms, longest first so that no part of one survives.
    private let secrets: [String]

    init(secrets: some Sequence<String>) {
        let forms = secrets.filter { !$0.isEmpty }.flatMap { sequence(first: $0) { $0.percentEncoded() }.prefix(Self.encodings + 1) }
        self.secrets = Set(forms).sorted { $0.count > $1.count }
    }

    /// Headers with every credential-bearing value masked.
    func headers(_ headers: [(String, String)]) -> [(String, String)] {
        headers.map { name, value in
            let masked =
                Self.sensitiveHeaders.contains(name.lowercased()) || secrets.contains { value.range(of: $0, options: .caseInsensitive) != nil }
            return (name, masked ? Self.mask : value)
        }
    }

    /// `text` with every secret replaced by `***`.
    func text(_ text: String) -> String {
        secrets.reduce(text) { text, secret in text.replacingOccurrences(of: secret, with: Self.mask, options: .caseInsensitive) }
    }
}
