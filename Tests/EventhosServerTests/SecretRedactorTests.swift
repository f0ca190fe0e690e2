import Testing

@testable import EventhosServer

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
}
