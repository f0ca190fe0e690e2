import Atomics
import EventhosCore

/// The registry snapshot the hot paths read, swapped atomically when the registry changes.
///
/// Readers take no lock: `current` is one atomic load of a reference, so ingest never waits for
/// an update and never sees a half-built registry.
public final class RegistryReference: Sendable {
    private final class Box: AtomicReference, Sendable {
        let snapshot: RegistrySnapshot

        init(_ snapshot: RegistrySnapshot) {
            self.snapshot = snapshot
        }
    }

    private let box: ManagedAtomic<Box>

    public init(_ snapshot: RegistrySnapshot) {
        box = ManagedAtomic(Box(snapshot))
    }

    /// The snapshot in force.
    public var current: RegistrySnapshot {
        box.load(ordering: .acquiring).snapshot
    }

    /// Makes `snapshot` the one in force for every later read.
    public func replace(with snapshot: RegistrySnapshot) {
        box.store(Box(snapshot), ordering: .releasing)
    }
}
