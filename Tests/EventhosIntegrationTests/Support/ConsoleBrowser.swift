import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Drives the web console as a browser would, without following redirects: a cookie jar
/// (`Set-Cookie` in, `Cookie` out) and the `csrf` field of the last page, sent with every form.
final class ConsoleBrowser {
    /// A client that never follows redirects, so that tests see each 303 and its cookies.
    private static let client = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    let base: String
    /// Sent with every request (a proxy's `X-Forwarded-Proto`).
    let headers: [(String, String)]
    /// The cookies the console set, by name.
    private(set) var cookies: [String: String] = [:]
    /// The `Set-Cookie` headers of the last answer.
    private(set) var setCookies: [String] = []
    /// The value of the last page's `csrf` hidden field.
    private(set) var csrf: String?

    init(base: String, headers: [(String, String)] = []) {
        self.base = base
        self.headers = headers
    }

    /// Opens the sign-in page and signs in with `token`; returns the POST's answer.
    @discardableResult
    func signIn(_ token: String) async throws -> HTTP.Answer {
        _ = try await get("/console/sign-in")
        return try await post("/console/sign-in", ["token": token])
    }

    func get(_ path: String) async throws -> HTTP.Answer {
        try await send(.GET, path, body: nil)
    }

    /// POSTs `fields` as a form, with the last page's `csrf` unless `csrf` says otherwise.
    func post(_ path: String, _ fields: KeyValuePairs<String, String>, csrf: String?? = .none) async throws -> HTTP.Answer {
        var pairs = fields.map { ($0.key, $0.value) }
        if let csrf = csrf ?? self.csrf {
            pairs.append(("csrf", csrf))
        }
        let body = pairs.map { "\(Self.encode($0))=\(Self.encode($1))" }.joined(separator: "&")
        return try await send(.POST, path, body: body)
    }

    /// Forgets every cookie (a new browser), or sets one by hand.
    func setCookie(_ name: String, _ value: String?) {
        cookies[name] = value
    }

    private func send(_ method: HTTPMethod, _ path: String, body: String?) async throws -> HTTP.Answer {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(contentsOf: headers)
        if !cookies.isEmpty {
            request.headers.add(name: "cookie", value: cookies.map { "\($0)=\($1)" }.joined(separator: "; "))
        }
        if let body {
            request.headers.add(name: "content-type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await Self.client.execute(request, timeout: .seconds(15))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 22))
        setCookies = response.headers["set-cookie"]
        for header in setCookies {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let removed = header.lowercased().contains("max-age=0") || pair.count < 2 || pair[1].isEmpty
            cookies[String(pair[0])] = removed ? nil : String(pair[1])
        }
        if let range = text.range(of: #"name="csrf" value=""#), let end = text[range.upperBound...].firstIndex(of: "\"") {
            csrf = String(text[range.upperBound..<end])
        }
        return HTTP.Answer(status: Int(response.status.code), headers: response.headers, body: text)
    }

    private static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
