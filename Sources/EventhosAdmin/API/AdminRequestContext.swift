import EventhosCore
import EventhosEngine
import Foundation
import Hummingbird

/// The request context of the admin API: who called, once ``AdminAuthentication`` checked the token.
struct AdminRequestContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The token the request presented; `nil` until authenticated.
    var caller: AdminToken?
    /// Names the request in error bodies and logs.
    let requestId: String

    init(context: BasicRequestContext) {
        coreContext = context.coreContext  // keeps the path parameters the router resolved
        requestId = UUID().uuidString.lowercased()
    }
}
