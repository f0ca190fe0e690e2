import EventhosJSON
import Testing

extension TestBridge {
    /// Sends `{"id": <id>, "name": "N"}` as the producer `{tag}-crm` to the event `{tag}-customer-created`
    /// of the bridge at `base`; returns the receivedEventId of the 202.
    func send(to base: String, id: Int) async throws -> String {
        let answer = try await HTTP.post(
            base + "/event/send?event-identifier=\(event)", body: #"{"id": \#(id), "name": "N"}"#, headers: [("access-key", key)])
        return try #require(answer.json?["receivedEventId"]?.stringValue, "\(answer.status) \(answer.body)")
    }
}
