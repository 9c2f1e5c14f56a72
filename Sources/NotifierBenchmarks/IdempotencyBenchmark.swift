import Foundation

/// Issue 14: what the idempotency store adds to the latency of a 10-message SQS batch, SES
/// answering after 50 ms and DynamoDB (``BenchmarkDynamoDB``) after 10 ms. Two warm processes
/// of the same function, one without `NOTIFIER_IDEMPOTENCY_TABLE` and one with it, are timed in
/// turns so that drift in the machine's load hits both alike. Every batch carries SQS message ids
/// of its own, so that each of its keys is claimed anew, as with real traffic.
///
/// The store claims every key of the batch at once before the sends and completes them at once
/// after: two DynamoDB round trips is what it must cost, and the target.
struct IdempotencyBenchmark {
    static let sesLatency = Duration.milliseconds(50)
    static let dynamoDBLatency = Duration.milliseconds(10)
    static let batchSize = 10

    struct Result {
        var withoutStore: Summary
        var withStore: Summary
        /// DynamoDB requests of the timed batches, by operation.
        var requests: [String: Int]
        var runs: Int

        /// DynamoDB requests per batch.
        var requestsPerBatch: Double {
            Double(requests.values.reduce(0, +)) / Double(runs)
        }

        /// What the store adds, in DynamoDB round trips: the difference of the medians, or of the
        /// 90th percentiles, over ``IdempotencyBenchmark/dynamoDBLatency``.
        var addedRoundTrips: (median: Double, p90: Double) {
            let roundTrip = IdempotencyBenchmark.dynamoDBLatency.milliseconds
            return ((withStore.median - withoutStore.median) / roundTrip, (withStore.p90 - withoutStore.p90) / roundTrip)
        }
    }

    var stub: BenchmarkSES
    var runs: Int
    var warmUps: Int
    var output: Int32

    func measure(_ function: FunctionUnderBenchmark) throws -> Result {
        let dynamoDB = try BenchmarkDynamoDB(delay: Self.dynamoDBLatency)
        var stored = function
        stored.settings["NOTIFIER_IDEMPOTENCY_TABLE"] = "notifier-idempotency"
        stored.settings["AWS_ENDPOINT_URL_DYNAMODB"] = dynamoDB.endpoint
        stub.delay = Self.sesLatency
        defer { stub.delay = .zero }
        let plain = try RunningFunction(function, ses: .stub(stub), output: output)
        defer { plain.stop() }
        let withStore = try RunningFunction(stored, ses: .stub(stub), output: output)
        defer { withStore.stop() }

        var batches = 0
        func nextBatch() -> Data {
            defer { batches += 1 }
            return Self.batch(number: batches)
        }
        // The first invocations open the SES and DynamoDB connections; not counted.
        for _ in 0..<warmUps {
            _ = try plain.invoke(nextBatch(), check: .wholeBatchSent)
            _ = try withStore.invoke(nextBatch(), check: .wholeBatchSent)
        }
        let requestsBefore = dynamoDB.requests
        var plainTimes: [Duration] = []
        var storeTimes: [Duration] = []
        for _ in 0..<runs {
            plainTimes.append(try plain.invoke(nextBatch(), check: .wholeBatchSent))
            storeTimes.append(try withStore.invoke(nextBatch(), check: .wholeBatchSent))
        }
        let requests = dynamoDB.requests.merging(requestsBefore.mapValues { -$0 }) { $0 + $1 }.filter { $0.value != 0 }
        guard let withoutStore = Summary(plainTimes), let withStoreSummary = Summary(storeTimes) else {
            throw BenchmarkFailure(function: function.name, reason: "no idempotency runs")
        }
        return Result(withoutStore: withoutStore, withStore: withStoreSummary, requests: requests, runs: runs)
    }

    /// The SQS event of batch `number`: ten small notifications under message ids no other batch has.
    static func batch(number: Int) -> Data {
        BenchmarkEvents.sqsBatch((0..<batchSize).map { BenchmarkEvents.smallNotification(number: number * batchSize + $0) }, batch: number)
    }
}
