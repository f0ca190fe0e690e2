import EventhosJSON
import OrderedCollections

extension RequestTemplate {
    /// Builds the context that placeholders resolve against:
    /// `{"headers": {...}, "query": {...}, "body": ..., "oauthResponse": ...}`.
    ///
    /// - Parameters:
    ///   - headers: The headers the event was received with. Names are lower-cased, so placeholders read
    ///     `${.headers.x-request-id}`; a header received more than once has its values joined with `", "`,
    ///     as HTTP combines repeated fields (RFC 9110 §5.3).
    ///   - query: The query parameters the event was received with; for a parameter received more than
    ///     once, the last value wins.
    ///   - body: The body the event was received with.
    ///   - oauthResponse: The response of the subscriber's token endpoint, for actions secured by OAuth,
    ///     as `{"body": <its JSON>, "headers": {<lower-case name>: <value>}}`, so placeholders read
    ///     `${.oauthResponse.body.access_token}` and `${.oauthResponse.headers.content-type}`; without
    ///     it, the context has no `oauthResponse` member.
    public static func context(
        headers: [(String, String)],
        query: [(String, String)],
        body: JSONValue,
        oauthResponse: JSONValue? = nil
    ) -> JSONValue {
        var headerValues: OrderedDictionary<String, String> = [:]
        for (name, value) in headers {
            let key = name.lowercased()
            headerValues[key] = headerValues[key].map { "\($0), \(value)" } ?? value
        }
        var queryValues: JSONObject = [:]
        for (name, value) in query {
            queryValues[name] = .string(value)
        }
        var context: JSONObject = [
            "headers": .object(headerValues.mapValues(JSONValue.string)),
            "query": .object(queryValues),
            "body": body,
        ]
        context["oauthResponse"] = oauthResponse
        return .object(context)
    }
}
