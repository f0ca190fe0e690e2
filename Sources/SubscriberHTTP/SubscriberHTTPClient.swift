import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// An HTTP/1.1 client for the calls on subscribers: keep-alive connections pooled per origin,
/// at most ``connectionsPerOrigin`` to each and closed after ``idleTimeout`` unused, TLS verified
/// against the system's trust roots.
///
/// An exchange runs on its connection's event loop from the request to the complete answer and
/// resumes its caller once: the per-call tasks, locks and body streams of a general-purpose client
/// were most of a delivery's CPU at ordinary rates (benchmarks/README.md). Redirects are not
/// followed and bodies are passed as sent.
public final class SubscriberHTTPClient: Sendable {
    /// The most connections open to one origin at once; further exchanges wait for one.
    public let connectionsPerOrigin: Int
    /// How long a connection stays open without an exchange.
    public let idleTimeout: TimeAmount
    private let group: any EventLoopGroup
    private let tls: NIOSSLContext
    private let state = NIOLockedValueBox(State())

    private struct State {
        var origins: [SubscriberTarget.Origin: OriginPoolState<SubscriberConnection, Int>] = [:]
        var waiters: [Int: EventLoopPromise<Grant>] = [:]
        var nextWaiter = 0
        var isShutDown = false
    }

    /// What a waiting exchange is handed.
    private enum Grant {
        case connection(SubscriberConnection)
        case slot
    }

