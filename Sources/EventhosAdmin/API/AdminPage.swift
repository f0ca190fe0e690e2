import EventhosEngine
import EventhosJSON
import EventhosTemplates
import Foundation

/// `limit` and `cursor` of a list: at most `limit` items (default 50, at most 200), starting after
/// the item the cursor names.
///
/// A cursor is opaque to clients: base64url of the sort key of the previous page's last item, so a
/// page stays right when rows are added or deleted meanwhile (unlike an offset).
struct AdminPage: Sendable, Equatable {
    static let defaultLimit = 50
    static let maximumLimit = 200

    var limit: Int
    /// The sort key of the last item already seen.
    var after: [String]?

    /// Reads `limit` and `cursor`; throws the problem when one is invalid.
    init(limit: String?, cursor: String?) throws(AdminPage.Invalid) {
        if let limit {
            guard let value = Int(limit), (1...Self.maximumLimit).contains(value) else {
                throw Invalid(message: "limit must be an integer from 1 to \(Self.maximumLimit)")
            }
            self.limit = value
        } else {
            self.limit = Self.defaultLimit
        }
        if let cursor {
            guard let key = Self.key(ofCursor: cursor) else { throw Invalid(message: "the cursor is not one this API gave") }
            after = key
        }
    }

    struct Invalid: Error {
        let message: String
    }

    /// The cursor naming the item whose sort key is `key`.
    static func cursor(after key: [String]) -> String {
        let json = JSONValue.array(key.map(JSONValue.string)).serialized()
        return Data(json).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func key(ofCursor cursor: String) -> [String]? {
        var text = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        guard let data = Data(base64Encoded: text), case .array(let values)? = try? JSONParser.parse(Array(data)) else {
            return nil
        }
        let key = values.compactMap { value -> String? in if case .string(let text) = value { text } else { nil } }
        return key.count == values.count && !key.isEmpty ? key : nil
    }

    /// One page of `items`, already filtered and sorted by `key` (ascending, or descending when
    /// `descending`), and the cursor of the next page when there is one.
    func page<Item>(of items: [Item], key: (Item) -> [String], descending: Bool = false) -> (items: [Item], next: String?) {
        let remaining =
            if let after {
                items.filter { item in descending ? key(item).lexicographicallyPrecedes(after) : after.lexicographicallyPrecedes(key(item)) }
            } else {
                items
            }
        let page = Array(remaining.prefix(limit))
        let next = remaining.count > limit ? page.last.map { Self.cursor(after: key($0)) } : nil
        return (page, next)
    }
}
