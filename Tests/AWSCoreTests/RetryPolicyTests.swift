import Testing
@testable import AWSCore
@testable import S3
@testable import SESv2
import EmailKit

@Suite struct RetryPolicyTests {
    static let policy = RetryPolicy(maximumAttempts: 8, baseDelay: .milliseconds(100), maximumDelay: .seconds(1))

    @Test func delayBoundDoublesFromTheBaseUpToTheMaximum() {
        let bounds = (0..<6).map { Self.policy.delayBound(beforeRetry: $0) }
        #expect(bounds == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
    }

    @Test func delayBoundNeverOverflowsForLateRetries() {
        #expect(Self.policy.delayBound(beforeRetry: 10_000) == .seconds(1))
    }

    @Test func delaysAreSpreadOverTheWholeBound() {
        var random = SystemRandomNumberGenerator()
        let delays = (0..<2_000).map { _ in Self.policy.delay(beforeRetry: 2, using: &random) }
        #expect(delays.allSatisfy { $0 >= .zero && $0 <= .milliseconds(400) })
        // Full jitter: uniform over the bound, so both ends are reached, not just "bound ± a little".
        #expect(delays.contains { $0 < .milliseconds(40) })
        #expect(delays.contains { $0 > .milliseconds(360) })
    }

    @Test func noRetryOnceTheAttemptsAreUsedUp() {
        var random = SystemRandomNumberGenerator()
        let farDeadline = ContinuousClock.now + .seconds(60)
        #expect(Self.policy.delayBeforeRetry(afterAttempts: 7, lastAttemptDuration: .zero, deadline: farDeadline, using: &random) != nil)
        #expect(Self.policy.delayBeforeRetry(afterAttempts: 8, lastAttemptDuration: .zero, deadline: farDeadline, using: &random) == nil)
    }

    @Test func noRetryWhenItWouldLikelyEndAfterTheDeadline() {
        var random = SystemRandomNumberGenerator()
        let deadline = ContinuousClock.now + .seconds(2)
        #expect(Self.policy.delayBeforeRetry(afterAttempts: 1, lastAttemptDuration: .seconds(3), deadline: deadline, using: &random) == nil)
        let delay = Self.policy.delayBeforeRetry(afterAttempts: 1, lastAttemptDuration: .milliseconds(10), deadline: deadline, using: &random)
        #expect(delay.map { $0 <= Self.policy.delayBound(beforeRetry: 0) } == true)
    }
}
