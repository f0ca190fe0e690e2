import EventhosCore
import EventhosJSON
import Foundation
import NIOHTTP1
import Testing

/// The console's sign-in, session cookie, CSRF and roles, over real HTTP against a running bridge.
@Suite("Console sessions", .serialized)
struct ConsoleSessionTests {
    /// Runs a bridge with a browser on its console, signed in with the token of `role` unless `nil`.
    private func withConsole(
        signedInAs role: AdminToken.Role? = nil, _ body: (ConsoleBrowser, TestBridge, String) async throws -> Void
    ) async throws {
        let bridge = try TestBridge(subscriberURL: "http://127.0.0.1:9")
        try await bridge.run { base in
            let browser = ConsoleBrowser(base: base)
            if let role {
                try await browser.signIn(bridge.adminToken(role))
            }
            try await body(browser, bridge, base)
        }
    }

    @Test("an admin token signs in: 303 to /console and an HttpOnly, SameSite=Strict session cookie on /console")
    func signIn() async throws {
        try await withConsole { browser, bridge, base in
            let page = try await browser.get("/console/sign-in")
            #expect(page.status == 200)
            #expect(page.body.contains(#"<form id="sign-in""#) && page.body.contains(#"<input id="token" name="token" type="password""#))
            #expect(page.body.contains(#"<button id="sign-in-submit""#))
            let answer = try await browser.post("/console/sign-in", ["token": bridge.adminToken(.admin)])
            #expect(answer.status == 303)
            #expect(answer.headers["location"] == ["/console"])
            let cookie = try #require(browser.setCookies.first { $0.hasPrefix("eventhos_console=") })
            let attributes = Set(cookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(attributes.isSuperset(of: ["HttpOnly", "SameSite=Strict", "Path=/console"]), "\(cookie)")
            #expect(!attributes.contains("Secure"), "plain HTTP without a proxy saying https")
            let value = try #require(browser.cookies["eventhos_console"])
            #expect(value.count == 43, "32 random bytes in base64url")

            let systems = try await browser.get("/console/systems")
            #expect(systems.status == 200)
            #expect(systems.body.contains(#"<span id="whoami">admin <span class="role">admin</span>"#))
            #expect(systems.body.contains(">\(bridge.tag)</span>"), "the page names the instance that served it")
            #expect(systems.body.contains(#"<form id="sign-out" method="post" action="/console/sign-out">"#))
            #expect(systems.headers["content-security-policy"].first?.contains("script-src 'self'") == true)
        }
    }

    @Test("behind a proxy that says https, the session cookie is Secure")
    func secureBehindHTTPS() async throws {
        let bridge = try TestBridge(subscriberURL: "http://127.0.0.1:9")
        try await bridge.run { base in
            let browser = ConsoleBrowser(base: base, headers: [("x-forwarded-proto", "https")])
            try await browser.signIn(bridge.adminToken(.viewer))
            let cookie = try #require(browser.setCookies.first { $0.hasPrefix("eventhos_console=") })
            #expect(cookie.contains("; Secure"), "\(cookie)")
        }
    }

    @Test("a bad token re-renders the form with div#flash.error and opens no session")
    func badToken() async throws {
        try await withConsole { browser, bridge, base in
            let answer = try await browser.signIn("not-\(bridge.adminToken(.admin))")
            #expect(answer.status == 401)
            #expect(answer.body.contains(#"<div id="flash" class="error""#))
            #expect(answer.body.contains(#"<form id="sign-in""#))
            #expect(browser.cookies["eventhos_console"] == nil)
            #expect(try await browser.get("/console/systems").status == 303)
        }
    }

    @Test("not signed in: every console page answers 303 to /console/sign-in; the assets are served")
    func notSignedIn() async throws {
        try await withConsole { browser, bridge, base in
            for path in ["/console/systems", "/console/contracts/\(bridge.contract)", "/console/actions/new"] {
                let answer = try await browser.get(path)
                #expect(answer.status == 303, "\(path)")
                #expect(answer.headers["location"] == ["/console/sign-in"], "\(path)")
            }
            let forged = try await browser.post("/console/systems", ["name": "Forged"], csrf: "x")
            #expect(forged.status == 303)
            let css = try await browser.get("/console/assets/console.css")
            #expect(css.status == 200 && css.body.contains("prefers-color-scheme: dark"))
            #expect(css.headers["content-type"].first?.hasPrefix("text/css") == true)
            #expect(try await browser.get("/console/assets/../Templates/layout.mustache").status == 404)
        }
    }

    @Test("a POST without the csrf field, or with a wrong one, is refused with 403 and changes nothing")
    func csrf() async throws {
        try await withConsole(signedInAs: .admin) { browser, bridge, base in
            let name = "csrf-less-\(bridge.tag)"
            for csrf in [String?.none, "forged"] {
                let answer = try await browser.post(
                    "/console/systems", ["identifier": name, "name": "No csrf", "class": "producer"], csrf: .some(csrf))
                #expect(answer.status == 403)
                #expect(answer.body.contains("csrf"))
            }
            let admin = AdminClient(base: base, token: bridge.adminToken(.admin))
            #expect(try await admin.get("/systems/\(name)").status == 404)

            _ = try await browser.get("/console/systems/new")
            let accepted = try await browser.post("/console/systems", ["identifier": name, "name": "With csrf", "class": "producer"])
            #expect(accepted.status == 303, "the page's own csrf is accepted: \(accepted.body)")

            let signIn = ConsoleBrowser(base: base)
            let withoutNonce = try await signIn.post("/console/sign-in", ["token": bridge.adminToken(.admin)], csrf: "anything")
            #expect(withoutNonce.status == 403, "the sign-in form has its own double-submit token")
            #expect(withoutNonce.body.contains("csrf"))
        }
    }

    @Test("sessions are stored: they survive a restart of the bridge")
    func surviveRestart() async throws {
        let bridge = try TestBridge(subscriberURL: "http://127.0.0.1:9")
        let session = try await bridge.runKeepingStore { base in
            let browser = ConsoleBrowser(base: base)
            try await browser.signIn(bridge.adminToken(.operator))
            return try #require(browser.cookies["eventhos_console"])
        }
        try await bridge.run { base in
            let browser = ConsoleBrowser(base: base)
            browser.setCookie("eventhos_console", session)
            let page = try await browser.get("/console/events")
            #expect(page.status == 200)
            #expect(page.body.contains(#"<span id="whoami">operator <span class="role">operator</span>"#))
        }
    }

    @Test("sign-out ends the session on the server: the old cookie no longer opens a page")
    func signOut() async throws {
        try await withConsole(signedInAs: .admin) { browser, bridge, base in
            let session = try #require(browser.cookies["eventhos_console"])
            _ = try await browser.get("/console/systems")
            let answer = try await browser.post("/console/sign-out", [:])
            #expect(answer.status == 303)
            #expect(answer.headers["location"] == ["/console/sign-in"])
            #expect(browser.cookies["eventhos_console"] == nil, "the cookie is cleared")

            let replayed = ConsoleBrowser(base: base)
            replayed.setCookie("eventhos_console", session)
            #expect(try await replayed.get("/console/systems").status == 303, "the session is gone from the store")
        }
    }

    @Test("a viewer's pages carry no data-mutates and no a#new; a viewer's POST is refused with 403")
    func viewer() async throws {
        let bridge = try TestBridge(subscriberURL: "http://127.0.0.1:9")
        try await bridge.run { base in
            let pages = ["systems", "events", "actions", "contracts"].map { "/console/\($0)" } + [
                "/console/systems/\(bridge.tag)-crm", "/console/events/\(bridge.event)",
                "/console/actions/\(bridge.tag)-create-account", "/console/contracts/\(bridge.contract)",
            ]
            let admin = ConsoleBrowser(base: base)
            try await admin.signIn(bridge.adminToken(.admin))
            for path in pages {
                let page = try await admin.get(path)
                #expect(page.status == 200, "\(path)")
                #expect(page.body.contains("data-mutates"), "an admin can change \(path)")
            }
            let viewer = ConsoleBrowser(base: base)
            try await viewer.signIn(bridge.adminToken(.viewer))
            for path in pages {
                let page = try await viewer.get(path)
                #expect(page.status == 200, "\(path)")
                #expect(!page.body.contains("data-mutates"), "\(path)")
                #expect(!page.body.contains(#"id="new""#), "\(path)")
                #expect(page.body.contains(#"<form id="sign-out""#), "\(path)")
            }
            #expect(try await viewer.get("/console/systems/new").status == 403)
            let refused = try await viewer.post("/console/contracts/\(bridge.contract)/active", ["active": "false"])
            #expect(refused.status == 403)
            let contract = try await AdminClient(base: base, token: bridge.adminToken(.viewer)).get("/contracts/\(bridge.contract)")
            #expect(contract.json?["active"] == .bool(true))
        }
    }
}
