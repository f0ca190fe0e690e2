import EventhosCore

/// A small valid registry: crm (producer) → customer-created → create-account on billing (subscriber).
let validRegistry = """
    systems:
      - { identifier: crm, name: CRM, type: SaaS, class: producer, keys: [ { name: default, key: crm-key-0123456789 } ] }
      - { identifier: billing, name: Billing, type: ERP, class: subscriber }
    events:
      - { identifier: customer-created, name: Customer created, operation: new, producer: crm }
    actions:
      - identifier: create-account
        name: Create account
        operation: new
        subscriber: billing
        http: { method: POST, url: "http://127.0.0.1:9000/accounts/${.body.id}", timeout: 5s }
    contracts:
      - { identifier: crm-to-billing, name: CRM to billing, event: customer-created, action: create-account }

    """

/// The problems of a configuration that must not parse; none when it parses.
func problems(in yaml: String, environment: [String: String] = [:]) -> [ConfigurationProblem] {
    do {
        _ = try EventhosConfiguration.parse(yaml: yaml, environment: environment)
        return []
    } catch {
        return error.problems
    }
}

/// The paths of the problems of a configuration.
func problemPaths(in yaml: String, environment: [String: String] = [:]) -> [String] {
    problems(in: yaml, environment: environment).map(\.path)
}
