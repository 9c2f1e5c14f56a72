import AWSCore
import SESv2
import Foundation

/// `BENCHMARKS.md`: the results against the peer, issue 8's targets, the details, the method and
/// the machine.
struct Report {
    var results: BenchmarkResults

    func markdown() -> String {
        var lines: [String] = []
        lines += header()
        lines += summaryTable()
        lines += targets()
        lines += managedInstances()
        lines += idempotencyStore()
        lines += details()
        lines += method()
        lines += environment()
        return lines.joined(separator: "\n") + "\n"
    }

    private var notifier: BenchmarkResults.Subject { results.notifier }
    private var peer: BenchmarkResults.Subject? { results.peer }

    // MARK: - Header

    private func header() -> [String] {
        var lines = [
            "# Benchmarks",
            "",
            "Written by `scripts/benchmark`\(results.quick ? " `--quick` (fewer runs: a smoke test, not a measurement)" : "") on \(results.machine.date), "
                + "commit \(results.machine.gitCommit). Run it again with `scripts/benchmark` (about five minutes; `--quick` for one).",
            "",
            "The notifier measured is **\(notifier.name)**. The peer is the A3-Shared-Notifier behaviour written anew in Python "
                + "(`scripts/peer/a3_notifier.py`: the `email` package, boto3 `sesv2.send_email` with raw content) under AWS's runtime "
                + "interface client `awslambdaric`, driven through the same Runtime API server and the same SES endpoint.",
        ]
        let machine = results.machine
        let loads = [machine.loadAverageAtStart, machine.loadAverageAtEnd ?? ""].compactMap { $0.split(separator: " ").first.flatMap { Double($0) } }
        if let busiest = loads.max(), busiest > Double(machine.cores) / 2 {
            lines += ["", "**The machine was busy:** the 1-minute load average was \(loads.map { String(format: "%.1f", $0) }.joined(separator: " at the start and ")) "
                      + "at the end, on \(machine.cores) cores, with other work running besides the benchmark. Timings, cold starts most, are slower "
                      + "and wider than on an idle machine; ratios to the peer, measured in the same rounds, suffer less."]
        }
        if let problem = results.peerProblem {
            lines += ["", "**The peer is missing or incomplete in this run:** \(problem)"]
        }
        if let problem = results.motoProblem {
            lines += ["", "**The moto run is missing:** \(problem)"]
        }
        lines.append("")
        return lines
    }

    // MARK: - Summary

