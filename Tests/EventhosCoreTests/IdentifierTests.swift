import EventhosCore
import Testing

@Suite struct IdentifierTests {
    @Test(arguments: ["crm", "0", "customer-created", "billing.v2", "a_b", String(repeating: "a", count: 75)])
    func valid(_ identifier: String) {
        #expect(Identifier.isValid(identifier))
    }

    @Test(arguments: ["", "CRM", "-crm", ".crm", "_crm", "crm!", "café", "a b", String(repeating: "a", count: 76)])
    func invalid(_ identifier: String) {
        #expect(!Identifier.isValid(identifier))
    }

    @Test(arguments: [
        ("CRM", "crm"),
        ("Customer created", "customer-created"),
        ("Customer created new", "customer-created-new"),
        ("  Billing (ERP) ", "billing-erp"),
        ("Crème brûlée v2.1", "creme-brulee-v2-1"),
        ("!!!", ""),
    ])
    func derive(_ name: String, _ identifier: String) {
        #expect(Identifier.derive(from: name) == identifier)
    }

    @Test func derivedIdentifiersAreCutToTheMaximumLength() {
        let derived = Identifier.derive(from: String(repeating: "a", count: 74) + " b")
        #expect(derived == String(repeating: "a", count: 74))
        #expect(Identifier.isValid(derived))
    }
}
