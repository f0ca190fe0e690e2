import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Calls the admin API of a running bridge as an operator's tool would, with one bearer token.
struct AdminClient {
    let base: String
    /// The bearer token; `nil` sends no `Authorization` header.
    let token: String?

    func get(_ path: String) async throws -> HTTP.Answer {
        try await send(.GET, path)
    }

    func post(_ path: String, _ json: String) async throws -> HTTP.Answer {
        try await send(.POST, path, json: json)
    }

    func put(_ path: String, _ json: String) async throws -> HTTP.Answer {
        try await send(.PUT, path, json: json)
    }

    func delete(_ path: String) async throws -> HTTP.Answer {
        try await send(.DELETE, path)
    }

    /// `path` is under `/api/v1`.
    func send(_ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> HTTP.Answer {
        var request = HTTPClientRequest(url: base + "/api/v1" + path)
        request.method = method
        if let token {
            request.headers.add(name: "authorization", value: "Bearer \(token)")
        }
        if let json {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        return try await HTTP.send(request)
    }
}
