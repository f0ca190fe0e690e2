import Synchronization

/// A count shared by concurrent tasks (the messages a drain has seen or redriven).
final class SharedCounter: Sendable {
    private let count = Atomic<Int>(0)

    /// Adds one and returns the new count.
    @discardableResult
    func increment() -> Int {
        count.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// The count now.
    var value: Int {
        count.load(ordering: .relaxed)
    }
}
