import AMQP
import Tracing

/// Writes a trace context into the headers of an AMQP message, one string header per key.
struct AMQPHeaderInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout AMQPTable) {
        carrier[key] = .string(value)
    }
}
