/// How ``SESClient`` retries a send that failed in a way a retry can help with.
///
/// Delays grow exponentially with "full jitter" (a uniformly random delay between zero and the
/// exponential bound), which spreads out the retries of many senders throttled at once. No retry
/// and no attempt ever runs past the deadline given to ``SESClient/sendEmail(_:deadline:)``.
public struct RetryPolicy: Sendable, Equatable {
    /// Requests sent at most for one message, the first included.
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
}
