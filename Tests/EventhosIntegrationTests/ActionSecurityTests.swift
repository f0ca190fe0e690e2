import Crypto
import EventhosJSON
import EventhosTemplates
import Foundation
import GRDB
import Testing

/// Action security and signing against a real broker, a real subscriber and a real token endpoint
/// (the subscriber's `/token`).
@Suite("Action security and signing", .serialized)
struct ActionSecurityTests {
    /// One action and contract per security type, all on the bridge's event.
    static func securedBridge(_ subscriber: TestSubscriber, tokenLifetime: Int = 3600) throws -> TestBridge {
        let url = subscriber.url
        let actions = [
            ("bearer", #"security: { type: bearer, token: "bearer-secret-{tag}" }"#),
            ("basic", #"security: { type: basic, username: eventhos, password: "basic-secret-{tag}" }"#),
            ("key-header", #"security: { type: api-key, name: X-Api-Key, in: header, value: "header-key-{tag}" }"#),
            ("key-query", #"security: { type: api-key, name: api_key, in: query, value: "query/key={tag}" }"#),
            (
                "oauth",
                #"security: { type: oauth2-client-credentials, tokenUrl: "\#(url)/token", clientId: eventhos, clientSecret: "client-secret-{tag}", scope: accounts, audience: billing }"#
            ),
            ("signed", #"signing: { secret: "\#(signingSecret)", previousSecret: "raw-previous-{tag}" }"#),
        ]
        let headers = #"headers: { Content-Type: application/json, X-Token-Type: "${.oauthResponse.body.token_type}" }"#
        subscriber.respond(
            "/token", json: #"{"access_token":"access-{n}-\#(UUID().uuidString)","token_type":"Bearer","expires_in":\#(tokenLifetime)}"#)
        return try TestBridge(
            subscriberURL: url,
            actions: actions.map { name, security in
                #"  - { identifier: "{tag}-\#(name)", name: "\#(name)", operation: new, subscriber: "{tag}-billing", http: { url: "\#(url)/\#(name)", \#(name == "oauth" ? headers + "," : "") timeout: 2s }, \#(security) }"#
            }.joined(separator: "\n"),
            contracts: actions.map { name, _ in
                #"  - { identifier: "{tag}-to-\#(name)", name: "\#(name)", event: "{tag}-customer-created", action: "{tag}-\#(name)" }"#
            }.joined(separator: "\n"))
    }

    static let signingSecret = "whsec_" + Data("current signing secret of the test".utf8).base64EncodedString()

    @Test("each security type as the subscriber sees it; signatures verify; no secret in the audit, the store file or the log")
    func everySecurityType() async throws {
        try await withSubscriber { subscriber in
            let bridge = try Self.securedBridge(subscriber)
            let tag = bridge.tag
            let log = CapturedLog()
            try await bridge.run(logger: log.logger) { base in
                let answer = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": 5, "name": "Ada"}"#,
                    headers: [("access-key", bridge.key)])
                let id = try #require(answer.json?["receivedEventId"]?.stringValue)

                let bearer = try #require(try await subscriber.wait(for: "/bearer").first)
                #expect(bearer.headers["authorization"] == "Bearer bearer-secret-\(tag)")
                let basic = try #require(try await subscriber.wait(for: "/basic").first)
                let credentials = Data("eventhos:basic-secret-\(tag)".utf8).base64EncodedString()
                #expect(basic.headers["authorization"] == "Basic \(credentials)")
                let keyHeader = try #require(try await subscriber.wait(for: "/key-header").first)
                #expect(keyHeader.headers["x-api-key"] == "header-key-\(tag)")
                let keyQuery = try #require(try await subscriber.wait(for: "/key-query").first)
                #expect(keyQuery.query["api_key"] == "query/key=\(tag)")

                let tokenRequest = try #require(try await subscriber.wait(for: "/token").first)
                #expect(tokenRequest.headers["content-type"] == "application/x-www-form-urlencoded")
                let form = Set(tokenRequest.body.split(separator: "&").map(String.init))
                #expect(
                    form == [
                        "grant_type=client_credentials", "client_id=eventhos", "client_secret=client-secret-\(tag)",
                        "scope=accounts", "audience=billing",
                    ])
                let oauth = try #require(try await subscriber.wait(for: "/oauth").first)
                let accessToken = try #require(oauth.headers["authorization"]?.dropFirst("Bearer ".count)).description
                #expect(accessToken.hasPrefix("access-1-"))
                #expect(oauth.headers["x-token-type"] == "Bearer", "the token response is available to templates")

                let signed = try #require(try await subscriber.wait(for: "/signed").first)
                #expect(signed.headers["webhook-id"] == "\(id).\(tag)-to-signed")
                let signatures = try #require(signed.headers["webhook-signature"]).split(separator: " ").map(String.init)
                #expect(signatures.count == 2)
                for (index, key) in [Self.key(Self.signingSecret), Array("raw-previous-\(tag)".utf8)].enumerated() {
                    #expect(Self.verify(signed, key: key, signature: signatures[index]), "signature \(index) does not verify")
                }

                let audit = AuditReader(path: bridge.storePath)
                let completed = try await eventually {
                    let rows = try audit.rows(
                        "SELECT count(*) AS n FROM contract_exc_detail WHERE received_event_id = ? AND state = 'COMPLETED'", [id])
                    return rows.first.map { $0["n"] as Int } == 7 ? true : nil
                }
                #expect(completed == true)
                let recorded = try Self.recordedTries(audit).joined(separator: "\n")
                #expect(recorded.contains(#""Authorization":"***""#))
                #expect(recorded.contains("api_key=***"))
                #expect(recorded.contains(#""webhook-signature":"***""#))
                let secrets = [
                    "bearer-secret-\(tag)", "basic-secret-\(tag)", credentials, "header-key-\(tag)", "query/key=\(tag)",
                    "query%2Fkey%3D\(tag)", "client-secret-\(tag)", accessToken, Self.signingSecret, "raw-previous-\(tag)",
                ] + signatures
                try Self.expectNowhere(secrets, recorded: recorded, storePath: bridge.storePath, log: log)
            }
        }
    }

    @Test("OAuth: one token for many concurrent events, fetched again after expiry and after a 401")
    func oauthTokenLifecycle() async throws {
        try await withSubscriber { subscriber in
            let bridge = try Self.securedBridge(subscriber, tokenLifetime: 3)
            try await bridge.run { base in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<20 {
                        group.addTask {
                            _ = try await HTTP.post(
                                base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": \#(index)}"#,
                                headers: [("access-key", bridge.key)])
                        }
                    }
                    try await group.waitForAll()
                }
                let first = try await subscriber.wait(for: "/oauth", count: 20)
                #expect(first.count == 20)
                #expect(Set(first.compactMap { $0.headers["authorization"]?.prefix("Bearer access-1-".count) }) == ["Bearer access-1-"])
                #expect(subscriber.requests(at: "/token").count == 1, "one token fetch for 20 concurrent deliveries")

                try await Task.sleep(for: .seconds(3))  // expires_in 3: refreshed after 2.7 s
                _ = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": 100}"#, headers: [("access-key", bridge.key)])
                let afterExpiry = try await subscriber.wait(for: "/oauth", count: 21)
                #expect(afterExpiry.last?.headers["authorization"]?.hasPrefix("Bearer access-2-") == true)

                subscriber.script("/oauth", [401, 200])
                let answer = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": 101}"#, headers: [("access-key", bridge.key)])
                let id = try #require(answer.json?["receivedEventId"]?.stringValue)
                let afterRefusal = try await subscriber.wait(for: "/oauth", count: 23)
                #expect(afterRefusal[21].headers["authorization"]?.hasPrefix("Bearer access-2-") == true)
                #expect(afterRefusal[22].headers["authorization"]?.hasPrefix("Bearer access-3-") == true)
                #expect(subscriber.requests(at: "/token").count == 3)

                let audit = AuditReader(path: bridge.storePath)
                let tries = try await eventually {
                    let rows = try audit.rows(
                        """
                        SELECT t.attempt, t.response_status, t.warnings FROM contract_exc_try t
                        JOIN contract_exc_detail d ON t.contract_exc_detail_id = d.id
                        JOIN contract c ON c.id = d.contract_id
                        WHERE d.received_event_id = ? AND c.identifier = ?
                        """, [id, "\(bridge.tag)-to-oauth"])
                    return rows.isEmpty ? nil : rows
                }
                #expect(tries?.count == 1, "the refresh and repeat belong to one try")
                #expect(tries?.first?["response_status"] == 200)
                #expect((tries?.first?["warnings"] as String?)?.contains("401") == true)
            }
        }
    }

    @Test("a token endpoint failure is a retryable failure of the try, with its own error")
    func tokenEndpointFailure() async throws {
        try await withSubscriber { subscriber in
            let bridge = try Self.securedBridge(subscriber)
            subscriber.script("/token", [500, 200])
            try await bridge.run { base in
                let answer = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": 1}"#, headers: [("access-key", bridge.key)])
                let id = try #require(answer.json?["receivedEventId"]?.stringValue)
                #expect(try await subscriber.wait(for: "/oauth").count == 1)
                let audit = AuditReader(path: bridge.storePath)
                let tries = try await eventually {
                    let rows = try audit.rows(
                        """
                        SELECT t.attempt, t.state, t.error, t.response_status FROM contract_exc_try t
                        JOIN contract_exc_detail d ON t.contract_exc_detail_id = d.id
                        JOIN contract c ON c.id = d.contract_id
                        WHERE d.received_event_id = ? AND c.identifier = ? ORDER BY t.attempt
                        """, [id, "\(bridge.tag)-to-oauth"])
                    return rows.count == 2 ? rows : nil
                }
                let rows = try #require(tries)
                #expect(rows[0]["state"] == "retryable")
                #expect(rows[0]["error"] == "token endpoint: HTTP 500")
                #expect(rows[0]["response_status"] as Int? == nil)
                #expect(rows[1]["state"] == "success")
            }
        }
    }

    /// The bytes of a secret as Standard Webhooks libraries decode it.
    static func key(_ secret: String) -> [UInt8] {
        Array(Data(base64Encoded: String(secret.dropFirst("whsec_".count)))!)
    }

    /// Verifies one `v1,` signature of a recorded request, independently of Eventhos.
    static func verify(_ request: TestSubscriber.Recorded, key: [UInt8], signature: String) -> Bool {
        guard let id = request.headers["webhook-id"], let timestamp = request.headers["webhook-timestamp"],
            let seconds = Int64(timestamp), abs(Int64(Date().timeIntervalSince1970) - seconds) < 300
        else { return false }
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("\(id).\(timestamp).\(request.body)".utf8), using: SymmetricKey(data: key))
        return signature == "v1," + Data(mac).base64EncodedString()
    }

    /// What every try recorded of its request, response, error and warnings, one text per try.
    static func recordedTries(_ audit: AuditReader) throws -> [String] {
        let columns = ["request_url", "request_headers", "request_body", "response_headers", "response_body", "error", "warnings"]
        return try audit.rows("SELECT \(columns.joined(separator: ", ")) FROM contract_exc_try").map { row in
            columns.compactMap { row[$0] as String? }.joined(separator: "\n")
        }
    }

    /// Expects none of `secrets` in the recorded tries, the bytes of the store file and its WAL, or the log.
    static func expectNowhere(_ secrets: [String], recorded: String, storePath: String, log: CapturedLog) throws {
        let file = try storeBytes(storePath)
        let logged = log.text
        #expect(logged.contains("try finished"), "the log is captured at trace level")
        for secret in secrets {
            #expect(!recorded.contains(secret), "a secret is in the audit rows: \(secret)")
            #expect(file.range(of: Data(secret.utf8)) == nil, "a secret is in the store file: \(secret)")
            #expect(!logged.contains(secret), "a secret is in the log: \(secret)")
        }
    }

    /// The bytes of the store file and its WAL.
    static func storeBytes(_ path: String) throws -> Data {
        var bytes = Data()
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: path + suffix) {
            bytes.append(try Data(contentsOf: URL(fileURLWithPath: path + suffix)))
        }
        return bytes
    }
}
