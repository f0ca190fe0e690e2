import AsyncHTTPClient
import EventhosCore
import EventhosJSON
import EventhosTemplates
import NIOCore
import NIOHTTP1
import OrderedCollections

/// Fetches access tokens with the OAuth 2 client-credentials grant: a form-encoded POST of
/// `grant_type=client_credentials`, `client_id`, `client_secret` (RFC 6749 §2.3.1 `client_secret_post`)
/// and, when configured, `scope`, `audience` and the extra fields, in the order written.
struct OAuthTokenEndpoint: Sendable {
    /// The most of a token response that is read.
    static let responseLimit = 64 * 1024
    /// The most of a token response's `error` quoted in the try's error.
    static let errorCodeLimit = 100

    let client: HTTPClient
    let grant: ActionSecurity.OAuth2ClientCredentials
    let timeout: Duration

    /// The form body of a token request.
    var form: String {
        var fields = [("grant_type", "client_credentials"), ("client_id", grant.clientId), ("client_secret", grant.clientSecret.value)]
        if let scope = grant.scope {
            fields.append(("scope", scope))
        }
        if let audience = grant.audience {
            fields.append(("audience", audience))
        }
        fields += grant.extraFields.map { ($0.key, $0.value) }
        return fields.map { "\($0.percentEncoded())=\($1.percentEncoded())" }.joined(separator: "&")
    }

    func fetch() async throws(TokenEndpointError) -> OAuthToken {
        var request = HTTPClientRequest(url: grant.tokenURL)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: form))
        let status: Int
        let headers: HTTPHeaders
        let body: ByteBuffer
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
            status = Int(response.status.code)
            headers = response.headers
            body = try await response.body.collect(upTo: Self.responseLimit)
        } catch {
            throw TokenEndpointError("\(error)")
        }
        return try Self.token(status: status, headers: headers, body: Array(buffer: body), receivedAt: .now)
    }

    /// Reads a token response: a 2xx JSON object with a string `access_token` and, optionally,
    /// `expires_in` seconds (a number or a numeric string).
    static func token(
        status: Int, headers: HTTPHeaders, body: [UInt8], receivedAt: ContinuousClock.Instant
    ) throws(TokenEndpointError) -> OAuthToken {
        let json = try? JSONParser.parse(body)
        guard (200..<300).contains(status) else {
            guard case .string(let code)? = json?["error"] else { throw TokenEndpointError("HTTP \(status)") }
            throw TokenEndpointError("HTTP \(status) (\(code.prefix(Self.errorCodeLimit)))")
        }
        guard let json, case .string(let accessToken)? = json["access_token"], !accessToken.isEmpty else {
            throw TokenEndpointError("HTTP \(status) without an access_token")
        }
        let lifetime: Duration =
            switch json["expires_in"] {
            case .int(let seconds)? where seconds > 0: .seconds(seconds)
            case .double(let seconds)? where seconds > 0: .seconds(seconds)
            case .string(let text)? where Int64(text) ?? 0 > 0: .seconds(Int64(text)!)
            default: OAuthToken.defaultLifetime
            }
        var headerObject = JSONObject()
        for header in headers {
            headerObject[header.name.lowercased()] = .string(header.value)
        }
        return OAuthToken(
            accessToken: accessToken, lifetime: lifetime, receivedAt: receivedAt,
            response: .object(["body": json, "headers": .object(headerObject)]))
    }
}
