import EventhosStore
import Foundation
import Logging

/// A store in a fresh temporary directory, removed when the test is done.
struct TemporaryStore {
    /// A logger that prints nothing.
    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    let directory: URL
    var path: String { directory.appendingPathComponent("db/eventhos.sqlite").path }

    /// Runs `body` with a new directory, then removes it.
    static func with<T>(_ body: (TemporaryStore) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eventhos-store-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(TemporaryStore(directory: directory))
    }

    /// Opens the store (creating the `db` directory on the first call).
    func open(cipher: SecretCipher? = SecretCipher(keyMaterial: "test key material")) throws -> EventhosStore {
        try EventhosStore(path: path, cipher: cipher, logger: Self.logger)
    }

    /// The bytes of the database file and of its WAL, where fresh writes live.
    func fileBytes() throws -> Data {
        var bytes = Data()
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            bytes.append(try Data(contentsOf: URL(fileURLWithPath: path + suffix)))
        }
        return bytes
    }
}
