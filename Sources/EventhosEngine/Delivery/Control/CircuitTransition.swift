import EventhosCore
import EventhosJSON
import EventhosTemplates
import Foundation
import Logging
import OrderedCollections

/// What a circuit breaker's transition causes: a log line, an operator event, and, when the
/// breaker gives up (`disableAfter`), the pause of the action's contracts.
package struct CircuitTransition: Sendable {
    let live: LiveRegistry
    let operatorEvents: OperatorEvents
    let logger: Logger

    package func follow(_ transition: CircuitBreaker.Transition, of action: ActionDefinition) async {
        let contracts = live.snapshot.contracts.filter { $0.action.identifier == action.identifier }.map(\.contract.identifier)
        var details: JSONObject = ["action": .string(action.identifier), "contracts": .array(contracts.map(JSONValue.string))]
        switch transition {
        case .opened(let openFor), .reopened(let openFor):
            logger.warning("circuit breaker open", metadata: ["action": "\(action.identifier)", "openFor": "\(openFor.configText)"])
            details["openFor"] = .string(openFor.configText)
            details["probeFailed"] = .bool(transition != .opened(openFor: openFor))
            await operatorEvents.publish(.circuitOpened, subject: action.identifier, about: contracts, details: details)
        case .closed:
            logger.notice("circuit breaker closed: the probe succeeded", metadata: ["action": "\(action.identifier)"])
            await operatorEvents.publish(.circuitClosed, subject: action.identifier, about: contracts, details: details)
        case .disabled:
            logger.error(
                "circuit breaker gave up: the action's contracts are paused until an operator resumes them",
                metadata: ["action": "\(action.identifier)", "contracts": "\(contracts)"])
            do {
                _ = try await live.setPause(ContractPause(reason: .circuitBreaker, since: Date()), contracts: contracts)
            } catch {
                logger.error("contracts not paused: the store failed", metadata: ["action": "\(action.identifier)", "error": "\(error)"])
            }
        }
    }
}
