import Testing

@testable import EventhosEngine

@Suite("Dead-queue poll schedule")
struct DeadQueuePollScheduleTests {
    private let contracts = (0..<5).map { "c\($0)" }

    @Test("the first tick reads every dead queue, whatever the budget")
    func firstTickReadsAll() {
        var schedule = DeadQueuePollSchedule(budget: 2)
        #expect(schedule.next(among: contracts, changed: []) == contracts)
    }

    @Test("up to the budget, every tick reads every dead queue")
    func smallRegistriesAreReadWhole() {
        var schedule = DeadQueuePollSchedule(budget: 5)
        for _ in 0..<3 {
            #expect(schedule.next(among: contracts, changed: ["c3"]) == contracts)
        }
    }

    @Test("beyond the budget, the unchanged queues are read in turn and the changed ones every tick")
    func largeRegistriesAreReadInTurn() {
        var schedule = DeadQueuePollSchedule(budget: 2)
        _ = schedule.next(among: contracts, changed: [])
        #expect(schedule.next(among: contracts, changed: []) == ["c0", "c1"])
        #expect(schedule.next(among: contracts, changed: ["c4"]) == ["c4", "c2", "c3"])
        #expect(schedule.next(among: contracts, changed: []) == ["c4", "c0"])
        #expect(schedule.next(among: contracts, changed: ["c1", "c2"]) == ["c1", "c2"], "changed queues are read once")
        #expect(schedule.next(among: contracts, changed: []) == ["c3", "c4"])
    }

    @Test("the turn survives the registry shrinking, and an empty registry reads nothing")
    func registryChanges() {
        var schedule = DeadQueuePollSchedule(budget: 2)
        _ = schedule.next(among: contracts, changed: [])
        _ = schedule.next(among: contracts, changed: [])
        _ = schedule.next(among: contracts, changed: [])
        #expect(schedule.next(among: ["a", "b", "c"], changed: []) == ["b", "c"])
        #expect(schedule.next(among: [], changed: []) == [])
        #expect(DeadQueuePollSchedule(budget: 0).budget == 1)
    }
}
