import EventhosJSON
import EventhosTemplates
import OrderedCollections
import Testing

@testable import EventhosEngine

@Suite("Secret redaction")
struct SecretRedactorTests {
    let redactor = SecretRedactor(secrets: ["s3cr3t/key", "tok-123", ""])

    @Test("a header whose value holds a secret is masked, whatever its name")
    func headersByValue() {
        let headers = redactor.headers([
            ("X-Custom", "Token tok-123"), ("Content-Type", "application/json"), ("Authorization", "Basic abc"),
            ("webhook-signature", "v1,abc"),
        ])
        #expect(headers.map(\.1) == ["***", "application/json", "***", "***"])
    }

    @Test("secrets are replaced in clear and percent-encoded; an empty secret masks nothing")
    func text() {
        #expect(redactor.text("https://x/y?key=s3cr3t%2Fkey&t=tok-123") == "https://x/y?key=***&t=***")
        #expect(redactor.text(#"{"echo":"s3cr3t/key"}"#) == #"{"echo":"***"}"#)
        #expect(redactor.text("nothing here") == "nothing here")
    }

    @Test("a secret changed in case or percent-encoded as many times as a template can is masked")
    func transformedByTemplates() {
        let redactor = SecretRedactor(secrets: ["Tok+en/1="])
        var encoded = "Tok+en/1="
        for _ in 0..<SecretRedactor.encodings {
            encoded = encoded.percentEncoded()
            #expect(redactor.text("x=\(encoded)") == "x=***")
        }
        #expect(redactor.text("TOK+EN/1= tok+en/1=") == "*** ***")
        #expect(redactor.headers([("X-Echo", "tok+en/1=")]).map(\.1) == ["***"])
    }

    @Test("a token response's secrets: the access token and every string member named *token")
    func tokenResponseSecrets() {
        let token = OAuthToken(
            accessToken: "a1", lifetime: .seconds(60), receivedAt: .now,
            response: .object([
                "body": .object([
                    "access_token": .string("a1"), "refresh_token": .string("r1"), "id_token": .string("i1"),
                    "token_type": .string("Bearer"), "expires_in": .int(60),
                ]),
                "headers": .object([:]),
            ]))
        #expect(Set(token.secrets) == ["a1", "r1", "i1"])
    }
}
