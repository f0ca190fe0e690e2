import EventhosCore
import EventhosEngine
import EventhosJSON
import EventhosTemplates
import OrderedCollections

/// Registry rows as the admin API answers them: the configuration file's field names, and
/// `"***"` in place of every secret (secrets are written, never read back).
enum RegistryRowJSON {
    static let masked = JSONValue.string("***")

    static func system(_ system: SystemDefinition) -> JSONObject {
        var json: JSONObject = [
            "identifier": .string(system.identifier), "name": .string(system.name), "type": .string(system.type),
            "class": .string(system.systemClass.rawValue), "description": .string(system.description),
        ]
        if let user = system.amqpUser {
            json["amqpUser"] = .string(user)
        }
        return json
    }

    static func event(_ event: EventDefinition) -> JSONObject {
        [
            "identifier": .string(event.identifier), "name": .string(event.name), "operation": .string(event.operation.rawValue),
            "producer": .string(event.producer), "description": .string(event.description),
        ]
    }

    static func action(_ action: ActionDefinition) -> JSONObject {
        let http = action.http
        var request: JSONObject = [
            "method": .string(http.method), "url": .string(http.url),
            "headers": .object(JSONObject(uniqueKeysWithValues: http.headers.map { ($0.key, .string($0.value)) })),
            "params": .object(JSONObject(uniqueKeysWithValues: http.params.map { ($0.key, .string($0.value)) })),
            "timeout": .string(http.timeout.configText),
        ]
        if let data = http.data {
            request["data"] = data
        }
        var json: JSONObject = [
            "identifier": .string(action.identifier), "name": .string(action.name), "operation": .string(action.operation.rawValue),
            "subscriber": .string(action.subscriber), "description": .string(action.description), "http": .object(request),
            "security": .object(security(action.security)),
        ]
        if let signing = action.signing {
            json["signing"] = .object(signing.previousSecret == nil ? ["secret": masked] : ["secret": masked, "previousSecret": masked])
        }
        if let replyTo = action.replyTo {
            json["replyTo"] = .string(replyTo)
        }
        json["maxInFlight"] = action.maxInFlight.map { .int(Int64($0)) }
        json["rateLimit"] = action.rateLimit.map { .string($0.configText) }
        json["responses"] = action.responses?.json
        json["circuitBreaker"] = action.circuitBreaker?.json
        return json
    }

    static func contract(_ contract: ContractDefinition) -> JSONObject {
        var json: JSONObject = [
            "identifier": .string(contract.identifier), "name": .string(contract.name), "event": .string(contract.event),
            "action": .string(contract.action), "active": .bool(contract.active), "order": .int(Int64(contract.order)),
        ]
        json["pause"] = pause(contract.pause)
        if let filter = contract.filter {
            json["filter"] = filter.json
        }
        if let maxAge = contract.maxAge {
            json["maxAge"] = .string(maxAge.configText)
        }
        json["responses"] = contract.responses?.json
        json["ordering"] = contract.ordering?.json
        if let retry = contract.retry {
            json["retry"] = .object([
                "maxAttempts": .int(Int64(retry.maxAttempts)), "backoff": .array(retry.backoff.map { .string($0.configText) }),
            ])
        }
        return json
    }

    /// A contract's pause, `null` when it delivers.
    static func pause(_ pause: ContractPause?) -> JSONValue {
        guard let pause else { return .null }
        return .object(["reason": .string(pause.reason.rawValue), "since": .string(AdminTime.text(pause.since))])
    }

    private static func security(_ security: ActionSecurity) -> JSONObject {
        switch security {
        case .none:
            return ["type": .string("none")]
        case .bearer:
            return ["type": .string("bearer"), "token": masked]
        case .basic(let user, _):
            return ["type": .string("basic"), "username": .string(user), "password": masked]
        case .apiKey(let name, let placement, _):
            return ["type": .string("api-key"), "name": .string(name), "in": .string(placement.rawValue), "value": masked]
        case .oauth2ClientCredentials(let credentials):
            var json: JSONObject = [
                "type": .string("oauth2-client-credentials"), "tokenUrl": .string(credentials.tokenURL),
                "clientId": .string(credentials.clientId), "clientSecret": masked,
            ]
            json["scope"] = credentials.scope.map(JSONValue.string)
            json["audience"] = credentials.audience.map(JSONValue.string)
            if !credentials.extraFields.isEmpty {
                json["extraFields"] = .object(credentials.extraFields.mapValues(JSONValue.string))
            }
            return json
        }
    }
}
