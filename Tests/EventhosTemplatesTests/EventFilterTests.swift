import EventhosJSON
import EventhosTemplates
import Testing

private func json(_ text: String) throws -> JSONValue {
    try JSONParser.parse(Array(text.utf8))
}

private let operatorHint = "use one of $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists, $and, $or, $not"
private let invalidPath = "invalid path: write names joined by '.' and array indexes such as [0], as in body.items[0].id; "
    + #"a name has no whitespace nor any of . [ ] { } ( ) ? ""#

@Suite("EventFilter")
struct EventFilterTests {
    /// An event as contracts receive it.
    let event: JSONValue

    init() throws {
        let body = try json(#"""
            {
              "total": 1500,
              "price": 9.5,
              "delta": -1.5,
              "big": 9007199254740993,
              "country": "PE",
              "channel": "web",
              "vip": false,
              "note": null,
              "name": "Ada",
              "accent": "\u00e9",
              "tags": ["a", "b"],
              "scores": [50, 95],
              "grid": [[1, 2]],
              "items": [{"id": "i1", "qty": 2}, {"id": "i2", "qty": 1}],
              "address": {"city": "Lima", "zip": 15001}
            }
            """#)
        self.event = RequestTemplate.context(
            headers: [("X-Tenant", "acme"), ("X-Count", "7")],
            query: [("source", "web"), ("page", "2")],
            body: body
        )
    }

    private func matches(_ filter: String) throws -> Bool {
        try EventFilter(json: json(filter)).matches(self.event)
    }

    private func problems(_ filter: String) throws -> [String] {
        let value = try json(filter)
        let error = try #require(throws: EventFilterError.self) { try EventFilter(json: value) }
        return error.problems.map(\.description)
    }

    @Test(arguments: [
        (#"{"body.country": "PE"}"#, true),
        (#"{"body.country": "CL"}"#, false),
        (#"{"body.country": {"$eq": "PE"}}"#, true),
        (#"{"body.total": 1500.0}"#, true),
        (#"{"body.total": {"$eq": 1500}}"#, true),
        (#"{"body.price": 9.5}"#, true),
        (#"{"body.total": "1500"}"#, false),
        (#"{"body.vip": false}"#, true),
        (#"{"body.vip": 0}"#, false),
        (#"{"body.vip": null}"#, false),
        (#"{"body.note": null}"#, true),
        (#"{"body.note": false}"#, false),
        (#"{"body.accent": "\u00e9"}"#, true),
        (#"{"body.accent": "e\u0301"}"#, false),
        (#"{"body.items[0].id": "i1"}"#, true),
        (#"{"body.items[1].qty": 1.0}"#, true),
        (#"{"body.address": {"$eq": {"zip": 15001.0, "city": "Lima"}}}"#, true),
        (#"{"body.address": {"$eq": {"city": "Lima"}}}"#, false),
        (#"{"body.address": {"$eq": {"city": "Lima", "zip": 15001, "x": 1}}}"#, false),
        (#"{"body.address": {"$eq": ["Lima", 15001]}}"#, false),
        (#"{"body.big": {"$eq": 9007199254740992.0}}"#, false),
        (#"{"body.country": {"$ne": "CL"}}"#, true),
        (#"{"body.country": {"$ne": "PE"}}"#, false),
        (#"{"body.total": {"$ne": 1500.0}}"#, false),
        (#"{"body.total": {"$ne": "1500"}}"#, true),
    ])
    func equality(filter: String, expected: Bool) throws {
        #expect(try self.matches(filter) == expected)
    }

    @Test(arguments: [
        (#"{"body.total": {"$gt": 1000}}"#, true),
        (#"{"body.total": {"$gt": 1500}}"#, false),
        (#"{"body.total": {"$gt": 1499.5}}"#, true),
        (#"{"body.total": {"$gte": 1500}}"#, true),
        (#"{"body.total": {"$gte": 1500.5}}"#, false),
        (#"{"body.total": {"$lt": 1500.5}}"#, true),
        (#"{"body.total": {"$lt": 1500}}"#, false),
        (#"{"body.total": {"$lte": 1500.0}}"#, true),
        (#"{"body.total": {"$lte": 1499}}"#, false),
        (#"{"body.total": {"$gte": 1000, "$lt": 2000}}"#, true),
        (#"{"body.total": {"$gte": 1000, "$lt": 1500}}"#, false),
        (#"{"body.price": {"$gt": 9}}"#, true),
        (#"{"body.price": {"$lt": 9.5}}"#, false),
        (#"{"body.price": {"$lte": 9.5}}"#, true),
        (#"{"body.delta": {"$lt": -1}}"#, true),
        (#"{"body.delta": {"$gt": -2}}"#, true),
        (#"{"body.delta": {"$gt": -1}}"#, false),
        (#"{"body.delta": -1.5}"#, true),
        (#"{"body.big": {"$gt": 9007199254740992.0}}"#, true),
        (#"{"body.big": {"$lt": 9223372036854775808.0}}"#, true),
        (#"{"body.name": {"$gt": "Ab"}}"#, true),
        (#"{"body.name": {"$lt": "Ada"}}"#, false),
        (#"{"body.name": {"$lte": "Ada"}}"#, true),
        (#"{"body.name": {"$gte": "Adam"}}"#, false),
        (#"{"body.name": {"$gt": "ada"}}"#, false),
        (#"{"body.accent": {"$gt": "z"}}"#, true),
        (#"{"body.name": {"$gt": 0}}"#, false),
        (#"{"body.name": {"$lt": 0}}"#, false),
        (#"{"body.total": {"$lt": "z"}}"#, false),
        (#"{"body.vip": {"$lt": 1}}"#, false),
        (#"{"body.note": {"$lte": 0}}"#, false),
        (#"{"body.address": {"$gt": 0}}"#, false),
    ])
    func ordering(filter: String, expected: Bool) throws {
        #expect(try self.matches(filter) == expected)
    }

    @Test(arguments: [
        (#"{"body.country": {"$in": ["PE", "CL", "CO"]}}"#, true),
        (#"{"body.country": {"$in": ["AR"]}}"#, false),
        (#"{"body.total": {"$in": [1, 1500.0]}}"#, true),
        (#"{"body.total": {"$in": ["1500", true, null]}}"#, false),
        (#"{"body.note": {"$in": [null]}}"#, true),
        (#"{"body.country": {"$in": []}}"#, false),
        (#"{"body.country": {"$nin": ["AR", "BR"]}}"#, true),
        (#"{"body.country": {"$nin": ["CL", "PE"]}}"#, false),
        (#"{"body.country": {"$nin": []}}"#, true),
        (#"{"body.note": {"$exists": true}}"#, true),
        (#"{"body.total": {"$exists": true}}"#, true),
        (#"{"body.total": {"$exists": false}}"#, false),
        (#"{"body.gone": {"$exists": true}}"#, false),
        (#"{"body.gone": {"$exists": false}}"#, true),
        (#"{"body.items[5]": {"$exists": false}}"#, true),
        (#"{"body.total.x": {"$exists": true}}"#, false),
    ])
    func membershipAndExistence(filter: String, expected: Bool) throws {
        #expect(try self.matches(filter) == expected)
    }

    @Test(arguments: [
        (#"{"body.gone": null}"#, false),
        (#"{"body.gone": {"$eq": null}}"#, false),
        (#"{"body.gone": {"$ne": null}}"#, true),
        (#"{"body.gone": {"$ne": 1}}"#, true),
        (#"{"body.gone": {"$in": [null]}}"#, false),
        (#"{"body.gone": {"$nin": [null, 1]}}"#, true),
        (#"{"body.gone": {"$gt": 0}}"#, false),
        (#"{"body.gone": {"$gte": ""}}"#, false),
        (#"{"body.gone": {"$lt": 0}}"#, false),
        (#"{"body.gone": {"$lte": "z"}}"#, false),
        (#"{"body.gone": {"$not": {"$gt": 5}}}"#, true),
        (#"{"body.gone": {"$exists": true, "$ne": null}}"#, false),
        (#"{"body.note": {"$exists": true, "$ne": null}}"#, false),
        (#"{"body.total": {"$exists": true, "$ne": null}}"#, true),
        (#"{"body.total.gone": 1}"#, false),
        (#"{"query.gone": {"$ne": "x"}}"#, true),
        (#"{"$not": {"body.gone": 1}}"#, true),
    ])
    func missingPaths(filter: String, expected: Bool) throws {
        #expect(try self.matches(filter) == expected)
    }

    @Test(arguments: [
        (#"{"body.tags": "a"}"#, true),
        (#"{"body.tags": "c"}"#, false),
        (#"{"body.tags": ["a", "b"]}"#, true),
        (#"{"body.tags": ["b", "a"]}"#, false),
        (#"{"body.tags": ["a"]}"#, false),
        (#"{"body.tags[1]": "b"}"#, true),
        (#"{"body.tags": {"$ne": "a"}}"#, false),
        (#"{"body.tags": {"$ne": "c"}}"#, true),
        (#"{"body.tags": {"$ne": ["a", "b"]}}"#, false),
        (#"{"body.tags": {"$in": ["c", "b"]}}"#, true),
        (#"{"body.tags": {"$in": ["c", "d"]}}"#, false),
        (#"{"body.tags": {"$nin": ["b"]}}"#, false),
        (#"{"body.tags": {"$nin": ["c"]}}"#, true),
        (#"{"body.scores": [50.0, 95]}"#, true),
        (#"{"body.scores": 95.0}"#, true),
        (#"{"body.scores": {"$gt": 90}}"#, true),
        (#"{"body.scores": {"$gt": 95}}"#, false),
        (#"{"body.scores": {"$lte": 50}}"#, true),
        (#"{"body.scores": {"$gt": 60, "$lt": 90}}"#, true),
        (#"{"body.scores": {"$not": {"$gt": 90}}}"#, false),
        (#"{"body.grid": 1}"#, false),
        (#"{"body.grid": [1, 2]}"#, true),
        (#"{"body.grid": [[1, 2]]}"#, true),
        (#"{"body.items": {"$eq": {"qty": 1, "id": "i2"}}}"#, true),
    ])
    func arrays(filter: String, expected: Bool) throws {
        #expect(try self.matches(filter) == expected)
    }

    @Test(arguments: [
        (#"{"headers.x-tenant": "acme"}"#, true),
        (#"{"headers.x-tenant": "ACME"}"#, false),
        (#"{"headers.x-count": "7"}"#, true),
        (#"{"headers.x-count": 7}"#, false),
        (#"{"headers.x-count": {"$gt": 5}}"#, false),
        (#"{"headers.x-count": {"$gt": "5"}}"#, true),
        (#"{"headers.x-missing": {"$exists": false}}"#, true),
        (#"{"query.page": "2"}"#, true),
        (#"{"query.page": 2}"#, false),
        (#"{"query.source": {"$in": ["web", "app"]}}"#, true),
        (#"{"headers": {"$exists": true}}"#, true),
    ])
    func headersAndQueryAreStrings(filter: String, expected: Bool) throws {
        #expect(try self.matches(filter) == expected)
    }

    @Test(arguments: [
        (#"{"body.total": {"$gte": 1000}, "body.country": {"$in": ["PE", "CL", "CO"]}, "headers.x-tenant": "acme", "$or": [{"body.channel": "web"}, {"body.vip": true}]}"#, true),
        (#"{"body.total": {"$gte": 1000}, "body.country": {"$in": ["PE", "CL", "CO"]}, "headers.x-tenant": "other", "$or": [{"body.channel": "web"}, {"body.vip": true}]}"#, false),
        (#"{"body.country": "PE", "body.channel": "app"}"#, false),
        (#"{"$and": [{"body.total": {"$gt": 1000}}, {"body.country": "PE"}]}"#, true),
        (#"{"$and": [{"body.total": {"$gt": 1000}}, {"body.country": "CL"}]}"#, false),
        (#"{"$or": [{"body.channel": "app"}, {"body.vip": true}]}"#, false),
        (#"{"$or": [{"body.channel": "app"}, {"body.country": "PE"}]}"#, true),
        (#"{"$or": [{"body.channel": "web", "body.vip": true}, {"body.total": 1}]}"#, false),
        (#"{"$not": {"body.channel": "web"}}"#, false),
        (#"{"$not": {"body.channel": "app"}}"#, true),
        (#"{"$not": {"body.channel": "web", "body.vip": true}}"#, true),
        (#"{"$not": {"$or": [{"body.channel": "app"}, {"body.country": "PE"}]}}"#, false),
        (#"{"body.total": {"$not": {"$gt": 2000}}}"#, true),
        (#"{"body.total": {"$not": {"$gte": 1000, "$lt": 2000}}}"#, false),
        (#"{"body.total": {"$not": {"$not": {"$eq": 1500}}}}"#, true),
        (#"{"$or": [{"$and": [{"body.vip": true}, {"body.total": {"$gt": 100}}]}, {"$not": {"$or": [{"body.country": "AR"}, {"body.channel": "app"}]}}]}"#, true),
        (#"{"$or": [{"$and": [{"body.vip": true}, {"body.total": {"$gt": 100}}]}, {"$not": {"$or": [{"body.country": "PE"}, {"body.channel": "app"}]}}]}"#, false),
        (#"{"$and": [{"$or": [{"body.vip": true}, {"query.source": "web"}]}, {"body.items[0].qty": {"$gte": 2}}], "body.name": "Ada"}"#, true),
    ])
    func combinations(filter: String, expected: Bool) throws {
        #expect(try self.matches(filter) == expected)
    }

    @Test func keepsTheFilterAsWritten() throws {
        let value = try json(#"{"body.total": {"$gte": 1000}, "$or": [{"body.channel": "web"}]}"#)
        let filter = try EventFilter(json: value)
        #expect(filter.json == value)
        let same = try EventFilter(json: value)
        let other = try EventFilter(json: json(#"{"body.total": {"$gte": 1001}}"#))
        #expect(filter == same)
        #expect(filter != other)
    }

    @Test(arguments: [
        ("[]", "a filter is an object of conditions, such as { body.total: { $gte: 1000 } }, not an array"),
        ("null", "a filter is an object of conditions, such as { body.total: { $gte: 1000 } }, not null"),
        ("{}", "a filter needs at least one condition"),
        (#"{"body.total": {"$gte": [1]}}"#, "body.total.$gte: $gte takes a number or a string, not an array"),
        (#"{"body.total": {"$gt": true}}"#, "body.total.$gt: $gt takes a number or a string, not a boolean"),
        (#"{"body.total": {"$lt": null}}"#, "body.total.$lt: $lt takes a number or a string, not null"),
        (#"{"body.total": {"$lte": {}}}"#, "body.total.$lte: $lte takes a number or a string, not an object"),
        (#"{"body.total": {"$regex": "x"}}"#, "body.total.$regex: unknown operator $regex: \(operatorHint)"),
        (#"{"$regex": "x"}"#, "$regex: unknown operator $regex: \(operatorHint)"),
        (#"{"total": 1}"#, "total: a path must start with headers, query or body"),
        (#"{"oauthResponse.x": 1}"#, "oauthResponse.x: a path must start with headers, query or body"),
        (#"{".body.total": 1}"#, ".body.total: a path is written without a leading '.', as in body.total"),
        (#"{"body..total": 1}"#, "body..total: \(invalidPath)"),
        (#"{"body.items[x]": 1}"#, "body.items[x]: \(invalidPath)"),
        (#"{"body.items[0": 1}"#, "body.items[0: \(invalidPath)"),
        (#"{"body total": 1}"#, "body total: \(invalidPath)"),
        (#"{"body.": 1}"#, "body.: \(invalidPath)"),
        (#"{"[0]": 1}"#, "[0]: \(invalidPath)"),
        (#"{"": 1}"#, invalidPath),
        (#"{"headers.X-Tenant": "acme"}"#, "headers.X-Tenant: header names are lower-case in paths: write headers.x-tenant"),
        (#"{"body.x": {"$exists": "yes"}}"#, "body.x.$exists: $exists takes true or false, not a string"),
        (#"{"body.x": {"$in": "PE"}}"#, "body.x.$in: $in takes an array of values, such as [PE, CL, CO], not a string"),
        (#"{"body.x": {"$nin": {"a": 1}}}"#, "body.x.$nin: $nin takes an array of values, such as [PE, CL, CO], not an object"),
        (#"{"body.x": {}}"#, "body.x: an operator object needs at least one operator, such as { $gte: 1000 }"),
        (
            #"{"body.x": {"total": 1}}"#,
            "body.x.total: expected an operator such as $eq or $gte, not total: write nested names into the path, as in body.order.total, or compare a whole object with $eq"
        ),
        (#"{"body.x": {"$not": 3}}"#, "body.x.$not: $not under a path takes an operator object, such as { $gt: 3 }, not a number"),
        (#"{"body.x": {"$not": {}}}"#, "body.x.$not: an operator object needs at least one operator, such as { $gte: 1000 }"),
        (
            #"{"body.x": {"$or": [{"body.y": 1}]}}"#,
            "body.x.$or: $or combines conditions and goes beside paths, not under one, as in $or: [ { body.channel: web }, { body.vip: true } ]"
        ),
        (#"{"$gte": 3}"#, "$gte: $gte applies to the value at a path: write it under one, as in body.total: { $gte: … }"),
        (#"{"$exists": true}"#, "$exists: $exists applies to the value at a path: write it under one, as in body.total: { $exists: … }"),
        (
            #"{"$or": {"body.x": 1}}"#,
            "$or: $or takes an array of conditions, such as [ { body.channel: web }, { body.vip: true } ], not an object"
        ),
        (#"{"$and": []}"#, "$and: $and needs at least one condition"),
        (#"{"$or": [{"body.channel": "web"}, "vip"]}"#, "$or[1]: each condition of $or is an object, such as { body.vip: true }, not a string"),
        (#"{"$or": [{}]}"#, "$or[0]: a condition needs at least one path or operator, such as { body.vip: true }"),
        (#"{"$not": 1}"#, "$not: $not takes an object of conditions, such as { body.channel: web }, not a number"),
        (#"{"$not": {}}"#, "$not: $not needs at least one condition, such as { body.channel: web }"),
        (
            #"{"$or": [{"body.vip": true}, {"body.channel": {"$eq": "web", "$in": 3}}]}"#,
            "$or[1].body.channel.$in: $in takes an array of values, such as [PE, CL, CO], not a number"
        ),
    ])
    func rejected(filter: String, problem: String) throws {
        #expect(try self.problems(filter) == [problem])
    }

    @Test func collectsEveryProblem() throws {
        let value = try json(#"""
            {
              "body.total": {"$gte": [1], "$lt": 5},
              "country": "PE",
              "$or": [{"body.channel": {"$regex": "w.*"}}, 7, {"$not": {"query.x": {"$exists": 1}}}],
              "bad path": {"$gt": true},
              "headers.x": {"$in": [1, [2], {"a": 3}]}
            }
            """#)
        let error = try #require(throws: EventFilterError.self) { try EventFilter(json: value) }
        #expect(error.problems == [
            EventFilterError.Problem(path: "body.total.$gte", message: "$gte takes a number or a string, not an array"),
            EventFilterError.Problem(path: "country", message: "a path must start with headers, query or body"),
            EventFilterError.Problem(path: "$or[0].body.channel.$regex", message: "unknown operator $regex: \(operatorHint)"),
            EventFilterError.Problem(path: "$or[1]", message: "each condition of $or is an object, such as { body.vip: true }, not a number"),
            EventFilterError.Problem(path: "$or[2].$not.query.x.$exists", message: "$exists takes true or false, not a number"),
            EventFilterError.Problem(path: "bad path", message: invalidPath),
            EventFilterError.Problem(path: "bad path.$gt", message: "$gt takes a number or a string, not a boolean"),
            EventFilterError.Problem(path: "headers.x.$in[1]", message: "$in lists numbers, strings, booleans or null, not an array"),
            EventFilterError.Problem(path: "headers.x.$in[2]", message: "$in lists numbers, strings, booleans or null, not an object"),
        ])
        #expect(error.description.split(separator: "\n").count == 9)
        #expect(error.description.hasPrefix(
            "body.total.$gte: $gte takes a number or a string, not an array\ncountry: a path must start with headers, query or body\n"
        ))
    }
}