    /// - Parameters:
    ///   - connectionsPerOrigin: the most connections to one scheme, host and port at once.
    ///   - idleTimeout: how long a connection stays open without an exchange.
    ///   - tlsConfiguration: how `https` subscribers are checked (by default: certificate chain and
    ///     host name, against the system's trust roots).
    public init(
        connectionsPerOrigin: Int = 8, idleTimeout: TimeAmount = .seconds(60), tlsConfiguration: TLSConfiguration = .makeClientConfiguration(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws {
        precondition(connectionsPerOrigin > 0, "a client needs at least one connection per origin")
        self.connectionsPerOrigin = connectionsPerOrigin
        self.idleTimeout = idleTimeout
        self.group = group
        tls = try NIOSSLContext(configuration: tlsConfiguration)
    }

    /// Sends `request` and returns the complete answer, keeping the first `responseBodyLimit` bytes
    /// of its body.
    ///
    /// - Throws: ``SubscriberHTTPError`` when there is no complete answer before `deadline`.
    public func execute(
        _ request: SubscriberRequest, responseBodyLimit: Int, deadline: NIODeadline
    ) async throws(SubscriberHTTPError) -> SubscriberResponse {
        guard let target = SubscriberTarget(url: request.url) else { throw .invalidURL(request.url) }
        let head = Self.head(of: request, to: target)
        let body = request.body.map { ByteBuffer(bytes: $0) }
        while true {
            let (connection, reused) = try await lease(target.origin, deadline: deadline)
            do {
                let outcome = try await connection.send(head: head, body: body, bodyLimit: responseBodyLimit, deadline: deadline)
                release(connection, of: target.origin, reusable: outcome.reusable)
                return outcome.response
            } catch ExchangeError.notSent where reused && deadline > .now() {
                // A pooled connection that the subscriber closed while it was idle: nothing was
                // sent on it, so the request goes out on another.
                release(connection, of: target.origin, reusable: false)
            } catch {
                release(connection, of: target.origin, reusable: false)
                throw error.asSubscriberHTTPError
            }
        }
    }

    /// Closes the idle connections and fails the exchanges waiting for one; an exchange in progress
    /// ends with its answer or its deadline.
    public func shutdown() async {
        let (idle, waiters) = state.withLockedValue { state in
            state.isShutDown = true
            var idle: [SubscriberConnection] = []
            for index in state.origins.values.indices { idle += state.origins.values[index].takeIdle() }
            defer { state.waiters.removeAll() }
            return (idle, Array(state.waiters.values))
        }
        for waiter in waiters { waiter.fail(SubscriberHTTPError.shutDown) }
        for connection in idle { try? await connection.channel.close() }
    }

    private static func head(of request: SubscriberRequest, to target: SubscriberTarget) -> HTTPRequestHead {
        var headers = HTTPHeaders()
        headers.reserveCapacity(request.headers.count + 2)
        for (name, value) in request.headers {
            switch name.lowercased() {
            case "content-length", "transfer-encoding": continue
            default: headers.add(name: name, value: value)
            }
        }
        if !headers.contains(name: "host") { headers.add(name: "host", value: target.hostHeader) }
        if let body = request.body {
            headers.add(name: "content-length", value: String(body.count))
        } else if ["POST", "PUT", "PATCH"].contains(request.method) {
            headers.add(name: "content-length", value: "0")
        }
        return HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: target.requestTarget, headers: headers)
    }

    // MARK: The pool

    private typealias Pool = OriginPoolState<SubscriberConnection, Int>

    /// What the pool decided for an exchange that asked for a connection.
    private enum Leased {
        case reuse(SubscriberConnection)
        case connect
        /// Waits as `waiter` until `grant` is completed.
        case wait(grant: EventLoopPromise<Grant>, waiter: Int)
    }

    /// A connection for one exchange, and whether it had carried exchanges before (`reused`).
    private func lease(
        _ origin: SubscriberTarget.Origin, deadline: NIODeadline
    ) async throws(SubscriberHTTPError) -> (SubscriberConnection, reused: Bool) {
        let eventLoop = MultiThreadedEventLoopGroup.currentEventLoop ?? group.next()
        let decision: Result<Leased, SubscriberHTTPError> = state.withLockedValue { state in
            guard !state.isShutDown else { return .failure(.shutDown) }
            let waiter = state.nextWaiter
            state.nextWaiter += 1
            switch state.origins[origin, default: Pool(limit: connectionsPerOrigin)].lease(for: waiter) {
            case .reuse(let connection):
                return .success(.reuse(connection))
            case .connect:
                return .success(.connect)
            case .wait:
                let grant = eventLoop.makePromise(of: Grant.self)
                state.waiters[waiter] = grant
                return .success(.wait(grant: grant, waiter: waiter))
            }
        }
        switch try decision.get() {
        case .reuse(let connection):
            return (connection, true)
        case .connect:
            return (try await connect(origin, on: eventLoop, deadline: deadline), false)
        case .wait(let grant, let waiter):
            switch try await wait(for: grant, as: waiter, at: origin, on: eventLoop, deadline: deadline) {
            case .connection(let connection): return (connection, true)
            case .slot: return (try await connect(origin, on: eventLoop, deadline: deadline), false)
            }
        }
    }

    /// Waits for a connection or a slot to be handed to `waiter`, or gives up at the deadline.
    private func wait(
        for grant: EventLoopPromise<Grant>, as waiter: Int, at origin: SubscriberTarget.Origin, on eventLoop: any EventLoop,
        deadline: NIODeadline
    ) async throws(SubscriberHTTPError) -> Grant {
        let timer = eventLoop.scheduleTask(deadline: deadline) { [self] in
            let abandoned = state.withLockedValue { state in
                state.origins[origin]?.abandon(waiter) == true ? state.waiters.removeValue(forKey: waiter) : nil
            }
            abandoned?.fail(SubscriberHTTPError.timedOut)
        }
        defer { timer.cancel() }
        do {
            return try await grant.futureResult.get()
        } catch {
            throw error.asSubscriberHTTPError
        }
    }

    private func connect(
        _ origin: SubscriberTarget.Origin, on eventLoop: any EventLoop, deadline: NIODeadline
    ) async throws(SubscriberHTTPError) -> SubscriberConnection {
        do {
            let connection = try await SubscriberConnection.open(
                to: origin, tls: origin.secure ? tls : nil, idleTimeout: idleTimeout, on: eventLoop, deadline: deadline)
            connection.channel.closeFuture.whenComplete { [self] _ in
                update(origin) { pool, _ in pool.closed(connection) }
            }
            return connection
        } catch {
            update(origin) { pool, _ in pool.slotFreed() }
            throw error
        }
    }

    private func release(_ connection: SubscriberConnection, of origin: SubscriberTarget.Origin, reusable: Bool) {
        // A connection the subscriber closed as it answered is not kept, whichever of its close
        // and this release runs first.
        let reusable = reusable && connection.channel.isActive
        if !reusable { connection.channel.close(promise: nil) }
        update(origin) { pool, isShutDown in pool.release(connection, reusable: reusable && !isShutDown) }
    }

    /// Changes an origin's pool and gives the connection or the slot it frees to the exchange
    /// waiting for it, if any; drops the origin's state when nothing is left of it.
    private func update(_ origin: SubscriberTarget.Origin, _ change: (inout Pool, _ isShutDown: Bool) -> Pool.Handoff) {
        var orphan: SubscriberConnection?
        let handed: (EventLoopPromise<Grant>, Grant)? = state.withLockedValue { state in
            guard var pool = state.origins[origin] else { return nil }
            defer { state.origins[origin] = pool.isUnused ? nil : pool }
            var handoff = change(&pool, state.isShutDown)
            while true {
                switch handoff {
                case .none:
                    return nil
                case .give(let connection, let waiter):
                    if let grant = state.waiters.removeValue(forKey: waiter) { return (grant, .connection(connection)) }
                    // Its waiter was failed by the shutdown: the connection closes and frees its slot.
                    orphan = connection
                    handoff = pool.slotFreed()
                case .connect(let waiter):
                    if let grant = state.waiters.removeValue(forKey: waiter) { return (grant, .slot) }
                    handoff = pool.slotFreed()
                }
            }
        }
        orphan?.channel.close(promise: nil)
        if let (grant, what) = handed { grant.succeed(what) }
    }
}

extension Error {
    /// The error as the client reports it: an exchange's own errors as they are, anything else as a
    /// lost connection naming its cause.
    fileprivate var asSubscriberHTTPError: SubscriberHTTPError {
        switch self {
        case let error as SubscriberHTTPError: error
        case let error as ExchangeError: error.reported
        default: .connectionLost(cause: "\(self)")
        }
    }
}
