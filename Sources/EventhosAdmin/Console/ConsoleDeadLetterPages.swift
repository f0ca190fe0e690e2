import AMQP
import EventhosEngine
import EventhosTemplates
import Hummingbird

/// The contracts' dead queues: `GET /console/dead-letters` lists them, `GET
/// /console/dead-letters/{contract}` shows the first messages of one with their errors, `POST
/// …/redrive` sends the selected messages (field `message`, repeated; all when none) back to the
/// contract, and `POST …/purge` deletes them all, only with its confirmation box checked.
struct ConsoleDeadLetterPages: ConsolePages {
    let services: ConsoleServices

    /// The dead queues of the list page, under the names the `dead-letter-queues` partial reads.
    struct Queues: Sendable {
        var deadQueues: [ConsoleDeadLetterView.Queue]
        var deadQueuesError: String?
        /// Whether the table has the oldest message's last try.
        var withOldest = true
    }

    func addRoutes(to group: RouterGroup<ConsoleRequestContext>) {
        group.get("dead-letters") { request, context in
            let queues: Queues
            do {
                queues = Queues(deadQueues: try await services.operations.deadLetters.list().map(ConsoleDeadLetterView.Queue.init))
            } catch {
                guard let refusal = ConsoleServices.refusal(error) else { throw error }
                queues = Queues(deadQueues: [], deadQueuesError: "The dead queues cannot be read: \(refusal)")
            }
            return services.renderer.page(
                "dead-letters", title: "Dead letters", section: "dead-letters", data: ["page": queues], request: request,
                context: context)
        }
        group.get("dead-letters/{contract}") { request, context in
            try await page(try context.parameter("contract"), request: request, context: context)
        }
        group.post("dead-letters/{contract}/redrive") { _, context in
            try context.require(OperationsController.Roles.redrive)
            let contract = try context.parameter("contract")
            let selected = Set(context.form.all("message").filter { !$0.isEmpty })
            let count: Int
            do {
                count =
                    selected.isEmpty
                    ? try await services.operations.deadLetters.redrive(contract: contract)
                    : try await services.operations.deadLetters.redrive(contract: contract, receivedEventIds: selected)
            } catch {
                guard let refusal = ConsoleServices.refusal(error) else { throw error }
                return ConsoleResponse.redirect(to: Self.path(contract), flash: "Nothing redriven: \(refusal)", error: true)
            }
            return ConsoleResponse.redirect(
                to: Self.path(contract), flash: "\(count) message\(count == 1 ? "" : "s") redriven to \(contract).")
        }
        group.post("dead-letters/{contract}/purge") { request, context in
            try context.require(OperationsController.Roles.purge)
            let contract = try context.parameter("contract")
            guard context.form.text("confirm") == "yes" else {
                return try await page(
                    contract, request: request, context: context, status: .badRequest,
                    flash: .error("Nothing purged: check the confirmation box to delete every message of the dead queue."))
            }
            let count: Int
            do {
                count = try await services.operations.deadLetters.purge(contract: contract)
            } catch {
                guard let refusal = ConsoleServices.refusal(error) else { throw error }
                return ConsoleResponse.redirect(to: Self.path(contract), flash: "Nothing purged: \(refusal)", error: true)
            }
            return ConsoleResponse.redirect(
                to: Self.path(contract), flash: "\(count) message\(count == 1 ? "" : "s") purged from the dead queue of \(contract).")
        }
    }

    /// The page of one contract's dead queue.
    private func page(
        _ contract: String, request: Request, context: ConsoleRequestContext, status: HTTPResponse.Status = .ok,
        flash: ConsoleRenderer.Flash? = nil
    ) async throws -> Response {
        let view: ConsoleDeadLetterView
        do {
            let letters = try await services.operations.deadLetters.show(contract: contract, limit: ConsoleDeadLetterView.shownLetters)
            let queue = BrokerNames.deadQueue(contract)
            let depth = try await services.operations.connection.queueInfo(queue).map { Int($0.messages) }
            view = ConsoleDeadLetterView(
                contract: contract,
                summary: DeadQueueSummary(contract: contract, queue: queue, depth: depth, oldestLastTryAt: letters.first?.lastTryAt),
                letters: letters)
        } catch let error as OperationError where error.code == .unknownContract {
            throw ConsoleError.notFound("the active contract \"\(contract)\"")
        } catch {
            guard let refusal = ConsoleServices.refusal(error) else { throw error }
            throw ConsoleError(.serviceUnavailable, "The dead queue cannot be read: \(refusal)")
        }
        return services.renderer.page(
            "dead-letter", title: "Dead letters of \(contract)", section: "dead-letters",
            data: ["page": view, "can": ConsoleServices.permissions(context)], request: request, context: context, status: status,
            flash: flash)
    }

    private static func path(_ contract: String) -> String {
        "/dead-letters/" + contract.percentEncoded()
    }
}
