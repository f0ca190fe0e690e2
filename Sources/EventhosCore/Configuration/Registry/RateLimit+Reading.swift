extension RateLimit: ConfigScalar {
    static var configExpectation: String { "a rate" }

    static func configProblem(_ text: String) -> String {
        "bad rate \"\(text)\": use a count from 1 to \(RateLimit.maximumCount) per second or minute, as in 50/s or 600/m"
    }
}
