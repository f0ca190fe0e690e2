import Logging
import ServiceLifecycle

/// Runs `services` in a service group for the duration of `body`, then shuts them down gracefully.
func withRunningServices<Result: Sendable>(
    _ services: [any Service], logger: Logger = Logger(label: "test"),
    _ body: () async throws -> Result
) async throws -> Result {
    let group = ServiceGroup(configuration: .init(services: services, logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        do {
            let result = try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
    }
}

/// Polls `condition` until it holds or `timeout` passes; returns its last value.
func eventually<Value>(
    timeout: Duration = .seconds(10), _ condition: () async throws -> Value?
) async throws -> Value? {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if let value = try await condition() {
            return value
        }
        try await Task.sleep(for: .milliseconds(25))
    }
    return try await condition()
}