    private func summaryTable() -> [String] {
        var rows: [[String]] = []
        func row(_ measure: String, _ ours: String?, _ theirs: String?, _ comparison: String?) {
            rows.append([measure, ours ?? "—", theirs ?? "—", comparison ?? "—"])
        }
        func timeRow(_ measure: String, _ ours: Summary?, _ theirs: Summary?) {
            row(measure, ours.map(spread), theirs.map(spread), compare(ours?.median, theirs?.median, better: .lower, word: ("faster", "slower")))
        }

        timeRow("Cold start: exec → first `/next`", notifier.coldStart?.toFirstNext, peer?.coldStart?.toFirstNext)
        timeRow("Cold start: exec → first answer (direct invocation, SES stub)", notifier.coldStart?.toFirstAnswer, peer?.coldStart?.toFirstAnswer)
        timeRow("Warm: SQS batch of 1, SES answers at once", notifier.warmPath?.singleAt0ms, peer?.warmPath?.singleAt0ms)
        timeRow("Warm: SQS batch of 10, SES answers at once", notifier.warmPath?.batchAt0ms, peer?.warmPath?.batchAt0ms)
        timeRow("Warm: SQS batch of 1, SES answers after 50 ms", notifier.warmPath?.singleAt50ms, peer?.warmPath?.singleAt50ms)
        timeRow("Warm: SQS batch of 10, SES answers after 50 ms", notifier.warmPath?.batchAt50ms, peer?.warmPath?.batchAt50ms)
        let ourBatchRatio = notifier.warmPath.map { $0.batchAt50ms.median / $0.singleAt50ms.median }
        let theirBatchRatio = peer?.warmPath.map { $0.batchAt50ms.median / $0.singleAt50ms.median }
        row("Batch of 10 ÷ batch of 1, at 50 ms", ourBatchRatio.map { times($0) }, theirBatchRatio.map { times($0) }, nil)
        row("Direct invocations per second, one Runtime API connection",
            notifier.warmPath.map { perSecond($0.invocationsPerSecond) }, peer?.warmPath.map { perSecond($0.invocationsPerSecond) },
            compare(notifier.warmPath?.invocationsPerSecond, peer?.warmPath?.invocationsPerSecond, better: .higher, word: ("more", "fewer")))
        row("Process CPU per small direct invocation",
            notifier.warmPath.map { microseconds($0.cpuPerSmallInvocation) }, peer?.warmPath.map { microseconds($0.cpuPerSmallInvocation) },
            compare(notifier.warmPath?.cpuPerSmallInvocation, peer?.warmPath?.cpuPerSmallInvocation, better: .lower, word: ("less", "more")))
        timeRow("Large message (5 KB HTML + 100 KB attachment), direct, SES stub", notifier.warmPath?.largeMessageLatency, peer?.warmPath?.largeMessageLatency)
        row("Process CPU per large-message invocation",
            notifier.warmPath.map { microseconds($0.cpuPerLargeInvocation) }, peer?.warmPath.map { microseconds($0.cpuPerLargeInvocation) },
            compare(notifier.warmPath?.cpuPerLargeInvocation, peer?.warmPath?.cpuPerLargeInvocation, better: .lower, word: ("less", "more")))
        timeRow("Through moto (SigV4 checked): direct invocation → answer", notifier.motoLatency, peer?.motoLatency)

        let ourMemory = memoryCheckpoints(notifier.memory)
        let theirMemory = memoryCheckpoints(peer?.memory ?? [])
        let half = results.counts.memoryInvocations / 2
        for (index, label) in ["Peak RSS right after init", "Peak RSS after \(results.counts.memoryInterval.formatted()) invocations",
                               "Peak RSS after \(half.formatted()) invocations",
                               "Peak RSS after \(results.counts.memoryInvocations.formatted()) invocations"].enumerated() {
            let ours = ourMemory[index], theirs = theirMemory[index]
            row(label, ours.map(kiBInMiB), theirs.map(kiBInMiB), compare(ours.map(Double.init), theirs.map(Double.init), better: .lower, word: ("less", "more")))
        }
        row("Peak RSS growth over the second half (invocations \((half + 1).formatted())–\(results.counts.memoryInvocations.formatted()))",
            growth(notifier.memory).map(kiB), growth(peer?.memory ?? []).map(kiB), nil)
        row("Shared objects mapped", notifier.coldStart.map { "\($0.libraries)" }, peer?.coldStart.map { "\($0.libraries)" }, nil)
        if let package = results.sizes.package {
            row("Package: zip / unzipped",
                "\(package.zip.map(bytesInMiB) ?? "no zip") / \(bytesInMiB(package.unzipped))",
                results.sizes.peerHandler.map { "\(bytesInKiB($0)) handler (+ the Python runtime AWS provides)" }, nil)
        }

        return [
            "## Results",
            "",
            "Median, with the 10th–90th percentile range in brackets. Times are wall-clock from the benchmark's side of the Runtime API.",
            "",
        ] + table(["measure", notifier.name, peer?.name ?? "peer", "notifier vs peer"], rows) + [""]
    }

    // MARK: - Targets

    private func targets() -> [String] {
        var rows: [[String]] = []
        func target(_ goal: String, _ measured: String?, _ met: Bool?, _ note: String = "") {
            rows.append([goal, measured ?? "not measured", met.map { $0 ? "met" : "**missed**" } ?? "—", note])
        }
        let firstNext = notifier.coldStart?.toFirstNext.median
        target("Cold start to first `/next` under 5 ms", firstNext.map(milliseconds), firstNext.map { $0 < 5 },
               coldStartNote())
        let speedup = both(peer?.coldStart?.toFirstNext.median, firstNext).map { $0.0 / $0.1 }
        target("… and at least 100× faster than the peer", speedup.map { times($0) }, speedup.map { $0 >= 100 }, peerColdStartNote())
        let batchRatio = notifier.warmPath.map { $0.batchAt50ms.median / $0.singleAt50ms.median }
        target("10-message batch at 50 ms SES latency under 1.3× a single send", batchRatio.map { times($0) }, batchRatio.map { $0 < 1.3 })
        let cost = results.messageCost
        let perMessage = cost.handler.cpu.median - cost.httpExchange.cpu.median
        target("CPU per message under 100 µs (decode + validate + MIME + SigV4 sign, 5 KB HTML + 100 KB attachment)",
               "\(microseconds(perMessage)) (handler \(microseconds(cost.handler.cpu.median)) − HTTP exchange \(microseconds(cost.httpExchange.cpu.median)))",
               perMessage < 100, cpuNote())
        let checkpoints = memoryCheckpoints(notifier.memory)
        let grew = growth(notifier.memory)
        let half = results.counts.memoryInvocations / 2
        target("Peak RSS under 20 MB with no growth",
               checkpoints[2].map { "\(kiBInMiB($0)) after \(half.formatted()) invocations; growth over the next \(half.formatted()) \(grew.map(kiB) ?? "?")" },
               checkpoints[3].map { $0 < 20 * 1024 && (grew ?? 1) == 0 }, memoryNote())
        if let zip = results.sizes.package?.zip {
            target("Zip under 6 MB", bytesInMiB(zip), zip < 6 * 1_048_576, zipNote())
        } else {
            target("Zip under 6 MB", nil, nil, "no package in `build/` (run `scripts/package`)")
        }
        return ["## Issue 8 targets", ""] + table(["target (this 2-core machine)", "measured", "", "what bounds it"], rows) + [""]
    }

