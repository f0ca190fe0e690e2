import EventhosCore
import EventhosEngine
import Foundation
import Hummingbird
import NIOCore

/// `/api/v1/openapi.json`: the OpenAPI 3 document of the admin API, kept in the repository beside
/// the routes (`Sources/EventhosServer/Admin/openapi.json`) and tested to list exactly them.
struct OpenAPIController: Sendable {
    /// The document's bytes, read once from the module's resources.
    static let document: Data? = Bundle.module.url(forResource: "openapi", withExtension: "json").flatMap { try? Data(contentsOf: $0) }

    var routes: [AdminRoute] {
        [AdminRoute(.get, "/openapi.json", .viewer) { _, context in try serve(context: context) }]
    }

    func serve(context: AdminRequestContext) throws -> Response {
        guard let document = Self.document else {
            throw AdminError.notFound("the OpenAPI document (missing from this build)", context: context)
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: document)))
    }
}
