@testable import EventhosCore
import Testing

/// Status policies (`responses:`, spec §10): the most specific pattern judges a status, the
/// default of spec §5 judges the others, and reading reports each problem at its path.
@Suite struct ResponsePolicyTests {
    /// The policy of spec §10.
    let policy = ResponsePolicy(
        success: [.class(2), .code(409)], retry: [.code(408), .code(425), .code(429), .class(5)], dead: [.class(4)])

    @Test("the policy of spec §10", arguments: [
        (200, TryVerdict.success), (204, .success), (409, .success), (404, .permanent), (400, .permanent),
        (408, .retryable), (425, .retryable), (429, .retryable), (500, .retryable), (503, .retryable),
        (301, .permanent), (100, .permanent),
    ])
    func specPolicy(status: Int, verdict: TryVerdict) {
        #expect(policy.verdict(status: status) == verdict)
    }

    @Test("an exact code beats a class, whichever list holds them")
    func codeBeatsClass() {
        let policy = ResponsePolicy(success: [.class(5)], dead: [.code(503), .code(200)])
        #expect(policy.verdict(status: 500) == .success)
        #expect(policy.verdict(status: 503) == .permanent)
        #expect(policy.verdict(status: 200) == .permanent)
        #expect(policy.verdict(status: 201) == .success)
    }

    @Test("a status no list names keeps the default verdict")
    func defaultVerdict() {
        let policy = ResponsePolicy(dead: [.code(429)])
        #expect(policy.verdict(status: 429) == .permanent)
        #expect(policy.verdict(status: 408) == .retryable)
        #expect(policy.verdict(status: 502) == .retryable)
        #expect(policy.verdict(status: 404) == .permanent)
        #expect(policy.verdict(status: 200) == .success)
        for status in 100..<600 {
            #expect(ResponsePolicy().verdict(status: status) == TryVerdict(status: status))
        }
    }

    @Test("patterns are read and written as the file writes them", arguments: [
        ("2xx", StatusPattern.class(2)), ("4XX", .class(4)), ("1xx", .class(1)), ("5xx", .class(5)),
        ("409", .code(409)), ("100", .code(100)), ("599", .code(599)),
    ])
    func patterns(_ text: String, _ pattern: StatusPattern) {
        #expect(StatusPattern(configText: text) == pattern)
        #expect(StatusPattern(configText: pattern.configText) == pattern)
        #expect(pattern.configText == text.lowercased())
    }

    @Test("bad patterns are refused", arguments: [
        "6xx", "0xx", "abc", "700", "099", "99", "4x", "40", "4xxx", "xx", "", " 409", "+409", "409.0", "x4x", "٤xx",
    ])
    func badPatterns(_ text: String) {
        #expect(StatusPattern(configText: text) == nil)
    }

    @Test func readsTheThreeLists() throws {
        let read = try readSection(
            #"{"success": ["2xx", 409], "retry": [408, "425", 429, "5xx"], "dead": ["4xx"]}"#, at: "responses"
        ) { ResponsePolicy(config: &$0) }
        #expect(read.problems == [])
        #expect(read.value == policy)
    }

    @Test func aMissingListIsEmpty() throws {
        let read = try readSection(#"{"dead": [429]}"#, at: "responses") { ResponsePolicy(config: &$0) }
        #expect(read.problems == [])
        #expect(read.value == ResponsePolicy(dead: [.code(429)]))
    }

    @Test func aStatusGivenTwiceIsReportedAtItsSecondPlace() throws {
        let acrossLists = try readSection(#"{"success": ["2xx", 409], "dead": ["4xx", "409"]}"#, at: "responses") {
            ResponsePolicy(config: &$0)
        }
        #expect(acrossLists.problems == [
            ConfigurationProblem(path: "responses.dead[1]", message: "duplicate status \"409\": already at responses.success[1]"),
        ])
        let sameClass = try readSection(#"{"retry": ["5xx"], "dead": ["5XX"]}"#, at: "responses") { ResponsePolicy(config: &$0) }
        #expect(sameClass.problems.map(\.path) == ["responses.dead[0]"])
        let sameList = try readSection(#"{"retry": [503, "503"]}"#, at: "responses") { ResponsePolicy(config: &$0) }
        #expect(sameList.problems.map(\.path) == ["responses.retry[1]"])
    }

    @Test func badPatternsAreReportedByPath() throws {
        let read = try readSection(#"{"retry": ["6xx", "abc", 700, 503]}"#, at: "responses") { ResponsePolicy(config: &$0) }
        #expect(read.problems == [
            ConfigurationProblem(
                path: "responses.retry[0]",
                message: "bad status \"6xx\": use a code from 100 to 599 or a class from 1xx to 5xx, as in 409 or 4xx"),
            ConfigurationProblem(
                path: "responses.retry[1]",
                message: "bad status \"abc\": use a code from 100 to 599 or a class from 1xx to 5xx, as in 409 or 4xx"),
            ConfigurationProblem(
                path: "responses.retry[2]",
                message: "bad status \"700\": use a code from 100 to 599 or a class from 1xx to 5xx, as in 409 or 4xx"),
        ])
        let notAList = try readSection(#"{"success": "2xx"}"#, at: "responses") { ResponsePolicy(config: &$0) }
        #expect(notAList.problems == [ConfigurationProblem(path: "responses.success", message: "expected a list, found a string")])
    }

    @Test func aPolicyThatListsNothingIsReported() throws {
        let message = "list at least one status under success, retry or dead: an empty responses changes nothing"
        for json in [#"{}"#, #"{"success": [], "dead": []}"#] {
            let read = try readSection(json, at: "contracts[0].responses") { ResponsePolicy(config: &$0) }
            #expect(read.problems == [ConfigurationProblem(path: "contracts[0].responses", message: message)])
        }
        let misspelt = try readSection(#"{"sucess": [200]}"#, at: "responses") { ResponsePolicy(config: &$0) }
        #expect(misspelt.problems.map(\.path) == ["responses", "responses.sucess"])
    }
}
