import EventhosEngine
import EventhosStore
import EventhosTemplates
import Hummingbird

/// `GET /console/log/{id}`: a received event with its executions and tries; `POST
/// /console/log/{id}/replay` delivers it again, to one contract (field `contract`) or to all.
struct ConsoleReceivedEventPages: ConsolePages {
    let services: ConsoleServices

    func addRoutes(to group: RouterGroup<ConsoleRequestContext>) {
        group.get("log/{id}") { request, context in
            let id = try context.parameter("id")
            guard let event = try await services.store.receivedEvent(id: id) else {
                throw ConsoleError.notFound("the received event \"\(id)\"")
            }
            let view = ConsoleReceivedEventView(
                event: event, executions: try await services.store.executions(receivedEventId: id),
                registry: services.operations.registry.current)
            return services.renderer.page(
                "received-event", title: "Received event \(id)", section: "log",
                data: ["page": view, "can": ConsoleServices.permissions(context)], request: request, context: context)
        }
        group.post("log/{id}/replay") { _, context in
            try context.require(OperationsController.Roles.replay)
            let id = try context.parameter("id")
            let contract = context.form.text("contract")
            let back = "/log/" + id.percentEncoded()
            let deliveries: [EventReplay.Delivery]
            do {
                deliveries = try await services.operations.eventReplay.replay(receivedEventId: id, contract: contract.isEmpty ? nil : contract)
            } catch {
                guard let refusal = ConsoleServices.refusal(error) else { throw error }
                return ConsoleResponse.redirect(to: back, flash: "Not replayed: \(refusal)", error: true)
            }
            let flash =
                deliveries.isEmpty
                ? "No active contract takes this event: nothing was replayed."
                : "Replayed to " + deliveries.map { "\($0.contract) (attempt \($0.attempt))" }.joined(separator: ", ") + "."
            return ConsoleResponse.redirect(to: back, flash: flash)
        }
    }
}
