import Metrics
import Synchronization

/// Counters of one metric that differ by one dimension whose values are not all known up front
/// (a rejection code, a dead-letter reason): each is created on first use, then cached.
final class CounterFamily: Sendable {
    private let label: String
    private let dimensions: [(String, String)]
    private let dimension: String
    private let factory: any MetricsFactory
    private let counters = Mutex<[String: Counter]>([:])

    /// - Parameters:
    ///   - dimensions: the dimensions every counter of the family has.
    ///   - dimension: the name of the dimension that tells them apart.
    init(label: String, dimensions: [(String, String)], by dimension: String, factory: any MetricsFactory) {
        self.label = label
        self.dimensions = dimensions
        self.dimension = dimension
        self.factory = factory
    }

    func increment(_ value: String) {
        let counter = counters.withLock { cache in
            if let cached = cache[value] { return cached }
            let made = Counter(label: label, dimensions: dimensions + [(dimension, value)], factory: factory)
            cache[value] = made
            return made
        }
        counter.increment()
    }
}
