import EventhosCore
import Foundation
import Testing

/// The delivery options of actions: signing with rotation, `maxInFlight`, `rateLimit`, the chain hop limit.
@Suite struct ActionDeliveryOptionsTests {
    /// The valid registry, its action given `options` (block mapping lines).
    static func action(_ options: String...) -> String {
        validRegistry.replacingOccurrences(
            of: "    http: { method: POST, url: \"http://127.0.0.1:9000/accounts/${.body.id}\", timeout: 5s }",
            with: (["    http: { url: \"http://127.0.0.1:9000/a\" }"] + options.map { "    " + $0 }).joined(separator: "\n"))
    }

    @Test func readsSigningRotationAndLimits() throws {
        let configuration = try EventhosConfiguration.parse(
            yaml: Self.action("signing: { secretEnv: NEW, previousSecret: old-secret }", "maxInFlight: 4", "rateLimit: 600/m"),
            environment: ["NEW": "whsec_bmV3"])
        let action = try #require(configuration.registry.actions.first)
        #expect(action.signing == ActionSigning(secret: Secret("whsec_bmV3"), previousSecret: Secret("old-secret")))
        #expect(action.maxInFlight == 4)
        #expect(action.rateLimit == RateLimit(count: 600, per: .minute))
    }

    @Test func chainHopLimitIsAServerSetting() throws {
        #expect(try EventhosConfiguration.parse(yaml: validRegistry, environment: [:]).server.chainHopLimit == 8)
        let configured = try EventhosConfiguration.parse(yaml: "server: { chainHopLimit: 3 }\n" + validRegistry, environment: [:])
        #expect(configured.server.chainHopLimit == 3)
        #expect(problemPaths(in: "server: { chainHopLimit: 0 }\n" + validRegistry) == ["server.chainHopLimit"])
    }

    @Test func refusesBadLimitsAndAHalfGivenPreviousSecret() {
        #expect(problemPaths(in: Self.action("maxInFlight: 0")) == ["actions[0].maxInFlight"])
        for rate in ["fast", "0/s", "05/s", "+5/s", "1000000000/m", "5/h"] {
            #expect(problemPaths(in: Self.action("rateLimit: \"\(rate)\"")) == ["actions[0].rateLimit"], "\(rate)")
        }
        #expect(RateLimit(configText: "999999999/s") == RateLimit(count: 999_999_999, per: .second))
        #expect(problemPaths(in: Self.action("signing: { secret: a, previousSecretEnv: MISSING }")).count == 1)
    }
}
