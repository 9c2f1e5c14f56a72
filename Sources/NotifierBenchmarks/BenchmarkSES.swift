import Synchronization
import TestSupport

/// SES v2 `SendEmail` for the benchmark: the fault-injecting fake answering every message with
/// `200 {"MessageId": …}` after ``delay``, the stand-in for SES's own latency. It does not read the
/// messages, so their size costs no time in the answer; each connection has its own thread, so
/// concurrent requests wait out their delays together, as they would at SES.
final class BenchmarkSES: Sendable {
    private let ses: FaultInjectingSESEndpoint
    private let latency: Latency

    /// The delay the endpoint's policy reads and the benchmarks set.
    private final class Latency: Sendable {
        let delay = Mutex(Duration.zero)
    }

    init() throws {
        let latency = Latency()
        self.latency = latency
        ses = try FaultInjectingSESEndpoint(readsMessages: false) { _ in .acceptSlowly(latency.delay.withLock { $0 }) }
    }

    /// `http://127.0.0.1:port`, the value for `AWS_ENDPOINT_URL_SESV2`.
    var endpoint: String { ses.endpoint }

    /// How long each answer waits; applies to requests that arrive after it is set.
    var delay: Duration {
        get { latency.delay.withLock { $0 } }
        set { latency.delay.withLock { $0 = newValue } }
    }
}
