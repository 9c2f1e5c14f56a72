import Foundation

/// A warm execution environment: one process serving invocation after invocation on its one
/// Runtime API connection, sending to the loopback SES stub.
struct WarmPathBenchmark {
    struct Result {
        /// An SQS event of one record, SES answering at once.
        var singleAt0ms: Summary
        /// An SQS event of ten records, SES answering at once.
        var batchAt0ms: Summary
        /// One record, each SES answer delayed 50 ms.
        var singleAt50ms: Summary
        /// Ten records, each SES answer delayed 50 ms.
        var batchAt50ms: Summary
        /// Small direct invocations queued together, answered one after another.
        var invocationsPerSecond: Double
        var backToBackInvocations: Int
        /// Connections the function opened to the Runtime API over the whole warm run.
        var runtimeAPIConnections: Int
        /// Process CPU time per small direct invocation, in the back-to-back run (µs).
        var cpuPerSmallInvocation: Double
        /// The part of that CPU time spent in the kernel (system calls, loopback TCP), 0–1.
        var kernelShareOfSmallInvocations: Double
        /// The 5 KB HTML + 100 KB attachment message, invoked directly, one at a time.
        var largeMessageLatency: Summary
        /// Process CPU time per large-message invocation (µs): runtime loop, handler, HTTP, logs.
        var cpuPerLargeInvocation: Double
        /// `VmHWM` at the end, after every measurement above (KiB).
        var peakAtEnd: Int
    }

    var stub: BenchmarkSES
    var counts: RunCounts
    var output: Int32

    func measure(_ function: FunctionUnderBenchmark) throws -> Result {
        stub.delay = .zero
        let running = try RunningFunction(function, ses: .stub(stub), output: output)
        defer { running.stop() }
        _ = try running.waitForFirstNext()

        let single = BenchmarkEvents.sqsBatch([BenchmarkEvents.smallNotification(number: 1)])
        let batch = BenchmarkEvents.sqsBatch((1...10).map { BenchmarkEvents.smallNotification(number: $0) })
        let small = (1...counts.backToBackInvocations).map { BenchmarkEvents.direct(BenchmarkEvents.smallNotification(number: $0)) }
        let large = BenchmarkEvents.direct(BenchmarkEvents.largeNotification)

        for _ in 0..<counts.warmUpInvocations {
            _ = try running.invoke(small[0], check: .sent)
            _ = try running.invoke(batch, check: .wholeBatchSent)
            _ = try running.invoke(large, check: .sent)
        }

        let (singleAt0ms, batchAt0ms) = try alternate(single, batch, runs: counts.warmRuns, on: running)
        stub.delay = .milliseconds(50)
        let (singleAt50ms, batchAt50ms) = try alternate(single, batch, runs: counts.slowRuns, on: running)
        stub.delay = .zero

        let cpuBeforeSmall = try running.cpuTime()
        let splitBeforeSmall = try running.userAndKernelTime()
        let elapsed = try running.invokeBackToBack(small, check: .sent)
        let cpuSmall = try running.cpuTime() - cpuBeforeSmall
        let splitAfterSmall = try running.userAndKernelTime()
        let userSmall = splitAfterSmall.user - splitBeforeSmall.user
        let kernelSmall = splitAfterSmall.kernel - splitBeforeSmall.kernel

        var largeLatencies: [Duration] = []
        let cpuBeforeLarge = try running.cpuTime()
        for _ in 0..<counts.largeMessageInvocations {
            largeLatencies.append(try running.invoke(large, check: .sent))
        }
        let cpuLarge = try running.cpuTime() - cpuBeforeLarge

        guard let largeMessageLatency = Summary(largeLatencies) else {
            throw BenchmarkFailure(function: function.name, reason: "no large-message runs")
        }
        return Result(
            singleAt0ms: singleAt0ms,
            batchAt0ms: batchAt0ms,
            singleAt50ms: singleAt50ms,
            batchAt50ms: batchAt50ms,
            invocationsPerSecond: Double(small.count) / (elapsed.milliseconds / 1000),
            backToBackInvocations: small.count,
            runtimeAPIConnections: running.server.acceptedConnectionCount,
            cpuPerSmallInvocation: cpuSmall.milliseconds * 1000 / Double(small.count),
            kernelShareOfSmallInvocations: kernelSmall.milliseconds / max(1, (userSmall + kernelSmall).milliseconds),
            largeMessageLatency: largeMessageLatency,
            cpuPerLargeInvocation: cpuLarge.milliseconds * 1000 / Double(counts.largeMessageInvocations),
            peakAtEnd: try running.memory().peak)
    }

    /// Times `first` and `second` in turns, so that drift in the machine's load hits both alike.
    private func alternate(_ first: Data, _ second: Data, runs: Int, on running: RunningFunction) throws -> (Summary, Summary) {
        var firstTimes: [Duration] = []
        var secondTimes: [Duration] = []
        for _ in 0..<runs {
            firstTimes.append(try running.invoke(first, check: .wholeBatchSent))
            secondTimes.append(try running.invoke(second, check: .wholeBatchSent))
        }
        guard let firstSummary = Summary(firstTimes), let secondSummary = Summary(secondTimes) else {
            throw BenchmarkFailure(function: running.function.name, reason: "no warm runs")
        }
        return (firstSummary, secondSummary)
    }
}
