import EventhosCore
import EventhosStore
import Foundation
import Logging
import Testing

@testable import EventhosAdmin
@testable import EventhosEngine

/// The console's sessions on a real SQLite store: what ends a session, and its CSRF token.
@Suite struct ConsoleSessionsTests {
    private static let admin = AdminToken(name: "ada", tokenHash: ProducerKeyHash(key: "ada-token"), role: .admin)

    private static func withStore(_ body: (EventhosStore) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eventhos-sessions-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try EventhosStore(
            path: directory.appendingPathComponent("eventhos.sqlite").path, cipher: nil,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await body(store)
    }

    @Test("a session ends when its token leaves the configuration, changes role or value, or expires")
    func sessionEnds() async throws {
        try await Self.withStore { store in
            let sessions = ConsoleSessions(store: store, tokens: [Self.admin])
            #expect(try await sessions.signIn(presenting: "wrong") == nil)
            let now = Date()
            let (id, opened) = try #require(try await sessions.signIn(presenting: "ada-token", now: now))
            #expect(opened.role == .admin && opened.tokenName == "ada")
            await #expect(try sessions.session(id: id, now: now) == opened)
            await #expect(try sessions.session(id: id + "x", now: now) == nil)

            var demoted = Self.admin
            demoted.role = .viewer
            await #expect(try ConsoleSessions(store: store, tokens: [demoted]).session(id: id, now: now) == nil, "same name, other role")
            let rotated = AdminToken(name: "ada", tokenHash: ProducerKeyHash(key: "new-token"), role: .admin)
            await #expect(try ConsoleSessions(store: store, tokens: [rotated]).session(id: id, now: now) == nil, "same name, other token")
            await #expect(try ConsoleSessions(store: store, tokens: []).session(id: id, now: now) == nil, "token removed")

            let later = now.addingTimeInterval(Double(ConsoleSessions.lifetime.components.seconds) + 1)
            await #expect(try sessions.session(id: id, now: later) == nil, "expired")
        }
    }

    @Test("the CSRF token is stable for a session, differs between sessions, and is compared exactly")
    func csrf() async throws {
        try await Self.withStore { store in
            let sessions = ConsoleSessions(store: store, tokens: [Self.admin])
            let (first, one) = try #require(try await sessions.signIn(presenting: "ada-token"))
            let (_, two) = try #require(try await sessions.signIn(presenting: "ada-token"))
            await #expect(try sessions.session(id: first)?.csrf == one.csrf)
            #expect(one.csrf != two.csrf)
            #expect(one.csrf != first, "the token is not the session id")
            #expect(ConsoleSessions.matches(one.csrf, one.csrf))
            #expect(!ConsoleSessions.matches(two.csrf, one.csrf))
            #expect(!ConsoleSessions.matches(nil, one.csrf))
            #expect(!ConsoleSessions.matches("", one.csrf))
        }
    }

    @Test("sign-out removes the session from the store")
    func signOut() async throws {
        try await Self.withStore { store in
            let sessions = ConsoleSessions(store: store, tokens: [Self.admin])
            let (id, session) = try #require(try await sessions.signIn(presenting: "ada-token"))
            try await sessions.signOut(session)
            await #expect(try sessions.session(id: id) == nil)
            await #expect(try store.consoleSession(idHash: ProducerKeyHash(key: id)) == nil)
        }
    }
}
