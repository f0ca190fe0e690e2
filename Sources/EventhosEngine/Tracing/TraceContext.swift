/// A W3C Trace Context `traceparent` (`00-<trace-id>-<parent-id>-<flags>`): the request id that
/// follows an event from ingest through the broker (a message header) to every try on a subscriber.
///
/// Ingest continues the producer's trace when it sent a valid `traceparent`, or starts one; each
/// hop (ingest, each try) is a child: the same trace id, a new span id.
struct TraceContext: Sendable, Hashable {
    /// 32 lower-case hex digits, not all zero.
    let traceID: String
    /// 16 lower-case hex digits, not all zero.
    let spanID: String
    /// The `sampled` flag.
    let sampled: Bool

    static let headerName = "traceparent"

    /// Parses a `traceparent` value; `nil` when it is not valid (W3C Trace Context, level 1: a
    /// future version's longer value is read by its first four fields).
    init?(traceparent: String) {
        let fields = traceparent.split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count >= 4, let version = UInt8(fields[0], radix: 16), fields[0].count == 2, version != 0xFF,
            version != 0 || fields.count == 4,
            Self.isID(fields[1], digits: 32), Self.isID(fields[2], digits: 16), fields[3].utf8.count == 2,
            let flags = UInt8(fields[3], radix: 16)
        else { return nil }
        self.init(traceID: String(fields[1]), spanID: String(fields[2]), sampled: flags & 1 == 1)
    }

    private init(traceID: String, spanID: String, sampled: Bool) {
        self.traceID = traceID
        self.spanID = spanID
        self.sampled = sampled
    }

    /// A new trace, sampled.
    static func root() -> TraceContext {
        TraceContext(traceID: randomHex(words: 2), spanID: randomHex(words: 1), sampled: true)
    }

    /// The context of ingest: a child of the producer's context when it sent a valid one, else a new trace.
    static func ingest(incoming: String?) -> TraceContext {
        incoming.flatMap { TraceContext(traceparent: $0) }?.child() ?? root()
    }

    /// The next hop: the same trace, a new span.
    func child() -> TraceContext {
        TraceContext(traceID: traceID, spanID: Self.randomHex(words: 1), sampled: sampled)
    }

    /// The `traceparent` header value.
    var traceparent: String {
        "00-\(traceID)-\(spanID)-\(sampled ? "01" : "00")"
    }

    /// `digits` lower-case hex digits, not all zero.
    private static func isID(_ text: Substring, digits: Int) -> Bool {
        let isLowerHex = { (byte: UInt8) in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
        }
        return text.utf8.count == digits && text.utf8.allSatisfy(isLowerHex) && text.utf8.contains { $0 != UInt8(ascii: "0") }
    }

    /// `words` random non-zero 64-bit words as lower-case hex, 16 digits each, in one allocation (ingest makes ids for every event).
    private static func randomHex(words: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String(unsafeUninitializedCapacity: words * 16) { buffer in
            for word in 0..<words {
                let value = UInt64.random(in: 1...UInt64.max, using: &generator)
                for digit in 0..<16 {
                    let nibble = UInt8(truncatingIfNeeded: value >> (60 - 4 * UInt64(digit))) & 0xF
                    buffer[word * 16 + digit] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
                }
            }
            return words * 16
        }
    }
}
