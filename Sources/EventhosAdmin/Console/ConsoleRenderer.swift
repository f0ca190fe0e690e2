import EventhosCore
import EventhosEngine
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Renders the console's Mustache templates (`Console/Templates`, shipped as the module's resources).
///
/// A page template extends the layout, which draws the header, the navigation, `span#whoami`, the
/// sign-out form and `div#flash`:
/// ```mustache
/// {{<layout}}{{$content}}<h1>{{title}}</h1>…{{/content}}{{/layout}}
/// ```
/// Besides what the page passes, every template can read `title`, `csrf` (the session's token, for
/// the hidden field of POST forms: `{{>csrf}}`), `session.tokenName`, `session.role`, `admin` and
/// `operator` (whether the role permits admin or operator actions: show state-changing forms only
/// inside `{{#admin}}…{{/admin}}`), `active.<section>` and `flash.text`/`flash.error`.
/// Partials in `Templates/partials/` are named `partials/<name>`.
struct ConsoleRenderer: Sendable {
    /// A message shown above the page's content.
    struct Flash: Sendable {
        var text: String
        var error: Bool

        static func error(_ text: String) -> Flash { Flash(text: text, error: true) }
        static func info(_ text: String) -> Flash { Flash(text: text, error: false) }
    }

    private let library: MustacheLibrary
    /// The `instance.name` that every page shows, so that an operator behind a load balancer knows
    /// which instance answered.
    private let instance: String

    /// Loads every `.mustache` file under `directory` (default: the module's `Templates` resource).
    init(instance: String, directory: URL? = Bundle.module.url(forResource: "Templates", withExtension: nil)) throws {
        self.instance = instance
        guard let directory else { throw ConsoleError(.internalServerError, "the console's templates are missing from this build") }
        var library = MustacheLibrary()
        let root = directory.standardizedFileURL.path + "/"
        for case let path as String in FileManager.default.enumerator(atPath: root)?.allObjects ?? [] where path.hasSuffix(".mustache") {
            let text = try String(contentsOfFile: root + path, encoding: .utf8)
            try library.register(text, named: String(path.dropLast(".mustache".count)))
        }
        self.library = library
    }

    /// Renders `template` as a whole page.
    ///
    /// - Parameters:
    ///   - section: the navigation entry to mark current (`systems`, `log`…).
    ///   - flash: a message for this page; without it, the message a redirect left (if any) is shown.
    func page(
        _ template: String, title: String, section: String?, data: [String: Any] = [:],
        request: Request, context: ConsoleRequestContext, status: HTTPResponse.Status = .ok, flash: Flash? = nil
    ) -> Response {
        let redirected = ConsoleResponse.flash(of: request)
        var values: [String: Any] = ["title": title, "instance": instance]
        if let session = context.session {
            values["session"] = ["tokenName": session.tokenName, "role": session.role.rawValue]
            values["csrf"] = session.csrf
            values["admin"] = context.permits(.admin)
            values["operator"] = context.permits(.operator)
        }
        if let section {
            values["active"] = [section: true]
        }
        if let shown = flash ?? redirected.map({ Flash(text: $0.text, error: $0.error) }) {
            values["flash"] = ["text": shown.text, "error": shown.error]
        }
        values.merge(data) { _, page in page }
        var response = ConsoleResponse.html(status, render(template, values))
        if redirected != nil {
            response.setCookie(ConsoleResponse.cookie(ConsoleResponse.flashCookie, value: "", maxAge: 0))
        }
        return response
    }

    /// Renders `template` with `values`; an unknown template is a programming error, shown as such.
    func render(_ template: String, _ values: [String: Any]) -> String {
        library.render(values, withTemplate: template) ?? "<!doctype html><title>missing template</title><p>no template named \(HTMLText.escape(template))</p>"
    }
}
