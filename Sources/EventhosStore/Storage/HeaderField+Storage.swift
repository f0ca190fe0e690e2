import EventhosTemplates

extension [HeaderField] {
    /// The fields as one JSON object in sending order; repeated names are joined with `, ` (RFC 9110 §5.3).
    var storageJSON: JSONValue {
        var object = JSONObject()
        for field in self {
            if case .string(let earlier) = object[field.name] {
                object[field.name] = .string(earlier + ", " + field.value)
            } else {
                object[field.name] = .string(field.value)
            }
        }
        return .object(object)
    }

    /// Reads fields stored by ``storageJSON``.
    init(storageJSON: JSONValue) throws(StoreError) {
        guard case .object(let object) = storageJSON else {
            throw StoreError(.invalidRow, "header fields are not a JSON object")
        }
        self = try object.map { (name, value) throws(StoreError) in
            guard case .string(let value) = value else {
                throw StoreError(.invalidRow, "header field '\(name)' is not a string")
            }
            return HeaderField(name: name, value: value)
        }
    }
}
