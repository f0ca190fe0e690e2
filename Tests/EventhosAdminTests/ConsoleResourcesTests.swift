import Foundation
import Testing

@testable import EventhosAdmin
@testable import EventhosEngine

/// The console ships everything it needs: no page or asset refers to another origin.
@Suite struct ConsoleResourcesTests {
    @Test("templates and assets are in the build, and none names a URL of another origin")
    func selfContained() throws {
        var checked = 0
        for folder in ["Templates", "Assets"] {
            let root = try #require(Bundle.module.url(forResource: folder, withExtension: nil), "\(folder) missing from the build")
            let files = FileManager.default.enumerator(atPath: root.path)?.allObjects.compactMap { $0 as? String } ?? []
            for file in files where file.hasSuffix(".mustache") || file.hasSuffix(".css") || file.hasSuffix(".js") {
                let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                for external in ["http://", "https://", "src=\"//", "href=\"//", "@import", "url(http"] {
                    #expect(!text.contains(external), "\(folder)/\(file) names \(external)")
                }
                checked += 1
            }
        }
        #expect(checked >= 10)
        _ = try ConsoleRenderer(instance: "test")  // every template parses
    }
}
