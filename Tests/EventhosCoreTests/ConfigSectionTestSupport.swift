@testable import EventhosCore
import EventhosJSON
import EventhosTemplates

/// Reads the JSON mapping `json` as the section at `path` of a configuration, with `read`, as the
/// file or the admin API would: the value read and the problems reported, each with its path.
func readSection<Value>(
    _ json: String, at path: String, _ read: (inout ConfigMapping) -> Value
) throws -> (value: Value?, problems: [ConfigurationProblem]) {
    let reader = ConfigReader(environment: [:], overridableSections: [])
    let parsed = try JSONParser.parse(Array(json.utf8))
    let section = ConfigValue(node: .init(json: parsed), location: ConfigLocation(path: path, line: nil), reader: reader)
    let value = section.mapping { read(&$0) }
    return (value, reader.problems)
}
