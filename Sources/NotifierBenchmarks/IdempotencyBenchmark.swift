import Foundation

/// Issue 14: what the idempotency store adds to the latency of a 10-message SQS batch, SES
/// answering after 50 ms and DynamoDB (``BenchmarkDynamoDB``) after 10 ms. Three warm processes
/// of the same function are timed in turns, so that drift in the machine's load hits them alike:
/// without `NOTIFIER_IDEMPOTENCY_TABLE`, with it and DynamoDB answering at once (what the store
/// costs besides DynamoDB's latency: signing, JSON, loopback), and with it and DynamoDB answering
/// after 10 ms. Every batch carries SQS message ids of its own, so that each of its keys is claimed
/// anew, as with real traffic.
///
/// The store claims every key of the batch at once before the sends, answers, and then completes
/// them at once: one DynamoDB round trip before the answer, two before the next invocation.
struct IdempotencyBenchmark {
    static let sesLatency = Duration.milliseconds(50)
    static let dynamoDBLatency = Duration.milliseconds(10)
    static let batchSize = 10

    /// One of the three processes: its batches' latency, how long each kept it busy, and its CPU
    /// time per batch.
    struct Variant {
        /// Until the answer: what the SQS poller (or an API caller) waits for.
        var latency: Summary
        /// Until the function asked for its next invocation: the latency and the work after the
        /// answer (the claims' completions, the log lines), as Lambda bills it.
        var busy: Summary
        /// Every thread of the function process over the timed batches, per batch.
        var cpuPerBatch: Duration
    }

    struct Result {
        var withoutStore: Variant
        /// DynamoDB answering at once.
        var withInstantStore: Variant
        /// DynamoDB answering after ``IdempotencyBenchmark/dynamoDBLatency``.
        var withStore: Variant
        /// DynamoDB requests of the timed batches of ``withStore``, by operation.
        var requests: [String: Int]
        var runs: Int

        /// DynamoDB requests per batch.
        var requestsPerBatch: Double {
            Double(requests.values.reduce(0, +)) / Double(runs)
        }

        /// What the store adds to the latency, in DynamoDB round trips: the difference of the
        /// medians, or of the 90th percentiles, over ``IdempotencyBenchmark/dynamoDBLatency``.
        var addedRoundTrips: (median: Double, p90: Double) {
            Self.added(\.latency, from: withoutStore, to: withStore)
        }

        /// What the store adds to the time the function is busy, in DynamoDB round trips (medians, 90th percentiles).
        var addedBusyRoundTrips: (median: Double, p90: Double) {
            Self.added(\.busy, from: withoutStore, to: withStore)
        }

        /// The part of the added latency that comes with DynamoDB's latency, in round trips: the
        /// difference of the medians with DynamoDB answering after 10 ms and at once, over 10 ms.
        var latencyRoundTrips: Double {
            (withStore.latency.median - withInstantStore.latency.median) / IdempotencyBenchmark.dynamoDBLatency.milliseconds
        }

        private static func added(_ measure: KeyPath<Variant, Summary>, from base: Variant, to stored: Variant) -> (median: Double, p90: Double) {
            let roundTrip = IdempotencyBenchmark.dynamoDBLatency.milliseconds
            return ((stored[keyPath: measure].median - base[keyPath: measure].median) / roundTrip,
                    (stored[keyPath: measure].p90 - base[keyPath: measure].p90) / roundTrip)
        }
    }

    var stub: BenchmarkSES
    var runs: Int
    var warmUps: Int
    var output: Int32

    func measure(_ function: FunctionUnderBenchmark) throws -> Result {
        let instantDynamoDB = try BenchmarkDynamoDB(delay: .zero)
        let dynamoDB = try BenchmarkDynamoDB(delay: Self.dynamoDBLatency)
        stub.delay = Self.sesLatency
        defer { stub.delay = .zero }
        let processes = try [function, Self.withStore(function, on: instantDynamoDB), Self.withStore(function, on: dynamoDB)].map {
            try RunningFunction($0, ses: .stub(stub), output: output)
        }
        defer { processes.forEach { $0.stop() } }

        var batches = 0
        func nextBatch() -> Data {
            defer { batches += 1 }
            return Self.batch(number: batches)
        }
        // The first invocations open the SES and DynamoDB connections; not counted.
        for _ in 0..<warmUps {
            for process in processes { _ = try process.invoke(nextBatch(), check: .wholeBatchSent) }
        }
        // The last warm-up's work after its answer (its completions) is not counted either.
        for process in processes { try process.waitUntilIdle() }
        let requestsBefore = dynamoDB.requests
        let cpuBefore = try processes.map { try $0.cpuTime() }
        var times: [[(latency: Duration, busy: Duration)]] = processes.map { _ in [] }
        for _ in 0..<runs {
            for (index, process) in processes.enumerated() {
                times[index].append(try process.invokeUntilIdle(nextBatch(), check: .wholeBatchSent))
            }
        }
        let variants = try zip(processes, zip(cpuBefore, times)).map { process, measured in
            guard let latency = Summary(measured.1.map(\.latency)), let busy = Summary(measured.1.map(\.busy)) else {
                throw BenchmarkFailure(function: function.name, reason: "no idempotency runs")
            }
            return Variant(latency: latency, busy: busy, cpuPerBatch: (try process.cpuTime() - measured.0) / runs)
        }
        let requests = dynamoDB.requests.merging(requestsBefore.mapValues { -$0 }) { $0 + $1 }.filter { $0.value != 0 }
        return Result(withoutStore: variants[0], withInstantStore: variants[1], withStore: variants[2], requests: requests, runs: runs)
    }

    /// `function` with the idempotency store on `dynamoDB`.
    private static func withStore(_ function: FunctionUnderBenchmark, on dynamoDB: BenchmarkDynamoDB) -> FunctionUnderBenchmark {
        var stored = function
        stored.settings["NOTIFIER_IDEMPOTENCY_TABLE"] = "notifier-idempotency"
        stored.settings["AWS_ENDPOINT_URL_DYNAMODB"] = dynamoDB.endpoint
        return stored
    }

    /// The SQS event of batch `number`: ten small notifications under message ids no other batch has.
    static func batch(number: Int) -> Data {
        BenchmarkEvents.sqsBatch((0..<batchSize).map { BenchmarkEvents.smallNotification(number: number * batchSize + $0) }, batch: number)
    }
}
