import EventhosCore
import EventhosJSON
import EventhosStore
import EventhosTemplates
import Foundation

/// One try of an action: its credentials, its rendered request, its signature and the HTTP call;
/// with OAuth, a 401 from the subscriber drops the token, and the call is made once more with a
/// fresh one. What it records is redacted (see ``SecretRedactor``).
package struct ActionCall: Sendable {
    /// What a try did, ready for the audit.
    package struct Outcome: Sendable {
        /// The request as sent, credentials masked.
        package var request: RecordedRequest
        package var warnings: [String]
        /// The answer, credentials masked in its headers, body and error.
        package var result: ActionExecutor.Result
    }

    /// What a try is made of, beside the action itself.
    package struct Input: Sendable {
        var headers: [(String, String)]
        var query: [(String, String)]
        var body: JSONValue
        var receivedBody: [UInt8]
        /// The `eventhos-*` and `idempotency-key` headers.
        var deliveryHeaders: [(String, String)]
        /// Stable across the tries of a delivery: the `webhook-id` of a signed request.
        var idempotencyKey: String

        package init(
            headers: [(String, String)], query: [(String, String)], body: JSONValue, receivedBody: [UInt8],
            deliveryHeaders: [(String, String)], idempotencyKey: String
        ) {
            self.headers = headers
            self.query = query
            self.body = body
            self.receivedBody = receivedBody
            self.deliveryHeaders = deliveryHeaders
            self.idempotencyKey = idempotencyKey
        }
    }

    let template: RequestTemplate
    let authenticator: ActionAuthenticator
    let signer: WebhookSigner?
    let executor: ActionExecutor
    let timeout: Duration

    package func perform(_ input: Input) async -> Outcome {
        let (outcome, credentials) = await once(input)
        guard outcome.result.status == 401, let credentials, await authenticator.refused(credentials) else {
            return outcome
        }
        var (repeated, _) = await once(input)
        repeated.warnings.insert("the subscriber answered 401: a new token was fetched and the call repeated", at: 0)
        return repeated
    }

    private func once(_ input: Input) async -> (Outcome, ActionAuthenticator.Credentials?) {
        let startedAt = Date()
        let credentials: ActionAuthenticator.Credentials
        do {
            credentials = try await authenticator.credentials()
        } catch {
            let redactor = SecretRedactor(secrets: authenticator.configuredSecrets)
            let request = render(input, oauthResponse: nil)
            let result = ActionExecutor.Result(
                verdict: .retryable, status: nil, headers: [], body: nil, truncated: false,
                failure: .credentials(redactor.text(error.description)), retryAfter: nil, startedAt: startedAt, finishedAt: Date())
            return (Outcome(request: record(request, extraHeaders: input.deliveryHeaders, redactor), warnings: request.warnings, result: result), nil)
        }
        var request = render(input, oauthResponse: credentials.token?.response)
        request.authenticate(with: credentials)
        var extraHeaders = input.deliveryHeaders
        if let signer {
            extraHeaders += signer.headers(
                id: input.idempotencyKey, timestamp: Int64(Date().timeIntervalSince1970), body: request.body ?? [])
        }
        let redactor = SecretRedactor(secrets: credentials.secrets + authenticator.configuredSecrets)
        var result = await executor.execute(request, extraHeaders: extraHeaders, timeout: timeout)
        result.headers = redactor.headers(result.headers).map { (name: $0, value: $1) }
        result.body = result.body.map(redactor.text)
        result.failure = result.failure?.mapDetail(redactor.text)
        return (Outcome(request: record(request, extraHeaders: extraHeaders, redactor), warnings: request.warnings, result: result), credentials)
    }

    private func render(_ input: Input, oauthResponse: JSONValue?) -> RenderedRequest {
        let context = RequestTemplate.context(
            headers: input.headers, query: input.query, body: input.body, oauthResponse: oauthResponse)
        return template.render(context: context, receivedBody: input.receivedBody)
    }

    private func record(_ request: RenderedRequest, extraHeaders: [(String, String)], _ redactor: SecretRedactor) -> RecordedRequest {
        RecordedRequest(
            method: request.method, url: redactor.text(request.url),
            headers: redactor.headers(request.headers.map { ($0.name, $0.value) } + extraHeaders),
            body: request.body.map { redactor.text(String(decoding: $0, as: UTF8.self)) })
    }
}
