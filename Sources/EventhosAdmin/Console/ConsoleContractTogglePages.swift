import EventhosCore
import EventhosEngine
import EventhosJSON
import EventhosStore
import EventhosTemplates
import Hummingbird
import OrderedCollections

/// `POST /console/contracts/{id}/active`: activates or deactivates a contract, as an edit of its
/// row that changes only `active` (the worker stops or starts at once; queued messages wait).
struct ConsoleContractTogglePages: ConsolePages {
    let services: ConsoleServices

    func addRoutes(to group: RouterGroup<ConsoleRequestContext>) {
        group.post("contracts/{id}/active") { _, context in
            try context.require(.admin)
            let identifier = try context.parameter("id")
            let rows = try await RegistryController(kind: .contract, live: services.live).rows()
            guard let row = rows.first(where: { $0["identifier"] == .string(identifier) }) else {
                throw ConsoleError.notFound("contract \"\(identifier)\"")
            }
            let active = context.form["active"] == "true"
            let values = ConsoleForm(ConsoleContractForm.values(row).fields.filter { $0.name != "active" } + [("active", String(active))])
            let json = try ConsoleContractForm.json(values, replacing: identifier, stored: try await services.store.loadRegistry())
            do {
                _ = try await services.live.save(.contract, json: json, replacing: identifier)
            } catch {
                return ConsoleResponse.redirect(to: "/contracts/\(identifier)", flash: "Not changed: \(error)", error: true)
            }
            return ConsoleResponse.redirect(
                to: "/contracts/\(identifier)", flash: active ? "Activated: the contract delivers again." : "Deactivated: messages wait in its queue.")
        }
    }
}
