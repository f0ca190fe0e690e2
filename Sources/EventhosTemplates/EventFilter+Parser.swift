import EventhosJSON
import OrderedCollections

extension EventFilter {
    /// Compiles a filter as written into its conditions, going on past a problem to find all of them.
    struct Parser {
        /// The problems found so far, in the order they are written.
        private(set) var problems: [EventFilterError.Problem] = []

        private static let operatorList = "$eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists, $and, $or, $not"
        private static let sections: Set<String> = ["headers", "query", "body"]

        /// The conditions of a whole filter; `nil` when it has problems.
        mutating func filter(_ json: JSONValue) -> Condition? {
            self.conditions(
                json,
                at: "",
                expected: "a filter is an object of conditions, such as { body.total: { $gte: 1000 } }",
                empty: "a filter needs at least one condition"
            )
        }

        /// An object of conditions, all of which must hold: the filter, an element of `$and` or `$or`, the
        /// operand of `$not`.
        private mutating func conditions(_ value: JSONValue, at path: String, expected: String, empty: String) -> Condition? {
            guard case .object(let members) = value else {
                self.report(at: path, "\(expected), not \(Self.describe(value))")
                return nil
            }
            guard !members.isEmpty else {
                self.report(at: path, empty)
                return nil
            }
            var conditions: [Condition] = []
            var isValid = true
            for member in members {
                let memberPath = Self.join(path, member.key)
                let condition: Condition?
                if member.key.hasPrefix("$") {
                    condition = self.combination(member.key, member.value, at: memberPath)
                } else {
                    condition = self.pathCondition(member.key, member.value, at: memberPath)
                }
                if let condition {
                    conditions.append(condition)
                } else {
                    isValid = false
                }
            }
            guard isValid else { return nil }
            return conditions.count == 1 ? conditions[0] : .all(conditions)
        }

        /// `$and`, `$or` or `$not` beside paths, or a misplaced or unknown operator.
        private mutating func combination(_ name: String, _ operand: JSONValue, at path: String) -> Condition? {
            switch name {
            case "$and", "$or":
                guard case .array(let elements) = operand else {
                    self.report(
                        at: path,
                        "\(name) takes an array of conditions, such as [ { body.channel: web }, { body.vip: true } ], "
                            + "not \(Self.describe(operand))"
                    )
                    return nil
                }
                guard !elements.isEmpty else {
                    self.report(at: path, "\(name) needs at least one condition")
                    return nil
                }
                var conditions: [Condition] = []
                var isValid = true
                for (index, element) in elements.enumerated() {
                    let condition = self.conditions(
                        element,
                        at: "\(path)[\(index)]",
                        expected: "each condition of \(name) is an object, such as { body.vip: true }",
                        empty: "a condition needs at least one path or operator, such as { body.vip: true }"
                    )
                    if let condition {
                        conditions.append(condition)
                    } else {
                        isValid = false
                    }
                }
                guard isValid else { return nil }
                return name == "$and" ? .all(conditions) : .any(conditions)
            case "$not":
                let condition = self.conditions(
                    operand,
                    at: path,
                    expected: "$not takes an object of conditions, such as { body.channel: web }",
                    empty: "$not needs at least one condition, such as { body.channel: web }"
                )
                return condition.map { .not($0) }
            case "$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists":
                self.report(
                    at: path,
                    "\(name) applies to the value at a path: write it under one, as in body.total: { \(name): … }"
                )
                return nil
            default:
                self.report(at: path, "unknown operator \(name): use one of \(Self.operatorList)")
                return nil
            }
        }

        /// A path and, under it, a plain value or an operator object.
        private mutating func pathCondition(_ key: String, _ operand: JSONValue, at path: String) -> Condition? {
            let templatePath = self.templatePath(key, at: path)
            let tests: [Test]?
            if case .object(let members) = operand {
                tests = self.operators(members, at: path)
            } else {
                tests = [.equal(operand)]
            }
            guard let templatePath, let tests else { return nil }
            return .path(templatePath, tests)
        }

        /// `body.items[0].id`, read as `${.body.items[0].id}` would be, starting with a section of the event.
        private mutating func templatePath(_ key: String, at path: String) -> TemplatePath? {
            guard !key.hasPrefix(".") else {
                self.report(at: path, "a path is written without a leading '.', as in body.total")
                return nil
            }
            guard let templatePath = TemplateParser.path(withoutLeadingDot: key) else {
                self.report(
                    at: path,
                    "invalid path: write names joined by '.' and array indexes such as [0], as in body.items[0].id; "
                        + #"a name has no whitespace nor any of . [ ] { } ( ) ? ""#
                )
                return nil
            }
            guard case .member(let section)? = templatePath.components.first, Self.sections.contains(section) else {
                self.report(at: path, "a path must start with headers, query or body")
                return nil
            }
            if section == "headers", templatePath.components.count > 1, case .member(let name) = templatePath.components[1],
                name != name.lowercased()
            {
                self.report(at: path, "header names are lower-case in paths: write headers.\(name.lowercased())")
                return nil
            }
            return templatePath
        }