    // MARK: - Lambda Managed Instances

    /// Issue 16: invocations per second against workers per process, with SES answering after 50 ms.
    private func managedInstances() -> [String] {
        let levels = notifier.concurrency
        guard let single = levels.first(where: { $0.workers == 1 }) else { return [] }
        var rows: [[String]] = []
        for level in levels {
            let added = level.workers - 1
            rows.append([
                level.workers.formatted(), level.invocations.formatted(), perSecond(level.invocationsPerSecond),
                times(level.invocationsPerSecond / single.invocationsPerSecond),
                microseconds(level.cpuPerInvocation.milliseconds * 1000),
                kiB(level.idlePeakKiB), kiB(level.peakKiB),
                added > 0 ? kiB((level.peakKiB - single.peakKiB) / added) : "—",
            ])
        }
        var lines = ["## Lambda Managed Instances: several invocations at once (issue 16)", "",
                     "A fresh notifier process per level with `AWS_LAMBDA_MAX_CONCURRENCY` workers; the SES stub answers every send after "
                     + "50 ms. After one unrecorded invocation per worker (each opens its SES connection), the invocations are queued at once "
                     + "and timed until the last answer. CPU is every thread of the process (`/proc/<pid>/task/*/schedstat`) over the timed "
                     + "invocations; peak RSS is `VmHWM` once every worker waits in `/next`, and after the run. Per added worker: "
                     + "(peak after the run − the 1-worker peak after its run) / (workers − 1).", ""]
        lines += table(["workers", "invocations", "invocations/s", "vs 1 worker", "CPU per invocation", "peak RSS idle", "peak RSS after", "per added worker"], rows)
        var targets: [[String]] = []
        if let sixteen = levels.first(where: { $0.workers == 16 }) {
            let factor = sixteen.invocationsPerSecond / single.invocationsPerSecond
            targets.append(["16 workers at least 12× the throughput of 1", times(factor), factor >= 12 ? "met" : "**missed**"])
        }
        if let most = levels.max(by: { $0.workers < $1.workers }), most.workers > 1 {
            let perWorker = (most.peakKiB - single.peakKiB) / (most.workers - 1)
            targets.append(["Peak RSS per added worker under 1.5 MiB (at \(most.workers) workers)", kiB(perWorker), perWorker < 1536 ? "met" : "**missed**"])
        }
        lines += [""] + table(["target (this 2-core machine)", "measured", ""], targets) + [""]
        return lines
    }

    // MARK: - Idempotency store

