import EventhosJSON
import OrderedCollections

/// A contract's payload filter: conditions on the `headers`, `query` and `body` of a received event,
/// compiled once and evaluated for each event.
///
/// ```yaml
/// filter:
///   body.total: { $gte: 1000 }
///   body.country: { $in: [PE, CL, CO] }
///   headers.x-tenant: acme               # a plain value means $eq
///   $or: [ { body.channel: web }, { body.vip: true } ]
/// ```
///
/// A filter is an object of conditions, all of which must hold. A condition is either a path with what the
/// value there must be, or one of the combinations `$and`, `$or` and `$not`:
///
/// - A path is written as in templates, without the leading dot: `body.items[0].id`, `headers.x-request-id`.
///   It starts with `headers`, `query` or `body`. Header names are lower-case, as the context has them.
/// - Under a path comes either a plain value, which means `$eq` that value, or an operator object such as
///   `{ $gte: 1000, $lt: 5000 }`, whose operators must all hold. To compare a whole object, write it under
///   `$eq`; a name that is not an operator does not go under a path, it goes into the path (`body.order.total`).
/// - `$and` and `$or` take a non-empty array of condition objects, each of which is read like a filter:
///   `$and` holds when all hold, `$or` when at least one does.
/// - `$not` beside paths takes a condition object and holds when it does not (when not all its conditions
///   hold): `$not: { body.channel: web, body.vip: true }`. Under a path it takes an operator object and holds
///   when that does not: `body.total: { $not: { $gt: 100 } }`.
///
/// The operators under a path, and what they do with the value there:
///
/// - `$eq` (any value) and `$ne`: equal, not equal. Values are equal when they are the same JSON value:
///   numbers by their value (`1000` equals `1000.0`), strings by their Unicode scalars (no normalization),
///   arrays element by element in order, objects member by member in any order. `true` does not equal `1`,
///   nor `"1"` equal `1`.
/// - `$gt`, `$gte`, `$lt`, `$lte` (a number or a string): ordered comparison, only between two numbers or two
///   strings (strings in Unicode scalar order, so `"Z" < "a"`); between any other two values they are false.
/// - `$in` and `$nin` (an array of numbers, strings, booleans or `null`): equal to one of them, to none of them.
///   An empty `$in` never holds, an empty `$nin` always does.
/// - `$exists` (`true` or `false`): whether the path points at a value at all; a `null` value exists.
///
/// A path that points at nothing satisfies `$exists: false`, `$ne` and `$nin`, and no other operator:
/// `body.gone: { $eq: null }` is false, `body.gone: { $ne: null }` is true (write `{ $exists: true, $ne: null }`
/// for "present and not null"), and `body.gone: { $not: { $gt: 5 } }` is true.
///
/// A value that is an array matches `$eq`, `$in` and the ordered comparisons when the array itself or one of
/// its elements does, as in MongoDB: with `body.tags` `["a", "b"]`, `body.tags: a` and `body.tags: [a, b]` both
/// hold; `$ne` and `$nin` hold exactly when `$eq` and `$in` do not, so `body.tags: { $ne: a }` does not. Only
/// the array's own elements count, not those of nested arrays.
/// Each operator of an operator object looks for its own element: with `body.scores` `[50, 95]`,
/// `body.scores: { $gt: 60, $lt: 90 }` holds (95 is above 60, 50 below 90).
///
/// Values are not converted: header and query values are strings, so `headers.x-count: { $gt: 5 }` is false
/// whatever the header says; compare with a string instead (`{ $eq: "5" }`), keeping in mind that strings are
/// ordered character by character (`"10" < "9"`).
public struct EventFilter: Sendable, Hashable {
    /// The filter as written, to store and to show.
    public let json: JSONValue
    private let condition: Condition

    /// Compiles a filter written as JSON (or YAML read as JSON).
    ///
    /// - Throws: ``EventFilterError`` with every problem found, each with the path within the filter of the
    ///   value at fault.
    public init(json: JSONValue) throws(EventFilterError) {
        var parser = Parser()
        guard let condition = parser.filter(json) else { throw EventFilterError(problems: parser.problems) }
        self.json = json
        self.condition = condition
    }

    /// Whether an event passes the filter. It only reads the context: the paths were read when the filter was
    /// compiled.
    ///
    /// - Parameter context: The event as `{"headers": {...}, "query": {...}, "body": ...}`, as
    ///   ``RequestTemplate/context(headers:query:body:oauthResponse:)`` builds it.
    public func matches(_ context: JSONValue) -> Bool {
        self.condition.holds(in: context)
    }
}

extension EventFilter {
    /// A compiled condition.
    enum Condition: Sendable, Hashable {
        /// Every condition holds: the members of one object, or `$and`.
        case all([Condition])
        /// At least one condition holds: `$or`.
        case any([Condition])
        /// The condition does not hold: `$not` beside paths.
        indirect case not(Condition)
        /// The value at the path, or its absence, passes every test.
        case path(TemplatePath, [Test])

        func holds(in context: JSONValue) -> Bool {
            switch self {
            case .all(let conditions):
                return conditions.allSatisfy { $0.holds(in: context) }
            case .any(let conditions):
                return conditions.contains { $0.holds(in: context) }
            case .not(let condition):
                return !condition.holds(in: context)
            case .path(let path, let tests):
                let value = path.resolve(in: context)
                return tests.allSatisfy { $0.passes(value) }
            }
        }
    }

