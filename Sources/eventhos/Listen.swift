import ArgumentParser
import EventhosJSON
import EventhosTemplates
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import UnixSignals

/// `eventhos listen`: a demo subscriber. It answers every request with one status (and body, if
/// given) and prints each request on standard output at once: method, path and query, headers, and
/// the body, indented when it is JSON. It reads no configuration: it is what an action's URL can
/// point at to see what Eventhos sends, in the quick start or while writing a template.
struct Listen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a demo subscriber: print every request it receives and answer it with one status.",
        discussion: """
            Every request gets the same answer. Each one is printed as a block: a line with the time, \
            the method, the path and query and the status answered, then the headers, a blank line \
            and the body (indented when it is JSON). It reads no configuration. SIGTERM or SIGINT \
            (Ctrl-C) stops it after the requests in flight.
            """)

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one, printed at start.")
    var port = 9000

    @Option(help: "The status of every answer (200 to 599).")
    var status = 204

    @Option(help: "The body of every answer: JSON is sent as application/json, anything else as text/plain.")
    var body: String?

    /// The largest request body read; a larger one is answered 413.
    static let maxBodyBytes = 16 << 20

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535, not \(port)") }
        guard (200...599).contains(status) else { throw ValidationError("--status must be 200 to 599, not \(status)") }
        if body != nil, status == 204 || status == 304 {
            throw ValidationError("a \(status) answer has no body: drop --body or choose another --status")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let output = StandardOutput()
        output.start()
        let answer = ListenAnswer(status: status, body: body)
        let application = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in
                try await Self.respond(to: request, with: answer, output: output)
            },
            configuration: .init(address: .hostname(host, port: port), serverName: "eventhos-listen"),
            onServerRunning: { [host, status] channel in
                let port = channel.localAddress?.port ?? 0
                await output.write(
                    "eventhos listen: listening on http://\(host):\(port), answering \(status); stop with Ctrl-C\n\n")
            },
            logger: Logger(label: "eventhos.listen"))
        let group = ServiceGroup(
            configuration: .init(
                services: [application], gracefulShutdownSignals: [.sigterm, .sigint], logger: Logger(label: "eventhos.listen")))
        do {
            try await group.run()
        } catch {
            await output.stop()
            throw ListenError(host: host, port: port, underlying: error)
        }
        await output.stop()
    }

    /// Prints `request` and answers it.
    private static func respond(to request: Request, with answer: ListenAnswer, output: StandardOutput) async throws -> Response {
        let body: ByteBuffer?
        do {
            body = try await request.body.collect(upTo: maxBodyBytes)
        } catch {
            body = nil
        }
        let status = body == nil ? 413 : answer.status
        await output.write(ReceivedRequest(request, body: body, answered: status, at: Date()).printed)
        guard body != nil else {
            return Response(status: .contentTooLarge)
        }
        return answer.response
    }
}

/// The answer `eventhos listen` gives to every request.
struct ListenAnswer: Sendable {
    var status: Int
    var body: String?

    var response: Response {
        guard let body else {
            return Response(status: .init(code: status))
        }
        let isJSON = (try? JSONParser.parse(Array(body.utf8))) != nil
        var headers = HTTPFields()
        headers[.contentType] = isJSON ? "application/json" : "text/plain; charset=utf-8"
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// Why `eventhos listen` could not listen, or stopped.
enum ListenError: Error, CustomStringConvertible {
    /// Something else listens on the port already.
    case portInUse(host: String, port: Int)
    /// The address cannot be listened on (unknown host, a port below 1024 without the right, …).
    case cannotListen(host: String, port: Int, reason: String)

    /// Names the port in use when `underlying` is `EADDRINUSE`, else says why listening failed.
    init(host: String, port: Int, underlying: any Error) {
        if let error = underlying as? IOError, error.errnoCode == EADDRINUSE {
            self = .portInUse(host: host, port: port)
        } else {
            self = .cannotListen(host: host, port: port, reason: "\(underlying)")
        }
    }

    var description: String {
        switch self {
        case .portInUse(let host, let port):
            "port \(port) on \(host) is already in use: stop what listens there (`ss -ltnp 'sport = :\(port)'` names it) or choose another --port"
        case .cannotListen(let host, let port, let reason):
            "cannot listen on \(host):\(port): \(reason)"
        }
    }
}
