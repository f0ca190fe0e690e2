import AsyncHTTPClient
import EventhosJSON
import EventhosTemplates
import Foundation
import NIOCore
import NIOHTTP1

/// A small HTTP client for tests: what a producer or an operator does.
enum HTTP {
    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: String

        /// The body parsed as JSON.
        var json: JSONValue? {
            try? JSONParser.parse(Array(body.utf8))
        }
    }

    static func get(_ url: String) async throws -> Answer {
        try await send(HTTPClientRequest(url: url))
    }

    static func post(_ url: String, body: String? = nil, headers: [(String, String)] = []) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers {
            request.headers.add(name: name, value: value)
        }
        if let body {
            request.body = .bytes(ByteBuffer(string: body))
        }
        return try await send(request)
    }

    static func send(_ request: HTTPClientRequest) async throws -> Answer {
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(15))
        let body = try await response.body.collect(upTo: 1 << 22)
        return Answer(status: Int(response.status.code), headers: response.headers, body: String(buffer: body))
    }
}
