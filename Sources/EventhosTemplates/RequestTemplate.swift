import EventhosJSON
import OrderedCollections

/// The HTTP request of an action, compiled once from its configuration and rendered for each delivery.
///
/// ```swift
/// let template = try RequestTemplate(
///     method: "POST",
///     url: "http://127.0.0.1:9000/accounts/${.body.id}",
///     headers: ["Content-Type": "application/json", "X-Source": "${.headers.x-request-id}"],
///     params: ["tenant": "${.query.tenant}"],
///     data: .object(["name": .string("${.body.name}"), "raw": .string("${.body}")])
/// )
/// let request = template.render(context: context, receivedBody: body)
/// ```
///
/// The URL, header values, parameter values and the strings of `data` are templates (see ``StringTemplate``);
/// header names and parameter names are kept as written.
public struct RequestTemplate: Sendable, Hashable {
    private let method: String
    private let url: StringTemplate
    private let headers: OrderedDictionary<String, StringTemplate>
    private let params: OrderedDictionary<String, StringTemplate>
    private let data: JSONTemplate?

    /// Compiles an action's request.
    ///
    /// - Parameters:
    ///   - method: The HTTP method, as sent.
    ///   - url: The URL; the text of its placeholders is percent-encoded when rendered.
    ///   - headers: Header values; a line break written in a value is an error.
    ///   - params: Query parameters, appended to the URL's query.
    ///   - data: The JSON body; `nil` forwards the body the event was received with.
    /// - Throws: ``TemplateError`` whose path names the field: `method`, `url`, `headers.X-Source`,
    ///   `params.tenant`, `data.raw`.
    public init(
        method: String,
        url: String,
        headers: OrderedDictionary<String, String>,
        params: OrderedDictionary<String, String>,
        data: JSONValue?
    ) throws(TemplateError) {
        guard method.isHTTPToken else { throw .invalidMethod(method) }
        self.method = method
        self.url = try Self.compile(url, at: "url")
        var headerTemplates: OrderedDictionary<String, StringTemplate> = [:]
        for (name, value) in headers {
            guard name.isHTTPToken else { throw .invalidHeaderName(name) }
            let path = TemplateError.join("headers", name)
            if let lineBreak = Array(value).firstIndex(where: \.isNewline) {
                throw TemplateError.lineBreakInHeaderValue(at: lineBreak).nested(in: path)
            }
            headerTemplates[name] = try Self.compile(value, at: path)
        }
        self.headers = headerTemplates
        var paramTemplates: OrderedDictionary<String, StringTemplate> = [:]
        for (name, value) in params {
            paramTemplates[name] = try Self.compile(value, at: TemplateError.join("params", name))
        }
        self.params = paramTemplates
        do {
            self.data = try data.map { value throws(TemplateError) in try JSONTemplate(value) }
        } catch {
            throw error.nested(in: "data")
        }
    }

    /// Renders the request of one delivery.
    ///
    /// - Parameters:
    ///   - context: What placeholders resolve against, as ``context(headers:query:body:oauthResponse:)`` builds it.
    ///   - receivedBody: The body the event was received with, forwarded when the template has no `data`.
    public func render(context: JSONValue, receivedBody: [UInt8]) -> RenderedRequest {
        var warnings: [String] = []
        let url = self.url.renderURLComponent(in: context, warnings: &warnings)
        let headers = self.headers.map { name, template in
            RenderedRequest.Header(name: name, value: Self.headerValue(name, template, in: context, warnings: &warnings))
        }
        let query = self.params.map { name, template in
            "\(name.percentEncoded())=\(template.render(in: context, warnings: &warnings).percentEncoded())"
        }
        let body = self.data.map { $0.render(in: context, warnings: &warnings).serialized() } ?? receivedBody
        return RenderedRequest(
            method: self.method,
            url: Self.appendingQuery(query, to: url),
            headers: headers,
            body: body.isEmpty ? nil : body,
            warnings: warnings
        )
    }

    private static func compile(_ source: String, at path: String) throws(TemplateError) -> StringTemplate {
        do {
            return try StringTemplate(source)
        } catch {
            throw error.nested(in: path)
        }
    }

    /// Renders a header value; line breaks brought by placeholders become spaces, so that a value can
    /// never start another header.
    private static func headerValue(
        _ name: String,
        _ template: StringTemplate,
        in context: JSONValue,
        warnings: inout [String]
    ) -> String {
        let value = template.render(in: context, warnings: &warnings)
        guard value.contains(where: \.isNewline) else { return value }
        warnings.append("header \(name): line breaks in the rendered value replaced by spaces")
        return String(value.map { $0.isNewline ? " " : $0 })
    }

    /// Appends `name=value` pairs to a URL's query, creating it if needed, before any fragment.
    private static func appendingQuery(_ pairs: [String], to url: String) -> String {
        guard !pairs.isEmpty else { return url }
        let fragmentStart = url.firstIndex(of: "#") ?? url.endIndex
        let base = url[..<fragmentStart]
        let separator = !base.contains("?") ? "?" : base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&"
        return base + separator + pairs.joined(separator: "&") + url[fragmentStart...]
    }
}
