import Glibc

/// Starts the dedicated OS thread that owns a connection's librabbitmq state.
///
/// A plain detached pthread rather than a task: the owner thread blocks in poll() and in
/// librabbitmq's synchronous calls, which must never happen on the cooperative pool.
enum OwnerThread {
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Runs `body` on a new detached thread.
    static func start(_ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { context in
            OwnerThread.nameCurrentThread()
            let body = Unmanaged<Body>.fromOpaque(context!).takeRetainedValue()
            body.run()
            return nil
        }, context)
        precondition(status == 0, "pthread_create failed: \(status)")
        pthread_detach(thread)
    }

    /// Names the calling thread "amqp-owner" for per-thread tools (`top -H`, `/proc/<pid>/task`,
    /// the benchmarks' CPU breakdown) instead of the name inherited from its creator. Best effort.
    private static func nameCurrentThread() {
        let fd = open("/proc/thread-self/comm", O_WRONLY)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = "amqp-owner".withCString { write(fd, $0, strlen($0)) }
    }
}