    /// Issue 14: a 10-message batch without and with the idempotency store.
    private func idempotencyStore() -> [String] {
        guard let result = notifier.idempotency else { return [] }
        let ses = Int(IdempotencyBenchmark.sesLatency.milliseconds)
        let roundTrip = IdempotencyBenchmark.dynamoDBLatency.milliseconds
        let added = result.addedRoundTrips
        let (without, instant, stored) = (result.withoutStore, result.withInstantStore, result.withStore)
        var lines = ["## Idempotency store: what it adds to a batch (issue 14)", "",
                     "Three warm notifier processes — without `NOTIFIER_IDEMPOTENCY_TABLE`, with it and DynamoDB answering at once, with it "
                     + "and DynamoDB answering after \(number(roundTrip)) ms — each sent SQS batches of \(IdempotencyBenchmark.batchSize) small messages "
                     + "in turns (\(result.runs.formatted()) each after \(results.counts.warmUpInvocations) unrecorded), with message ids no other "
                     + "batch has. The SES stub answers every send after \(ses) ms. DynamoDB is `BenchmarkDynamoDB`, a loopback fake in the "
                     + "benchmark's process that answers each `PutItem`, `UpdateItem` and `DeleteItem` as a conditional write that succeeded; "
                     + "it keeps no items, which changes nothing here since every key is new (moto is no stand-in for this: it serialises "
                     + "concurrent requests in Python, which DynamoDB does not). CPU is every thread of the function's process over the "
                     + "timed batches.", ""]
        func row(_ name: String, _ variant: IdempotencyBenchmark.Variant) -> [String] {
            [name] + fullSpread(variant.latency, milliseconds)
                + [milliseconds(variant.busy.median), milliseconds(variant.busy.p90), microseconds(variant.cpuPerBatch.milliseconds * 1000)]
        }
        lines += table(["batch of \(IdempotencyBenchmark.batchSize), SES \(ses) ms: until the answer", "n", "min", "p10", "median", "p90", "max",
                        "busy: median", "busy: p90", "function CPU per batch"], [
            row("without the store", without),
            row("with the store, DynamoDB at once", instant),
            row("with the store, DynamoDB \(number(roundTrip)) ms", stored),
        ])
        let requests = BenchmarkDynamoDB.operations.compactMap { operation in
            result.requests[operation].map { "\(operation) \(number(Double($0) / Double(result.runs)))" }
        }.joined(separator: ", ")
        let busy = result.addedBusyRoundTrips
        lines += ["", "*Busy* is the time from queueing the batch until the function asked for its next invocation: the answer and the "
                  + "work after it (`LambdaHandler.afterResponse`: the completions of the claims, the log and metrics lines). Lambda bills it, "
                  + "and this environment's next batch waits for it; the SQS poller and an API caller wait only for the answer.", "",
                  "Added by the store until the answer: \(milliseconds(stored.latency.median - without.latency.median)) at the median "
                  + "(\(number(added.median)) DynamoDB round trips of \(number(roundTrip)) ms), "
                  + "\(milliseconds(stored.latency.p90 - without.latency.p90)) at the 90th percentile (\(number(added.p90)) round trips). "
                  + "Of it, \(milliseconds(instant.latency.median - without.latency.median)) is there with DynamoDB answering at once — the "
                  + "function's work for the claims, the fake's on the same cores, loopback — and \(milliseconds(stored.latency.median - instant.latency.median)) "
                  + "comes with DynamoDB's latency: \(number(result.latencyRoundTrips)) round trips, the claims, all at once. "
                  + "Added to the busy time: \(milliseconds(stored.busy.median - without.busy.median)) at the median (\(number(busy.median)) round trips), "
                  + "\(milliseconds(stored.busy.p90 - without.busy.p90)) at the 90th percentile (\(number(busy.p90))): the claims and then the completions, "
                  + "each round all at once, and the CPU of \(number(result.requestsPerBatch)) more HTTP requests "
                  + "(\(microseconds((instant.cpuPerBatch - without.cpuPerBatch).milliseconds * 1000)) more function CPU per batch). "
                  + "DynamoDB requests per batch: \(number(result.requestsPerBatch)) (\(requests)).", ""]
        let bound = "One round of DynamoDB writes waits before the answer: the claims, which must precede the sends. The completions "
            + "(\(number(Double(result.requests["UpdateItem"] ?? 0) / Double(result.runs))) `UpdateItem`s, one round) are written after the answer, before the next invocation: "
            + "with them the store keeps the function busy \(number(busy.median)) round trips longer (median)."
        lines += table(["target (this 2-core machine)", "measured", "", "what bounds it"], [
            ["The store adds no more than 2 DynamoDB round trips to the batch's latency",
             "\(number(added.median)) round trips (median), \(number(added.p90)) (p90)", added.median <= 2 ? "met" : "**missed**", bound],
        ]) + [""]
        return lines
    }

    private func coldStartNote() -> String {
        guard let loading = results.startupSteps.first(where: { $0.label.contains("without") })?.time.median,
              let cold = notifier.coldStart else { return "" }
        let loadingWhat = cold.libraries == 0
            ? "Mapping the static `bootstrap`"
            : "Loading `bootstrap` and its \(cold.libraries) shared objects"
        var note = "\(loadingWhat) and starting Swift, then exiting, before any of our code runs, "
            + "takes \(milliseconds(loading)) of the \(milliseconds(cold.toFirstNext.median)); see *Where a cold start goes*."
        if let echo = results.otherColdStarts.first(where: { $0.name.hasPrefix("EchoLambda") }) {
            let releaseNext = results.otherColdStarts.first(where: { $0.name.contains("release") })?.result.toFirstNext.median
                ?? (notifier.name.contains("release") ? cold.toFirstNext.median : nil)
            note += " EchoLambda, the same runtime loop with no e-mail code (a release build, Swift's runtime as shared libraries), needs "
                + "\(milliseconds(echo.result.toFirstNext.median))" + (releaseNext.map { " against the release notifier's \(milliseconds($0))" } ?? "") + "."
        }
        return note
    }

    private func peerColdStartNote() -> String {
        guard let importing = results.startupSteps.first(where: { $0.label.contains("boto3") })?.time.median,
              let interpreter = results.startupSteps.first(where: { $0.label.contains("-c pass") })?.time.median else { return "" }
        return "The peer's start is Python (\(milliseconds(interpreter))) plus importing boto3 and making its client "
            + "(\(milliseconds(importing)) with the interpreter): the ratio moves with our start, not theirs."
    }

