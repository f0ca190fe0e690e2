import Testing

@testable import SubscriberHTTP

@Suite("a subscriber origin's connection pool, as a state machine")
struct OriginPoolStateTests {
    final class Connection {}

    @Test("opens up to the limit, then queues; a reusable connection goes to the first waiter")
    func limitAndWaiters() {
        var pool = OriginPoolState<Connection, Int>(limit: 2)
        guard case .connect = pool.lease(for: 1), case .connect = pool.lease(for: 2) else { Issue.record("expected two connects"); return }
        guard case .wait = pool.lease(for: 3), case .wait = pool.lease(for: 4) else { Issue.record("expected two waits"); return }
        #expect(pool.opened == 2)
        let first = Connection()
        guard case .give(let given, to: let waiter) = pool.release(first, reusable: true) else { Issue.record("expected a handoff"); return }
        #expect(given === first)
        #expect(waiter == 3)
        // A connection that closes frees its slot for the next waiter, who opens a new one.
        guard case .connect(for: 4) = pool.release(Connection(), reusable: false) else { Issue.record("expected a connect for 4"); return }
        #expect(pool.opened == 2)
    }

    @Test("an idle connection is reused, the latest first; one that closes while idle frees its slot")
    func idleReuseAndClose() {
        var pool = OriginPoolState<Connection, Int>(limit: 2)
        _ = pool.lease(for: 1)
        _ = pool.lease(for: 2)
        let older = Connection(), newer = Connection()
        guard case .none = pool.release(older, reusable: true), case .none = pool.release(newer, reusable: true) else {
            Issue.record("nobody waits")
            return
        }
        guard case .reuse(let reused) = pool.lease(for: 3) else { Issue.record("expected a reuse"); return }
        #expect(reused === newer)
        guard case .none = pool.closed(older) else { Issue.record("nobody waits"); return }
        #expect(pool.opened == 1)
        // A connection in use that closes is given back by its exchange, not counted twice.
        guard case .none = pool.closed(newer) else { Issue.record("expected no change"); return }
        #expect(pool.opened == 1)
        _ = pool.release(newer, reusable: false)
        #expect(pool.opened == 0)
        #expect(pool.isUnused)
    }

    @Test("a waiter that gives up leaves the queue; one already served cannot give up")
    func abandon() {
        var pool = OriginPoolState<Connection, Int>(limit: 1)
        _ = pool.lease(for: 1)
        _ = pool.lease(for: 2)
        _ = pool.lease(for: 3)
        let waiting = pool.abandon(2)
        #expect(waiting)
        guard case .give(_, to: 3) = pool.release(Connection(), reusable: true) else { Issue.record("expected 3 served"); return }
        let served = pool.abandon(3), gone = pool.abandon(2)
        #expect(!served && !gone)
    }

    @Test("a failed connect frees the slot, and the shutdown takes the idle connections")
    func failedConnectAndShutdown() {
        var pool = OriginPoolState<Connection, Int>(limit: 1)
        _ = pool.lease(for: 1)
        guard case .none = pool.slotFreed() else { Issue.record("nobody waits"); return }
        #expect(pool.opened == 0)
        _ = pool.lease(for: 2)
        _ = pool.release(Connection(), reusable: true)
        #expect(pool.takeIdle().count == 1)
        #expect(pool.opened == 0)
    }
}
