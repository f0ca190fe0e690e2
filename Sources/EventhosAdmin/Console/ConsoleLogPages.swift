import EventhosEngine
import EventhosStore
import Foundation
import Hummingbird

/// `GET /console/log`: the received events, newest first, filtered as the admin API's
/// `GET /api/v1/received-events` filters them (``ReceivedEventListing``), a page at a time
/// (`limit`, default 50, and the `cursor` of the next-page link). Blank form fields are no filter.
struct ConsoleLogPages: ConsolePages {
    let services: ConsoleServices

    func addRoutes(to group: RouterGroup<ConsoleRequestContext>) {
        group.get("log") { request, context in
            let parameters = request.uri.queryParameters
            func given(_ name: String) -> String? {
                let value = parameters[Substring(name)].map { $0.trimmingCharacters(in: .whitespaces) }
                return value?.isEmpty == false ? value : nil
            }
            var filter: [String: String] = [:]
            for name in ConsoleLogView.filterFields + ["limit"] {
                filter[name] = given(name)
            }
            let cursor = given("cursor")
            let registry = try await services.store.loadRegistry()
            let listing: ReceivedEventListing
            do {
                listing = try ReceivedEventListing { name in name == "cursor" ? cursor : filter[name] }
            } catch let error as ReceivedEventListing.Invalid {
                let view = ConsoleLogView(filter: filter, registry: registry, rows: [], next: nil, invalid: error.parameter)
                return page(view, request: request, context: context, status: .badRequest, flash: .error(error.message))
            }
            let (rows, next) = try await listing.run(on: services.store)
            let view = ConsoleLogView(filter: filter, registry: registry, rows: rows, next: next)
            return page(view, request: request, context: context)
        }
    }

    private func page(
        _ view: ConsoleLogView, request: Request, context: ConsoleRequestContext, status: HTTPResponse.Status = .ok,
        flash: ConsoleRenderer.Flash? = nil
    ) -> Response {
        services.renderer.page(
            "log", title: "Events log", section: "log", data: ["page": view], request: request, context: context, status: status,
            flash: flash)
    }
}
