import EventhosJSON
import EventhosTemplates
import OrderedCollections

extension JSONValue {
    /// A JSON object of string members, such as a header or parameter template.
    init(stringMembers: some Sequence<(key: String, value: String)>) {
        var object = JSONObject()
        for (key, value) in stringMembers {
            object[key] = .string(value)
        }
        self = .object(object)
    }

    /// The members of an object of strings, in order.
    func stringMembers() throws(StoreError) -> [(key: String, value: String)] {
        guard case .object(let object) = self else {
            throw StoreError(.invalidRow, "expected a JSON object of strings")
        }
        return try object.map { (key, value) throws(StoreError) in (key, try value.stringValue(of: key)) }
    }

    /// The string member `key` of an object, `nil` when absent or null.
    func optionalString(_ key: String) throws(StoreError) -> String? {
        guard case .object(let object) = self, let member = object[key], member != .null else { return nil }
        return try member.stringValue(of: key)
    }

    /// The string member `key` of an object.
    func string(_ key: String) throws(StoreError) -> String {
        guard let value = try optionalString(key) else {
            throw StoreError(.invalidRow, "missing '\(key)' in a JSON column")
        }
        return value
    }

    private func stringValue(of key: String) throws(StoreError) -> String {
        guard case .string(let value) = self else {
            throw StoreError(.invalidRow, "'\(key)' is not a string in a JSON column")
        }
        return value
    }
}
