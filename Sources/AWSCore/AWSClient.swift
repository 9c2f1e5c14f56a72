import CurlHTTP
import WallClock

/// Sends calls to one AWS service: signs them with SigV4, runs them concurrently over kept-alive
/// connections within a deadline, retries what a retry can help, and turns every failure into an
/// ``AWSServiceError``. Every service client is a list of operations on top of this.
///
/// This is the one place that decides what runs at once and when to try again. The client blocks
/// the calling thread and owns an ``HTTPClient``, which is not thread-safe: give each thread its own.
public final class AWSClient {
    public let configuration: AWSClientConfiguration
    private let signer: SigV4Signer
    private let http: HTTPClient

    public init(configuration: AWSClientConfiguration) {
        self.configuration = configuration
        signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: configuration.service.signingName)
        http = HTTPClient(configuration: HTTPClient.Configuration(caBundlePath: configuration.caBundlePath))
    }

    /// Sends one call and returns its answer, or throws why it failed; see ``send(_:maxConcurrent:deadline:)``.
    public func send(_ request: AWSRequest, deadline: ContinuousClock.Instant) throws(AWSServiceError) -> AWSResponse {
        try send([request], maxConcurrent: 1, deadline: deadline)[0].get()
    }

    /// Sends the calls concurrently, at most `maxConcurrent` in flight, and returns one result per
    /// call, in order.
    ///
    /// - A 2xx answer, or a `304` to a request with `If-None-Match` or `If-Modified-Since`, is the
    ///   call's answer; any other is an ``AWSServiceError/Reason/service(_:)`` error.
    /// - Throttling, server errors and connections that could not be made are retried as the
    ///   configuration's ``RetryPolicy`` says, each attempt signed afresh, while attempts remain and
    ///   a retry still fits: after its delay, at least as much time as the failed attempt took must
    ///   remain before `deadline`. Then the last failure is the result.
    /// - A call whose request went out and whose answer was lost is retried only when it is
    ///   ``AWSRequest/isIdempotent``; otherwise it fails with ``AWSServiceError/mayHaveBeenSent``.
    /// - No attempt starts after `deadline`, and every attempt's timeout ends at it (libcurl's timer
    ///   may overrun it by a few milliseconds). What is still waiting then fails with its last
    ///   failure, or ``AWSServiceError/Reason/deadlinePassed``.
    public func send(_ requests: [AWSRequest], maxConcurrent: Int, deadline: ContinuousClock.Instant) -> [Result<AWSResponse, AWSServiceError>] {
        var calls = requests.map(Call.init)
        var random = SystemRandomNumberGenerator()
        let retryPolicy = configuration.retryPolicy

        while true {
            let now = ContinuousClock.now
            let waiting = calls.indices.filter { calls[$0].result == nil }
            guard !waiting.isEmpty else { break }
            let remaining = now.duration(to: deadline)
            // libcurl reads a timeout that rounds to 0 ms as "no timeout".
            guard remaining >= .milliseconds(1) else {
                for index in waiting { calls[index].giveUp(service: configuration.service) }
                break
            }
            // A round is no larger than what runs at once: each transfer's timeout counts from its
            // own start, so a request queued behind others in one round would run past the deadline.
            let round = Array(waiting.lazy.filter { calls[$0].notBefore <= now }.prefix(max(1, maxConcurrent)))
            guard !round.isEmpty else {
                sleep(for: now.duration(to: waiting.map { calls[$0].notBefore }.min() ?? now))
                continue
            }

            let timeout = min(remaining, retryPolicy.attemptTimeout)
            let roundStart = ContinuousClock.now
            var outgoing: [(call: Int, request: HTTPRequest)] = []
            for index in round {
                do {
                    outgoing.append((index, try signedRequest(calls[index].request, timeout: timeout)))
                } catch {
                    calls[index].result = .failure(error)
                }
            }
            let answers = http.executeAll(outgoing.map(\.request), maxConcurrent: maxConcurrent)
            let attemptDuration = roundStart.duration(to: .now)

            for ((index, _), answer) in zip(outgoing, answers) {
                calls[index].attempts += 1
                if calls[index].firstAttempt == nil { calls[index].firstAttempt = roundStart }
                let failure: AWSServiceError
                switch interpret(answer, of: calls[index]) {
                case .success(let response):
                    calls[index].result = .success(response)
                    continue
                case .failure(let error):
                    failure = error
                }
                guard failure.isRetryable, !failure.mayHaveBeenSent,
                      let delay = retryPolicy.delayBeforeRetry(
                          afterAttempts: calls[index].attempts, lastAttemptDuration: attemptDuration, deadline: deadline, using: &random)
                else {
                    calls[index].result = .failure(failure)
                    continue
                }
                calls[index].lastError = failure
                calls[index].notBefore = ContinuousClock.now.advanced(by: delay)
            }
        }
        return calls.map { call in
            guard let result = call.result else { preconditionFailure("AWSClient.send left a call without a result") }
            return result
        }
    }

    /// `request` signed now, with a timeout of `timeout`.
    private func signedRequest(_ request: AWSRequest, timeout: Duration) throws(AWSServiceError) -> HTTPRequest {
        var http = request.http
        http.timeout = timeout
        do {
            try signer.sign(&http, at: .now())
        } catch {
            throw AWSServiceError(
                service: configuration.service.name, operation: request.operation, resource: request.resource,
                reason: .refusedBeforeSending(code: "InvalidEndpoint", problem: "\"\(http.url)\" is not an absolute http(s) URL"),
                attempts: 0)
        }
        return http
    }

    /// The answer to the latest attempt of `call`, or why it failed.
    private func interpret(_ answer: Result<HTTPResponse, HTTPClientError>, of call: Call) -> Result<AWSResponse, AWSServiceError> {
        func failure(_ reason: AWSServiceError.Reason, wentOut: Bool) -> Result<AWSResponse, AWSServiceError> {
            .failure(AWSServiceError(
                service: configuration.service.name, operation: call.request.operation, resource: call.request.resource,
                reason: reason, attempts: call.attempts, mayHaveBeenSent: wentOut && !call.request.isIdempotent))
        }
        let response: HTTPResponse
        switch answer {
        case .success(let value):
            response = value
        case .failure(let error) where error.kind == .responseTooLarge:
            return failure(.responseTooLarge(maximumSize: call.request.http.maximumResponseBodySize), wentOut: true)
        case .failure(let error):
            return failure(.transport(error), wentOut: error.mayHaveReachedServer)
        }
        let isConditional = call.request.http.headers["If-None-Match"] != nil || call.request.http.headers["If-Modified-Since"] != nil
        guard response.isSuccess || (response.status == 304 && isConditional) else {
            return failure(.service(AWSErrorResponse(response)), wentOut: false)
        }
        let latency = (call.firstAttempt ?? .now).duration(to: .now)
        return .success(AWSResponse(http: response, attempts: call.attempts, latency: latency))
    }

    /// One call on its way: its attempts so far, when it may be tried again, and once known, its result.
    private struct Call {
        var request: AWSRequest
        var attempts = 0
        var notBefore = ContinuousClock.Instant.now
        var firstAttempt: ContinuousClock.Instant?
        var lastError: AWSServiceError?
        var result: Result<AWSResponse, AWSServiceError>?

        init(_ request: AWSRequest) {
            self.request = request
        }

        /// Ends the call at the deadline with its last failure, or `deadlinePassed` if it never got one.
        mutating func giveUp(service: AWSService) {
            result = .failure(lastError ?? AWSServiceError(
                service: service.name, operation: request.operation, resource: request.resource,
                reason: .deadlinePassed, attempts: attempts))
        }
    }
}
