import Tracing

/// Writes a trace context as a list of HTTP headers, one per key.
struct HeaderListInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [(String, String)]) {
        carrier.append((key, value))
    }
}
