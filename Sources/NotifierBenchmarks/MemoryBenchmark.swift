import Foundation

/// Peak resident memory of one process over many invocations, sampled every `interval`
/// invocations, to show whether it keeps growing.
struct MemoryBenchmark {
    struct Sample {
        /// Invocations answered before the sample; 0 is right after init (the first `/next`).
        var invocations: Int
        var memory: MemoryStatus
    }

    var stub: BenchmarkSES
    var invocations: Int
    var interval: Int
    var output: Int32

    func measure(_ function: FunctionUnderBenchmark) throws -> [Sample] {
        stub.delay = .zero
        let running = try RunningFunction(function, ses: .stub(stub), output: output)
        defer { running.stop() }
        _ = try running.waitForFirstNext()
        var samples = [try sample(running, after: 0)]
        var done = 0
        while done < invocations {
            let count = min(interval, invocations - done)
            let events = (done..<(done + count)).map { BenchmarkEvents.direct(BenchmarkEvents.smallNotification(number: $0)) }
            _ = try running.invokeBackToBack(events, check: .sent)
            done += count
            try running.waitUntilIdle()
            samples.append(try sample(running, after: done))
        }
        return samples
    }

    private func sample(_ running: RunningFunction, after invocations: Int) throws -> Sample {
        Sample(invocations: invocations, memory: try running.memory())
    }
}