    private func memoryNote() -> String {
        guard let last = notifier.memory.last?.memory else { return "" }
        var note = "Of the \(kiBInMiB(last.current)) resident at the end, \(kiBInMiB(last.file)) are mapped files (the binary and its shared libraries) "
            + "and \(kiBInMiB(last.anonymous)) private memory."
        if let echo = results.otherColdStarts.first(where: { $0.name.hasPrefix("EchoLambda") }) {
            note += " EchoLambda, the runtime loop alone, peaks at \(kiBInMiB(echo.result.peakAfterFirstInvocation)) after one invocation."
        }
        return note
    }

    private func cpuNote() -> String {
        let cost = results.messageCost
        let hash = cost.sign.cpu.median - cost.signWithoutBody.cpu.median
        return "MIME \(microseconds(cost.mime.cpu.median)), SES request JSON \(microseconds(cost.sesRequestJSON.cpu.median)) (the raw "
            + "message base64-encoded, as `SendEmail`'s `Raw.Data` requires), SigV4 \(microseconds(cost.sign.cpu.median)), of which SHA-256 "
            + "of the \(bytesInKiB(cost.requestBytes)) body ≈ \(microseconds(hash)): SigV4 hashes the whole payload for SES (only S3 takes "
            + "`UNSIGNED-PAYLOAD`), and OpenSSL already hashes with the CPU's SHA extensions where there are any (compare "
            + "`openssl speed -evp sha256`). That hash alone exceeds 100 µs for a message this size; the attachment's base64 already passes from the event into "
            + "the MIME without being decoded and encoded again"
    }

    private func zipNote() -> String {
        guard let package = results.sizes.package, !package.zipEntries.isEmpty else { return "" }
        let binary = package.zipEntries.first { $0.name == "bootstrap" }?.compressed ?? 0
        let libraries = package.zipEntries.filter { $0.name.hasPrefix("lib/") }
        guard !libraries.isEmpty else {
            let rest = package.zipEntries.filter { $0.name != "bootstrap" }.reduce(0) { $0 + $1.compressed }
            return "Compressed, the static `bootstrap` (Swift's runtime, glibc, libstdc++, libcurl, OpenSSL and c-ares linked in) is "
                + "\(bytesInMiB(binary)); templates and licences \(bytesInKiB(rest))."
        }
        let largest = libraries.prefix(4).map { "\($0.name.dropFirst(4)) \(bytesInMiB($0.compressed))" }.joined(separator: ", ")
        return "Compressed, `bootstrap` (Swift's runtime, libcurl and OpenSSL linked in) is \(bytesInMiB(binary)) and the \(libraries.count) bundled libraries "
            + "\(bytesInMiB(libraries.reduce(0) { $0 + $1.compressed })), largest \(largest). OpenSSL is about 1.7 MiB of the binary and libcurl 0.1 MiB; "
            + "the rest is Swift's runtime, FoundationEssentials and our code."
    }

    // MARK: - Details

