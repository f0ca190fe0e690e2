import EventhosStore
import Foundation
import Testing

@testable import EventhosAdmin
@testable import EventhosEngine

/// The received events list's parameters, as the admin API and the console's events log read them.
@Suite struct ReceivedEventListingTests {
    static func listing(_ parameters: [String: String]) throws(ReceivedEventListing.Invalid) -> ReceivedEventListing {
        try ReceivedEventListing { parameters[$0] }
    }

    @Test func everyFilterGoesIntoTheQuery() throws {
        let listing = try Self.listing([
            "id": "0190-a", "event": "customer-created", "producer": "crm", "state": "rejected", "source": "chain",
            "from": "2027-01-15T08:00:00Z", "to": "2027-01-15T09:00:00.500Z", "limit": "20",
        ])
        #expect(listing.query.id == "0190-a")
        #expect(listing.query.event == "customer-created")
        #expect(listing.query.producer == "crm")
        #expect(listing.query.state == .rejected)
        #expect(listing.query.source == .chain)
        #expect(listing.query.from == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(listing.query.to == Date(timeIntervalSince1970: 1_800_003_600.5))
        #expect(listing.query.limit == 21, "one more than the page, to know whether another page follows")
        #expect(listing.query.before == nil)
    }

    @Test func theCursorStartsAfterThePreviousPage() throws {
        let cursor = AdminPage.cursor(after: ["0190-z"])
        #expect(try Self.listing(["cursor": cursor]).query.before == "0190-z")
        #expect(try Self.listing([:]).query.limit == AdminPage.defaultLimit + 1)
    }

    @Test func aBadParameterIsNamed() {
        #expect(throws: ReceivedEventListing.Invalid(code: "invalid_filter", parameter: "state", message: "state must be accepted or rejected")) {
            try Self.listing(["state": "done"])
        }
        #expect(throws: ReceivedEventListing.Invalid(code: "invalid_filter", parameter: "source", message: "source must be webhook, amqp, chain, operations")) {
            try Self.listing(["source": "ftp"])
        }
        #expect(throws: ReceivedEventListing.Invalid.self) { try Self.listing(["to": "yesterday"]) }
        #expect(throws: ReceivedEventListing.Invalid(code: "invalid_page", parameter: "page", message: "the cursor is not one this API gave")) {
            try Self.listing(["cursor": "%%%"])
        }
    }
}
