/// How ``AWSClient`` retries a call that failed in a way a retry can help with.
///
/// Delays grow exponentially with "full jitter" (a uniformly random delay between zero and the
/// exponential bound), which spreads out the retries of many clients throttled at once. No retry
/// and no attempt ever runs past the deadline given to the request.
public struct RetryPolicy: Sendable, Equatable {
    /// Requests sent at most for one call, the first included.
    public var maximumAttempts: Int
    /// The bound of the first delay; each later bound doubles.
    public var baseDelay: Duration
    /// No delay bound grows beyond this.
    public var maximumDelay: Duration
    /// The longest one request may take, whatever time the deadline leaves.
    public var attemptTimeout: Duration

    public init(
        maximumAttempts: Int = 4,
        baseDelay: Duration = .milliseconds(250),
        maximumDelay: Duration = .seconds(4),
        attemptTimeout: Duration = .seconds(30)
    ) {
        self.maximumAttempts = maximumAttempts
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.attemptTimeout = attemptTimeout
    }

    /// The upper bound of the delay before retry number `retry` (0 for the first retry):
    /// `min(maximumDelay, baseDelay × 2^retry)`.
    public func delayBound(beforeRetry retry: Int) -> Duration {
        // 2^30 times any useful base is far beyond any useful maximum; the cap keeps it from overflowing.
        let bound = baseDelay * (1 << min(max(retry, 0), 30))
        return min(bound, maximumDelay)
    }

    /// A delay drawn uniformly from `0...delayBound(beforeRetry: retry)`.
    public func delay(beforeRetry retry: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        delayBound(beforeRetry: retry) * Double.random(in: 0...1, using: &generator)
    }

    /// The delay before the next attempt once `attempts` have failed, or `nil` when none should
    /// start: the attempts are used up, or a retry begun after the delay and taking as long as
    /// `lastAttemptDuration` would end after `deadline`, so the deadline would likely cut it short
    /// and only turn the service's answer into a timeout.
    func delayBeforeRetry(
        afterAttempts attempts: Int,
        lastAttemptDuration: Duration,
        deadline: ContinuousClock.Instant,
        using generator: inout some RandomNumberGenerator
    ) -> Duration? {
        guard attempts < maximumAttempts else { return nil }
        let delay = delay(beforeRetry: attempts - 1, using: &generator)
        guard ContinuousClock.now.advanced(by: delay + lastAttemptDuration) <= deadline else { return nil }
        return delay
    }
}
