import Testing

/// What the tests' process helper promises: output and exit status, a kill at the timeout, and
/// an end at the child's exit even when a process it started keeps the output pipes open.
@Suite("Child processes")
struct ChildProcessTests {
    @Test("standard output, standard error and the exit status are collected")
    func collects() async {
        let outcome = await ChildProcess.run(["sh", "-c", "echo out; echo err >&2; exit 3"])
        #expect(outcome.status == 3 && !outcome.timedOut)
        #expect(outcome.output == "out\n")
        #expect(outcome.errors == "err\n")
        #expect(await ChildProcess.run(["GREETING=hello", "sh", "-c", "echo $GREETING"]).output == "hello\n")
        #expect(await ChildProcess.run(["eventhos-no-such-command"]).status == 127, "env's status for a command not found")
    }

    @Test("a command that outlives its timeout is killed")
    func timeout() async {
        let started = ContinuousClock.now
        let outcome = await ChildProcess.run(["sh", "-c", "echo before; sleep 30"], timeout: .seconds(1))
        #expect(outcome.timedOut)
        #expect(outcome.status == 128 + 9, "SIGKILL")
        #expect(outcome.output == "before\n", "what it printed until then is kept")
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test("the run ends when the command exits, though a process it left behind holds its output open")
    func daemonHoldsThePipe() async {
        let started = ContinuousClock.now
        let outcome = await ChildProcess.run(["sh", "-c", "sleep 20 & echo started"], timeout: .seconds(60))
        #expect(outcome.status == 0 && !outcome.timedOut)
        #expect(outcome.output == "started\n")
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}
