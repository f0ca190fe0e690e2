import EventhosJSON
import EventhosTemplates
import OrderedCollections

extension JSONValue {
    /// A JSON object of text members, such as the headers or query of a received event.
    init(textMembers pairs: [(name: String, value: String)]) {
        var object = JSONObject()
        for pair in pairs {
            object[pair.name] = .string(pair.value)
        }
        self = .object(object)
    }
}
