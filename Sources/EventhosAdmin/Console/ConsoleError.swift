import EventhosEngine
import HTTPTypes
import Hummingbird

/// A console request that cannot be served: a small HTML page with the status and the reason.
struct ConsoleError: HTTPResponseError, Sendable {
    var status: HTTPResponse.Status
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    static func notFound(_ what: String) -> ConsoleError {
        ConsoleError(.notFound, "\(what) does not exist")
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>\(status.code) \(HTMLText.escape(status.reasonPhrase))</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="stylesheet" href="\(Console.basePath)/assets/console.css"></head>
            <body><main id="content" class="error-page"><h1>\(status.code) \(HTMLText.escape(status.reasonPhrase))</h1>
            <div id="flash" class="error" role="alert">\(HTMLText.escape(message))</div>
            <p><a href="\(Console.basePath)">Back to the console</a></p></main></body></html>
            """
        return Response(
            status: status, headers: ConsoleResponse.htmlHeaders, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
