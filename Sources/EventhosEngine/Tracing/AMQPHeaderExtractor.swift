import AMQP
import Tracing

/// Reads a trace context from the headers of an AMQP message (string or UTF-8 bytes values).
struct AMQPHeaderExtractor: Extractor {
    func extract(key: String, from carrier: AMQPTable) -> String? {
        switch carrier[key] {
        case .string(let value): value
        case .bytes(let bytes): String(validating: bytes, as: UTF8.self)
        default: nil
        }
    }
}
