import EventhosEngine
import EventhosStore
import Hummingbird

/// `GET /console`: the last hour's counts and chart, the dead queues' depths, broker and store health.
///
/// The dead queues' depths come from a passive declare each; their messages are not looked at, so
/// a page that is reloaded often costs the broker nothing more.
struct ConsoleOverviewPages: ConsolePages {
    /// The window of the counts and the chart, and how many minutes one group of bars of the chart covers.
    static let window = (minutes: 60, bucketMinutes: 5)

    let services: ConsoleServices

    func addRoutes(to group: RouterGroup<ConsoleRequestContext>) {
        group.get("") { request, context in
            let activity = try await services.store.activity(lastMinutes: Self.window.minutes, bucketMinutes: Self.window.bucketMinutes)
            let deadQueues: Result<[DeadQueueSummary], any Error>
            do {
                deadQueues = .success(try await services.operations.deadLetters.list(peekingOldest: false))
            } catch {
                deadQueues = .failure(error)
            }
            let view = ConsoleOverviewView(activity: activity, deadQueues: deadQueues, readiness: await services.readiness.report())
            return services.renderer.page(
                "overview", title: "Overview", section: "overview", data: ["page": view], request: request, context: context)
        }
    }
}
