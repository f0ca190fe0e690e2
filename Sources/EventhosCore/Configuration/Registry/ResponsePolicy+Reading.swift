extension ResponsePolicy {
    /// Reads a `responses` mapping: the lists `success`, `retry` and `dead`, an absent one empty.
    ///
    /// A code or a class may be given once in all three lists: a second time is reported where it
    /// is (the lists read in that order). A mapping that lists no status at all is reported too,
    /// since it would change nothing.
    init(config section: inout ConfigMapping) {
        let reader = section.reader
        var given = UniquenessCheck<StatusPattern>(of: "status")
        var lists: [[StatusPattern]] = []
        var allRead = true
        for key in ["success", "retry", "dead"] {
            guard let value = section.value(key) else {
                lists.append([])
                continue
            }
            let patterns = value.list { element -> StatusPattern? in
                guard
                    let pattern = element.scalar(StatusPattern.self),
                    given.claim(pattern, shown: pattern.configText, at: element.location, reader: reader)
                else { return nil }
                return pattern
            }
            allRead = allRead && patterns != nil
            lists.append(patterns ?? [])
        }
        if allRead, lists.allSatisfy(\.isEmpty) {
            reader.report(
                "list at least one status under success, retry or dead: an empty responses changes nothing", at: section.location)
        }
        self.init(success: lists[0], retry: lists[1], dead: lists[2])
    }
}

extension StatusPattern: ConfigScalar {
    static var configExpectation: String { "a status" }

    /// In JSON a class is written in lower case, `4xx`, as the API answers it.
    init?(jsonText: String) {
        guard jsonText == jsonText.lowercased() else { return nil }
        self.init(configText: jsonText)
    }

    static func configProblem(_ text: String) -> String {
        "bad status \"\(text)\": use a code from 100 to 599 or a class from 1xx to 5xx, as in 409 or 4xx"
    }
}