    /// A compiled operator under a path.
    enum Test: Sendable, Hashable {
        /// `$eq`
        case equal(JSONValue)
        /// `$ne`
        case notEqual(JSONValue)
        /// `$gt`
        case greater(JSONValue)
        /// `$gte`
        case greaterOrEqual(JSONValue)
        /// `$lt`
        case less(JSONValue)
        /// `$lte`
        case lessOrEqual(JSONValue)
        /// `$in`
        case oneOf([JSONValue])
        /// `$nin`
        case noneOf([JSONValue])
        /// `$exists`
        case exists(Bool)
        /// `$not` under a path: not every test passes.
        case not([Test])

        /// Whether the value at a path passes; `nil` when the path points at nothing.
        func passes(_ value: JSONValue?) -> Bool {
            switch self {
            case .equal(let operand):
                return Self.matchesSome(value) { EventFilter.equal($0, operand) }
            case .notEqual(let operand):
                return !Self.matchesSome(value) { EventFilter.equal($0, operand) }
            case .greater(let operand):
                return Self.compares(value, with: operand) { $0 == .greater }
            case .greaterOrEqual(let operand):
                return Self.compares(value, with: operand) { $0 != .less }
            case .less(let operand):
                return Self.compares(value, with: operand) { $0 == .less }
            case .lessOrEqual(let operand):
                return Self.compares(value, with: operand) { $0 != .greater }
            case .oneOf(let operands):
                return Self.matchesSome(value) { Self.isOne(of: operands, $0) }
            case .noneOf(let operands):
                return !Self.matchesSome(value) { Self.isOne(of: operands, $0) }
            case .exists(let expected):
                return (value != nil) == expected
            case .not(let tests):
                return !tests.allSatisfy { $0.passes(value) }
            }
        }

        /// Whether the value, or one of its elements when it is an array, satisfies `predicate`; `false` when
        /// there is no value.
        private static func matchesSome(_ value: JSONValue?, _ predicate: (JSONValue) -> Bool) -> Bool {
            guard let value else { return false }
            if predicate(value) { return true }
            guard case .array(let elements) = value else { return false }
            return elements.contains(where: predicate)
        }

        /// Whether the value, or one of its elements when it is an array, is ordered with the operand and
        /// their ordering is one that `accepts` accepts.
        private static func compares(_ value: JSONValue?, with operand: JSONValue, _ accepts: (Ordering) -> Bool) -> Bool {
            self.matchesSome(value) { element in EventFilter.order(element, operand).map(accepts) ?? false }
        }

        private static func isOne(of operands: [JSONValue], _ value: JSONValue) -> Bool {
            operands.contains { EventFilter.equal(value, $0) }
        }
    }

    /// How one value compares with another.
    enum Ordering: Sendable, Hashable {
        case less
        case equal
        case greater
    }

    /// Whether two values are the same JSON value: numbers by value whatever their kind, strings by their
    /// Unicode scalars, arrays in order, objects in any order.
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null):
            return true
        case (.bool(let left), .bool(let right)):
            return left == right
        case (.int, _), (.double, _), (.string, _):
            return self.order(lhs, rhs) == .equal
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { pair in self.equal(pair.0, pair.1) }
        case (.object(let left), .object(let right)):
            return left.count == right.count
                && left.allSatisfy { member in right[member.key].map { self.equal(member.value, $0) } ?? false }
        default:
            return false
        }
    }

    /// How two numbers or two strings compare; `nil` for any other two values.
    static func order(_ lhs: JSONValue, _ rhs: JSONValue) -> Ordering? {
        switch (lhs, rhs) {
        case (.int(let left), .int(let right)):
            return self.compare(left, right)
        case (.double(let left), .double(let right)):
            return self.compare(left, right)
        case (.int(let left), .double(let right)):
            return self.compareExactly(left, right)
        case (.double(let left), .int(let right)):
            return self.compareExactly(right, left).map(\.reversed)
        case (.string(let left), .string(let right)):
            return self.compareScalars(left, right)
        default:
            return nil
        }
    }

    private static func compare<Value: Comparable>(_ lhs: Value, _ rhs: Value) -> Ordering? {
        if lhs < rhs { return .less }
        if lhs > rhs { return .greater }
        return lhs == rhs ? .equal : nil
    }

    /// Compares exactly, without rounding the integer to a `Double`: `9007199254740993` is greater than
    /// `9007199254740992.0`.
    private static func compareExactly(_ int: Int64, _ double: Double) -> Ordering? {
        guard !double.isNaN else { return nil }
        // 2^63: every Int64 is at least -2^63 and below 2^63.
        let bound = 9_223_372_036_854_775_808.0
        if double >= bound { return .less }
        if double < -bound { return .greater }
        // Truncated toward zero, exactly: in this range the whole part is an Int64, and a Double.
        let whole = Int64(double)
        if int != whole { return int < whole ? .less : .greater }
        let fraction = double - Double(whole)
        if fraction == 0 { return .equal }
        return fraction > 0 ? .less : .greater
    }

    /// Compares by Unicode scalars, as their UTF-8 bytes order them.
    private static func compareScalars(_ lhs: String, _ rhs: String) -> Ordering {
        var left = lhs.utf8.makeIterator()
        var right = rhs.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return .equal
            case (nil, _): return .less
            case (_, nil): return .greater
            case let (leftByte?, rightByte?):
                if leftByte != rightByte { return leftByte < rightByte ? .less : .greater }
            }
        }
    }
}

extension EventFilter.Ordering {
    /// The ordering seen from the other side.
    var reversed: Self {
        switch self {
        case .less: .greater
        case .equal: .equal
        case .greater: .less
        }
    }
}
