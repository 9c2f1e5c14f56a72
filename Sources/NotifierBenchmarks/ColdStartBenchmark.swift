import Foundation
import RuntimeAPIServer

/// Cold starts: a fresh process (and a fresh Runtime API server) per run, with one direct
/// invocation queued before the spawn, as Lambda does for the invocation that caused the start.
///
/// Every function and every start-up step is run once per round, so that changes in the
/// machine's load over the run hit them all alike.
struct ColdStartBenchmark {
    struct Result {
        /// From just before `posix_spawn` to the Runtime API receiving the first `/next`.
        var toFirstNext: Summary
        /// From just before `posix_spawn` to the answer of the first invocation arriving.
        var toFirstAnswer: Summary
        /// Shared objects mapped once the first answer was given, loader included.
        var libraries: Int
        /// `VmHWM` after the first invocation, KiB.
        var peakAfterFirstInvocation: Int
    }

    var runs: Int
    var warmUps: Int
    var ses: SESEndpoint
    var output: Int32

    /// Each function's cold starts, in the order given, or the error that stopped its runs (a
    /// failing function leaves the rotation; the others go on); and each step's time to exit.
    func measure(_ functions: [FunctionUnderBenchmark], steps: [StartupStep]) throws
        -> (functions: [Swift.Result<Result, BenchmarkFailure>], steps: [StartupStep.Measured]) {
        var samples = functions.map { _ in (next: [Duration](), answer: [Duration](), libraries: 0, peak: 0) }
        var failures = [BenchmarkFailure?](repeating: nil, count: functions.count)
        var stepTimes = steps.map { _ in [Duration]() }
        for run in 0..<(warmUps + runs) {
            let recorded = run >= warmUps
            let last = run == warmUps + runs - 1
            for (index, function) in functions.enumerated() where failures[index] == nil {
                do {
                    let start = try coldStart(function, inspect: last)
                    if recorded {
                        samples[index].next.append(start.toFirstNext)
                        samples[index].answer.append(start.toFirstAnswer)
                    }
                    if let inspected = start.inspected {
                        samples[index].libraries = inspected.libraries
                        samples[index].peak = inspected.peak
                    }
                } catch let failure as BenchmarkFailure {
                    failures[index] = failure
                } catch {
                    failures[index] = BenchmarkFailure(function: function.name, reason: "\(error)")
                }
            }
            for (index, step) in steps.enumerated() {
                let time = try step.timeToExit(output: output)
                if recorded { stepTimes[index].append(time) }
            }
        }
        let results = functions.indices.map { index -> Swift.Result<Result, BenchmarkFailure> in
            if let failure = failures[index] { return .failure(failure) }
            let sample = samples[index]
            guard let next = Summary(sample.next), let answer = Summary(sample.answer) else {
                return .failure(BenchmarkFailure(function: functions[index].name, reason: "no cold-start runs"))
            }
            return .success(Result(toFirstNext: next, toFirstAnswer: answer, libraries: sample.libraries, peakAfterFirstInvocation: sample.peak))
        }
        let measuredSteps = zip(steps, stepTimes).compactMap { step, times in
            Summary(times).map { StartupStep.Measured(label: step.label, time: $0) }
        }
        return (results, measuredSteps)
    }

    private struct Start {
        var toFirstNext: Duration
        var toFirstAnswer: Duration
        var inspected: (libraries: Int, peak: Int)?
    }

    private func coldStart(_ function: FunctionUnderBenchmark, inspect: Bool) throws -> Start {
        let event = function.sendsMail ? BenchmarkEvents.direct(BenchmarkEvents.smallNotification(number: 1)) : Data(#"{"ping":1}"#.utf8)
        let running = try RunningFunction(function, ses: ses, output: output, firstEvent: event)
        defer { running.stop() }
        let next = try running.waitForFirstNext()
        let answer = try running.waitForFirstAnswer(check: function.sendsMail ? .sent : .echo(event))
        var inspected: (libraries: Int, peak: Int)?
        if inspect {
            try running.waitUntilIdle()
            inspected = (try running.loadedLibraries().count, try running.memory().peak)
        }
        return Start(toFirstNext: next, toFirstAnswer: answer, inspected: inspected)
    }
}
