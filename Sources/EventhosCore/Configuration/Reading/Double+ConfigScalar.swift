extension Double: ConfigScalar {
    init?(configText: String) {
        guard let value = Double(configText), value.isFinite else { return nil }
        self = value
    }

    var configText: String { String(self) }

    static var configExpectation: String { "a number" }

    static var jsonType: ConfigJSONType { .number }
}
