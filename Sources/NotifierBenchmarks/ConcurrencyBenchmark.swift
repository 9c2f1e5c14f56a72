import Foundation

/// Lambda Managed Instances: one notifier process with `AWS_LAMBDA_MAX_CONCURRENCY` workers, SES
/// answering after 50 ms, direct invocations queued all at once. Per level, a fresh process:
/// invocations per second, CPU per invocation, and peak resident memory, from which the memory
/// each added worker costs follows.
struct ConcurrencyBenchmark {
    /// The levels measured, 1 (a plain on-demand loop) first.
    static let levels = [1, 4, 16, 64]

    struct Level {
        var workers: Int
        var invocations: Int
        var elapsed: Duration
        var cpu: Duration
        /// `VmHWM` once every worker waits in `/next`, before the first invocation.
        var idlePeakKiB: Int
        /// `VmHWM` after the run.
        var peakKiB: Int

        var invocationsPerSecond: Double { Double(invocations) * 1000 / elapsed.milliseconds }
        var cpuPerInvocation: Duration { cpu / invocations }
    }

    var stub: BenchmarkSES
    /// Invocations per worker at each level; every level queues at least `minimumInvocations`.
    var invocationsPerWorker: Int
    var minimumInvocations: Int
    var output: Int32

    func measure(_ function: FunctionUnderBenchmark) throws -> [Level] {
        stub.delay = .milliseconds(50)
        defer { stub.delay = .zero }
        return try Self.levels.map { try measure(function, workers: $0) }
    }

    private func measure(_ function: FunctionUnderBenchmark, workers: Int) throws -> Level {
        var configured = function
        configured.settings["AWS_LAMBDA_MAX_CONCURRENCY"] = String(workers)
        configured.settings["AWS_LAMBDA_LOG_FORMAT"] = "JSON"
        let running = try RunningFunction(configured, ses: .stub(stub), output: output, workers: workers)
        defer { running.stop() }
        try running.waitUntilIdle()
        let idlePeak = try running.memory().peak
        // Every worker's first invocation opens its SES connection; not counted.
        let warmUps = (0..<workers).map { BenchmarkEvents.direct(BenchmarkEvents.smallNotification(number: $0)) }
        _ = try running.invokeBackToBack(warmUps, check: .sent)

        let count = max(minimumInvocations, workers * invocationsPerWorker)
        let events = (0..<count).map { BenchmarkEvents.direct(BenchmarkEvents.smallNotification(number: workers + $0)) }
        let cpuBefore = try running.cpuTime()
        let elapsed = try running.invokeBackToBack(events, check: .sent)
        try running.waitUntilIdle()
        let cpu = try running.cpuTime() - cpuBefore
        return Level(workers: workers, invocations: count, elapsed: elapsed, cpu: cpu, idlePeakKiB: idlePeak, peakKiB: try running.memory().peak)
    }
}
