import AsyncHTTPClient
import EventhosCore
import EventhosTemplates

extension ActionCall {
    /// The call of `action` on its own: its request template, a new authenticator for its
    /// security, its signer. For one-off calls (the console's "try it"); the contract workers share
    /// their authenticators (``ActionAuthenticators``).
    init(action: ActionDefinition, client: HTTPClient, executor: ActionExecutor) throws(TemplateError) {
        let http = action.http
        let template = try RequestTemplate(method: http.method, url: http.url, headers: http.headers, params: http.params, data: http.data)
        let authenticator = ActionAuthenticator(security: action.security) { grant in
            OAuthTokenEndpoint(client: client, grant: grant, timeout: http.timeout)
        }
        self.init(
            template: template, authenticator: authenticator, signer: action.signing.map(WebhookSigner.init), executor: executor,
            timeout: http.timeout)
    }
}
