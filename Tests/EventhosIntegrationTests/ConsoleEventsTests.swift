import EventhosCore
import Foundation
import NIOHTTP1
import Testing

@testable import EventhosAdmin
@testable import EventhosEngine

/// The console's overview, events log, received events and dead letters, against a running bridge,
/// the real broker and a real HTTP subscriber, driven as a browser would (``ConsoleBrowser``).
@Suite("Console: overview, events log, received events, dead letters", .serialized)
struct ConsoleEventsTests {
    @Test("the log filters by event, id, state, source and pages; a received event shows its tries; an operator replays it")
    func logAndReceivedEvent() async throws {
        try await withSubscriber { subscriber in
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            try await bridge.run { base in
                let first = try await bridge.send(to: base, id: 1)
                let second = try await bridge.send(to: base, id: 2)
                let audit = AuditReader(path: bridge.storePath)
                for id in [first, second] {
                    _ = try await eventually { try audit.execution(id).flatMap { $0.state == "COMPLETED" ? $0 : nil } }
                }
                let admin = ConsoleBrowser(base: base)
                try await admin.signIn(bridge.adminToken(.admin))

                let byEvent = try await admin.get("/console/log?event=\(bridge.event)")
                #expect(byEvent.status == 200)
                #expect(Self.rows(byEvent.body) == [second, first], "newest first")
                #expect(Self.rows(try await admin.get("/console/log?id=\(first)&event=&producer=").body) == [first], "blank fields are no filter")
                #expect(Self.rows(try await admin.get("/console/log?event=\(bridge.event)&source=webhook&state=accepted").body) == [second, first])
                #expect(Self.rows(try await admin.get("/console/log?event=\(bridge.event)&source=amqp").body).isEmpty)
                #expect(Self.rows(try await admin.get("/console/log?event=\(bridge.event)&state=rejected").body).isEmpty)
                #expect(Self.rows(try await admin.get("/console/log?event=\(bridge.event)&producer=\(bridge.tag)-erp").body).isEmpty)

                let bad = try await admin.get("/console/log?state=done&event=\(bridge.event)")
                #expect(bad.status == 400)
                #expect(bad.body.contains(#"<div id="flash" class="error""#) && bad.body.contains("state must be accepted or rejected"))
                #expect(bad.body.contains(#"class="field error"><label for="filter-state">"#), "the bad field is marked")

                let page = try await admin.get("/console/log?event=\(bridge.event)&limit=1")
                #expect(Self.rows(page.body) == [second])
                let next = try #require(Self.attribute("href", of: #"id="next-page""#, in: page.body))
                let last = try await admin.get(next.replacingOccurrences(of: "&amp;", with: "&"))
                #expect(Self.rows(last.body) == [first])
                #expect(!last.body.contains(#"id="next-page""#))

                let event = try await admin.get("/console/log/\(first)")
                #expect(event.status == 200)
                #expect(event.body.contains(#"<pre id="event-body">{"#) && event.body.contains("&quot;id&quot;: 1"))
                #expect(event.body.contains(#"<table id="event-headers">"#) && event.body.contains("<code>access-key</code>") == false)
                #expect(event.body.contains(#"<section class="execution" data-contract="\#(bridge.contract)""#))
                #expect(event.body.contains(#"data-execution-state="COMPLETED""#))
                #expect(event.body.contains(#"<div class="try" data-attempt="1">"#))
                #expect(event.body.contains(#"<pre class="try-request">POST \#(subscriber.url)/accounts/1?tenant="#))
                #expect(event.body.contains(#"<pre class="try-response">HTTP 200"#))
                #expect(event.body.contains(#"class="try-duration">"#))
                #expect(event.body.contains(#"<form id="replay-all""#) && event.body.contains(#"class="replay-contract inline""#))

                let replayed = try await admin.post("/console/log/\(first)/replay", ["contract": bridge.contract])
                #expect(replayed.status == 303)
                #expect(replayed.headers["location"] == ["/console/log/\(first)"])
                let requests = try await subscriber.wait(for: "/accounts/1", count: 2)
                #expect(requests.map { $0.headers["eventhos-attempt"] } == ["1", "2"])
                let after = try await admin.get("/console/log/\(first)")
                #expect(after.body.contains("Replayed to \(bridge.contract) (attempt 2)."))
                _ = try await eventually { try audit.execution(first).flatMap { $0.attempts == 2 ? $0 : nil } }
                #expect(try await admin.get("/console/log/\(first)").body.contains(#"<div class="try" data-attempt="2">"#))

                let viewer = ConsoleBrowser(base: base)
                try await viewer.signIn(bridge.adminToken(.viewer))
                for path in ["/console/log", "/console/log/\(first)"] {
                    let shown = try await viewer.get(path)
                    #expect(shown.status == 200 && !shown.body.contains("data-mutates"), "\(path)")
                }
                #expect(try await viewer.post("/console/log/\(first)/replay", [:]).status == 403)
                #expect(try await admin.get("/console/log/no-such-event").status == 404)
            }
        }
    }

