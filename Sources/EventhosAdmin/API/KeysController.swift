import EventhosCore
import EventhosEngine
import EventhosJSON
import EventhosStore
import EventhosTemplates
import Hummingbird
import OrderedCollections

/// `/api/v1/systems/{id}/keys`: a system's producer keys. A new key is answered once and only its
/// hash is stored; several keys may be valid at once (rotation); a revoked key is refused at once.
struct KeysController: Sendable {
    let live: LiveRegistry

    var routes: [AdminRoute] {
        [
            AdminRoute(.post, "/systems/{id}/keys", .admin) { request, context in try await create(request, context: context) },
            AdminRoute(.get, "/systems/{id}/keys", .viewer) { _, context in try await list(context: context) },
            AdminRoute(.delete, "/systems/{id}/keys/{name}", .admin) { _, context in try await revoke(context: context) },
        ]
    }

    /// Body `{"name": "..."}`, optional: the name defaults to `key-` and the key's first characters.
    func create(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let system = try AdminRequest.parameter("id", of: context)
        let body = try await AdminRequest.members(of: request, context: context, allowed: ["name"])
        let name: String?
        switch body["name"] {
        case nil: name = nil
        case .string(let written)?: name = written
        default: name = ""  // not a name: refused as such
        }
        do {
            let (record, key) = try await live.addKey(system: system, name: name)
            var json = Self.json(record)
            json["system"] = .string(system)
            json["key"] = .string(key)
            return Response.json(.created, .object(json))
        } catch {
            switch error {
            case .invalid(let problem): throw ValidationFailure(problems: [problem], requestId: context.requestId)
            case .subscriberSystem:
                throw AdminError.conflict(
                    "subscriber", "system \"\(system)\" is a subscriber system, which has no producer keys: make it a producer or hybrid system",
                    context: context)
            case .unknownSystem: throw AdminError.notFound("system \"\(system)\"", context: context)
            case .duplicateName(let name):
                throw AdminError.conflict("duplicate", "system \"\(system)\" already has a valid key named \"\(name)\"", context: context)
            case .store(let error): throw error
            }
        }
    }

    func list(context: AdminRequestContext) async throws -> Response {
        let system = try AdminRequest.parameter("id", of: context)
        guard let keys = try await live.store.keys(system: system) else {
            throw AdminError.notFound("system \"\(system)\"", context: context)
        }
        return Response.json(.ok, .object(["items": .array(keys.map { .object(Self.json($0)) })]))
    }

    func revoke(context: AdminRequestContext) async throws -> Response {
        let system = try AdminRequest.parameter("id", of: context)
        let name = try AdminRequest.parameter("name", of: context)
        guard try await live.revokeKey(system: system, name: name) else {
            throw AdminError.notFound("valid key \"\(name)\" of system \"\(system)\"", context: context)
        }
        return Response.json(.ok, .object(["system": .string(system), "name": .string(name), "revoked": .bool(true)]))
    }

    private static func json(_ key: ProducerKeyRecord) -> JSONObject {
        [
            "name": .string(key.name), "prefix": key.prefix.map(JSONValue.string) ?? .null,
            "createdAt": .string(AdminTime.text(key.createdAt)),
            "lastUsedAt": key.lastUsedAt.map { .string(AdminTime.text($0)) } ?? .null,
        ]
    }
}
