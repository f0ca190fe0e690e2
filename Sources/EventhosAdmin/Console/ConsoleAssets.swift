import EventhosEngine
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `/console/assets/<file>`: the console's stylesheet and script, shipped as the module's
/// resources (`Console/Assets`) and read once; served to anyone (the sign-in page needs them).
struct ConsoleAssets: Sendable {
    /// The assets of this build, read from the module's `Assets` resource.
    static let shared = ConsoleAssets(directory: Bundle.module.url(forResource: "Assets", withExtension: nil))

    private let files: [String: (contentType: String, bytes: ByteBuffer)]

    init(directory: URL?) {
        var files: [String: (contentType: String, bytes: ByteBuffer)] = [:]
        let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml"]
        let names = directory.flatMap { try? FileManager.default.contentsOfDirectory(atPath: $0.path) } ?? []
        for name in names {
            guard let directory, let type = types[(name as NSString).pathExtension],
                let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path)
            else { continue }
            files[name] = (type, ByteBuffer(bytes: data))
        }
        self.files = files
    }

    func addRoutes(to group: RouterGroup<ConsoleRequestContext>) {
        group.get("assets/{file}") { _, context in
            let name = try context.parameter("file")
            guard let file = files[name] else { throw ConsoleError.notFound("the asset \"\(name)\"") }
            return Response(
                status: .ok, headers: [.contentType: file.contentType, .cacheControl: "max-age=300"],
                body: .init(byteBuffer: file.bytes))
        }
    }
}
