import EventhosJSON
import EventhosTemplates
import HTTPTypes
import Hummingbird
import NIOCore

extension Response {
    /// A response whose body is `value` as compact JSON.
    package static func json(_ status: HTTPResponse.Status, _ value: JSONValue, headers: HTTPFields = [:]) -> Response {
        let answer = WebhookAnswer(status, json: value, headers: headers)
        return Response(status: answer.status, headers: answer.headers, body: .init(byteBuffer: answer.body))
    }
}
