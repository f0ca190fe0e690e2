import EventhosCore
import Synchronization

/// The registry snapshot the hot paths read, swapped whole when the registry changes.
///
/// `current` copies the snapshot (a reference count) under a lock held for no longer than that
/// copy, so ingest never waits for an update being built and never sees a half-built registry.
public final class RegistryReference: Sendable {
    private let snapshot: Mutex<RegistrySnapshot>

    public init(_ snapshot: RegistrySnapshot) {
        self.snapshot = Mutex(snapshot)
    }

    /// The snapshot in force.
    public var current: RegistrySnapshot {
        snapshot.withLock { $0 }
    }

    /// Makes `snapshot` the one in force for every later read.
    public func replace(with snapshot: RegistrySnapshot) {
        self.snapshot.withLock { $0 = snapshot }
    }
}
