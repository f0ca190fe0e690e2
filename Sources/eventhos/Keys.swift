import ArgumentParser
import AsyncHTTPClient
import EventhosCore
import EventhosJSON
import EventhosTemplates
import Foundation
import NIOCore
import NIOHTTP1
import OrderedCollections

/// `eventhos keys create|list|revoke --system ID`: producer keys, through the admin API of the
/// running server of the configuration, so that a new or revoked key takes effect at once.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list and revoke a system's producer keys (through the running server's admin API).",
        subcommands: [Create.self, List.self, Revoke.self])

    /// What every `keys` subcommand takes.
    struct Options: ParsableArguments {
        @OptionGroup var configuration: ConfigurationOptions

        @Option(help: "The system's identifier.")
        var system: String

        @Option(help: "An admin token (default: the EVENTHOS_ADMIN_TOKEN environment variable).")
        var token: String?

        /// Calls `method` on `/api/v1/systems/{system}/keys` + `suffix` and returns the JSON answer;
        /// prints the error and fails on anything but a 2xx.
        func call(_ method: HTTPMethod, _ suffix: String = "", body: String? = nil) async throws -> JSONValue {
            guard let token = token ?? ProcessInfo.processInfo.environment["EVENTHOS_ADMIN_TOKEN"] else {
                throw ValidationError("give --token or set EVENTHOS_ADMIN_TOKEN")
            }
            let server = try configuration.load().server
            let path = "/api/v1/systems/\(Self.escaped(system))/keys\(suffix)"
            var request = HTTPClientRequest(url: "http://\(server.host):\(server.port)\(path)")
            request.method = method
            request.headers.add(name: "authorization", value: "Bearer \(token)")
            if let body {
                request.headers.add(name: "content-type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: body))
            }
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
            let json = (try? JSONParser.parse(Array(text.utf8))) ?? .null
            guard (200..<300).contains(Int(response.status.code)) else {
                var standardError = FileHandle.standardError
                print("\(response.status.code): \(json["error"]?["message"].map(Self.text) ?? text)", to: &standardError)
                throw ExitCode.failure
            }
            return json
        }

        static func escaped(_ segment: String) -> String {
            segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? segment
        }

        static func text(_ value: JSONValue?) -> String {
            switch value {
            case .string(let text)?: text
            case nil, .null?: "-"
            case let other?: other.serializedString
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key and print it, once: only its hash is kept.")

        @OptionGroup var options: Options

        @Option(help: "The key's name (default: key- and the key's first characters).")
        var name: String?

        func run() async throws {
            let body = name.map { JSONValue.object(["name": .string($0)]).serializedString } ?? ""
            let answer = try await options.call(.POST, body: body)
            var standardError = FileHandle.standardError
            print("key \(Options.text(answer["name"])) of \(options.system) (shown once, store it now):", to: &standardError)
            print(Options.text(answer["key"]))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a system's valid keys: name, prefix, created, last used.")

        @OptionGroup var options: Options

        func run() async throws {
            guard case .array(let keys)? = try await options.call(.GET)["items"] else { return }
            print(["NAME", "PREFIX", "CREATED", "LAST USED"].joined(separator: "\t"))
            for key in keys {
                print(["name", "prefix", "createdAt", "lastUsedAt"].map { Options.text(key[$0]) }.joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key: it is refused at once.")

        @OptionGroup var options: Options

        @Argument(help: "The key's name.")
        var name: String

        func run() async throws {
            _ = try await options.call(.DELETE, "/\(Options.escaped(name))")
            print("revoked key \(name) of \(options.system)")
        }
    }
}
