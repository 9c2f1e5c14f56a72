import CurlHTTP
import JSON
import WallClock

/// Sends raw MIME messages with the SES v2 `SendEmail` API, signed with SigV4.
///
/// The client blocks the calling thread, like the rest of the stack: it owns an ``HTTPClient``
/// (and its kept-alive connection to SES), which is not thread-safe, so give each thread its own
/// client.
public final class SESClient {
    public let configuration: SESConfiguration
    public let retryPolicy: RetryPolicy
    private let signer: SigV4Signer
    private let http: HTTPClient
    private let url: String

    /// A client for the SES endpoint and region of `configuration`, signing as `credentials`.
    public init(configuration: SESConfiguration, credentials: AWSCredentials, retryPolicy: RetryPolicy = RetryPolicy()) {
        self.configuration = configuration
        self.retryPolicy = retryPolicy
        // SES v2 signs as `ses`, although its endpoints are named `email`.
        signer = SigV4Signer(credentials: credentials, region: configuration.region, service: "ses")
        http = HTTPClient(configuration: HTTPClient.Configuration(caBundlePath: configuration.caBundlePath))
        url = configuration.endpoint + "/v2/email/outbound-emails"
    }

    /// Sends `request` and returns the `MessageId` SES assigned to it.
    ///
    /// A request over SES's recipient or size limits is refused without sending anything.
    /// Throttling, server errors and connections that could not be made are retried as
    /// ``retryPolicy`` says, each attempt signed afresh, until an attempt succeeds, the attempts run
    /// out, or too little time is left: a retry starts only if, after its delay, at least as much
    /// time as the failed attempt took remains before `deadline`. Then the last failure is thrown.
    /// Every attempt's timeout ends at `deadline` at the latest (libcurl's timer may overrun it by a
    /// few milliseconds). Other failures (a rejected message, bad credentials) are thrown at once.
    ///
    /// A request that went out but whose answer was lost (a timeout, a connection broken before
    /// the answer, an unreadable 2xx) is never retried, although it is ``SESError/isRetryable``:
    /// SES may have accepted it, and with no idempotency token in the API a retry could send the
    /// message twice. It is thrown with ``SESError/mayHaveBeenSent`` set, for the caller to report.
    public func sendEmail(_ request: SendEmailRequest, deadline: ContinuousClock.Instant) throws(SESError) -> String {
        try sendEmails([request], maxConcurrent: 1, deadline: deadline)[0].get().messageID
    }

    /// Sends the requests concurrently, at most `maxConcurrent` in flight over the client's
    /// kept-alive connections, each retried as ``sendEmail(_:deadline:)`` describes, and returns one
    /// result per request in order. No attempt starts after `deadline`, nor runs past it.
    public func sendEmails(
        _ requests: [SendEmailRequest],
        maxConcurrent: Int,
        deadline: ContinuousClock.Instant
    ) -> [Result<SentEmail, SESError>] {
        var results = [Result<SentEmail, SESError>?](repeating: nil, count: requests.count)
        var pending: [PendingSend] = []
        for (index, request) in requests.enumerated() {
            if let violation = request.limitViolation {
                results[index] = .failure(SESError(reason: violation, attempts: 0))
            } else {
                pending.append(PendingSend(index: index, body: request.jsonBody()))
            }
        }
        var random = SystemRandomNumberGenerator()

        while !pending.isEmpty {
            let now = ContinuousClock.now
            let remaining = now.duration(to: deadline)
            // libcurl reads a timeout that rounds to 0 ms as "no timeout".
            guard remaining >= .milliseconds(1) else {
                for send in pending {
                    results[send.index] = .failure(send.lastError ?? SESError(reason: .deadlinePassed, attempts: 0))
                }
                break
            }
            // A round is no larger than what runs at once: each transfer's timeout counts from its
            // own start, so a request queued behind others in one round would run past the deadline.
            let ready = Array(pending.lazy.filter { $0.notBefore <= now }.prefix(max(1, maxConcurrent)))
            guard !ready.isEmpty else {
                sleep(for: now.duration(to: pending.map(\.notBefore).min() ?? now))
                continue
            }
            let started = Set(ready.map(\.index))
            pending.removeAll { started.contains($0.index) }

            let timeout = min(remaining, retryPolicy.attemptTimeout)
            let roundStart = ContinuousClock.now
            let signed: [HTTPRequest]
            do {
                signed = try ready.map { (send) throws(SESError) in try signedRequest(send.body, timeout: timeout) }
            } catch {
                for send in ready + pending { results[send.index] = .failure(error) }
                break
            }
            let responses = http.executeAll(signed, maxConcurrent: maxConcurrent)
            let attemptDuration = roundStart.duration(to: .now)

            for (var send, response) in zip(ready, responses) {
                send.attempts += 1
                if send.firstAttempt == nil { send.firstAttempt = roundStart }
                do {
                    let messageID = try interpret(response, attempt: send.attempts)
                    let latency = (send.firstAttempt ?? roundStart).duration(to: .now)
                    results[send.index] = .success(SentEmail(messageID: messageID, latency: latency, attempts: send.attempts))
                } catch {
                    guard error.isRetryable, !error.mayHaveBeenSent,
                          let delay = retryPolicy.delayBeforeRetry(
                              afterAttempts: send.attempts, lastAttemptDuration: attemptDuration, deadline: deadline, using: &random
                          )
                    else {
                        results[send.index] = .failure(error)
                        continue
                    }
                    send.lastError = error
                    send.notBefore = ContinuousClock.now.advanced(by: delay)
                    pending.append(send)
                }
            }
        }
        return results.map { $0 ?? .failure(SESError(reason: .deadlinePassed, attempts: 0)) }
    }

    /// A `SendEmail` POST of `body`, signed now.
    private func signedRequest(_ body: [UInt8], timeout: Duration) throws(SESError) -> HTTPRequest {
        var request = HTTPRequest(
            method: .post,
            url: url,
            headers: ["Content-Type": "application/json"],
            body: body,
            timeout: timeout
        )
        do {
            try signer.sign(&request, at: .now())
        } catch {
            throw SESError(reason: .invalidEndpoint(configuration.endpoint), attempts: 0)
        }
        return request
    }

    /// The `MessageId` of a successful answer to the `attempt`-th request, or the failure.
    private func interpret(_ result: Result<HTTPResponse, HTTPClientError>, attempt: Int) throws(SESError) -> String {
        let response: HTTPResponse
        switch result {
        case .success(let value): response = value
        case .failure(let error): throw SESError(reason: .transport(error), attempts: attempt)
        }
        guard response.isSuccess else {
            throw SESError(reason: .service(SESErrorResponse(response)), attempts: attempt)
        }
        guard let messageID = (try? JSONParser.parse(response.body))?["MessageId"]?.stringValue else {
            let body = String(decoding: response.body, as: UTF8.self)
            throw SESError(reason: .unexpectedResponse(status: response.status, body: body), attempts: attempt)
        }
        return messageID
    }

    /// One message on its way: its attempts so far and when it may be tried again.
    private struct PendingSend {
        var index: Int
        var body: [UInt8]
        var attempts = 0
        var notBefore = ContinuousClock.Instant.now
        var firstAttempt: ContinuousClock.Instant?
        var lastError: SESError?

        init(index: Int, body: [UInt8]) {
            self.index = index
            self.body = body
        }
    }
}
