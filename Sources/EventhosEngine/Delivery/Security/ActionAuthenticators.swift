import AsyncHTTPClient
import EventhosCore
import Synchronization

/// The authenticators of the running actions: one per action and security, so that every
/// contract of an action shares its OAuth token, and a changed security starts afresh.
package final class ActionAuthenticators: Sendable {
    private struct Key: Hashable {
        var action: String
        var security: ActionSecurity
    }

    private let client: HTTPClient
    private let authenticators = Mutex<[Key: ActionAuthenticator]>([:])

    package init(client: HTTPClient) {
        self.client = client
    }

    /// The authenticator of `action`, made on first use.
    func authenticator(for action: ActionDefinition) -> ActionAuthenticator {
        let key = Key(action: action.identifier, security: action.security)
        let client = self.client
        return authenticators.withLock { authenticators in
            if let existing = authenticators[key] {
                return existing
            }
            let made = ActionAuthenticator(security: action.security) { grant in
                OAuthTokenEndpoint(client: client, grant: grant, timeout: action.http.timeout)
            }
            authenticators[key] = made
            return made
        }
    }
}
