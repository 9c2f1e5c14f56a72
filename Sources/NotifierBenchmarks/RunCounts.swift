/// How many times each thing is measured; the full set keeps a run of everything (peer included)
/// near five minutes on a 2-core machine, the quick set near one.
struct RunCounts: Sendable {
    var coldStarts: Int
    var coldStartWarmUps: Int
    /// Per function and kind, before warm measurements: small, batch and large invocations each.
    var warmUpInvocations: Int
    /// Runs of each warm latency with SES answering at once.
    var warmRuns: Int
    /// Runs of each warm latency with SES answering after 50 ms.
    var slowRuns: Int
    var backToBackInvocations: Int
    var largeMessageInvocations: Int
    /// Twice the 10,000: the peak after the first half is the figure asked for, the second
    /// half shows whether it still grows (a single late heap page reads as growth over 5,000).
    var memoryInvocations: Int
    var memoryInterval: Int
    var motoRuns: Int
    var inProcessIterations: Int
    /// Invocations per worker at each level of the Managed Instances run, and the least per level.
    var concurrentInvocationsPerWorker: Int
    var concurrentMinimumInvocations: Int
    /// Timed batches of each kind (without and with the idempotency store), after a few unrecorded.
    var idempotencyRuns: Int

    static let full = RunCounts(
        coldStarts: 30, coldStartWarmUps: 3, warmUpInvocations: 10, warmRuns: 50, slowRuns: 30,
        backToBackInvocations: 2_000, largeMessageInvocations: 1_000, memoryInvocations: 20_000,
        memoryInterval: 1_000, motoRuns: 100, inProcessIterations: 2_000,
        concurrentInvocationsPerWorker: 25, concurrentMinimumInvocations: 100, idempotencyRuns: 50)

    static let quick = RunCounts(
        coldStarts: 10, coldStartWarmUps: 1, warmUpInvocations: 3, warmRuns: 15, slowRuns: 10,
        backToBackInvocations: 300, largeMessageInvocations: 200, memoryInvocations: 2_000,
        memoryInterval: 250, motoRuns: 20, inProcessIterations: 300,
        concurrentInvocationsPerWorker: 8, concurrentMinimumInvocations: 30, idempotencyRuns: 15)
}
