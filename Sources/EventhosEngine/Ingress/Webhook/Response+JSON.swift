import EventhosJSON
import EventhosTemplates
import HTTPTypes
import Hummingbird
import NIOCore

extension Response {
    /// A response whose body is `value` as compact JSON.
    package static func json(_ status: HTTPResponse.Status, _ value: JSONValue, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: value.serialized())))
    }
}
