import EventhosCore
import EventhosEngine
import EventhosJSON
import EventhosStore
import EventhosTemplates
import Foundation
import Hummingbird
import OrderedCollections

/// Create, read, list, replace and soft-delete the rows of one registry kind (`/api/v1/systems`…).
///
/// Bodies are read by the configuration file's own row readers, so the rules and messages are the
/// same; every change is followed at once by ingest and by the broker (``LiveRegistry``).
struct RegistryController: Sendable {
    let kind: RegistryKind
    let live: LiveRegistry

    /// The query parameters a list filters on, compared with the row's field of that name.
    var filters: [String] {
        switch kind {
        case .system: ["class", "type"]
        case .event: ["producer", "operation"]
        case .action: ["subscriber", "operation"]
        case .contract: ["event", "action", "active"]
        }
    }

    /// The values a filter may take when they are a set: any other is refused (400).
    static let filterValues: [String: [String]] = [
        "class": SystemDefinition.Class.allCases.map(\.rawValue),
        "operation": Operation.allCases.map(\.rawValue),
        "active": ["true", "false"],
    ]

    /// The fields a list sorts on (`sort=name`, `sort=-updatedAt` for descending).
    static let sortFields = ["identifier", "name", "createdAt", "updatedAt"]

    var routes: [AdminRoute] {
        let collection = "/\(kind.plural)"
        let row = "\(collection)/{id}"
        return [
            AdminRoute(.get, collection, .viewer) { request, context in try await list(request, context: context) },
            AdminRoute(.post, collection, .admin) { request, context in try await write(request, context: context, replacing: nil) },
            AdminRoute(.get, row, .viewer) { _, context in try await show(AdminRequest.parameter("id", of: context), context: context) },
            AdminRoute(.put, row, .admin) { request, context in
                try await write(request, context: context, replacing: AdminRequest.parameter("id", of: context))
            },
            AdminRoute(.delete, row, .admin) { _, context in
                try await delete(AdminRequest.parameter("id", of: context), context: context)
            },
        ]
    }

    private var store: EventhosStore { live.store }

    func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let page: AdminPage
        do {
            page = try AdminPage(limit: query["limit"].map(String.init), cursor: query["cursor"].map(String.init))
        } catch {
            throw AdminError.badRequest("invalid_page", error.message, context: context)
        }
        let sort = query["sort"].map(String.init) ?? "identifier"
        let descending = sort.hasPrefix("-")
        let field = descending ? String(sort.dropFirst()) : sort
        guard Self.sortFields.contains(field) else {
            throw AdminError.badRequest("invalid_sort", "sort must be one of \(Self.sortFields.joined(separator: ", ")), - for descending", context: context)
        }
        let wanted = filters.compactMap { name in query[Substring(name)].map { (name, String($0)) } }
        for (name, value) in wanted {
            if let values = Self.filterValues[name], !values.contains(value) {
                throw AdminError.badRequest(
                    "invalid_filter", "\(name) must be one of \(values.joined(separator: ", "))", context: context)
            }
        }
        let rows = try await rows().filter { row in wanted.allSatisfy { name, value in Self.text(row[name]) == value } }
        let key = { (row: JSONObject) in [Self.text(row[field]) ?? "", Self.text(row["identifier"]) ?? ""] }
        let sorted = rows.sorted { descending ? key($1).lexicographicallyPrecedes(key($0)) : key($0).lexicographicallyPrecedes(key($1)) }
        let (items, next) = page.page(of: sorted, key: key, descending: descending)
        return Response.json(.ok, .object(["items": .array(items.map(JSONValue.object)), "nextCursor": next.map(JSONValue.string) ?? .null]))
    }

    func show(_ identifier: String, context: AdminRequestContext) async throws -> Response {
        guard let row = try await rows().first(where: { $0["identifier"] == .string(identifier) }) else {
            throw AdminError.notFound("\(kind.rawValue) \"\(identifier)\"", context: context)
        }
        return Response.json(.ok, .object(row))
    }

    /// Creates a row (`replacing` is `nil`: 409 when the identifier is taken) or replaces one (404 when unknown).
    func write(_ request: Request, context: AdminRequestContext, replacing identifier: String?) async throws -> Response {
        let body = try await AdminRequest.json(request, context: context)
        let written: String
        let changes: [ContractTopologyChange]
        do {
            (written, changes) = try await live.save(kind, json: body, replacing: identifier)
        } catch {
            switch error {
            case .invalid(let problems): throw ValidationFailure(problems: problems, requestId: context.requestId)
            case .duplicate(let written):
                throw AdminError.conflict("duplicate", "\(kind.rawValue) \"\(written)\" already exists", context: context)
            case .notFound(let written): throw AdminError.notFound("\(kind.rawValue) \"\(written)\"", context: context)
            case .store(let error): throw error
            }
        }
        guard var answer = try await rows().first(where: { $0["identifier"] == .string(written) }) else {
            throw AdminError.notFound("\(kind.rawValue) \"\(written)\"", context: context)
        }
        answer["topology"] = .array(changes.map(\.json))
        return Response.json(identifier == nil ? .created : .ok, .object(answer))
    }

    func delete(_ identifier: String, context: AdminRequestContext) async throws -> Response {
        switch try await live.delete(kind, identifier: identifier) {
        case (.notFound, _):
            throw AdminError.notFound("\(kind.rawValue) \"\(identifier)\"", context: context)
        case (.refused(let dependants), _):
            throw AdminError.conflict(
                "in_use", "\(kind.rawValue) \"\(identifier)\" is in use by \(dependants.joined(separator: ", "))", context: context)
        case (.deleted, let changes):
            return Response.json(
                .ok,
                .object(["identifier": .string(identifier), "deleted": .bool(true), "topology": .array(changes.map(\.json))]))
        }
    }

    /// Every row of this kind that is not deleted, as JSON with its timestamps (secrets masked).
    func rows() async throws -> [JSONObject] {
        let registry = try await store.loadRegistry()
        let timestamps = try await store.timestamps(of: kind)
        let rows: [JSONObject] =
            switch kind {
            case .system: registry.systems.map(RegistryRowJSON.system)
            case .event: registry.events.map(RegistryRowJSON.event)
            case .action: registry.actions.map(RegistryRowJSON.action)
            case .contract: registry.contracts.map(RegistryRowJSON.contract)
            }
        return rows.map { row in
            var row = row
            if case .string(let identifier)? = row["identifier"], let stamps = timestamps[identifier] {
                row["createdAt"] = .string(AdminTime.text(stamps.createdAt))
                row["updatedAt"] = .string(AdminTime.text(stamps.updatedAt))
            }
            return row
        }
    }

    /// A scalar field as query parameters write it.
    private static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        default: nil
        }
    }
}
