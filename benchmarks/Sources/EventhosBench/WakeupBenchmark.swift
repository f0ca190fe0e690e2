import ArgumentParser
import Foundation
import Glibc
import Synchronization

/// `wakeups`: what waking a sleeping thread costs this machine in CPU, the price that every
/// hand-off of an event between threads and every packet that finds its thread asleep pays.
///
/// At ordinary rates each event wakes threads one at a time, so this cost, not the work of any
/// function, sets the floor of the CPU per event (on a VM a wake-up can cost more than the work it
/// wakes up for). Three figures, each from this process's getrusage:
/// - a **timer**: one thread sleeping 1 ms at a time (usleep), CPU per wake-up;
/// - **another core**: two threads pinned to different cores taking turns through two pipes
///   (each blocks in read() until the other writes), CPU per wake-up (two per round trip);
/// - **the same core**: the same with both threads pinned to one core.
/// The two cores are the first two the process may run on; a figure is `-` where the threads could
/// not be pinned (or the process may run on one core only).
struct WakeupBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wakeups",
        abstract: "CPU per thread wake-up: by a timer, from another core, on the same core.")

    @Option(help: "Timer wake-ups (1 ms sleeps); the round trips between threads are four times as many.")
    var count = 2000

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
    }

    func run() throws {
        let timer = Self.timerWakeups(count)
        let rounds = count * 4
        let cores = Self.allowedCores()
        let otherCore = cores.count >= 2 ? Self.roundTrips(rounds, cores: (cores[0], cores[1])) : nil
        let sameCore = cores.isEmpty ? nil : Self.roundTrips(rounds, cores: (cores[0], cores[0]))
        func perWakeup(_ usage: ResourceUsage?, _ wakeups: Int) -> String {
            usage.map { (Double($0.cpuMicroseconds) / Double(wakeups)).formatted(digits: 1) } ?? "-"
        }
        print(
            "wake-ups: timer_us=\(perWakeup(timer, count))"
                + " other_core_us=\(perWakeup(otherCore, 2 * rounds))"
                + " same_core_us=\(perWakeup(sameCore, 2 * rounds))"
                + " (CPU per wake-up: \(count) sleeps of 1 ms; \(rounds) round trips between two threads through pipes;"
                + " - where the threads could not be pinned)")
    }

    /// Sleeps 1 ms `count` times.
    private static func timerWakeups(_ count: Int) -> ResourceUsage {
        let start = ResourceUsage.now()
        for _ in 0..<count { usleep(1000) }
        return ResourceUsage.now() - start
    }

    /// Set by the peer thread of ``roundTrips(_:cores:)`` once it is pinned; read after it finished.
    private final class PeerPinning: Sendable {
        let pinned = Atomic<Bool>(false)
    }

    /// `rounds` round trips between this thread (on `cores.0`) and a peer thread (on `cores.1`);
    /// `nil` when either thread could not be pinned.
    private static func roundTrips(_ rounds: Int, cores: (Int, Int)) -> ResourceUsage? {
        guard let allowed = currentAffinity(), setCurrentAffinity(1 << UInt64(cores.0)) else { return nil }
        defer { _ = setCurrentAffinity(allowed) }
        let ping = Pipe()
        let pong = Pipe()
        return withExtendedLifetime((ping, pong)) {
            let (pingRead, pingWrite) = (ping.fileHandleForReading.fileDescriptor, ping.fileHandleForWriting.fileDescriptor)
            let (pongRead, pongWrite) = (pong.fileHandleForReading.fileDescriptor, pong.fileHandleForWriting.fileDescriptor)
            let peerCore = cores.1
            let pinning = PeerPinning()
            let finished = DispatchSemaphore(value: 0)
            let start = ResourceUsage.now()
            Thread {
                pinning.pinned.store(setCurrentAffinity(1 << UInt64(peerCore)), ordering: .releasing)
                for _ in 0..<rounds {
                    take(pingRead)
                    give(pongWrite)
                }
                finished.signal()
            }.start()
            for _ in 0..<rounds {
                give(pingWrite)
                take(pongRead)
            }
            finished.wait()
            let usage = ResourceUsage.now() - start
            return pinning.pinned.load(ordering: .acquiring) ? usage : nil
        }
    }

    /// Writes one byte to a pipe.
    private static func give(_ end: Int32) {
        var byte: UInt8 = 1
        _ = write(end, &byte, 1)
    }

    /// Blocks until a byte arrives on a pipe.
    private static func take(_ end: Int32) {
        var byte: UInt8 = 0
        _ = read(end, &byte, 1)
    }

    /// glibc's `sched_getaffinity` and `sched_setaffinity`, which Swift's Glibc module does not
    /// import (GNU extensions); the masks given are 64 bits: the benchmark's machines have fewer cores.
    private typealias Affinity = @convention(c) (pid_t, Int, UnsafeRawPointer) -> Int32
    private static let schedGetAffinity = libcFunction("sched_getaffinity")
    private static let schedSetAffinity = libcFunction("sched_setaffinity")

    private static func libcFunction(_ name: String) -> Affinity? {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name).map { unsafeBitCast($0, to: Affinity.self) }
    }

    /// The cores the calling thread may run on (of the first 64), in order.
    private static func allowedCores() -> [Int] {
        guard let mask = currentAffinity() else { return [] }
        return (0..<64).filter { mask & (1 << UInt64($0)) != 0 }
    }

    /// The calling thread's affinity mask (its first 64 cores), `nil` when it cannot be read.
    private static func currentAffinity() -> UInt64? {
        var mask: UInt64 = 0
        let status = withUnsafeMutableBytes(of: &mask) { schedGetAffinity?(0, MemoryLayout<UInt64>.size, $0.baseAddress!) }
        return status == 0 ? mask : nil
    }

    /// Restricts the calling thread to the cores of `mask`; `false` when the kernel refused.
    private static func setCurrentAffinity(_ mask: UInt64) -> Bool {
        var mask = mask
        return withUnsafeBytes(of: &mask) { schedSetAffinity?(0, MemoryLayout<UInt64>.size, $0.baseAddress!) } == 0
    }
}