        /// An operator object under a path, such as `{ $gte: 1000, $lt: 5000 }`.
        private mutating func operators(_ members: JSONObject, at path: String) -> [Test]? {
            guard !members.isEmpty else {
                self.report(at: path, "an operator object needs at least one operator, such as { $gte: 1000 }")
                return nil
            }
            var tests: [Test] = []
            var isValid = true
            for member in members {
                if let test = self.test(member.key, member.value, at: Self.join(path, member.key)) {
                    tests.append(test)
                } else {
                    isValid = false
                }
            }
            return isValid ? tests : nil
        }

        /// One operator of an operator object, and its operand.
        private mutating func test(_ name: String, _ operand: JSONValue, at path: String) -> Test? {
            switch name {
            case "$eq":
                return .equal(operand)
            case "$ne":
                return .notEqual(operand)
            case "$gt":
                return self.orderedOperand(name, operand, at: path).map { .greater($0) }
            case "$gte":
                return self.orderedOperand(name, operand, at: path).map { .greaterOrEqual($0) }
            case "$lt":
                return self.orderedOperand(name, operand, at: path).map { .less($0) }
            case "$lte":
                return self.orderedOperand(name, operand, at: path).map { .lessOrEqual($0) }
            case "$in":
                return self.listOperand(name, operand, at: path).map { .oneOf($0) }
            case "$nin":
                return self.listOperand(name, operand, at: path).map { .noneOf($0) }
            case "$exists":
                guard case .bool(let expected) = operand else {
                    self.report(at: path, "$exists takes true or false, not \(Self.describe(operand))")
                    return nil
                }
                return .exists(expected)
            case "$not":
                guard case .object(let members) = operand else {
                    self.report(
                        at: path,
                        "$not under a path takes an operator object, such as { $gt: 3 }, not \(Self.describe(operand))"
                    )
                    return nil
                }
                return self.operators(members, at: path).map { .not($0) }
            case "$and", "$or":
                self.report(
                    at: path,
                    "\(name) combines conditions and goes beside paths, not under one, as in "
                        + "\(name): [ { body.channel: web }, { body.vip: true } ]"
                )
                return nil
            case _ where name.hasPrefix("$"):
                self.report(at: path, "unknown operator \(name): use one of \(Self.operatorList)")
                return nil
            default:
                self.report(
                    at: path,
                    "expected an operator such as $eq or $gte, not \(name): write nested names into the path, "
                        + "as in body.order.total, or compare a whole object with $eq"
                )
                return nil
            }
        }

        /// The operand of `$gt`, `$gte`, `$lt` or `$lte`: a number or a string.
        private mutating func orderedOperand(_ name: String, _ operand: JSONValue, at path: String) -> JSONValue? {
            switch operand {
            case .int, .double, .string:
                return operand
            case .null, .bool, .array, .object:
                self.report(at: path, "\(name) takes a number or a string, not \(Self.describe(operand))")
                return nil
            }
        }

        /// The operand of `$in` or `$nin`: an array of numbers, strings, booleans or `null`.
        private mutating func listOperand(_ name: String, _ operand: JSONValue, at path: String) -> [JSONValue]? {
            guard case .array(let elements) = operand else {
                self.report(
                    at: path,
                    "\(name) takes an array of values, such as [PE, CL, CO], not \(Self.describe(operand))"
                )
                return nil
            }
            var isValid = true
            for (index, element) in elements.enumerated() {
                switch element {
                case .null, .bool, .int, .double, .string:
                    break
                case .array, .object:
                    self.report(
                        at: "\(path)[\(index)]",
                        "\(name) lists numbers, strings, booleans or null, not \(Self.describe(element))"
                    )
                    isValid = false
                }
            }
            return isValid ? elements : nil
        }

        private mutating func report(at path: String, _ message: String) {
            self.problems.append(EventFilterError.Problem(path: path, message: message))
        }

        /// The path of a member: `body.total` and `$gte` make `body.total.$gte`.
        private static func join(_ path: String, _ key: String) -> String {
            path.isEmpty ? key : "\(path).\(key)"
        }

        /// What kind of value this is, for messages: `a number`, `an array`.
        private static func describe(_ value: JSONValue) -> String {
            switch value {
            case .null: "null"
            case .bool: "a boolean"
            case .int, .double: "a number"
            case .string: "a string"
            case .array: "an array"
            case .object: "an object"
            }
        }
    }
}
