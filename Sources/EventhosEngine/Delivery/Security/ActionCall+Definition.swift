import AsyncHTTPClient
import EventhosCore
import EventhosTemplates

extension ActionCall {
    /// The call of `action` with `authenticator`: its request template, its signer, its timeout.
    /// The contract workers pass the authenticator they share per action (``ActionAuthenticators``).
    init(action: ActionDefinition, authenticator: ActionAuthenticator, executor: ActionExecutor) throws(TemplateError) {
        let http = action.http
        let template = try RequestTemplate(method: http.method, url: http.url, headers: http.headers, params: http.params, data: http.data)
        self.init(
            template: template, authenticator: authenticator, signer: action.signing.map(WebhookSigner.init), executor: executor,
            timeout: http.timeout)
    }

    /// The call of `action` on its own, with a new authenticator for its security. For one-off
    /// calls (the console's "try it").
    package init(action: ActionDefinition, client: HTTPClient, executor: ActionExecutor) throws(TemplateError) {
        let authenticator = ActionAuthenticator(security: action.security) { grant in
            OAuthTokenEndpoint(client: client, grant: grant, timeout: action.http.timeout)
        }
        try self.init(action: action, authenticator: authenticator, executor: executor)
    }
}
