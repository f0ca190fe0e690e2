import EventhosCore
import EventhosEngine
import EventhosJSON
import EventhosStore
import EventhosTemplates
import HTTPTypes
import Hummingbird
import OrderedCollections

/// The pages of one registry kind (`/console/systems`…): the list, the create form, the row's
/// page with its edit form, and delete. Writes go through ``LiveRegistry/save(_:json:replacing:)``,
/// the admin API's own path: the configuration's validation, and topology following at once.
struct ConsoleRegistryPages<Form: ConsoleRowForm>: ConsolePages {
    let services: ConsoleServices

    private var kind: RegistryKind { Form.kind }
    private var plural: String { kind.plural }
    private var api: RegistryController { RegistryController(kind: kind, live: services.live) }

    func addRoutes(to group: RouterGroup<ConsoleRequestContext>) {
        group.get(RouterPath(plural)) { request, context in try await list(request, context: context) }
        group.get(RouterPath("\(plural)/new")) { request, context in
            try context.require(.admin)
            return try await formPage(request, context: context, values: Form.defaults)
        }
        group.post(RouterPath(plural)) { request, context in
            try context.require(.admin)
            return try await save(request, context: context, replacing: nil)
        }
        group.get(RouterPath("\(plural)/{id}")) { request, context in
            try await rowPage(try context.parameter("id"), request: request, context: context)
        }
        group.post(RouterPath("\(plural)/{id}")) { request, context in
            try context.require(.admin)
            return try await save(request, context: context, replacing: try context.parameter("id"))
        }
        group.post(RouterPath("\(plural)/{id}/delete")) { _, context in
            try context.require(.admin)
            return try await delete(try context.parameter("id"))
        }
    }

    func list(_ request: Request, context: ConsoleRequestContext) async throws -> Response {
        let rows = try await api.rows().map { row -> [String: Any] in
            let identifier = Self.identifier(of: row)
            return ["identifier": identifier, "href": "/console/\(plural)/\(identifier)", "cells": Form.cells(row)]
        }
        return services.renderer.page(
            "registry-list", title: kind.title, section: plural,
            data: ["kind": kind.templateValues, "columns": Form.columns, "rows": rows, "empty": rows.isEmpty],
            request: request, context: context)
    }

    /// The create form; with `problems`, the answer to a refused POST (422).
    func formPage(
        _ request: Request, context: ConsoleRequestContext, values: ConsoleForm, problems: [ConfigurationProblem] = [],
        extra: [String: Any] = [:], flash: ConsoleRenderer.Flash? = nil
    ) async throws -> Response {
        let form = try await editor(values: values, editing: nil, problems: problems, extra: extra)
        return services.renderer.page(
            "registry-new", title: "New \(kind.rawValue)", section: plural, data: ["kind": kind.templateValues, "editor": form],
            request: request, context: context, status: problems.isEmpty ? .ok : .unprocessableContent,
            flash: flash ?? Self.flash(problems))
    }

    /// A row's page: its definition, what its kind adds (keys, the active toggle), and for admins the
    /// edit and delete forms; `values` and `problems` re-render a refused edit.
    func rowPage(
        _ identifier: String, request: Request, context: ConsoleRequestContext, values: ConsoleForm? = nil,
        problems: [ConfigurationProblem] = [], extra: [String: Any] = [:], flash: ConsoleRenderer.Flash? = nil,
        status: HTTPResponse.Status? = nil
    ) async throws -> Response {
        guard let row = try await api.rows().first(where: { Self.identifier(of: $0) == identifier }) else {
            throw ConsoleError.notFound("\(kind.rawValue) \"\(identifier)\"")
        }
        var data: [String: Any] = [
            "kind": kind.templateValues, "identifier": identifier, "href": "/console/\(plural)/\(identifier)",
            "facts": ConsoleFacts.facts(of: row),
        ]
        if context.permits(.admin) {
            data["editor"] = try await editor(values: values ?? Form.values(row), editing: identifier, problems: problems, extra: extra)
        }
        data.merge(try await Form.extras(identifier, row: row, services: services)) { _, extra in extra }
        data.merge(extra) { _, extra in extra }
        return services.renderer.page(
            "registry-row", title: "\(kind.title.dropLast()) \(identifier)", section: plural, data: data, request: request,
            context: context, status: status ?? (problems.isEmpty ? .ok : .unprocessableContent), flash: flash ?? Self.flash(problems))
    }

