import Yams

extension ConfigurationProblem {
    /// The problem of a file that is not valid YAML, at the line and column where the parser stopped.
    init(yamlError error: any Error) {
        switch error {
        case YamlError.scanner(let context, let problem, let mark, _),
            YamlError.parser(let context, let problem, let mark, _),
            YamlError.composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            self.init(path: "", line: mark.line, column: mark.column, message: "invalid YAML: \(problem)\(during)")
        case YamlError.duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            let message = "invalid YAML: duplicate key \(keys) in one mapping"
            self.init(path: "", line: context.mark.line, column: context.mark.column, message: message)
        default:
            self.init(path: "", message: "invalid YAML: \(error)")
        }
    }
}

extension Resolver {
    /// The YAML 1.2 core schema: only `true` and `false` are booleans (not `yes`, `no`, `on`,
    /// `off`: a country code `NO` stays a string), numbers are decimal and dates stay strings.
    static let configuration: Resolver = {
        do {
            return try Resolver.basic
                .appending(.null, "^(?:~|null|Null|NULL|)$")
                .appending(.bool, "^(?:true|True|TRUE|false|False|FALSE)$")
                .appending(.int, "^[-+]?[0-9]+$")
                .appending(.float, "^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
        } catch {
            preconditionFailure("invalid built-in YAML pattern: \(error)")
        }
    }()
}