    private func details() -> [String] {
        var lines = ["## Details", ""]

        lines += ["### Cold start", "",
                  "A fresh process and a fresh Runtime API server per run, one direct invocation queued before the spawn. "
                  + "\(results.counts.coldStarts) runs each after \(results.counts.coldStartWarmUps) unrecorded (page cache warm).", ""]
        var coldRows: [[String]] = []
        var subjects: [(String, ColdStartBenchmark.Result)] = []
        if let cold = notifier.coldStart { subjects.append((notifier.name, cold)) }
        subjects += results.otherColdStarts.map { ($0.name, $0.result) }
        if let peer, let cold = peer.coldStart { subjects.append((peer.name, cold)) }
        for (name, cold) in subjects {
            coldRows.append([name, "to first `/next`"] + fullSpread(cold.toFirstNext, milliseconds) + ["\(cold.libraries)", kiBInMiB(cold.peakAfterFirstInvocation)])
            coldRows.append([name, "to first answer"] + fullSpread(cold.toFirstAnswer, milliseconds) + ["", ""])
        }
        lines += table(["function", "exec →", "n", "min", "p10", "median", "p90", "max", "shared objects", "peak RSS"], coldRows) + [""]

        if !results.startupSteps.isEmpty {
            lines += ["### Where a cold start goes", "",
                      "Processes that start and exit at once, spawn to reaped exit, same number of runs. "
                      + "The difference between the notifier's exit without a Runtime API and its first `/next` is reading the configuration, "
                      + "libcurl's set-up and the connection to the Runtime API.", ""]
            lines += table(["step", "n", "min", "p10", "median", "p90", "max"],
                           results.startupSteps.map { [$0.label] + fullSpread($0.time, milliseconds) }) + [""]
        }

        lines += ["### Warm path", "",
                  "One process per function, kept warm: \(results.counts.warmUpInvocations) unrecorded invocations of each kind first. "
                  + "Each timed invocation is queued once the function waits in `/next`; the time runs from queuing to the answer arriving. "
                  + "Batch-of-1 and batch-of-10 runs alternate.", ""]
        var warmRows: [[String]] = []
        for subject in [notifier] + (peer.map { [$0] } ?? []) {
            guard let warm = subject.warmPath else { continue }
            warmRows.append([subject.name, "SQS batch of 1, SES 0 ms"] + fullSpread(warm.singleAt0ms, milliseconds))
            warmRows.append([subject.name, "SQS batch of 10, SES 0 ms"] + fullSpread(warm.batchAt0ms, milliseconds))
            warmRows.append([subject.name, "SQS batch of 1, SES 50 ms"] + fullSpread(warm.singleAt50ms, milliseconds))
            warmRows.append([subject.name, "SQS batch of 10, SES 50 ms"] + fullSpread(warm.batchAt50ms, milliseconds))
            warmRows.append([subject.name, "large message, direct, SES 0 ms"] + fullSpread(warm.largeMessageLatency, milliseconds))
            if let moto = subject.motoLatency {
                warmRows.append([subject.name, "direct, through moto"] + fullSpread(moto, milliseconds))
            }
        }
        lines += table(["function", "invocation", "n", "min", "p10", "median", "p90", "max"], warmRows) + [""]
        var throughputRows: [[String]] = []
        for subject in [notifier] + (peer.map { [$0] } ?? []) {
            guard let warm = subject.warmPath else { continue }
            throughputRows.append([subject.name, warm.backToBackInvocations.formatted(), "\(warm.runtimeAPIConnections)", perSecond(warm.invocationsPerSecond),
                                   microseconds(warm.cpuPerSmallInvocation), "\(Int((warm.kernelShareOfSmallInvocations * 100).rounded()))%",
                                   microseconds(warm.cpuPerLargeInvocation), kiBInMiB(warm.peakAtEnd)])
        }
        lines += table(["function", "invocations queued together", "Runtime API connections (whole warm run)", "rate", "CPU per small invocation", "of it in the kernel",
                        "CPU per large invocation (\(results.counts.largeMessageInvocations.formatted()) runs)", "peak RSS at the end"], throughputRows) + [""]

        let cost = results.messageCost
        lines += ["### CPU per message, in process", "",
                  "The large message: a \(bytesInKiB(cost.eventBytes)) direct-invocation event, \(bytesInKiB(cost.mimeBytes)) of MIME, "
                  + "a \(bytesInKiB(cost.requestBytes)) SES request. \(results.counts.inProcessIterations.formatted()) iterations of each after "
                  + "\(results.counts.inProcessIterations / 10) unrecorded; CPU is the calling thread's (`CLOCK_THREAD_CPUTIME_ID`), so the stub's "
                  + "thread answering on the other core is not counted.", ""]
        let costRows: [(String, MessageCostBenchmark.Cost)] = [
            ("`NotifierHandler.handle`: the whole message (decode, validate, MIME, JSON, SigV4, HTTP to the stub, log and metrics lines)", cost.handler),
            ("HTTP exchange alone (POST of the signed SES request to the stub)", cost.httpExchange),
            ("`NotifierHandler.handle` of the small message of the warm-path runs, for comparison", cost.handlerSmallMessage),
            ("MIME build alone (`MIMEWriter.write`)", cost.mime),
            ("SES request JSON alone (raw message → base64 in JSON)", cost.sesRequestJSON),
            ("SigV4 signing alone (`SigV4Signer.sign`, SHA-256 of the body included)", cost.sign),
            ("SigV4 signing of an empty body (the signature without the body hash)", cost.signWithoutBody),
        ]
        lines += table(["step", "CPU median", "CPU p10", "CPU p90", "wall median"],
                       costRows.map { [$0.0, microseconds($0.1.cpu.median), microseconds($0.1.cpu.p10), microseconds($0.1.cpu.p90), microseconds($0.1.wall.median)] })
        lines += ["", "Decode + validate + everything not listed ≈ handler − HTTP − MIME − JSON − SigV4 = "
                  + microseconds(cost.handler.cpu.median - cost.httpExchange.cpu.median - cost.mime.cpu.median - cost.sesRequestJSON.cpu.median - cost.sign.cpu.median)
                  + " (a difference of medians, so approximate).", ""]

        lines += ["### Memory over invocations", "",
                  "A fresh process per function; small direct invocations queued \(results.counts.memoryInterval.formatted()) at a time, "
                  + "`VmHWM` (peak) and `VmRSS` (now) read from `/proc/<pid>/status` after each group.", ""]
        var memoryRows: [[String]] = []
        let peerMemory = peer?.memory ?? []
        for (index, sample) in notifier.memory.enumerated() {
            let theirs = index < peerMemory.count ? peerMemory[index].memory : nil
            let ours = sample.memory
            memoryRows.append([sample.invocations.formatted(), kiB(ours.peak), kiB(ours.current), kiB(ours.anonymous), kiB(ours.file),
                               theirs.map { kiB($0.peak) } ?? "—", theirs.map { kiB($0.current) } ?? "—",
                               theirs.map { kiB($0.anonymous) } ?? "—", theirs.map { kiB($0.file) } ?? "—"])
        }
        lines += table(["invocations", "notifier peak", "now", "of it private", "of it files", "peer peak", "now", "of it private", "of it files"], memoryRows)
        lines += ["", "*Private* is `RssAnon` (heap, stacks), *files* is `RssFile` (the executable and shared libraries, pages shared with other "
                  + "processes mapping the same files), both for the moment of the sample.", ""]

        let sizes = results.sizes
        var sizeRows = [["release `bootstrap` as linked (Swift runtime as shared libraries)", bytesInMiB(sizes.releaseBinary)]]
        if let stripped = sizes.releaseBinaryStripped {
            sizeRows.append(["release `bootstrap`, stripped", bytesInMiB(stripped)])
        }
        sizeRows.append(["release `EchoLambda` (the minimal loop) as linked / stripped",
                         "\(bytesInMiB(sizes.echoBinary)) / \(sizes.echoBinaryStripped.map(bytesInMiB) ?? "?")"])
        if let package = sizes.package {
            if package.libraries == 0 {
                sizeRows.append(["package `bootstrap` (one static executable, stripped)", bytesInMiB(package.binary)])
                sizeRows.append(["package unzipped (`bootstrap`, templates, licences)", bytesInMiB(package.unzipped)])
            } else {
                sizeRows.append(["package `bootstrap` (Swift runtime linked in, stripped)", bytesInMiB(package.binary)])
                sizeRows.append(["package unzipped (\(package.libraries) files in `lib/`, licences)", bytesInMiB(package.unzipped)])
            }
            sizeRows.append(["package zip", package.zip.map(bytesInMiB) ?? "no zip in `build/`"])
        }
        if let handler = sizes.peerHandler {
            sizeRows.append(["peer: `a3_notifier.py` (its zip; boto3 comes with Lambda's Python runtime)", bytesInKiB(handler)])
        }
        lines += ["### Size", ""] + table(["what", "size"], sizeRows) + [""]
        return lines
    }

