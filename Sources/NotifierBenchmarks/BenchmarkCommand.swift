import Foundation
import TestSupport

/// Runs every benchmark in turn and writes the report.
enum BenchmarkCommand {
    /// The process's exit status: 0, 1 when a measurement failed, 64 for a bad command line.
    static func run(arguments: [String]) -> Int32 {
        let options: BenchmarkOptions
        do {
            options = try BenchmarkOptions(arguments: arguments)
        } catch {
            if let message = error.message { progress(message) }
            FileHandle.standardError.write(Data((BenchmarkOptions.usage + "\n").utf8))
            return error.message == nil ? 0 : 64
        }
        do {
            let markdown = try Report(results: measure(options)).markdown()
            if let path = options.output {
                try markdown.write(toFile: path, atomically: true, encoding: .utf8)
                progress("wrote \(path)")
            } else {
                print(markdown, terminator: "")
            }
            return 0
        } catch {
            progress("failed: \(error)")
            return 1
        }
    }

    static func progress(_ message: String) {
        FileHandle.standardError.write(Data("benchmark: \(message)\n".utf8))
    }

    private static func measure(_ options: BenchmarkOptions) throws -> BenchmarkResults {
        let output = options.functionLogs.map { open($0, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644) } ?? open("/dev/null", O_WRONLY | O_CLOEXEC)
        guard output >= 0 else { throw BenchmarkFailure(function: "benchmark", reason: "cannot open the functions' output file") }
        defer { close(output) }
        let counts = options.counts
        let root = BenchmarkOptions.packageRoot
        let python = options.python
        let peerHandler = root + "/scripts/peer/a3_notifier.py"

        let release = FunctionUnderBenchmark.notifier(build: options.binDirectory + "/bootstrap")
        let packaged = options.packageDirectory.map { FunctionUnderBenchmark.notifier(package: $0) }
        let notifier = packaged ?? release
        let echo = FunctionUnderBenchmark.echo(build: options.binDirectory + "/EchoLambda")
        let peer = python.map { FunctionUnderBenchmark.peer(python: $0, handlerDirectory: root + "/scripts/peer") }
        progress("measuring \(notifier.name)" + (peer.map { " against \($0.name)" } ?? " (no peer: \(options.peerUnavailable ?? "?"))"))

        var machine = MachineFacts.collect(packageRoot: root, python: python)
        let stub = try BenchmarkSES()
        var peerRun = PeerRun(peer: peer, problem: options.peerUnavailable)

        progress("sizes")
        let sizes = SizeFacts.measure(releaseBinary: release.executable, echoBinary: echo.executable, packageDirectory: options.packageDirectory, zip: options.zip,
                                      peerHandler: peer == nil ? nil : peerHandler)

        progress("CPU per message, in process (\(counts.inProcessIterations) iterations per step)")
        let messageCost = try MessageCostBenchmark(stub: stub, iterations: counts.inProcessIterations, warmUps: counts.inProcessIterations / 10).measure()

        progress("cold starts (\(counts.coldStarts) rounds)")
        let coldStartFunctions = [notifier] + (packaged != nil ? [release] : []) + [echo] + (peer.map { [$0] } ?? [])
        let coldStarts = try ColdStartBenchmark(runs: counts.coldStarts, warmUps: counts.coldStartWarmUps, ses: .stub(stub), output: output)
            .measure(coldStartFunctions, steps: StartupStep.steps(notifier: notifier, python: python))
        var notifierResults = BenchmarkResults.Subject(name: notifier.name)
        var otherColdStarts: [(name: String, result: ColdStartBenchmark.Result)] = []
        var peerResults = peer.map { BenchmarkResults.Subject(name: $0.name) }
        for (function, result) in zip(coldStartFunctions, coldStarts.functions) {
            if function.name == peer?.name {
                peerResults?.coldStart = peerRun.measure("the cold starts") { _ in try result.get() }
            } else if function.name == notifier.name {
                notifierResults.coldStart = try result.get()
            } else {
                otherColdStarts.append((function.name, try result.get()))
            }
        }

        progress("warm path")
        let warmPath = WarmPathBenchmark(stub: stub, counts: counts, output: output)
        notifierResults.warmPath = try warmPath.measure(notifier)
        peerResults?.warmPath = peerRun.measure("the warm path") { try warmPath.measure($0) }

        progress("memory over \(counts.memoryInvocations) invocations")
        let memory = MemoryBenchmark(stub: stub, invocations: counts.memoryInvocations, interval: counts.memoryInterval, output: output)
        notifierResults.memory = try memory.measure(notifier)
        peerResults?.memory = peerRun.measure("the memory run") { try memory.measure($0) } ?? []

        progress("several invocations at once (Lambda Managed Instances: \(ConcurrencyBenchmark.levels.map(String.init).joined(separator: ", ")) workers)")
        notifierResults.concurrency = try ConcurrencyBenchmark(
            stub: stub, invocationsPerWorker: counts.concurrentInvocationsPerWorker,
            minimumInvocations: counts.concurrentMinimumInvocations, output: output
        ).measure(notifier)

        progress("idempotency store: batches of \(IdempotencyBenchmark.batchSize), SES \(Int(IdempotencyBenchmark.sesLatency.milliseconds)) ms, DynamoDB \(Int(IdempotencyBenchmark.dynamoDBLatency.milliseconds)) ms (\(counts.idempotencyRuns) runs each)")
        notifierResults.idempotency = try IdempotencyBenchmark(
            stub: stub, runs: counts.idempotencyRuns, warmUps: counts.warmUpInvocations, output: output
        ).measure(notifier)

        var motoProblem: String?
        if options.moto {
            progress("through moto (\(counts.motoRuns) invocations)")
            let server: MotoServer?
            do {
                server = try MotoServer.shared()
            } catch {
                server = nil
                motoProblem = "moto could not be started: \(error)"
            }
            if let server {
                let moto = MotoLatencyBenchmark(moto: server, warmUps: 5, runs: counts.motoRuns, output: output)
                notifierResults.motoLatency = try moto.measure(notifier)
                peerResults?.motoLatency = peerRun.measure("the moto run") { try moto.measure($0) }
            }
        } else {
            motoProblem = "left out (`--no-moto`)"
        }

        machine.loadAverageAtEnd = MachineFacts.loadAverage()
        return BenchmarkResults(
            machine: machine,
            counts: counts,
            quick: options.quick,
            notifier: notifierResults,
            peer: peerResults,
            peerProblem: peerRun.problem,
            motoProblem: motoProblem,
            otherColdStarts: otherColdStarts,
            startupSteps: coldStarts.steps,
            messageCost: messageCost,
            sizes: sizes)
    }
}

/// The peer's measurements: the first failure is recorded and the peer's later measurements are
/// skipped, so that a broken Python environment never costs the notifier's figures.
private struct PeerRun {
    var peer: FunctionUnderBenchmark?
    /// Why the peer is missing or incomplete.
    var problem: String?

    mutating func measure<T>(_ what: String, _ body: (FunctionUnderBenchmark) throws -> T) -> T? {
        guard let peer, problem == nil else { return nil }
        do {
            return try body(peer)
        } catch {
            problem = "it failed during \(what): \(error)"
            BenchmarkCommand.progress("peer: \(problem ?? "")")
            return nil
        }
    }
}
