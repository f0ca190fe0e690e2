extension Task where Failure == Never {
    /// The task's value when it completes within `patience`, else `nil`; the task runs on either way.
    ///
    /// Also `nil` when the waiting task is cancelled first.
    func value(within patience: Duration) async -> Success? {
        let (first, arrived) = AsyncStream.makeStream(of: Success?.self, bufferingPolicy: .bufferingOldest(1))
        let timer = Task<Void, Never> {
            try? await Task<Never, Never>.sleep(for: patience)
            arrived.yield(nil)
        }
        Task<Void, Never> { arrived.yield(await self.value) }
        defer { timer.cancel() }
        for await value in first {
            return value
        }
        return nil
    }
}
