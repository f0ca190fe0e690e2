import EventhosEngine
import Hummingbird

/// A group of console pages: adds its routes to the signed-in part of the console.
///
/// Paths are relative to `/console` (`"systems/{id}"`). Every route added here is behind
/// ``ConsoleAuthentication``: the request has a session, and a POST has passed the CSRF check, its
/// fields in `context.form`. Check roles with `try context.require(.admin)`.
protocol ConsolePages: Sendable {
    func addRoutes(to group: RouterGroup<ConsoleRequestContext>)
}
