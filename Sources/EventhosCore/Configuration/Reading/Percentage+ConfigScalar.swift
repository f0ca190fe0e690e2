extension Percentage: ConfigScalar {
    static var configExpectation: String { "a percentage" }

    static func configProblem(_ text: String) -> String {
        "bad percentage \"\(text)\": write it with %, as in 50% or 12.5%"
    }
}
