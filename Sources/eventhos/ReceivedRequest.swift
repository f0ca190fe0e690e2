import EventhosEngine
import EventhosJSON
import EventhosTemplates
import Foundation
import Hummingbird
import NIOCore

/// One request that `eventhos listen` received, as it prints it:
///
/// ```
/// === 2026-12-02T10:41:07.532Z POST /accounts/42?tenant=acme -> 204
/// content-type: application/json
/// eventhos-contract: crm-to-billing
///
/// {
///   "customerId": 42
/// }
///
/// ```
///
/// The headers are printed as they came, in their order; a JSON body is indented (its members kept
/// in order), any other UTF-8 body printed as it is, and a body that is not text summed up by its size.
struct ReceivedRequest {
    var method: String
    var pathAndQuery: String
    var headers: [(name: String, value: String)]
    /// The body, or nil when it was over ``Listen/maxBodyBytes`` (and not read).
    var body: [UInt8]?
    var answered: Int
    var receivedAt: Date

    init(_ request: Request, body: ByteBuffer?, answered: Int, at receivedAt: Date) {
        method = request.method.rawValue
        pathAndQuery = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        // HTTP/1.1's Host header arrives as the request's authority, apart from the other fields.
        headers = (request.head.authority.map { [(name: "Host", value: $0)] } ?? [])
            + request.headers.map { (name: $0.name.rawName, value: $0.value) }
        self.body = body.map { Array(buffer: $0) }
        self.answered = answered
        self.receivedAt = receivedAt
    }

    /// The block printed for the request, ending with a blank line.
    var printed: String {
        var text = "=== \(AdminTime.text(receivedAt)) "
        text += "\(method) \(pathAndQuery) -> \(answered)\n"
        for header in headers {
            text += "\(header.name): \(header.value)\n"
        }
        text += "\n\(printedBody)\n\n"
        return text
    }

    private var printedBody: String {
        guard let body else { return "(body over \(Listen.maxBodyBytes) bytes, not read)" }
        if body.isEmpty { return "(no body)" }
        if let json = try? JSONParser.parse(body) {
            return json.indentedString
        }
        if let text = String(validating: body, as: UTF8.self) {
            return text.hasSuffix("\n") ? String(text.dropLast()) : text
        }
        return "(\(body.count) bytes, not UTF-8 text)"
    }
}
