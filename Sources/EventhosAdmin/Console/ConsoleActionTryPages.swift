import EventhosCore
import EventhosEngine
import EventhosJSON
import EventhosStore
import EventhosTemplates
import Foundation
import Hummingbird
import OrderedCollections

/// "Try it" in the action editor: sends one test request made from the form as it stands (saved or
/// not) and a sample event body, through the real template, security and signing code
/// (``ActionCall``), and shows the resolved request and the response, credentials masked.
struct ConsoleActionTryPages: ConsolePages {
    let actions: ConsoleRegistryPages<ConsoleActionForm>
    let services: ConsoleServices

    func addRoutes(to group: RouterGroup<ConsoleRequestContext>) {
        group.post("actions/try") { request, context in
            try context.require(.admin)
            let (result, problems) = try await tryIt(context.form, replacing: nil)
            return try await actions.formPage(request, context: context, values: context.form, problems: problems, extra: result)
        }
        group.post("actions/{id}/try") { request, context in
            try context.require(.admin)
            let identifier = try context.parameter("id")
            let (result, problems) = try await tryIt(context.form, replacing: identifier)
            return try await actions.rowPage(
                identifier, request: request, context: context, values: context.form, problems: problems, extra: result)
        }
    }

    /// Reads the form as the registry would, then makes the call; or the problems that prevent it.
    private func tryIt(_ form: ConsoleForm, replacing identifier: String?) async throws -> ([String: Any], [ConfigurationProblem]) {
        let stored = try await services.store.loadRegistry()
        let action: ActionDefinition
        do {
            let json = try ConsoleActionForm.json(form, replacing: identifier, stored: stored)
            guard let read = try RegistryDefinition.row(.action, json: json, replacing: identifier, in: stored, defaultRetry: services.live.defaultRetry)
                .actions.first
            else { return ([:], []) }
            action = read
        } catch let error as RegistryWriteError {
            guard case .invalid(let problems) = error else { throw error }
            return ([:], problems)
        } catch let error as ConfigurationError {
            return ([:], error.problems)
        }
        let sample = Array(form.text("sampleBody").utf8)
        let body: JSONValue
        do {
            body = sample.isEmpty ? .object([:]) : try JSONParser.parse(sample)
        } catch {
            return ([:], [ConfigurationProblem(path: "sampleBody", message: "the sample event body is not JSON: \(error)")])
        }
        let call = try ActionCall(
            action: action, client: services.httpClient, executor: services.executor)
        let outcome = await call.perform(
            ActionCall.Input(
                headers: [("content-type", "application/json")], query: [], body: body, receivedBody: sample,
                deliveryHeaders: [("eventhos-contract", "console-try-it"), ("eventhos-attempt", "1")],
                idempotencyKey: "try-" + UUID().uuidString.lowercased()))
        return (["tryResult": Self.describe(outcome)], [])
    }

    /// The request and the answer as text, for `pre#resolved-request` and `pre#try-response`.
    static func describe(_ outcome: ActionCall.Outcome) -> [String: Any] {
        let request = outcome.request
        let sent = ["\(request.method) \(request.url)"] + request.headers.map { "\($0.name): \($0.value)" }
        let result = outcome.result
        var answer = [result.status.map { "HTTP \($0)" } ?? "no response: \(result.failure?.description ?? "unknown error")"]
        answer += result.headers.map { "\($0.name): \($0.value)" }
        let milliseconds = Int(result.finishedAt.timeIntervalSince(result.startedAt) * 1000)
        return [
            "request": (sent + ["", request.body ?? ""]).joined(separator: "\n"),
            "response": (answer + ["", (result.body ?? "") + (result.truncated ? "\n… (truncated)" : "")]).joined(separator: "\n"),
            "duration": "\(milliseconds) ms", "warnings": outcome.warnings,
        ]
    }
}