    @Test("a dead letter shows its error; purge needs its confirmation; a redrive from the console completes it")
    func deadLetters() async throws {
        try await withSubscriber { subscriber in
            for id in [9, 10, 11] {
                subscriber.script("/accounts/\(id)", [400])
            }
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            try await bridge.run { base in
                let audit = AuditReader(path: bridge.storePath)
                let dead = try await bridge.send(to: base, id: 9)
                _ = try await eventually { try audit.execution(dead).flatMap { $0.state == "ERROR" ? $0 : nil } }
                let admin = ConsoleBrowser(base: base)
                try await admin.signIn(bridge.adminToken(.admin))
                let queues = try await eventually { () async throws -> String? in
                    let page = try await admin.get("/console/dead-letters").body
                    return page.contains(#"<td class="depth" data-label="Depth">1</td>"#) ? page : nil
                }
                #expect(queues?.contains(#"<tr data-contract="\#(bridge.contract)" class="holds-letters">"#) == true)
                #expect(queues?.contains(#"<a class="open" href="/console/dead-letters/\#(bridge.contract)">"#) == true)
                #expect(queues?.contains("Oldest message's last try") == true, "the list looks at each queue's head")

                let path = "/console/dead-letters/\(bridge.contract)"
                let letters = try await admin.get(path)
                #expect(letters.status == 200)
                #expect(letters.body.contains(#"<tr class="dead-letter" data-received-event="\#(dead)">"#))
                #expect(letters.body.contains(#"<td class="error" data-label="Error">HTTP 400</td>"#))
                #expect(letters.body.contains(#"name="message" value="\#(dead)" form="redrive""#))
                #expect(letters.body.contains(#"<form id="redrive""#) && letters.body.contains(#"id="purge-confirm" name="confirm" type="checkbox" value="yes" required"#))

                let refused = try await admin.post(path + "/purge", [:])
                #expect(refused.status == 400)
                #expect(refused.body.contains(#"<div id="flash" class="error""#) && refused.body.contains("check the confirmation box"))
                #expect(refused.body.contains(#"data-received-event="\#(dead)""#), "nothing was purged")

                let viewer = ConsoleBrowser(base: base)
                try await viewer.signIn(bridge.adminToken(.viewer))
                for page in ["/console/dead-letters", path] {
                    let shown = try await viewer.get(page)
                    #expect(shown.status == 200 && !shown.body.contains("data-mutates") && !shown.body.contains(#"name="message""#), "\(page)")
                }
                #expect(try await viewer.post(path + "/redrive", [:]).status == 403)
                let operatorBrowser = ConsoleBrowser(base: base)
                try await operatorBrowser.signIn(bridge.adminToken(.operator))
                let operatorPage = try await operatorBrowser.get(path).body
                #expect(operatorPage.contains(#"<form id="redrive""#) && !operatorPage.contains(#"<form id="purge""#), "purging is for admins")
                #expect(try await operatorBrowser.post(path + "/purge", ["confirm": "yes"]).status == 403)

                subscriber.script("/accounts/9", [200])
                let redriven = try await admin.post(path + "/redrive", [:])
                #expect(redriven.status == 303)
                #expect(try await admin.get(path).body.contains("1 message redriven to \(bridge.contract)."))
                let done = try await eventually { try audit.execution(dead).flatMap { $0.state == "COMPLETED" ? $0 : nil } }
                #expect(done?.attempts == 2)
                let event = try await admin.get("/console/log/\(dead)").body
                #expect(event.contains(#"data-execution-state="COMPLETED""#))
                #expect(event.contains(#"<pre class="try-response">HTTP 400"#) && event.contains(#"<div class="try" data-attempt="2">"#))

                // Two more dead letters: redrive one of them by selection, then purge the other.
                let kept = try await bridge.send(to: base, id: 10)
                let chosen = try await bridge.send(to: base, id: 11)
                _ = try await eventually { () async throws -> Bool? in
                    let page = try await admin.get(path).body
                    return page.contains(#"data-received-event="\#(kept)""#) && page.contains(#"data-received-event="\#(chosen)""#) ? true : nil
                }
                subscriber.script("/accounts/11", [200])
                #expect(try await admin.post(path + "/redrive", ["message": chosen]).status == 303)
                let selected = try await admin.get(path).body
                #expect(selected.contains("1 message redriven"))
                #expect(selected.contains(#"data-received-event="\#(kept)""#))
                _ = try await eventually { try audit.execution(chosen).flatMap { $0.state == "COMPLETED" ? $0 : nil } }
                #expect(try await admin.post(path + "/purge", ["confirm": "yes"]).status == 303)
                let purged = try await admin.get(path).body
                #expect(purged.contains("1 message purged from the dead queue of \(bridge.contract)."))
                #expect(!purged.contains(#"class="dead-letter""#))
                #expect(try await admin.get("/console/dead-letters/no-such-contract").status == 404)
            }
        }
    }

    @Test("the overview counts the last hour's traffic, shows the chart, the dead queues and health")
    func overview() async throws {
        try await withSubscriber { subscriber in
            subscriber.script("/accounts/3", [400])
            let bridge = try TestBridge(subscriberURL: subscriber.url)
            try await bridge.run { base in
                let audit = AuditReader(path: bridge.storePath)
                var ids: [String] = []
                for id in 1...3 {
                    ids.append(try await bridge.send(to: base, id: id))
                }
                for id in ids {
                    _ = try await eventually { try audit.execution(id).flatMap { ["COMPLETED", "ERROR"].contains($0.state) ? $0 : nil } }
                }
                let admin = ConsoleBrowser(base: base)
                try await admin.signIn(bridge.adminToken(.admin))
                let page = try await eventually { () async throws -> String? in
                    let body = try await admin.get("/console").body
                    return body.contains(#"<td class="depth" data-label="Depth">1</td>"#) ? body : nil
                }
                let overview = try #require(page)
                #expect(overview.contains(#"<section id="overview-counts""#))
                #expect(Self.count("received", in: overview) == 3)
                #expect(Self.count("delivered", in: overview) == 2)
                #expect(Self.count("failed", in: overview) == 1)
                #expect(overview.contains(#"<svg id="overview-chart" class="chart" role="img" aria-label="Events per 5 minutes, last 60 minutes: 3 received, 2 delivered, 1 failed""#))
                #expect(overview.contains(#"<tr data-contract="\#(bridge.contract)" class="holds-letters">"#))
                #expect(!overview.contains("Oldest message's last try"), "the overview reads depths only")
                #expect(overview.contains(#"data-component="broker">connected</span>"#))
                #expect(overview.contains(#"data-component="store">writable</span>"#))
            }
        }
    }

    /// The received event ids of the log's rows, in order.
    private static func rows(_ html: String) -> [String] {
        html.components(separatedBy: #"<tr data-received-event=""#).dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    /// The value of `[data-count=<key>]`.
    private static func count(_ key: String, in html: String) -> Int? {
        html.components(separatedBy: #"data-count="\#(key)">"#).dropFirst().first.flatMap { Int($0.prefix { $0 != "<" }) }
    }

    /// The value of `name` on the first element whose tag holds `marker`.
    private static func attribute(_ name: String, of marker: String, in html: String) -> String? {
        guard let tag = html.components(separatedBy: marker).dropFirst().first?.prefix(while: { $0 != ">" }),
            let value = tag.components(separatedBy: "\(name)=\"").dropFirst().first
        else { return nil }
        return String(value.prefix { $0 != "\"" })
    }
}
