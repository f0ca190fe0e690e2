import EventhosCore
import EventhosEngine
import EventhosStore
import Hummingbird

/// A system's producer keys on its page: create (the key is shown once, on the answer to the POST,
/// and never again) and revoke; through the admin API's own path (``LiveRegistry/addKey(system:name:)``).
struct ConsoleProducerKeysPages: ConsolePages {
    let systems: ConsoleRegistryPages<ConsoleSystemForm>
    let services: ConsoleServices

    func addRoutes(to group: RouterGroup<ConsoleRequestContext>) {
        group.post("systems/{id}/keys") { request, context in
            try context.require(.admin)
            return try await create(request, context: context)
        }
        group.post("systems/{id}/keys/{name}/revoke") { _, context in
            try context.require(.admin)
            let system = try context.parameter("id")
            let name = try context.parameter("name")
            guard try await services.live.revokeKey(system: system, name: name) else {
                throw ConsoleError.notFound("the valid key \"\(name)\" of system \"\(system)\"")
            }
            return ConsoleResponse.redirect(to: "/systems/\(system)", flash: "Revoked key \(name): it is refused from now on.")
        }
    }

    private func create(_ request: Request, context: ConsoleRequestContext) async throws -> Response {
        let system = try context.parameter("id")
        let name = context.form.text("name")
        let message: String
        do {
            let (record, key) = try await services.live.addKey(system: system, name: name.isEmpty ? nil : name)
            return try await systems.rowPage(
                system, request: request, context: context, extra: ["newKey": ["name": record.name, "key": key]], status: .created)
        } catch let error as KeyCreationError {
            switch error {
            case .invalid(let problem): message = problem.path.isEmpty ? problem.message : "\(problem.path): \(problem.message)"
            case .unknownSystem: throw ConsoleError.notFound("system \"\(system)\"")
            case .subscriberSystem: message = "a subscriber system has no producer keys: make it a producer or hybrid system"
            case .duplicateName(let name): message = "name: this system already has a valid key named \(name)"
            case .store(let error): throw error
            }
        }
        return try await systems.rowPage(system, request: request, context: context, flash: .error(message), status: .unprocessableContent)
    }
}
