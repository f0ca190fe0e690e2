import NIOCore

/// The JSON bodies the benchmarks send.
enum JSONBody {
    /// A JSON object of exactly `bytes` bytes (at least 32): an id, a name and padding.
    static func make(bytes: Int) -> ByteBuffer {
        let head = #"{"id":42,"name":"Ada","pad":""#
        let tail = #""}"#
        let padding = String(repeating: "x", count: max(0, bytes - head.utf8.count - tail.utf8.count))
        return ByteBuffer(string: head + padding + tail)
    }
}
