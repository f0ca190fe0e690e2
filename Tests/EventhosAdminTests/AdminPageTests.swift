import Testing

@testable import EventhosAdmin
@testable import EventhosEngine

@Suite("Admin list pages")
struct AdminPageTests {
    @Test("limit defaults to 50 and stays within 1…200")
    func limits() throws {
        #expect(try AdminPage(limit: nil, cursor: nil).limit == 50)
        #expect(try AdminPage(limit: "200", cursor: nil).limit == 200)
        for bad in ["0", "201", "-1", "ten"] {
            #expect(throws: AdminPage.Invalid.self) { try AdminPage(limit: bad, cursor: nil) }
        }
    }

    @Test("a cursor round-trips the sort key of the last item; a foreign one is refused")
    func cursors() throws {
        let cursor = AdminPage.cursor(after: ["Name/with+chars", "id-1"])
        #expect(!cursor.contains("=") && !cursor.contains("+") && !cursor.contains("/"))
        #expect(try AdminPage(limit: nil, cursor: cursor).after == ["Name/with+chars", "id-1"])
        for bad in ["garbage!", "e30", ""] {
            #expect(throws: AdminPage.Invalid.self) { try AdminPage(limit: nil, cursor: bad) }
        }
    }

    @Test("pages walk every item once, ascending or descending, and the last has no cursor")
    func walk() throws {
        let items = ["a", "b", "c", "d", "e"]
        for descending in [false, true] {
            let sorted = descending ? Array(items.reversed()) : items
            var seen = [String]()
            var cursor: String?
            repeat {
                let page = try AdminPage(limit: "2", cursor: cursor).page(of: sorted, key: { [$0] }, descending: descending)
                seen += page.items
                cursor = page.next
            } while cursor != nil
            #expect(seen == sorted)
        }
        #expect(try AdminPage(limit: "5", cursor: nil).page(of: items, key: { [$0] }).next == nil)
    }
}