    // MARK: - Method and environment

    private func method() -> [String] {
        [
            "## Method",
            "",
            "- **One command**: `scripts/benchmark` installs what is missing (`scripts/install-deps`; a `.venv-bench` virtual environment with "
                + "`awslambdaric` and `boto3` from PyPI), builds in release mode (`--scratch-path .build-bench`) and runs "
                + "`notifier-benchmarks` (`Sources/NotifierBenchmarks`), which writes this file. Nothing here runs in `swift test`.",
            "- **Functions** are started as Lambda starts them (`FunctionProcess`: `posix_spawn`, a complete Lambda environment, nothing "
                + "inherited), each against its own loopback Runtime API (`RuntimeAPIServer`), their output to `/dev/null`. The package's "
                + "static `bootstrap` is started directly (a `--system-libcurl` package through its own loader, `lib/ld-linux-x86-64.so.2 "
                + "bootstrap`, since its interpreter path `/var/task/lib/…` exists only in Lambda). The peer runs as `python -m awslambdaric a3_notifier.handler` with "
                + "`PYTHONDONTWRITEBYTECODE=1` (Lambda's `/var/task` is read-only).",
            "- **SES** is a LoopbackHTTP server answering `SendEmail` with `200 {\"MessageId\":…}`, after 0 or 50 ms; each connection has "
                + "its own thread, so concurrent requests wait together. The moto run uses `Tests/Oracles/moto_fixture.py` (SigV4 checked, "
                + "mail stored), the same as the end-to-end tests.",
            "- **Every answer is checked** (a `messageId`, or an empty `batchItemFailures`); a run stops rather than time an error path.",
            "- **Cold start**: the clock starts just before `posix_spawn`. *First `/next`* is when the Runtime API server parsed the request "
                + "(so it includes accepting the connection on the server's side); *first answer* is when the benchmark saw the posted "
                + "response. The event is queued before the spawn.",
            "- **Warm latency** is measured from queuing an event while the function waits in `/next` to seeing its answer: it includes "
                + "the Runtime API hop both ways, which is loopback here and a local socket in Lambda.",
            "- **Process CPU** is the sum of `/proc/<pid>/task/*/schedstat` run times before and after a run, divided by the invocations: "
                + "everything the process did, runtime loop and logging included.",
            "- **In-process CPU** links `NotifierHandler` and EmailKit into the benchmark and times each call with the thread's CPU clock. "
                + "The handler's internal steps (JSON decode, validation) have no public entry point, so they are the handler's total minus "
                + "the steps measured alone.",
            "- **Statistics**: median, 10th and 90th percentiles (linear interpolation), min, max; warm-up runs are never recorded. "
                + "Both cores are shared with the benchmark itself (the Runtime API server and the SES stub run in its threads) and with "
                + "whatever else the machine runs: see the load averages below.",
            "",
        ]
    }

