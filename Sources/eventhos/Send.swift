import ArgumentParser
import AsyncHTTPClient
import EventhosCore
import Foundation
import NIOCore
import NIOHTTP1

/// `eventhos send`: sends one event as a producer would, to the server of the configuration.
struct Send: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Send one event as a producer would (for smoke tests).")

    @OptionGroup var options: ConfigurationOptions

    @Argument(help: "The event identifier.")
    var event: String

    @Option(help: "The producer key.")
    var key: String

    @Option(help: "The JSON body.")
    var data: String = "{}"

    func run() async throws {
        let server = try options.load().server
        var components = URLComponents()
        components.scheme = "http"
        components.host = server.host
        components.port = server.port
        components.path = "/event/send"
        components.queryItems = [URLQueryItem(name: "event-identifier", value: event)]
        var request = HTTPClientRequest(url: components.string ?? "")
        request.method = .POST
        request.headers.add(name: "access-key", value: key)
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: data))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        print(response.status.code, String(buffer: body))
        if !(200..<300).contains(Int(response.status.code)) {
            throw ExitCode.failure
        }
    }
}
