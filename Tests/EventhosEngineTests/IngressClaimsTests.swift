import EventhosStore
import Foundation
import Logging
import Testing

@testable import EventhosEngine

/// Group commit of the intake's message-id claims, on a real SQLite store.
@Suite struct IngressClaimsTests {
    private static func withClaims(_ body: (IngressClaims) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eventhos-claims-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try EventhosStore(
            path: directory.appendingPathComponent("eventhos.sqlite").path, cipher: nil,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await body(IngressClaims(store: store, window: .seconds(3600)))
    }

    @Test("many concurrent claims: each id is first exactly once")
    func concurrentClaims() async throws {
        try await Self.withClaims { claims in
            let ids = (0..<300).map { "m-\($0 % 100)" }  // every id three times
            let firsts = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
                for id in ids {
                    group.addTask { (id, try await claims.claim(id)) }
                }
                return try await group.reduce(into: [String: Int]()) { counts, claim in
                    if claim.1 { counts[claim.0, default: 0] += 1 }
                }
            }
            #expect(firsts.count == 100)
            #expect(firsts.values.allSatisfy { $0 == 1 })
        }
    }

    @Test("a claim after the others were written is still a duplicate")
    func laterClaim() async throws {
        try await Self.withClaims { claims in
            let answers = [try await claims.claim("a"), try await claims.claim("a"), try await claims.claim("b")]
            #expect(answers == [true, false, true])
        }
    }
}