    private func environment() -> [String] {
        let machine = results.machine
        return [
            "## Environment",
            "",
        ] + table(["", ""], [
            ["CPU", "\(machine.cpuModel), \(machine.cores) cores"],
            ["memory", "\(machine.memoryMiB.formatted()) MiB"],
            ["kernel", machine.kernel],
            ["load average (1, 5, 15 min) at start / end", "\(machine.loadAverageAtStart) / \(machine.loadAverageAtEnd ?? "?")"],
            ["commit", machine.gitCommit],
            ["build", "release (`swift build -c release`); the package: `scripts/build` (`--static-swift-stdlib`, stripped)"],
            ["Swift", machine.swiftVersion],
            ["Python (peer)", machine.python ?? "—"],
        ])
    }

    // MARK: - Formatting

    private enum Better { case lower, higher }

    /// "83× faster", or `nil` when either side is missing.
    private func compare(_ ours: Double?, _ theirs: Double?, better: Better, word: (better: String, worse: String)) -> String? {
        guard let ours, let theirs, ours > 0, theirs > 0 else { return nil }
        let factor = better == .lower ? theirs / ours : ours / theirs
        return factor >= 1 ? "\(times(factor)) \(word.better)" : "\(times(1 / factor)) \(word.worse)"
    }

    private func times(_ factor: Double) -> String {
        factor >= 10 ? "\(Int(factor.rounded()))×" : String(format: "%.2f×", factor)
    }

    private func spread(_ summary: Summary) -> String {
        "\(milliseconds(summary.median)) (\(number(summary.p10))–\(number(summary.p90)))"
    }

    private func fullSpread(_ summary: Summary, _ format: (Double) -> String) -> [String] {
        [summary.count.formatted(), format(summary.minimum), format(summary.p10), format(summary.median), format(summary.p90), format(summary.maximum)]
    }

    private func number(_ value: Double) -> String {
        switch abs(value) {
        case ..<10: String(format: "%.2f", value)
        case ..<100: String(format: "%.1f", value)
        default: Int(value.rounded()).formatted()
        }
    }

    private func milliseconds(_ value: Double) -> String { "\(number(value)) ms" }
    private func microseconds(_ value: Double) -> String { "\(number(value)) µs" }
    private func perSecond(_ value: Double) -> String { "\(Int(value.rounded()).formatted())/s" }
    private func kiB(_ value: Int) -> String { "\(value.formatted()) KiB" }
    private func bytesInKiB(_ bytes: Int) -> String { "\(number(Double(bytes) / 1024)) KiB" }
    private func kiBInMiB(_ kibibytes: Int) -> String { "\(number(Double(kibibytes) / 1024)) MiB" }
    private func bytesInMiB(_ bytes: Int) -> String { "\(number(Double(bytes) / 1_048_576)) MiB" }

    /// Peak RSS right after init, after the first group and after the last, KiB.
    /// The peak right after init, after the first group, after half the invocations and at the end.
    private func memoryCheckpoints(_ samples: [MemoryBenchmark.Sample]) -> [Int?] {
        guard samples.count > 1, let last = samples.last else { return [samples.first?.memory.peak, nil, nil, nil] }
        let middle = samples.first { $0.invocations * 2 >= last.invocations }
        return [samples[0].memory.peak, samples[1].memory.peak, middle?.memory.peak, last.memory.peak]
    }

    /// How much the peak grew over the second half of the run, KiB.
    private func growth(_ samples: [MemoryBenchmark.Sample]) -> Int? {
        guard samples.count > 2, let last = samples.last,
              let middle = samples.first(where: { $0.invocations * 2 >= last.invocations }) else { return nil }
        return last.memory.peak - middle.memory.peak
    }

    private func table(_ header: [String], _ rows: [[String]]) -> [String] {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        return [line(header), line(header.map { _ in "---" })] + rows.map(line)
    }
}

private func both(_ first: Double?, _ second: Double?) -> (Double, Double)? {
    guard let first, let second else { return nil }
    return (first, second)
}
