import Crypto
import EventhosJSON
import EventhosTemplates
import Foundation
import GRDB
import Testing

/// Every security type and signing, with distinctive secrets, through failing and succeeding tries and
/// a failing token endpoint: none of the secrets may be found in the store file (every table, and its
/// WAL), in a trace-level log, or in the audit rows, whatever the subscriber and the token endpoint
/// echo and whatever templates do with the token response.
@Suite("No secret in the store, the log or the audit", .serialized)
struct SecretLeakTests {
    @Test("secrets stay out of the store file, the WAL, the log and contract_exc_try, through failures")
    func noSecretAnywhere() async throws {
        try await withSubscriber { subscriber in
            let url = subscriber.url
            let previous = "zz-previous-signing"
            let signing = "whsec_" + Data("zz current signing secret".utf8).base64EncodedString()
            let actions = [
                ("bearer", #"security: { type: bearer, token: "zz-bearer-{tag}" }"#, ""),
                ("basic", #"security: { type: basic, username: eventhos, password: "zz-basic-{tag}" }"#, ""),
                ("key-header", #"security: { type: api-key, name: X-Key, in: header, value: "zz-hkey-{tag}" }"#, ""),
                ("key-query", #"security: { type: api-key, name: key, in: query, value: "zz-qkey/{tag}" }"#, ""),
                (
                    "oauth",
                    #"security: { type: oauth2-client-credentials, tokenUrl: "\#(url)/token", clientId: eventhos, clientSecret: "zz-client-{tag}", extraFields: { resource: billing } }"#,
                    #"headers: { X-Echo: "${lower(.oauthResponse.body.access_token)}" }, data: { t: "${upper(.oauthResponse.body.access_token)}", r: "${.oauthResponse.body.refresh_token}", j: "${json(.oauthResponse.body)}", u: "${urlencode(.oauthResponse.body)}" },"#
                ),
                ("signed", #"signing: { secret: "\#(signing)", previousSecret: "\#(previous)" }"#, ""),
            ]
            let bridge = try TestBridge(
                subscriberURL: url,
                actions: actions.map { name, security, template in
                    #"  - { identifier: "{tag}-\#(name)", name: "\#(name)", operation: new, subscriber: "{tag}-billing", http: { url: "\#(url)/\#(name)", \#(template) timeout: 2s }, \#(security) }"#
                }.joined(separator: "\n"),
                contracts: actions.map { name, _, _ in
                    #"  - { identifier: "{tag}-to-\#(name)", name: "\#(name)", event: "{tag}-customer-created", action: "{tag}-\#(name)" }"#
                }.joined(separator: "\n"))
            let tag = bridge.tag
            let basic = Data("eventhos:zz-basic-\(tag)".utf8).base64EncodedString()
            // The token endpoint fails once, naming the client secret in its error; the token it then
            // gives is the second (`{n}`). Each subscriber path fails once, echoing its credentials.
            subscriber.script("/token", [500, 200])
            subscriber.respond(
                "/token",
                json: #"{"access_token":"ZZ-Access-{n}-\#(tag)","refresh_token":"zz-refresh-{n}-\#(tag)","expires_in":3600,"error":"bad zz-client-\#(tag)"}"#)
            let echoes = [
                "bearer": "Bearer zz-bearer-\(tag)", "basic": "Basic \(basic)", "key-header": "zz-hkey-\(tag)",
                "key-query": "zz-qkey/\(tag)", "oauth": "ZZ-Access-2-\(tag) zz-refresh-2-\(tag)", "signed": "",
            ]
            for (name, echo) in echoes {
                subscriber.script("/\(name)", [500, 200])
                subscriber.respond("/\(name)", json: #"{"echo":"\#(echo)"}"#)
            }
            let log = CapturedLog()
            try await bridge.run(logger: log.logger) { base in
                let answer = try await HTTP.post(
                    base + "/event/send?event-identifier=\(bridge.event)", body: #"{"id": 5}"#, headers: [("access-key", bridge.key)])
                let id = try #require(answer.json?["receivedEventId"]?.stringValue)
                let audit = AuditReader(path: bridge.storePath)
                let completed = try await eventually(timeout: .seconds(30)) {
                    let rows = try audit.rows(
                        "SELECT count(*) AS n FROM contract_exc_detail WHERE received_event_id = ? AND state = 'COMPLETED'", [id])
                    return rows.first.map { $0["n"] as Int } == actions.count + 1 ? true : nil
                }
                #expect(completed == true)

                let oauth = try #require(subscriber.requests(at: "/oauth").last)
                #expect(oauth.headers["authorization"] == "Bearer ZZ-Access-2-\(tag)")
                #expect(oauth.headers["x-echo"] == "zz-access-2-\(tag)")
                let signatures = try #require(subscriber.requests(at: "/signed").last?.headers["webhook-signature"])
                    .split(separator: " ").map(String.init)

                let tries = try ActionSecurityTests.recordedTries(audit)
                let recorded = tries.joined(separator: "\n")
                #expect(recorded.contains("token endpoint: HTTP 500 (bad ***)"), "the token endpoint's failure is recorded, redacted")
                #expect(recorded.contains(#"{"echo":"Bearer ***"}"#), "a failing try's response is recorded, redacted")
                #expect(recorded.contains(#""X-Echo":"***""#))
                #expect(tries.count == 2 * actions.count + 2, "one failing and one succeeding try each, and a failing token fetch")

                let secrets = [
                    "zz-bearer-\(tag)", "zz-basic-\(tag)", basic, "zz-hkey-\(tag)", "zz-qkey/\(tag)", "zz-qkey%2F\(tag)", "zz-client-\(tag)",
                    "ZZ-Access-2-\(tag)", "zz-access-2-\(tag)", "ZZ-ACCESS-2-\(tag.uppercased())", "zz-refresh-2-\(tag)", signing, previous,
                ] + signatures
                let file = try ActionSecurityTests.storeBytes(bridge.storePath)
                #expect(file.range(of: Data("token endpoint: HTTP 500".utf8)) != nil, "the store bytes hold the audit rows")
                try ActionSecurityTests.expectNowhere(secrets, recorded: recorded, storePath: bridge.storePath, log: log)
            }
        }
    }
}
