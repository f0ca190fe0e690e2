import Testing

@testable import EventhosEngine

/// Waiting for a task's value at most so long, the task running on either way.
@Suite("Task patience")
struct TaskPatienceTests {
    @Test("a task done within the patience gives its value")
    func doneInTime() async {
        let task = Task { 42 }
        #expect(await task.value(within: .seconds(30)) == 42)
    }

    @Test("a task not done within the patience gives nil, and still completes afterwards")
    func notDoneInTime() async {
        let (release, released) = AsyncStream.makeStream(of: Int.self)
        let task = Task<Int, Never> {
            for await value in release { return value }
            return -1
        }
        #expect(await task.value(within: .milliseconds(50)) == nil)
        released.yield(7)
        #expect(await task.value == 7, "the task ran on after the wait gave up")
    }
}
