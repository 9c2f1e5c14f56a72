import CurlHTTP
import FoundationEssentials
import Glibc

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
    /// Throttling, server errors and connection failures are retried as ``retryPolicy`` says, each
    /// attempt signed afresh, until an attempt succeeds, the attempts run out, or too little time is
    /// left: a retry starts only if, after its delay, at least as much time as the failed attempt
    /// took remains before `deadline`. Then the last failure is thrown. Every attempt's timeout ends
    /// at `deadline` at the latest (libcurl's timer may overrun it by a few milliseconds). Other
    /// failures (a rejected message, bad credentials) are thrown at once.
    public func sendEmail(_ request: SendEmailRequest, deadline: ContinuousClock.Instant) throws(SESError) -> String {
        if let violation = request.limitViolation {
            throw SESError(reason: violation, attempts: 0)
        }
        let body = request.jsonBody()
        var random = SystemRandomNumberGenerator()
        var attempts = 0
        var lastError: SESError?
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            // libcurl reads a timeout that rounds to 0 ms as "no timeout".
            guard remaining >= .milliseconds(1) else {
                throw lastError ?? SESError(reason: .deadlinePassed, attempts: 0)
            }

            attempts += 1
            let started = ContinuousClock.now
            do {
                return try send(body, timeout: min(remaining, retryPolicy.attemptTimeout), attempt: attempts)
            } catch {
                guard error.isRetryable, attempts < retryPolicy.maximumAttempts else { throw error }
                let delay = retryPolicy.delay(beforeRetry: attempts - 1, using: &random)
                // A retry that the deadline would likely cut short only turns SES's answer into a timeout.
                let attemptDuration = started.duration(to: .now)
                guard ContinuousClock.now.advanced(by: delay + attemptDuration) <= deadline else { throw error }
                lastError = error
                sleep(for: delay)
            }
        }
    }

    /// One signed `POST`, the `attempt`-th for this message; returns the `MessageId`.
    private func send(_ body: Data, timeout: Duration, attempt: Int) throws(SESError) -> String {
        var request = HTTPRequest(
            method: .post,
            url: url,
            headers: ["Content-Type": "application/json"],
            body: body,
            timeout: timeout
        )
        do {
            try signer.sign(&request, at: Date())
        } catch {
            throw SESError(reason: .invalidEndpoint(configuration.endpoint), attempts: attempt - 1)
        }

        let response: HTTPResponse
        do {
            response = try http.execute(request)
        } catch {
            throw SESError(reason: .transport(error), attempts: attempt)
        }
        guard response.isSuccess else {
            throw SESError(reason: .service(SESErrorResponse(response)), attempts: attempt)
        }
        guard let accepted = try? JSONDecoder().decode(SendEmailResponse.self, from: response.body) else {
            let body = String(decoding: response.body, as: UTF8.self)
            throw SESError(reason: .unexpectedResponse(status: response.status, body: body), attempts: attempt)
        }
        return accepted.messageID
    }

    private struct SendEmailResponse: Decodable {
        var messageID: String
        enum CodingKeys: String, CodingKey { case messageID = "MessageId" }
    }
}

/// Blocks the thread for `duration`, resuming the sleep when a signal interrupts it.
private func sleep(for duration: Duration) {
    let (seconds, attoseconds) = duration.components
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
    var remaining = timespec()
    while nanosleep(&request, &remaining) == -1, errno == EINTR {
        request = remaining
    }
}
