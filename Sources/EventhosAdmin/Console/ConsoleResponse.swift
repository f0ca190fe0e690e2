import EventhosEngine
import Foundation
import HTTPTypes
import Hummingbird

/// The console's responses: HTML pages and the redirect after a POST, with a flash message that
/// the next page shows once (a short-lived cookie, so it survives the redirect).
enum ConsoleResponse {
    /// The cookie carrying a flash message across a redirect.
    static let flashCookie = "eventhos_console_flash"

    static var htmlHeaders: HTTPFields {
        [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
    }

    /// An HTML page.
    static func html(_ status: HTTPResponse.Status = .ok, _ html: String) -> Response {
        Response(status: status, headers: htmlHeaders, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// 303 to `path` (under `/console`, `""` for the overview), with a message for the next page.
    static func redirect(to path: String, flash: String? = nil, error: Bool = false) -> Response {
        var response = Response(status: .seeOther, headers: [.location: Console.basePath + path, .cacheControl: "no-store"])
        if let flash {
            let value = (error ? "e" : "i") + Data(flash.utf8).base64URLEncodedString()
            response.setCookie(Self.cookie(flashCookie, value: value, maxAge: 60))
        }
        return response
    }

    /// The flash message a redirect left in `request`, if any: its text and whether it is an error.
    static func flash(of request: Request) -> (text: String, error: Bool)? {
        guard let value = request.cookies[flashCookie]?.value, let kind = value.first else { return nil }
        guard let data = Data(base64URLEncoded: value.dropFirst()), let text = String(data: data, encoding: .utf8) else { return nil }
        return (text, kind == "e")
    }

    /// A console cookie: HttpOnly, SameSite=Strict, Path=/console; `maxAge` 0 removes it.
    static func cookie(_ name: String, value: String, maxAge: Int?, secure: Bool = false) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: Console.basePath, secure: secure, httpOnly: true, sameSite: .strict)
    }
}
