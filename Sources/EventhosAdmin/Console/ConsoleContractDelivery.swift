import EventhosCore
import EventhosEngine
import EventhosJSON
import EventhosTemplates
import Foundation
import Hummingbird
import OrderedCollections

/// A contract's delivery state on its console page, and `POST /console/contracts/{id}/pause|resume`:
/// the same switch as the admin API's, for operators.
struct ConsoleContractDelivery: ConsolePages {
    let services: ConsoleServices

    func addRoutes(to group: RouterGroup<ConsoleRequestContext>) {
        for paused in [true, false] {
            group.post("contracts/{id}/\(paused ? "pause" : "resume")") { _, context in
                try context.require(ContractControlController.role)
                let identifier = try context.parameter("id")
                guard services.live.snapshot.contract(identifier) != nil else {
                    throw ConsoleError.notFound("contract \"\(identifier)\"")
                }
                do {
                    _ = try await services.live.setPause(
                        paused ? ContractPause(reason: .operator, since: Date()) : nil, contracts: [identifier])
                } catch {
                    return ConsoleResponse.redirect(to: "/contracts/\(identifier)", flash: "Not changed: \(error)", error: true)
                }
                return ConsoleResponse.redirect(
                    to: "/contracts/\(identifier)",
                    flash: paused ? "Paused: messages and due retries wait in its queue." : "Resumed: the contract delivers its backlog.")
            }
        }
    }

    /// The template values of a delivery state from ``ContractControlController/deliveryState(of:)``.
    static func values(_ state: JSONObject) -> [String: Any] {
        var values: [String: Any] = ["paused": false, "queueMessages": "?"]
        if case .object(let pause)? = state["pause"] {
            values["paused"] = true
            values["pausedBy"] = text(pause["reason"]) ?? ""
            values["pausedSince"] = text(pause["since"]) ?? ""
        }
        if case .object(let queue)? = state["queue"], case .int(let messages)? = queue["messages"] {
            values["queueMessages"] = String(messages)
        }
        if case .array(let partitions)? = state["partitions"] {
            values["ordered"] = true
            values["partitions"] = partitions.map { partition -> [String: Any] in
                var row: [String: Any] = [
                    "partition": text(partition["partition"]) ?? "", "queue": text(partition["queue"]) ?? "",
                    "messages": text(partition["messages"]) ?? "?",
                ]
                if case .object(let holding)? = partition["holding"] {
                    row["holding"] = [
                        "receivedEventId": text(holding["receivedEventId"]) ?? "", "key": text(holding["key"]) ?? "",
                        "attempt": text(holding["attempt"]) ?? "", "since": text(holding["since"]) ?? "",
                    ]
                }
                return row
            }
        }
        if case .object(let breaker)? = state["circuitBreaker"] {
            let name = text(breaker["state"]) ?? ""
            values["breaker"] = [
                "state": name, "closed": name == "closed", "openUntil": text(breaker["openUntil"]) as Any,
                "waiting": text(breaker["waiting"]) ?? "0",
            ]
        }
        return values
    }

    private static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: text
        case .int(let number)?: String(number)
        default: nil
        }
    }
}
