#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// This process's CPU time and context switches so far (getrusage: every thread, ended ones included).
struct ResourceUsage: Sendable {
    /// User and system CPU time, in microseconds.
    var cpuMicroseconds: Int
    /// Context switches where a thread gave up the CPU (waiting for something).
    var voluntarySwitches: Int
    /// Context switches where the scheduler took the CPU from a thread.
    var involuntarySwitches: Int

    static func now() -> ResourceUsage {
        var usage = rusage()
        #if canImport(Glibc)
        _ = getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        _ = getrusage(RUSAGE_SELF, &usage)
        #endif
        func micros(_ time: timeval) -> Int { Int(time.tv_sec) * 1_000_000 + Int(time.tv_usec) }
        return ResourceUsage(
            cpuMicroseconds: micros(usage.ru_utime) + micros(usage.ru_stime),
            voluntarySwitches: Int(usage.ru_nvcsw), involuntarySwitches: Int(usage.ru_nivcsw))
    }

    static func - (end: ResourceUsage, start: ResourceUsage) -> ResourceUsage {
        ResourceUsage(
            cpuMicroseconds: end.cpuMicroseconds - start.cpuMicroseconds,
            voluntarySwitches: end.voluntarySwitches - start.voluntarySwitches,
            involuntarySwitches: end.involuntarySwitches - start.involuntarySwitches)
    }

    /// `cpu_us=... voluntary=... involuntary=...`
    var line: String {
        "cpu_us=\(cpuMicroseconds) voluntary=\(voluntarySwitches) involuntary=\(involuntarySwitches)"
    }
}