    private func save(_ request: Request, context: ConsoleRequestContext, replacing identifier: String?) async throws -> Response {
        do {
            let stored = try await services.store.loadRegistry()
            let json = try Form.json(context.form, replacing: identifier, stored: stored)
            let (written, changes) = try await services.live.save(kind, json: json, replacing: identifier)
            let failed = changes.filter { $0.kind == .failed }.map { "\($0.contract): \($0.detail ?? "the broker refused")" }
            let verb = identifier == nil ? "Created" : "Saved"
            return ConsoleResponse.redirect(
                to: "/\(plural)/\(written)",
                flash: failed.isEmpty ? "\(verb) \(kind.rawValue) \(written)." : "\(verb) \(kind.rawValue) \(written), but the broker refused: \(failed.joined(separator: "; "))",
                error: !failed.isEmpty)
        } catch let error as RegistryWriteError {
            let problems: [ConfigurationProblem]
            switch error {
            case .invalid(let found): problems = found
            case .duplicate(let written): problems = [ConfigurationProblem(path: "identifier", message: "\(kind.rawValue) \"\(written)\" already exists")]
            case .notFound(let written): throw ConsoleError.notFound("\(kind.rawValue) \"\(written)\"")
            case .store(let error): throw error
            }
            guard let identifier else { return try await formPage(request, context: context, values: context.form, problems: problems) }
            return try await rowPage(identifier, request: request, context: context, values: context.form, problems: problems)
        }
    }

    private func delete(_ identifier: String) async throws -> Response {
        switch try await services.live.delete(kind, identifier: identifier).0 {
        case .notFound:
            throw ConsoleError.notFound("\(kind.rawValue) \"\(identifier)\"")
        case .refused(let dependants):
            return ConsoleResponse.redirect(
                to: "/\(plural)/\(identifier)", flash: "Not deleted: \(identifier) is in use by \(dependants.joined(separator: ", ")).",
                error: true)
        case .deleted:
            return ConsoleResponse.redirect(to: "/\(plural)", flash: "Deleted \(kind.rawValue) \(identifier).")
        }
    }

    /// The form's template values: its fields (errors next to the fields they name), where it posts.
    private func editor(values: ConsoleForm, editing identifier: String?, problems: [ConfigurationProblem], extra: [String: Any]) async throws
        -> [String: Any]
    {
        var fields = Form.fields(values, registry: try await services.store.loadRegistry(), editing: identifier != nil)
        if identifier != nil {
            fields.removeAll { $0.name == "identifier" }
        }
        let names = Set(fields.map(\.name))
        for index in fields.indices {
            fields[index].value = values[fields[index].name] ?? (fields[index].control == .checkbox ? "false" : "")
            let messages = problems.filter { Form.field(for: $0.path, among: names) == fields[index].name }.map(\.message)
            fields[index].error = messages.isEmpty ? nil : messages.joined(separator: "; ")
        }
        var editor: [String: Any] = [
            "formId": "\(kind.rawValue)-form", "action": "/console/\(plural)" + (identifier.map { "/\($0)" } ?? ""),
            "groups": Self.groups(fields, first: kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst()),
            "submit": identifier == nil ? "Create" : "Save",
        ]
        editor.merge(extra) { _, extra in extra }
        editor.merge(Form.editorExtras(values, editing: identifier)) { current, _ in current }
        return editor
    }

    /// The fields in fieldsets, in order: consecutive fields of one group share one.
    private static func groups(_ fields: [ConsoleField], first: String) -> [[String: Any]] {
        var groups: [(legend: String, fields: [[String: Any]])] = []
        for field in fields {
            let legend = field.group ?? first
            if groups.last?.legend == legend {
                groups[groups.count - 1].fields.append(field.values)
            } else {
                groups.append((legend, [field.values]))
            }
        }
        return groups.map { ["legend": $0.legend, "fields": $0.fields] }
    }

    /// Every problem, with its path, for the flash above the form.
    private static func flash(_ problems: [ConfigurationProblem]) -> ConsoleRenderer.Flash? {
        guard !problems.isEmpty else { return nil }
        return .error(problems.map { $0.path.isEmpty ? $0.message : "\($0.path): \($0.message)" }.joined(separator: "\n"))
    }

    private static func identifier(of row: JSONObject) -> String {
        guard case .string(let identifier)? = row["identifier"] else { return "" }
        return identifier
    }
}
