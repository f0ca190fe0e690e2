import Glibc
import NIOPosix

/// Standard output written by one thread of its own, in the order of the calls, so that a slow
/// reader (a full pipe) never blocks the concurrency pool. Each text goes out at once with plain
/// `write(2)` calls: nothing is buffered, so a reader of a pipe or file sees every block as soon as
/// it is written.
final class StandardOutput: Sendable {
    private let thread = NIOThreadPool(numberOfThreads: 1)

    func start() {
        thread.start()
    }

    /// Writes `text` whole, after every text written before it.
    func write(_ text: String) async {
        let bytes = Array(text.utf8)
        _ = try? await thread.runIfActive { Self.writeAll(bytes) }
    }

    /// Waits for the writes in progress, then stops the thread.
    func stop() async {
        try? await thread.shutdownGracefully()
    }

    private static func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(STDOUT_FILENO, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
