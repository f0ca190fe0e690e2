import Foundation
import Testing

@testable import EventhosStore

@Suite struct TimestampTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"), (1_800_000_000.123, "2027-01-15T08:00:00.123Z"),
        (951_782_400.5, "2000-02-29T00:00:00.500Z"), (-1.0, "1969-12-31T23:59:59.000Z"),
        (4_102_444_799.999, "2099-12-31T23:59:59.999Z"),
    ])
    func writesISO8601WithMilliseconds(seconds: Double, text: String) throws {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(date.storageText == text)
        #expect(try Date(storageText: text) == date)
    }

    @Test func roundsToTheNearestMillisecondWithoutDrift() throws {
        let text = Date(timeIntervalSince1970: 1_795_748_972.3529322).storageText
        #expect(text == "2026-11-27T03:09:32.353Z")
        #expect(try Date(storageText: text).storageText == text)
    }

    @Test(arguments: ["", "2026-11-27", "2026-11-27T03:09:32Z", "2026-11-27T03:09:xx.353Z"])
    func rejectsOtherText(_ text: String) {
        #expect(throws: StoreError.self) { try Date(storageText: text) }
    }
}
