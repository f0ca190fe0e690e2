import EventhosEngine
import Foundation
import Hummingbird
import NIOCore

/// The fields of an `application/x-www-form-urlencoded` body, in order, repeated names kept
/// (several checked `message` boxes).
struct ConsoleForm: Sendable, Hashable {
    /// Every field, in the order the browser sent them.
    private(set) var fields: [(name: String, value: String)] = []

    init() {}

    /// A form holding `fields`, in order.
    init(_ fields: [(String, String)]) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    /// Parses a form body: `+` is a space, `%XX` a byte; a field without `=` has an empty value.
    init(urlEncoded body: String) {
        fields = body.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    /// The first value of `name`, if the form has that field.
    subscript(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// Every value of `name`, in order.
    func all(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// The value of `name` with surrounding white space removed; `""` when missing.
    func text(_ name: String) -> String {
        (self[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    static func == (lhs: ConsoleForm, rhs: ConsoleForm) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0 == $1 }
    }

    func hash(into hasher: inout Hasher) {
        for (name, value) in fields {
            hasher.combine(name)
            hasher.combine(value)
        }
    }
}

extension ConsoleForm {
    /// Form bodies larger than this are refused (413).
    static let maxBodyBytes = 1 << 20

    /// Reads the form of a POST; the body stays readable for the handler.
    static func collect(_ request: inout Request) async throws -> ConsoleForm {
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw ConsoleError(.contentTooLarge, "the form exceeds \(maxBodyBytes) bytes")
        }
        return ConsoleForm(urlEncoded: String(buffer: body))
    }
}
