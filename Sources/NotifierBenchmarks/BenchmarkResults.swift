/// Everything one run measured, for the report.
struct BenchmarkResults {
    /// The figures of one function: the notifier, or the peer.
    struct Subject {
        var name: String
        var coldStart: ColdStartBenchmark.Result?
        var warmPath: WarmPathBenchmark.Result?
        var memory: [MemoryBenchmark.Sample] = []
        var motoLatency: Summary?
        /// Lambda Managed Instances levels; the notifier only.
        var concurrency: [ConcurrencyBenchmark.Level] = []
        /// A batch with and without the idempotency store; the notifier only.
        var idempotency: IdempotencyBenchmark.Result?
    }

    var machine: MachineFacts
    var counts: RunCounts
    var quick: Bool
    var notifier: Subject
    var peer: Subject?
    /// Why the peer is missing or incomplete, when it is.
    var peerProblem: String?
    /// Why the moto run is missing, when it is.
    var motoProblem: String?
    /// Cold starts of the other Swift executables: the release build when the package is the
    /// notifier, and EchoLambda.
    var otherColdStarts: [(name: String, result: ColdStartBenchmark.Result)] = []
    var startupSteps: [StartupStep.Measured] = []
    var messageCost: MessageCostBenchmark.Result
    var sizes: SizeFacts
}
