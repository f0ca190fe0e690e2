import EventhosCore
import EventhosEngine
import Hummingbird

/// The web console under `/console`: server-rendered pages for operators, signed in with an admin
/// token, on top of the admin API's code (``LiveRegistry``, ``OperationsController``).
///
/// ## Adding a page
/// 1. Write a type conforming to ``ConsolePages`` (one file, `Console<Name>Pages.swift`), built from
///    ``ConsoleServices``, whose `addRoutes(to:)` adds its routes relative to `/console`:
///    ```swift
///    struct ConsoleWidgetsPages: ConsolePages {
///        let services: ConsoleServices
///        func addRoutes(to group: RouterGroup<ConsoleRequestContext>) {
///            group.get("widgets") { request, context in
///                services.renderer.page("widgets", title: "Widgets", section: "widgets", data: [...],
///                                       request: request, context: context)
///            }
///            group.post("widgets/{id}/poke") { request, context in
///                try context.require(.operator)  // 403 page for a viewer
///                let id = try context.parameter("id"); _ = context.form["note"]
///                return ConsoleResponse.redirect(to: "/widgets/\(id)", flash: "Poked")
///            }
///        }
///    }
///    ```
/// 2. Add it to the list in ``Console/pages(_:)`` (`Console+Pages.swift`).
/// 3. Add its template `Templates/widgets.mustache`, extending the layout (see ``ConsoleRenderer``);
///    put state-changing forms inside `{{#admin}}` (or `{{#operator}}`), mark them `data-mutates`,
///    and give every POST form the `{{>partials/csrf}}` hidden field.
///
/// Every route is signed-in only (303 to the sign-in page otherwise) and every POST is CSRF-checked
/// before the handler runs; the form's fields are in `context.form`. Errors thrown as
/// ``ConsoleError`` become an HTML page with their status.
struct Console: Sendable {
    /// The path the console lives under.
    static let basePath = "/console"

    let sessions: ConsoleSessions
    let services: ConsoleServices

    init(tokens: [AdminToken], services: ConsoleServices) {
        sessions = ConsoleSessions(store: services.store, tokens: tokens)
        self.services = services
    }

    func addRoutes(to router: Router<BasicRequestContext>) {
        let console = router.group(RouterPath(Self.basePath), context: ConsoleRequestContext.self)
            .add(middleware: ConsoleSecurityHeaders<ConsoleRequestContext>())
        let signIn = ConsoleSignInPages(sessions: sessions, renderer: services.renderer)
        signIn.addPublicRoutes(to: console)
        ConsoleAssets.shared.addRoutes(to: console)
        let signedIn = console.group().add(middleware: ConsoleAuthentication(sessions: sessions))
        signIn.addRoutes(to: signedIn)
        for pages in Self.pages(services) {
            pages.addRoutes(to: signedIn)
        }
    }
}
